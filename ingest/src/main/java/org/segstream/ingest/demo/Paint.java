package org.segstream.ingest.demo;

import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.fillConvexPoly;
import static org.bytedeco.opencv.global.opencv_imgproc.line;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * The drawing primitives of the demo scenes, in OpenCV so a frame costs microseconds. Each
 * object is drawn from its base line up, as a camera sees it standing on the ground.
 */
final class Paint {
  static final Scalar TYRE = bgr(25, 25, 28);
  static final Scalar HUB = bgr(150, 150, 155);
  static final Scalar GLASS = bgr(70, 90, 110);
  static final Scalar SKIN = bgr(205, 160, 130);
  static final Scalar HAIR = bgr(50, 35, 25);
  static final Scalar TRUNK = bgr(95, 70, 45);
  static final Scalar LEAVES = bgr(60, 120, 40);
  static final Scalar LEAVES_LIGHT = bgr(85, 145, 55);
  static final Scalar POLE = bgr(120, 122, 125);
  static final Scalar LAMP = bgr(235, 230, 200);

  private Paint() {}

  /** An OpenCV colour (B, G, R) from R, G, B. */
  static Scalar bgr(int r, int g, int b) {
    return new Scalar(b, g, r, 0);
  }

  static void box(Mat m, int x, int y, int w, int h, Scalar color) {
    rectangle(m, new Point(x, y), new Point(x + w - 1, y + h - 1), color, FILLED, LINE_8, 0);
  }

  /** Rows {@code y0..y1} blended from {@code top} to {@code bottom}. */
  static void verticalGradient(Mat m, int y0, int y1, int[] top, int[] bottom) {
    for (int y = y0; y < y1; y++) {
      double t = (y - y0) / (double) Math.max(1, y1 - y0 - 1);
      Scalar c = bgr(mix(top[0], bottom[0], t), mix(top[1], bottom[1], t), mix(top[2], bottom[2], t));
      line(m, new Point(0, y), new Point(m.cols() - 1, y), c, 1, LINE_8, 0);
    }
  }

  private static int mix(int a, int b, double t) {
    return (int) Math.round(a + (b - a) * t);
  }

  /**
   * A car seen from the side: body, cabin with windows, two wheels.
   *
   * @param x left end of the body
   * @param baseY where the tyres touch the road
   */
  static void car(Mat m, int x, int baseY, int length, Scalar body, boolean facingRight) {
    int height = length * 2 / 5;
    int wheel = Math.max(3, length / 9);
    int bodyTop = baseY - wheel - height / 2;
    box(m, x, bodyTop, length, height / 2 + wheel / 2, body);
    // Cabin: a trapezoid set back from the front, so direction of travel reads at a glance.
    int front = facingRight ? x + length * 3 / 4 : x + length / 4;
    int back = facingRight ? x + length / 8 : x + length * 7 / 8;
    int roof = bodyTop - height / 2;
    int lean = (front - back) / 5;
    polygon(m, body, back, bodyTop, front, bodyTop, front - lean, roof, back + lean / 2, roof);
    int inset = Math.max(2, height / 12);
    int mid = (back + front) / 2;
    int dir = Integer.signum(front - back);
    polygon(m, GLASS, back + dir * inset, bodyTop - 1, mid - dir * inset / 2, bodyTop - 1,
        mid - dir * inset / 2, roof + inset, back + lean / 2 + dir * inset, roof + inset);
    polygon(m, GLASS, mid + dir * inset / 2, bodyTop - 1, front - dir * inset, bodyTop - 1,
        front - lean - dir * inset, roof + inset, mid + dir * inset / 2, roof + inset);
    for (int wx : new int[] {x + length / 5, x + length * 4 / 5}) {
      circle(m, new Point(wx, baseY - wheel), wheel, TYRE, FILLED, LINE_AA, 0);
      circle(m, new Point(wx, baseY - wheel), Math.max(1, wheel / 2), HUB, FILLED, LINE_AA, 0);
    }
  }

