"""Objects standing on the ground (cars, people, trees, lamps, signs, bushes), drawn as
upright billboards facing the camera.

Shapes are defined in metres in a local frame: ``a`` across the view (to the picture's right) and
``z`` up from the ground. Every vertex is projected by the scene's camera, so the same object
drawn by a pinhole or an equirectangular camera has the right size, height and position.
"""

import math
from typing import List, Sequence, Tuple

import numpy as np

from .canvas import Canvas
from .classes import CAR, PERSON, POLE, TRAFFIC_SIGN, VEGETATION

Local = Tuple[float, float]
TYRE, HUB, GLASS = (25, 25, 28), (150, 150, 155), (60, 75, 95)
SKINS = ((230, 190, 160), (205, 160, 130), (160, 115, 85), (110, 75, 55))
HAIRS = ((50, 35, 25), (20, 20, 20), (120, 80, 40), (200, 170, 110), (140, 140, 140))
CARS = ((180, 30, 30), (30, 60, 160), (222, 222, 222), (32, 32, 36), (160, 165, 172),
        (215, 175, 40), (40, 110, 70), (120, 20, 30), (90, 95, 100), (230, 230, 235))
SHIRTS = ((200, 40, 50), (40, 90, 170), (230, 230, 225), (240, 170, 40), (90, 140, 70),
          (120, 60, 140), (30, 30, 35), (150, 150, 150))
TROUSERS = ((40, 45, 70), (30, 30, 30), (110, 95, 75), (70, 70, 80), (160, 150, 120))


class Billboard:
    """Maps local (a, z) metres of an object standing at (x, y) to picture coordinates."""

    def __init__(self, camera, x: float, y: float):
        self.camera = camera
        self.base = np.array([x, y, 0.0])
        self.distance = math.hypot(x, y)
        self.across = np.array([y, -x, 0.0]) / max(self.distance, 1e-6)
        self.view = np.array([x, y]) / max(self.distance, 1e-6)
        ref = camera.project(self.base[None] + [0, 0, camera.cam_height])
        side = camera.project(self.base[None] + [0, 0, camera.cam_height] + self.across)
        self.ref_x = ref[0, 0]
        self.px_per_m = abs(self._unwrap(side[:, 0])[0] - self.ref_x)

    def _unwrap(self, xs: np.ndarray) -> np.ndarray:
        if not self.camera.wraps:
            return xs
        width = self.camera.width
        return self.ref_x + np.mod(xs - self.ref_x + width / 2, width) - width / 2

    def points(self, local: Sequence[Local]) -> List[Tuple[float, float]]:
        local = np.asarray(local, dtype=np.float64)
        world = self.base + local[:, :1] * self.across + local[:, 1:2] * np.array([0.0, 0.0, 1.0])
        xy = self.camera.project(world)
        xy[:, 0] = self._unwrap(xy[:, 0])
        return [tuple(p) for p in xy]

    def width(self, metres: float, min_px: float) -> float:
        """A width in metres, widened so a thin part stays at least ``min_px`` pixels wide once
        the frame is stretched to 512 columns (the demo model's input): a pole narrower than a
        pixel there is invisible to any model, and its label would only teach noise."""
        return max(metres, min_px * self.camera.width / 512 / max(self.px_per_m, 1e-6))

    def half_width(self, metres: float, min_px: float) -> float:
        return self.width(metres, min_px) / 2

    def polygon(self, canvas: Canvas, local: Sequence[Local], colour, cls: int) -> None:
        canvas.polygon(self.points(local), colour, cls)

    def box(self, canvas: Canvas, a0, a1, z0, z1, colour, cls: int) -> None:
        self.polygon(canvas, [(a0, z0), (a1, z0), (a1, z1), (a0, z1)], colour, cls)

    def ellipse(self, canvas: Canvas, a: float, z: float, ra: float, rz: float, colour, cls: int):
        (cx, cy), (ex, _), (_, ey) = self.points([(a, z), (a + ra, z), (a, z + rz)])
        canvas.ellipse((cx, cy), abs(ex - cx), abs(cy - ey), colour, cls)

    def limb(self, canvas: Canvas, p0: Local, p1: Local, thick: float, colour, cls: int) -> None:
        da, dz = p1[0] - p0[0], p1[1] - p0[1]
        norm = math.hypot(da, dz) or 1.0
        na, nz = -dz / norm * thick / 2, da / norm * thick / 2
        self.polygon(canvas, [(p0[0] + na, p0[1] + nz), (p1[0] + na, p1[1] + nz),
                              (p1[0] - na, p1[1] - nz), (p0[0] - na, p0[1] - nz)], colour, cls)


