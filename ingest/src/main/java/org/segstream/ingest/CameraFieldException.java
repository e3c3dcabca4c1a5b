package org.segstream.ingest;

/**
 * A camera setting is invalid. The message reads {@code camera ID: FIELD PROBLEM}, with the field
 * as the fleet file spells it; {@link #field()} lets other config sources (environment variables)
 * name their own key instead.
 */
public final class CameraFieldException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String cameraId;
  private final String field;
  private final String problem;

  public CameraFieldException(String cameraId, String field, String problem) {
    super("camera " + cameraId + ": " + field + " " + problem);
    this.cameraId = cameraId;
    this.field = field;
    this.problem = problem;
  }

  public String cameraId() {
    return cameraId;
  }

  /** The field as the fleet file spells it ({@code fps}, {@code hfov_deg}, …). */
  public String field() {
    return field;
  }

  /** What is wrong, without the camera or the field. */
  public String problem() {
    return problem;
  }
}
