package org.segstream.ingest.demo;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.segstream.ingest.demo.Paint.bgr;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * A 360° equirectangular view from a pole in the middle of a roundabout: a ring of buildings,
 * trees and lamps, a sidewalk with people, a two-lane ring road with cars circling, and the
 * paved island below. Columns are azimuth, so everything circling the camera moves sideways and
 * leaves through one edge to come back through the other; every drawing is repeated one
 * panorama width to the left and right so nothing is cut at the 0°/360° seam.
 */
final class PlazaPanoramaScene implements Scene {
  static final int WIDTH = 1024;
  static final int HEIGHT = 512;
  /** Rows of the ring bands; elevation 0° (the horizon) is row 256. */
  static final int BUILDING_BASE = 272;
  static final int SIDEWALK_END = 292;
  static final int ROAD_END = 372;

  private final Mat background = new Mat(HEIGHT, WIDTH, CV_8UC3);
  private final List<Orbiter> people = new ArrayList<>();
  private final List<Orbiter> cars = new ArrayList<>();

  /** Something circling the camera at a constant angular speed (pixels of azimuth per second). */
  private record Orbiter(double startX, double speed, int size, int baseY, Scalar colour, Scalar second) {
    int x(double seconds) {
      return (int) Math.round(Scene.wrap(startX + speed * seconds, WIDTH));
    }
  }

  PlazaPanoramaScene(long seed) {
    Random random = new Random(seed);
    paintBackground(random);
    for (int i = 0; i < 5; i++) {
      double speed = (12 + random.nextInt(14)) * (random.nextBoolean() ? 1 : -1);
      people.add(new Orbiter(random.nextInt(WIDTH), speed, 36 + random.nextInt(8), SIDEWALK_END - 3,
          Palette.pick(Palette.SHIRTS, random), Palette.pick(Palette.TROUSERS, random)));
    }
    // One car of each lane starts straddling the seam, so even a short clip shows a crossing.
    for (int i = 0; i < 3; i++) {
      int length = 62 + random.nextInt(14);
      double start = i == 0 ? WIDTH - length / 2.0 : i * WIDTH / 3.0 + random.nextInt(80);
      cars.add(new Orbiter(start, 45 + random.nextInt(25), length, 330, Palette.pick(Palette.CARS, random), null));
    }
    for (int i = 0; i < 3; i++) {
      int length = 100 + random.nextInt(20);
      double start = i == 0 ? WIDTH - length / 3.0 : i * WIDTH / 3.0 + random.nextInt(80);
      cars.add(new Orbiter(start, 70 + random.nextInt(30), length, 368, Palette.pick(Palette.CARS, random), null));
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
    for (Orbiter p : people) {
      wrapped(p.x(seconds), x -> Paint.person(target, x, p.baseY(), p.size(), p.colour(), p.second(),
          seconds * Math.abs(p.speed()) / 5.0));
    }
    // Outer lane first: it is farther away, so the inner lane's cars pass in front of it.
    for (Orbiter car : cars) {
      wrapped(car.x(seconds), x -> Paint.car(target, x, car.baseY(), car.size(), car.colour(), car.speed() > 0));
    }
    Scene.light(target, seconds);
  }

  /** Draws at {@code x} and one panorama width either side; OpenCV clips what falls outside. */
  private static void wrapped(int x, IntConsumer draw) {
    draw.accept(x - WIDTH);
    draw.accept(x);
    draw.accept(x + WIDTH);
  }

  private void paintBackground(Random random) {
    Paint.verticalGradient(background, 0, BUILDING_BASE, new int[] {55, 105, 185}, new int[] {200, 220, 236});
    // Buildings tile the full circle: the first starts left of the seam and the last ends where
    // the first began, so the ring closes without a gap or an overlap.
    int first = -10 - random.nextInt(60);
    int x = first;
    while (x < first + WIDTH) {
      int w = Math.min(60 + random.nextInt(90), first + WIDTH - x);
      int top = 105 + random.nextInt(110);
      Scalar wall = Palette.pick(Palette.WALLS, random);
      Scalar window = Palette.pick(Palette.WINDOWS, random);
      int left = x;
      wrapped(left, at -> Paint.building(background, at, top, w, BUILDING_BASE, wall, window));
      x += w;
    }
    Paint.verticalGradient(background, BUILDING_BASE, SIDEWALK_END, new int[] {165, 160, 152}, new int[] {186, 182, 174});
    Paint.box(background, 0, SIDEWALK_END, WIDTH, 3, bgr(205, 203, 198));
    Paint.verticalGradient(background, SIDEWALK_END + 3, ROAD_END, new int[] {88, 88, 94}, new int[] {66, 66, 70});
    // 16 dashes of 64 px: the lane marking's period divides the width, so it continues across the seam.
    for (int dash = 0; dash < WIDTH; dash += 64) {
      Paint.box(background, dash, 334, 36, 3, bgr(230, 230, 225));
    }
    Paint.box(background, 0, ROAD_END, WIDTH, 4, bgr(205, 203, 198));
    Paint.verticalGradient(background, ROAD_END + 4, HEIGHT, new int[] {172, 166, 156}, new int[] {128, 124, 118});
    for (int i = 0; i < 8; i++) {
      int tx = i * WIDTH / 8 + random.nextInt(60);
      int h = 60 + random.nextInt(30);
      wrapped(tx, at -> Paint.tree(background, at, SIDEWALK_END - 8, h));
    }
    for (int i = 0; i < 6; i++) {
      int px = i * WIDTH / 6 + 70;
      wrapped(px, at -> Paint.pole(background, at, 160, SIDEWALK_END - 1, 4));
    }
  }
}
