package org.segstream.inference.loop;

/**
 * One line for a dead letter's reason out of a model failure. DJL wraps libtorch's error twice, and
 * a TorchScript error's message is a traceback of the graph whose last line is what was raised.
 */
final class ModelErrors {
  /** Long enough for any message a model raises on purpose, short enough for a header. */
  static final int MAX_LENGTH = 300;

  private ModelErrors() {}

  static String reason(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getName() : root.getMessage();
    String line = lastLine(message);
    return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH - 1) + "…";
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\\R");
    return lines[lines.length - 1].strip();
  }
}
