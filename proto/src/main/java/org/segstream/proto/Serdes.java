package org.segstream.proto;

import org.segstream.proto.v1.CameraStatus;
import org.segstream.proto.v1.Frame;
import org.segstream.proto.v1.LatestFrame;
import org.segstream.proto.v1.Mask;
import org.segstream.proto.v1.SceneStats;

/** The Serdes of the wire contract's messages. */
public final class Serdes {
  private Serdes() {}

  public static ProtoSerde<Frame> frame() {
    return new ProtoSerde<>(Frame.parser());
  }

  public static ProtoSerde<Mask> mask() {
    return new ProtoSerde<>(Mask.parser());
  }

  public static ProtoSerde<SceneStats> sceneStats() {
    return new ProtoSerde<>(SceneStats.parser());
  }

  public static ProtoSerde<CameraStatus> cameraStatus() {
    return new ProtoSerde<>(CameraStatus.parser());
  }

  public static ProtoSerde<LatestFrame> latestFrame() {
    return new ProtoSerde<>(LatestFrame.parser());
  }
}
