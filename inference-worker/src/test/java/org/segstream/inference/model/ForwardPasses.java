package org.segstream.inference.model;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.segstream.inference.translate.FrameImage;

/**
 * A child JVM's job for {@link NnpackIT} and {@link HugePagesIT}: load a model on the CPU, run some
 * forward passes (of one frame, or of the batch size given third), and say how many minor page
 * faults the process took per pass after the first.
 */
public final class ForwardPasses {
  private ForwardPasses() {}

  public static void main(String[] args) throws Exception {
    int passes = Integer.parseInt(args[1]);
    int batchSize = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    try (SegmentationModel model = SegmentationModel.load(Path.of(args[0]), ai.djl.Device.cpu());
        var predictor = model.newPredictor();
        Mat frame = new Mat(model.card().input().height(), model.card().input().width(), CV_8UC3,
            new Scalar(90, 120, 60, 0))) {
      List<FrameImage> batch = Collections.nCopies(batchSize, new FrameImage(frame, false));
      model.segment(predictor, batch);
      long faults = minorFaults();
      for (int i = 1; i < passes; i++) {
        model.segment(predictor, batch);
      }
      System.out.println("forward passes done: " + passes);
      System.out.println("minor faults per pass: " + (minorFaults() - faults) / Math.max(1, passes - 1));
    }
  }

  /** The process's minor page faults so far: field 10 of /proc/self/stat, after the command name. */
  private static long minorFaults() throws Exception {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
  }
}
