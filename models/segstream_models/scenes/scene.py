"""One procedural scene: a world, a camera, things that move, and a look; rendered at any time.

Everything is drawn from ``numpy.random.default_rng(seed)`` in a fixed order, so a (kind, seed)
pair names one scene exactly, and ``render(t)`` gives the same picture and labels every time.
"""

import io
import math
from dataclasses import dataclass

import numpy as np
from PIL import Image

from . import background, sprites
from .camera import Equirectangular, Pinhole
from .canvas import Canvas
from .world import PlazaWorld, StreetWorld

KINDS = ("pinhole", "equirectangular")
LAYOUTS = ("street", "plaza")
DEFAULT_SIZE = {"pinhole": (640, 360), "equirectangular": (1024, 512)}


@dataclass
class Frame:
    image: np.ndarray   # H x W x 3 uint8 RGB
    label: np.ndarray   # H x W uint8 Cityscapes-19 class ids
    projection: str
    hfov_deg: float


@dataclass
class Mover:
    kind: str           # "car" or "person"
    path: object        # world.Path
    start: float        # path parameter at t = 0
    speed: float        # metres per second along the path's direction
    lateral: float      # sideways offset from the path (people spread over the sidewalk)
    look: dict

    def place(self, t: float):
        x, y, heading = self.path.point(self.start + self.path.direction * self.speed * t)
        return (x - self.lateral * math.sin(heading), y + self.lateral * math.cos(heading), heading,
                self.speed * t)


