package org.segstream.inference.decode;

import java.util.Locale;

/** A frame the worker cannot segment; its message is the dead-letter reason. */
public class BadFrameException extends Exception {
  /** What was wrong, as a metrics tag: few values, so dashboards can tell them apart. */
  public enum Problem {
    NOT_A_FRAME, EMPTY, TOO_LARGE, UNSUPPORTED_ENCODING, UNDECODABLE, WRONG_DIMENSIONS;

    /** The tag value, e.g. {@code too_large}. */
    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Problem problem;

  public BadFrameException(Problem problem, String reason) {
    super(reason);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