  /**
   * A walking person: legs swinging with {@code phase} (radians), torso, arms, head.
   *
   * @param x centre line of the body
   * @param baseY where the feet touch the ground
   */
  static void person(Mat m, int x, int baseY, int height, Scalar shirt, Scalar trousers, double phase) {
    int thick = Math.max(2, height / 9);
    int hip = baseY - height * 45 / 100;
    int shoulder = baseY - height * 78 / 100;
    int stride = (int) Math.round(Math.sin(phase) * height * 0.14);
    line(m, new Point(x, hip), new Point(x + stride, baseY), trousers, thick, LINE_AA, 0);
    line(m, new Point(x, hip), new Point(x - stride, baseY), trousers, thick, LINE_AA, 0);
    box(m, x - thick, shoulder, 2 * thick + 1, hip - shoulder + thick / 2, shirt);
    int swing = stride * 2 / 3;
    line(m, new Point(x, shoulder + 1), new Point(x - swing, hip), shirt, Math.max(1, thick * 2 / 3), LINE_AA, 0);
    line(m, new Point(x, shoulder + 1), new Point(x + swing, hip), shirt, Math.max(1, thick * 2 / 3), LINE_AA, 0);
    int head = Math.max(2, height / 9);
    circle(m, new Point(x, shoulder - head), head, SKIN, FILLED, LINE_AA, 0);
    circle(m, new Point(x, shoulder - head - head / 3), head * 4 / 5, HAIR, FILLED, LINE_AA, 0);
    circle(m, new Point(x, shoulder - head + head / 4), head * 3 / 4, SKIN, FILLED, LINE_AA, 0);
  }

  /** A tree: trunk and a crown of overlapping discs. */
  static void tree(Mat m, int x, int baseY, int height) {
    int trunk = Math.max(2, height / 12);
    box(m, x - trunk / 2, baseY - height / 2, trunk, height / 2, TRUNK);
    int r = height / 4;
    int cy = baseY - height + r;
    circle(m, new Point(x - r / 2, cy + r / 3), r, LEAVES, FILLED, LINE_AA, 0);
    circle(m, new Point(x + r / 2, cy + r / 3), r, LEAVES, FILLED, LINE_AA, 0);
    circle(m, new Point(x, cy), r, LEAVES_LIGHT, FILLED, LINE_AA, 0);
  }

  /** A street lamp: post, arm and lamp head. */
  static void pole(Mat m, int x, int topY, int baseY, int width) {
    box(m, x - width / 2, topY, width, baseY - topY, POLE);
    int arm = (baseY - topY) / 6;
    box(m, x, topY, arm, Math.max(2, width / 2), POLE);
    box(m, x + arm - width, topY + width / 2, width * 2, Math.max(2, width), LAMP);
  }

  /** A building facade with a grid of windows. */
  static void building(Mat m, int x, int topY, int width, int baseY, Scalar wall, Scalar window) {
    box(m, x, topY, width, baseY - topY, wall);
    int cell = Math.max(8, width / 6);
    int winW = cell * 5 / 10;
    int winH = cell * 6 / 10;
    for (int wy = topY + cell / 2; wy + winH < baseY - cell; wy += cell + cell / 3) {
      for (int wx = x + (width % cell + cell - winW) / 2; wx + winW <= x + width - cell / 4; wx += cell) {
        box(m, wx, wy, winW, winH, window);
      }
    }
  }

  private static void polygon(Mat m, Scalar color, int... xy) {
    try (Point points = new Point(xy.length / 2)) {
      for (int i = 0; i < xy.length / 2; i++) {
        points.position(i).x(xy[2 * i]).y(xy[2 * i + 1]);
      }
      fillConvexPoly(m, points.position(0), xy.length / 2, color, LINE_AA, 0);
    }
  }
}
