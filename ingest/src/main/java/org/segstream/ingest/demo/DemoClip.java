package org.segstream.ingest.demo;

import java.nio.file.Path;
import org.segstream.ingest.CameraSpec;
import org.segstream.proto.v1.Projection;

/**
 * A demo clip written by {@link DemoClips}: where it is and what a camera reading it should
 * declare.
 *
 * @param path the video file
 * @param projection how the scene was projected
 * @param width picture width in pixels
 * @param height picture height in pixels
 * @param fps frames per second
 * @param frames number of frames in the file
 * @param hfovDeg horizontal field of view of the synthetic camera
 */
public record DemoClip(Path path, Projection projection, int width, int height, int fps, int frames, float hfovDeg) {

  /** A camera that ingests this clip under {@code cameraId}, with the clip's projection and fov. */
  public CameraSpec cameraSpec(String cameraId) {
    return CameraSpec.of(cameraId, path.toString(), projection).withHfovDeg(hfovDeg);
  }
}
