"""The static layouts the cameras look at: a straight street and a plaza with a ring road.

A world answers three questions for the ray caster (what ground class lies at (X, Y), where a
horizontal ray meets the building line and at which facade coordinate, and the facade normal
there) and lists what stands or moves in it (props, lanes, walkways) for the scene to draw.
All lengths are metres; the camera is at the origin (its height is the scene's business).
"""

import math
from dataclasses import dataclass
from typing import List, Tuple

import numpy as np

from .classes import BUILDING, ROAD, SIDEWALK, TERRAIN, VEGETATION


@dataclass
class Segments:
    """Consecutive stretches of the building line, each a building or a hedge/park edge."""

    starts: np.ndarray   # sorted; segment k covers [starts[k], starts[k] + lengths[k])
    lengths: np.ndarray
    heights: np.ndarray
    classes: np.ndarray  # BUILDING or VEGETATION
    period: float        # > 0 when the line closes on itself (facade coordinate wraps)

    def index(self, s: np.ndarray) -> np.ndarray:
        if self.period:
            s = np.mod(s - self.starts[0], self.period) + self.starts[0]
        return np.clip(np.searchsorted(self.starts, s, side="right") - 1, 0, len(self.starts) - 1)


def make_segments(rng: np.random.Generator, begin: float, end: float, periodic: bool) -> Segments:
    lengths = []
    total = end - begin
    while sum(lengths) < total:
        lengths.append(rng.uniform(9, 30))
    if periodic:
        # Scale the lengths to close the ring exactly, so the segment at 360° is the one at 0°.
        lengths = [length * total / sum(lengths) for length in lengths]
    lengths = np.array(lengths)
    n = len(lengths)
    classes = np.where(rng.random(n) < 0.15, VEGETATION, BUILDING)
    heights = np.where(classes == BUILDING, rng.uniform(7, 32, n), rng.uniform(2.5, 7, n))
    starts = begin + np.concatenate([[0.0], np.cumsum(lengths)[:-1]])
    return Segments(starts, lengths, heights, classes, total if periodic else 0.0)


