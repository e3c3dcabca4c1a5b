package org.segstream.inference.model;

/** A model directory that cannot be used: missing file, bad card, or a graph that fails to load. */
public class ModelException extends RuntimeException {
  public ModelException(String message) {
    super(message);
  }

  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
