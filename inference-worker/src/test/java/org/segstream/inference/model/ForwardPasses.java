package org.segstream.inference.model;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.segstream.inference.translate.FrameImage;

/** A child JVM's job for {@link NnpackIT}: load a model on the CPU and run some forward passes. */
public final class ForwardPasses {
  private ForwardPasses() {}

  public static void main(String[] args) throws Exception {
    int passes = Integer.parseInt(args[1]);
    try (SegmentationModel model = SegmentationModel.load(Path.of(args[0]), ai.djl.Device.cpu());
        var predictor = model.newPredictor();
        Mat frame = new Mat(model.card().input().height(), model.card().input().width(), CV_8UC3,
            new Scalar(90, 120, 60, 0))) {
      for (int i = 0; i < passes; i++) {
        model.segment(predictor, List.of(new FrameImage(frame, false)));
      }
      System.out.println("forward passes done: " + passes);
    }
  }
}
