package org.segstream.ingest.demo;

import org.bytedeco.opencv.opencv_core.Mat;

/** A procedural video scene: a fixed background and objects that move with time. */
interface Scene {
  int width();

  int height();

  /** Draws the scene at {@code seconds} into {@code target}, an 8-bit BGR picture of this size. */
  void render(double seconds, Mat target);

  /** {@code x} brought into {@code [0, period)}. */
  static double wrap(double x, double period) {
    double r = x % period;
    return r < 0 ? r + period : r;
  }

  /**
   * Mild daylight drift (passing clouds): contrast and brightness of the whole picture swing
   * slowly, so models and statistics see some lighting change without any scene change.
   */
  static void light(Mat target, double seconds) {
    double alpha = 1 + 0.08 * Math.sin(2 * Math.PI * seconds / 9.0);
    double beta = 10 * Math.sin(2 * Math.PI * seconds / 6.5 + 1);
    target.convertTo(target, -1, alpha, beta);
  }
}