@dataclass
class Path:
    """A lane or walkway: a line along X at ``offset`` (street) or a closed loop (plaza)."""

    offset: float        # street: Y of the line; plaza: half-size / radius of the loop
    direction: int       # +1 or -1 along the path parameter
    closed: bool
    square: bool = False
    rotation: float = 0.0

    @property
    def length(self) -> float:
        if not self.closed:
            return 240.0  # movers on a straight street re-enter after this much road
        return 8 * self.offset if self.square else 2 * math.pi * self.offset

    def point(self, p: float) -> Tuple[float, float, float]:
        """(X, Y, heading) at parameter ``p``, wrapped onto the path."""
        if not self.closed:
            x = (p + self.length / 2) % self.length - self.length / 2
            return x, self.offset, 0.0 if self.direction > 0 else math.pi
        p = p % self.length
        r = self.offset
        if self.square:
            side, o = int(p // (2 * r)) % 4, p % (2 * r) - r
            x, y = [(r, o), (-o, r), (-r, -o), (o, -r)][side]
            heading = side * math.pi / 2 + math.pi / 2
        else:
            angle = p / r
            x, y, heading = r * math.cos(angle), r * math.sin(angle), angle + math.pi / 2
        c, s = math.cos(self.rotation), math.sin(self.rotation)
        heading += self.rotation + (0.0 if self.direction > 0 else math.pi)
        return c * x - s * y, s * x + c * y, heading


@dataclass
class Prop:
    kind: str            # "tree", "lamp", "sign", "bush"
    x: float
    y: float


class StreetWorld:
    """A straight street along X: facade, sidewalk, optional verge, road, verge, sidewalk, facade."""

    def __init__(self, rng: np.random.Generator, camera_on_road: bool):
        lanes = int(rng.choice([2, 2, 3, 4]))
        lane_width = rng.uniform(3.0, 3.6)
        widths = [(SIDEWALK, rng.uniform(2.5, 5.5)), (TERRAIN, rng.uniform(1.5, 3) * (rng.random() < 0.4)),
                  (ROAD, lanes * lane_width),
                  (TERRAIN, rng.uniform(1.5, 3) * (rng.random() < 0.4)), (SIDEWALK, rng.uniform(2.5, 5.5))]
        widths = [(cls, w) for cls, w in widths if w > 0]
        edges = np.concatenate([[0.0], np.cumsum([w for _, w in widths])])
        road = [i for i, (cls, _) in enumerate(widths) if cls == ROAD][0]
        if camera_on_road:
            shift = rng.uniform(edges[road] + 1.0, edges[road + 1] - 1.0)
        else:
            shift = rng.uniform(edges[0] + 0.8, edges[1] - 0.8)
        self.edges = edges - shift
        # Which way (+1 north, -1 south) a camera looking across sees the street, not a wall 2 m
        # away: from the first sidewalk the road is north; from the road, either way.
        self.across = int(rng.choice([-1, 1])) if camera_on_road else 1
        self.classes = np.array([cls for cls, _ in widths])
        self.left, self.right = self.edges[0], self.edges[-1]
        road_lo, road_hi = self.edges[road], self.edges[road + 1]
        self.markings = [road_lo + lane_width * k for k in range(1, lanes)]
        two_way = lanes > 2 or rng.random() < 0.7
        self.lanes = [Path(road_lo + lane_width * (k + 0.5),
                           1 if (k < lanes / 2 or not two_way) else -1, closed=False)
                      for k in range(lanes)]
        self.walkways = [Path(rng.uniform(lo + 0.5, hi - 0.5), int(rng.choice([-1, 1])), closed=False)
                         for lo, hi, cls in self._bands() if cls == SIDEWALK for _ in range(2)]
        # Right facade coordinates are offset so the two sides do not mirror each other.
        self.segments = make_segments(rng, -400.0, 1600.0, periodic=False)
        self.props = self._props(rng, road_lo, road_hi)

    def _bands(self):
        return [(self.edges[i], self.edges[i + 1], self.classes[i]) for i in range(len(self.classes))]

    def _props(self, rng, road_lo, road_hi) -> List[Prop]:
        props = []
        for kerb, away in ((road_lo, -1), (road_hi, 1)):
            for kind, spacing, inset in (("lamp", (22, 40), 0.5), ("tree", (7, 18), 1.4),
                                         ("sign", (15, 40), 0.4), ("bush", (6, 20), 2.2)):
                x = -110 + rng.uniform(0, spacing[1])
                while x < 110:
                    y = kerb + away * (inset + rng.uniform(-0.2, 0.2))
                    if away * (y - (self.left if away < 0 else self.right)) < -0.6:
                        props.append(Prop(kind, x, y))
                    x += rng.uniform(*spacing)
        return props

    def ground_class(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        i = np.clip(np.searchsorted(self.edges, y, side="right") - 1, 0, len(self.classes) - 1)
        return self.classes[i]

    def marking(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        dashed = np.mod(x, 9.0) < 3.0
        near = np.zeros(np.shape(x), dtype=bool)
        for offset in self.markings:
            near |= np.abs(y - offset) < 0.08
        return near & dashed

    def facade(self, dx: np.ndarray, dy: np.ndarray):
        """Horizontal distance to the building line, facade coordinate and normal · (1, 0, 0)
        style shading inputs, for unit horizontal directions (dx, dy)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            dist = np.where(dy > 0, self.right / dy, np.where(dy < 0, self.left / dy, np.inf))
        s = np.where(dy > 0, dist * dx + 1000.0, dist * dx)
        normal = np.where(dy > 0, -math.pi / 2, math.pi / 2)  # azimuth the facade faces
        return dist, s, normal


class PlazaWorld:
    """A plaza seen from its centre: island, ring road, sidewalk, verge, a closed ring of facades.

    The ring is a circle or a square (a roundabout or a city square); the square's facades make
    the curved roof lines typical of equirectangular pictures.
    """

    def __init__(self, rng: np.random.Generator):
        self.square = bool(rng.random() < 0.5)
        self.rotation = rng.uniform(0, math.pi / 2)
        lanes, lane_width = 2, rng.uniform(3.0, 3.6)
        radii, r = [], 0.0
        # A small plaza: at the model's 512 columns a car 15 m away is ~20 pixels long, so the
        # ring road stays within about 3-12 m of the camera.
        widths = [(TERRAIN if rng.random() < 0.5 else SIDEWALK, rng.uniform(3, 7)),
                  (ROAD, lanes * lane_width), (SIDEWALK, rng.uniform(3, 6)),
                  (TERRAIN, rng.uniform(1.5, 4) * (rng.random() < 0.5))]
        widths = [(cls, w) for cls, w in widths if w > 0]
        for _, w in widths:
            r += w
            radii.append(r)
        self.edges = np.array([0.0] + radii)
        self.classes = np.array([cls for cls, _ in widths])
        self.facade_radius = r
        road_lo, road_hi = self.edges[1], self.edges[2]
        self.marking_radius = road_lo + lane_width
        self.lanes = [Path(road_lo + lane_width * (k + 0.5), 1 if k == 0 else -1, closed=True,
                           square=self.square, rotation=self.rotation) for k in range(lanes)]
        rings = [(road_hi + 0.6, self.edges[3] - 0.6)] * 3
        if self.classes[0] == SIDEWALK:
            rings.append((2.6, road_lo - 0.6))  # a paved island: people walk round the camera
        self.walkways = [Path(rng.uniform(lo, max(lo, hi)), int(rng.choice([-1, 1])), closed=True,
                              square=self.square, rotation=self.rotation) for lo, hi in rings]
        perimeter = 8 * r if self.square else 2 * math.pi * r
        self.segments = make_segments(rng, 0.0, perimeter, periodic=True)
        self.props = self._props(rng, road_lo, road_hi)

    def _props(self, rng, road_lo, road_hi) -> List[Prop]:
        props = []
        rings = (("lamp", road_hi + 0.5, 6), ("tree", road_hi + 1.6, 9), ("sign", road_hi + 0.4, 5),
                 ("tree", road_lo - 2.0, 4), ("lamp", road_lo - 0.6, 3), ("bush", road_lo - 1.2, 5),
                 ("sign", road_lo - 0.5, 3))
        for kind, radius, count in rings:
            start = rng.uniform(0, 2 * math.pi)
            for k in range(int(rng.integers(count // 2, count + 1))):
                path = Path(radius, 1, closed=True, square=self.square, rotation=self.rotation)
                p = (start / (2 * math.pi) + (k + rng.uniform(-0.2, 0.2)) / count) * path.length
                x, y, _ = path.point(p)
                props.append(Prop(kind, x, y))
        return props

    def _local(self, x, y):
        c, s = math.cos(self.rotation), math.sin(self.rotation)
        return c * x + s * y, -s * x + c * y

    def _radius(self, x, y):
        lx, ly = self._local(x, y)
        return np.maximum(np.abs(lx), np.abs(ly)) if self.square else np.hypot(lx, ly)

    def ground_class(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        i = np.searchsorted(self.edges, self._radius(x, y), side="right") - 1
        return self.classes[np.clip(i, 0, len(self.classes) - 1)]

    def marking(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        # 48 dashes per turn: an integer count, so the dashes meet up again at 360°.
        dashed = np.mod(np.arctan2(y, x) * 48 / (2 * math.pi), 1.0) < 0.4
        return dashed & (np.abs(self._radius(x, y) - self.marking_radius) < 0.08)

    def facade(self, dx: np.ndarray, dy: np.ndarray):
        lx, ly = self._local(dx, dy)
        r = self.facade_radius
        if not self.square:
            angle = np.mod(np.arctan2(ly, lx), 2 * math.pi)
            return np.full(np.shape(dx), r), r * angle, np.arctan2(dy, dx) + math.pi
        m = np.maximum(np.abs(lx), np.abs(ly))
        px, py = r * lx / m, r * ly / m
        # The facade coordinate runs round the square in the same order as Path.point.
        side = np.where(np.abs(lx) >= np.abs(ly), np.where(lx > 0, 0, 2), np.where(ly > 0, 1, 3))
        along = np.choose(side, [py, -px, -py, px])
        s = side * 2 * r + along + r
        normal = side * (math.pi / 2) + math.pi + self.rotation
        return r / m, s, normal