def sample(kind: str, rng: np.random.Generator) -> dict:
    """The fixed look of one object (sizes, colours), drawn once per object and scene."""
    pick = lambda table: np.array(table[rng.integers(len(table))]) * rng.uniform(0.85, 1.15, 3)
    if kind == "car":
        return dict(length=rng.uniform(3.8, 4.9), height=rng.uniform(1.35, 1.65),
                    width=rng.uniform(1.7, 1.95), body=pick(CARS))
    if kind == "person":
        return dict(height=rng.uniform(1.5, 1.95), shirt=pick(SHIRTS), trousers=pick(TROUSERS),
                    skin=np.array(SKINS[rng.integers(len(SKINS))]), hair=pick(HAIRS))
    if kind == "tree":
        height = rng.uniform(4, 10)
        blobs = [(rng.uniform(-0.2, 0.2) * height, rng.uniform(0.55, 0.8) * height,
                  rng.uniform(0.16, 0.28) * height, pick(((60, 110, 40), (85, 140, 55), (45, 85, 35))))
                 for _ in range(int(rng.integers(3, 7)))]
        return dict(height=height, trunk=rng.uniform(0.25, 0.45), blobs=blobs,
                    bark=pick(((95, 70, 45), (80, 65, 55))))
    if kind == "lamp":
        return dict(height=rng.uniform(5, 9), width=rng.uniform(0.14, 0.24), arm=rng.uniform(0.8, 2.0),
                    side=float(rng.choice([-1, 1])), colour=pick(((120, 122, 125), (60, 65, 60), (90, 80, 70))))
    if kind == "sign":
        return dict(post=rng.uniform(2.0, 2.8), size=rng.uniform(0.55, 0.85),
                    shape=str(rng.choice(["circle", "triangle", "square", "octagon"])),
                    face=pick(((200, 30, 30), (30, 70, 170), (240, 200, 40), (30, 120, 60))))
    if kind == "bush":
        return dict(blobs=[(rng.uniform(-0.8, 0.8), rng.uniform(0.35, 0.7), rng.uniform(0.4, 0.9),
                            pick(((60, 110, 40), (75, 125, 45), (50, 90, 35)))) for _ in range(3)])
    raise ValueError(f"unknown object kind {kind}")


def car(canvas: Canvas, bb: Billboard, look: dict, heading: float) -> None:
    length, height, width, body = look["length"], look["height"], look["width"], look["body"]
    direction = np.array([math.cos(heading), math.sin(heading)])
    cos_view = float(direction @ bb.view)
    sin_view = math.sqrt(max(0.0, 1 - cos_view ** 2))
    apparent = length * sin_view + width * abs(cos_view)
    if sin_view > 0.45:
        f = 1.0 if direction @ bb.across[:2] > 0 else -1.0  # +1: the front points right
        k = apparent / length
        a = lambda u: f * u * length * k
        bb.polygon(canvas, [(a(-0.5), 0.28), (a(0.5), 0.28), (a(0.5), 0.72), (a(0.46), 0.88),
                            (a(-0.48), 0.9), (a(-0.5), 0.75)], body, CAR)
        bb.polygon(canvas, [(a(-0.4), 0.88), (a(0.24), 0.88), (a(0.08), height), (a(-0.32), height)], body, CAR)
        bb.polygon(canvas, [(a(-0.36), 0.92), (a(-0.1), 0.92), (a(-0.1), height - 0.08),
                            (a(-0.3), height - 0.08)], GLASS, CAR)
        bb.polygon(canvas, [(a(-0.06), 0.92), (a(0.2), 0.92), (a(0.07), height - 0.08),
                            (a(-0.06), height - 0.08)], GLASS, CAR)
        bb.box(canvas, a(0.47), a(0.5), 0.6, 0.7, (240, 235, 200), CAR)
        bb.box(canvas, a(-0.5), a(-0.47), 0.6, 0.7, (200, 30, 30), CAR)
        for u in (-0.3, 0.3):
            bb.ellipse(canvas, a(u), 0.32, 0.32 * k, 0.32, TYRE, CAR)
            bb.ellipse(canvas, a(u), 0.32, 0.17 * k, 0.17, HUB, CAR)
        return
    k = apparent / width
    a = lambda u: u * width * k
    rear = cos_view > 0  # driving away from the camera
    bb.box(canvas, a(-0.5), a(-0.36), 0.0, 0.4, TYRE, CAR)
    bb.box(canvas, a(0.36), a(0.5), 0.0, 0.4, TYRE, CAR)
    bb.polygon(canvas, [(a(-0.5), 0.3), (a(0.5), 0.3), (a(0.5), 0.95), (a(-0.5), 0.95)], body, CAR)
    bb.polygon(canvas, [(a(-0.44), 0.95), (a(0.44), 0.95), (a(0.34), height), (a(-0.34), height)], body, CAR)
    bb.polygon(canvas, [(a(-0.38), 0.99), (a(0.38), 0.99), (a(0.3), height - 0.06), (a(-0.3), height - 0.06)],
               GLASS, CAR)
    light = (200, 30, 30) if rear else (240, 235, 200)
    for side in (-1, 1):
        bb.box(canvas, a(side * 0.44), a(side * 0.3), 0.7, 0.82, light, CAR)
    bb.box(canvas, a(-0.13), a(0.13), 0.42, 0.52, (235, 235, 230), CAR)