class Scene:
    def __init__(self, kind: str, seed: int, width: int = 0, height: int = 0, layout: str = ""):
        """``layout`` forces "street" or "plaza"; by default the seed chooses."""
        if kind not in KINDS:
            raise ValueError(f"unknown scene kind '{kind}' (known: {', '.join(KINDS)})")
        if layout and layout not in LAYOUTS:
            raise ValueError(f"unknown layout '{layout}' (known: {', '.join(LAYOUTS)})")
        self.kind, self.seed = kind, seed
        default_w, default_h = DEFAULT_SIZE[kind]
        width, height = width or default_w, height or default_h
        rng = np.random.default_rng(seed)
        plaza = rng.random() < (0.5 if kind == "equirectangular" else 0.2)
        plaza = plaza if not layout else layout == "plaza"
        on_road = rng.random() < 0.4
        self.world = PlazaWorld(rng) if plaza else StreetWorld(rng, camera_on_road=on_road)
        if kind == "pinhole":
            across = rng.random() < 0.6
            if plaza:
                yaw = rng.uniform(0, 2 * math.pi)
            elif across:
                yaw = self.world.across * math.pi / 2 + rng.uniform(-0.6, 0.6)
            else:
                yaw = rng.choice([0, math.pi]) + rng.uniform(-0.35, 0.35)
            self.camera = Pinhole(width, height, rng.uniform(60, 90), yaw, rng.uniform(1.3, 2.4),
                                  pitch=rng.uniform(-0.06, 0.04))
        else:
            self.camera = Equirectangular(width, height, rng.uniform(0, 2 * math.pi), rng.uniform(1.8, 3.5))
        self.style = background.Style.draw(rng)
        self.props = [(p, sprites.sample(p.kind, rng)) for p in self.world.props if math.hypot(p.x, p.y) > 3.0]
        self.movers = self._movers(rng)
        self.exposure = rng.uniform(0.8, 1.15)
        self.tint = rng.uniform(0.93, 1.07, 3)
        self.gamma = rng.uniform(0.85, 1.15)
        self.noise = rng.uniform(1.0, 5.0)
        self.drift = rng.uniform(0, 2 * math.pi, 2)
        self._background = None

    def _movers(self, rng):
        movers = []
        for lane in self.world.lanes:
            if abs(lane.offset) < 1.8 and not lane.closed:
                continue  # the camera stands in this lane
            # One car per 25-70 m of lane: a steady stream past the camera, never bumper to bumper.
            count, speed = max(1, int(lane.length / rng.uniform(25, 70))), rng.uniform(5, 13)
            for k in range(count):
                start = (k + rng.uniform(0, 0.4)) * lane.length / count
                movers.append(Mover("car", lane, start, speed, 0.0, sprites.sample("car", rng)))
        for walk in self.world.walkways:
            if abs(walk.offset) < 1.2 and not walk.closed:
                continue  # people would walk through the camera
            for _ in range(int(rng.integers(3, 8))):
                speed = 0.0 if rng.random() < 0.2 else rng.uniform(0.8, 1.8)
                movers.append(Mover("person", walk, rng.uniform(0, walk.length), speed,
                                    rng.uniform(-0.6, 0.6), sprites.sample("person", rng)))
        return movers

    def _things(self, t: float):
        """(distance, billboard, draw) for everything standing in the scene at time t."""
        things = []
        for prop, look in self.props:
            draw = getattr(sprites, prop.kind)
            things.append((prop.x, prop.y, lambda c, bb, d=draw, lk=look: d(c, bb, lk)))
        for m in self.movers:
            x, y, heading, walked = m.place(t)
            if m.kind == "car":
                things.append((x, y, lambda c, bb, lk=m.look, h=heading: sprites.car(c, bb, lk, h)))
            else:
                phase = 2 * math.pi * walked / (1.3 * m.look["height"])
                things.append((x, y, lambda c, bb, lk=m.look, p=phase: sprites.person(c, bb, lk, p)))
        return things

    def render(self, t: float, clean: bool = False) -> Frame:
        """The frame at ``t`` seconds. ``clean`` leaves out lighting drift and sensor noise."""
        if self._background is None:
            self._background = background.render(self.camera, self.world, self.style)
        canvas = Canvas(*self._background, wraps=self.camera.wraps)
        placed = []
        for x, y, draw in self._things(t):
            distance = math.hypot(x, y)
            if distance < 2.5:
                continue  # too close to draw as a billboard; only possible for a passer-by
            bb = sprites.Billboard(self.camera, x, y)
            if np.isfinite(bb.ref_x):
                placed.append((distance, bb, draw))
        for _, bb, draw in sorted(placed, key=lambda item: -item[0]):  # far to near
            draw(canvas, bb)
        image, label = canvas.arrays()
        if not clean:
            image = self._light(image, t)
        return Frame(image, label, self.camera.projection, self.camera.hfov_deg)

    def _light(self, image: np.ndarray, t: float) -> np.ndarray:
        # Slow exposure drift (passing clouds) plus per-frame sensor noise seeded by the frame
        # time, so the same (seed, t) always gives the same pixels.
        gain = self.exposure * (1 + 0.07 * math.sin(2 * math.pi * t / 9.0 + self.drift[0]))
        offset = 8 * math.sin(2 * math.pi * t / 6.5 + self.drift[1])
        x = (image.astype(np.float32) / 255.0) ** self.gamma * 255.0
        x = x * gain * self.tint + offset
        rng = np.random.default_rng([self.seed, int(round(t * 1000))])
        x += rng.normal(0, self.noise, x.shape).astype(np.float32)
        return np.clip(x + 0.5, 0, 255).astype(np.uint8)


def encode(image: np.ndarray, rng: np.random.Generator) -> bytes:
    """What a camera link does to a frame: sometimes softened (focus, low bitrate), always JPEG
    encoded at a random quality. Labels are unaffected: neither step moves an edge."""
    if rng.random() < 0.3:
        h, w = image.shape[:2]
        k = rng.uniform(0.5, 0.85)
        small = Image.fromarray(image).resize((max(1, int(w * k)), max(1, int(h * k))), Image.BILINEAR)
        image = np.asarray(small.resize((w, h), Image.BILINEAR))
    buffer = io.BytesIO()
    # PIL's default 4:2:0 chroma subsampling, as cameras and the ingest encoder send.
    Image.fromarray(image).save(buffer, format="JPEG", quality=int(rng.integers(30, 96)))
    return buffer.getvalue()


def degrade(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``image`` after ``encode`` and decoding."""
    return np.asarray(Image.open(io.BytesIO(encode(image, rng))).convert("RGB"))
