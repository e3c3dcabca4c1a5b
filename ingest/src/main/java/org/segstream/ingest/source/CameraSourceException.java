package org.segstream.ingest.source;

import java.io.IOException;

/** A camera source cannot be opened or read; the message is one line naming the source. */
public final class CameraSourceException extends IOException {
  private static final long serialVersionUID = 1L;

  public CameraSourceException(String message) {
    super(message);
  }

  public CameraSourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
