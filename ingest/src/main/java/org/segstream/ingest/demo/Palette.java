package org.segstream.ingest.demo;

import static org.segstream.ingest.demo.Paint.bgr;

import java.util.List;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Scalar;

/** Plausible colours for the demo scenes' objects, picked with the scene's seeded random. */
final class Palette {
  static final List<Scalar> CARS = List.of(bgr(180, 30, 30), bgr(30, 60, 160), bgr(222, 222, 222),
      bgr(32, 32, 36), bgr(160, 165, 172), bgr(215, 175, 40), bgr(40, 110, 70));
  static final List<Scalar> SHIRTS = List.of(bgr(200, 40, 50), bgr(40, 90, 170), bgr(230, 230, 225),
      bgr(240, 170, 40), bgr(90, 140, 70), bgr(120, 60, 140));
  static final List<Scalar> TROUSERS = List.of(bgr(40, 45, 70), bgr(30, 30, 30), bgr(110, 95, 75));
  static final List<Scalar> WALLS = List.of(bgr(150, 140, 128), bgr(168, 92, 70), bgr(196, 184, 160),
      bgr(120, 120, 125), bgr(205, 198, 185), bgr(140, 110, 90));
  static final List<Scalar> WINDOWS = List.of(bgr(60, 80, 100), bgr(95, 120, 140), bgr(45, 55, 70));

  private Palette() {}

  static Scalar pick(List<Scalar> colours, Random random) {
    return colours.get(random.nextInt(colours.size()));
  }
}
