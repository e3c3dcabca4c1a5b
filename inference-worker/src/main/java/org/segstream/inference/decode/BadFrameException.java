package org.segstream.inference.decode;

/** A frame the worker cannot segment; its message is the dead-letter reason. */
public class BadFrameException extends Exception {
  public BadFrameException(String reason) {
    super(reason);
  }
}