def person(canvas: Canvas, bb: Billboard, look: dict, phase: float) -> None:
    h = look["height"]
    q = h / 1.75
    stride = math.sin(phase) * 0.22 * q
    shirt, trousers, skin = look["shirt"], look["trousers"], look["skin"]
    limb = bb.width(0.13 * q, 2)
    bb.limb(canvas, (-0.06 * q, 0.5 * h), (-0.06 * q + stride, 0.02), limb, trousers, PERSON)
    bb.limb(canvas, (0.06 * q, 0.5 * h), (0.06 * q - stride, 0.02), limb, trousers, PERSON)
    bb.box(canvas, -0.17 * q, 0.17 * q, 0.44 * h, 0.55 * h, trousers, PERSON)
    bb.polygon(canvas, [(-0.19 * q, 0.52 * h), (0.19 * q, 0.52 * h), (0.22 * q, 0.82 * h),
                        (-0.22 * q, 0.82 * h)], shirt, PERSON)
    arm = bb.width(0.09 * q, 1.5)
    for side in (-1, 1):
        bb.limb(canvas, (side * 0.2 * q, 0.8 * h), (side * 0.24 * q - side * stride * 0.6, 0.47 * h),
                arm, shirt, PERSON)
    bb.box(canvas, -0.04 * q, 0.04 * q, 0.8 * h, 0.87 * h, skin, PERSON)
    bb.ellipse(canvas, 0.0, 0.925 * h, 0.068 * h, 0.058 * h, look["hair"], PERSON)
    bb.ellipse(canvas, 0.0, 0.9 * h, 0.058 * h, 0.06 * h, skin, PERSON)


def tree(canvas: Canvas, bb: Billboard, look: dict) -> None:
    trunk = bb.half_width(look["trunk"], 2)
    bb.box(canvas, -trunk, trunk, 0.0, 0.6 * look["height"], look["bark"], VEGETATION)
    for a, z, r, colour in look["blobs"]:
        bb.ellipse(canvas, a, z, r, r * 1.1, colour, VEGETATION)


def lamp(canvas: Canvas, bb: Billboard, look: dict) -> None:
    w = bb.half_width(look["width"], 3)
    top, side, colour = look["height"], look["side"], look["colour"]
    bb.box(canvas, -w, w, 0.0, top, colour, POLE)
    bb.box(canvas, min(0, side * look["arm"]), max(0, side * look["arm"]), top - 2 * w, top, colour, POLE)
    end = side * look["arm"]
    bb.box(canvas, end - 0.25, end + 0.25, top - 0.25, top - 0.05, (225, 225, 205), POLE)


def sign(canvas: Canvas, bb: Billboard, look: dict) -> None:
    w = bb.half_width(0.08, 2.5)
    post, r, face = look["post"], look["size"] / 2, look["face"]
    bb.box(canvas, -w, w, 0.0, post + r, (140, 140, 145), POLE)
    cz = post + r
    if look["shape"] == "circle":
        bb.ellipse(canvas, 0, cz, r, r, face, TRAFFIC_SIGN)
        bb.ellipse(canvas, 0, cz, 0.7 * r, 0.7 * r, (235, 235, 235), TRAFFIC_SIGN)
    elif look["shape"] == "triangle":
        bb.polygon(canvas, [(-r, cz - 0.8 * r), (r, cz - 0.8 * r), (0, cz + r)], face, TRAFFIC_SIGN)
        bb.polygon(canvas, [(-0.6 * r, cz - 0.6 * r), (0.6 * r, cz - 0.6 * r), (0, cz + 0.55 * r)],
                   (235, 235, 235), TRAFFIC_SIGN)
    elif look["shape"] == "octagon":
        ring = [(r * math.cos(math.pi / 8 + k * math.pi / 4), cz + r * math.sin(math.pi / 8 + k * math.pi / 4))
                for k in range(8)]
        bb.polygon(canvas, ring, face, TRAFFIC_SIGN)
    else:
        bb.box(canvas, -r, r, cz - r, cz + r, (235, 235, 235), TRAFFIC_SIGN)
        bb.box(canvas, -0.85 * r, 0.85 * r, cz - 0.85 * r, cz + 0.85 * r, face, TRAFFIC_SIGN)


def bush(canvas: Canvas, bb: Billboard, look: dict) -> None:
    for a, z, r, colour in look["blobs"]:
        bb.ellipse(canvas, a, z, r, r * 0.8, colour, VEGETATION)
