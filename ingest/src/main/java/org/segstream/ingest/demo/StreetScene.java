package org.segstream.ingest.demo;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.segstream.ingest.demo.Paint.bgr;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * A street seen across the road by an ordinary camera: sky, a row of buildings, trees, lamp
 * poles, a sidewalk with people walking, and a two-lane road with cars driving both ways.
 * Everything that does not move is drawn once into a background.
 */
final class StreetScene implements Scene {
  static final int WIDTH = 640;
  static final int HEIGHT = 360;
  static final int BUILDING_BASE = 215;
  static final int SIDEWALK_END = 245;
  private static final int MARGIN = 160;

  private final Mat background = new Mat(HEIGHT, WIDTH, CV_8UC3);
  private final List<Mover> people = new ArrayList<>();
  private final List<Mover> farLane = new ArrayList<>();
  private final List<Mover> nearLane = new ArrayList<>();

  /** Something that moves along a row at a constant speed and comes back round after leaving. */
  private record Mover(double startX, double speed, int size, Scalar colour, Scalar second) {
    int x(double seconds) {
      return (int) Math.round(Scene.wrap(startX + speed * seconds, WIDTH + 2 * MARGIN)) - MARGIN;
    }
  }

  StreetScene(long seed) {
    Random random = new Random(seed);
    paintBackground(random);
    for (int i = 0; i < 4; i++) {
      double speed = (20 + random.nextInt(18)) * (random.nextBoolean() ? 1 : -1);
      people.add(new Mover(random.nextInt(WIDTH + 2 * MARGIN), speed, 50 + random.nextInt(10),
          Palette.pick(Palette.SHIRTS, random), Palette.pick(Palette.TROUSERS, random)));
    }
    for (int i = 0; i < 2; i++) {
      farLane.add(new Mover(i * (WIDTH + 2 * MARGIN) / 2.0 + random.nextInt(120), -(55 + random.nextInt(30)),
          100 + random.nextInt(20), Palette.pick(Palette.CARS, random), null));
      nearLane.add(new Mover(i * (WIDTH + 2 * MARGIN) / 2.0 + random.nextInt(120), 70 + random.nextInt(40),
          130 + random.nextInt(25), Palette.pick(Palette.CARS, random), null));
    }
  }

  @Override
  public int width() {
    return WIDTH;
  }

  @Override
  public int height() {
    return HEIGHT;
  }

  @Override
  public void render(double seconds, Mat target) {
    background.copyTo(target);
    // Back to front: people on the far sidewalk, then the far lane, then the near lane.
    for (Mover p : people) {
      Paint.person(target, p.x(seconds), SIDEWALK_END - 4, p.size(), p.colour(), p.second(),
          seconds * Math.abs(p.speed()) / 6.0);
    }
    for (Mover car : farLane) {
      Paint.car(target, car.x(seconds), 292, car.size(), car.colour(), car.speed() > 0);
    }
    for (Mover car : nearLane) {
      Paint.car(target, car.x(seconds), 350, car.size(), car.colour(), car.speed() > 0);
    }
    Scene.light(target, seconds);
  }

  private void paintBackground(Random random) {
    Paint.verticalGradient(background, 0, BUILDING_BASE, new int[] {70, 125, 195}, new int[] {195, 215, 232});
    int x = -random.nextInt(30);
    while (x < WIDTH) {
      int w = 70 + random.nextInt(80);
      Paint.building(background, x, 35 + random.nextInt(120), w, BUILDING_BASE,
          Palette.pick(Palette.WALLS, random), Palette.pick(Palette.WINDOWS, random));
      x += w;
    }
    // A hedge along the building line, then the sidewalk with its kerb.
    Paint.box(background, 0, BUILDING_BASE - 10, WIDTH, 12, Paint.LEAVES);
    Paint.verticalGradient(background, BUILDING_BASE, SIDEWALK_END, new int[] {170, 165, 158}, new int[] {190, 186, 178});
    Paint.box(background, 0, SIDEWALK_END, WIDTH, 4, bgr(205, 203, 198));
    Paint.verticalGradient(background, SIDEWALK_END + 4, HEIGHT, new int[] {82, 82, 88}, new int[] {62, 62, 66});
    for (int dash = -10; dash < WIDTH; dash += 70) {
      Paint.box(background, dash, 298, 40, 4, bgr(230, 230, 225));
    }
    Paint.box(background, 0, 354, WIDTH, 3, bgr(225, 225, 220));
    for (int tx = 40 + random.nextInt(60); tx < WIDTH; tx += 150 + random.nextInt(80)) {
      Paint.tree(background, tx, SIDEWALK_END - 22, 90 + random.nextInt(40));
    }
    for (int px = 110; px < WIDTH; px += 230) {
      Paint.pole(background, px, 95, SIDEWALK_END - 2, 5);
    }
  }
}
