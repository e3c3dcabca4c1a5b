"""Ray-casts the static world (sky, ground, building line) into an image and its label map.

Each pixel's class and colour come from the same ray hit, so the label map is exact by
construction; textures are functions of the hit's world coordinates (see noise.py).
"""

import math
from dataclasses import dataclass
from typing import Tuple

import numpy as np

from .classes import ROAD, SIDEWALK, SKY, TERRAIN, VEGETATION
from .noise import fbm, hash01

WALLS = ((150, 140, 128), (168, 92, 70), (196, 184, 160), (120, 120, 125), (205, 198, 185),
         (140, 110, 90), (180, 160, 120), (110, 100, 95), (215, 210, 200), (150, 90, 60))
SIDEWALKS = ((170, 165, 158), (190, 186, 178), (160, 130, 120), (185, 175, 150), (140, 140, 140))
TERRAINS = ((90, 130, 55), (110, 140, 60), (130, 125, 70), (80, 110, 50), (150, 140, 90))


@dataclass
class Style:
    """Per-scene look: lighting, sky, materials. Drawn from the scene's random generator."""

    sun_azimuth: float
    sun_strength: float
    horizon: np.ndarray
    zenith: np.ndarray
    cloud_cover: float
    road: np.ndarray
    sidewalk: np.ndarray
    terrain: np.ndarray
    window: np.ndarray
    fog_distance: float
    seed: int

    @staticmethod
    def draw(rng: np.random.Generator) -> "Style":
        overcast = rng.random() < 0.3
        if overcast:
            grey = rng.uniform(150, 215)
            horizon = np.array([grey, grey, grey + rng.uniform(0, 12)])
            zenith = horizon * rng.uniform(0.75, 0.95)
        else:
            horizon = rng.uniform([175, 195, 215], [220, 228, 245])
            zenith = rng.uniform([40, 90, 160], [110, 160, 230])
        pick = lambda table: np.array(table[rng.integers(len(table))], float) * rng.uniform(0.85, 1.15, 3)
        return Style(sun_azimuth=rng.uniform(0, 2 * math.pi),
                     sun_strength=rng.uniform(0.05, 0.15) if overcast else rng.uniform(0.2, 0.4),
                     horizon=horizon, zenith=zenith, cloud_cover=rng.uniform(0.2, 0.9),
                     road=np.full(3, rng.uniform(60, 115)) + rng.uniform(-4, 4, 3),
                     sidewalk=pick(SIDEWALKS), terrain=pick(TERRAINS),
                     window=rng.uniform([40, 55, 70], [110, 130, 150]),
                     fog_distance=rng.uniform(150, 700), seed=int(rng.integers(1 << 30)))


def render(camera, world, style: Style) -> Tuple[np.ndarray, np.ndarray]:
    """(H x W x 3 float32 RGB in 0..255, H x W uint8 class ids) of the static world."""
    rays = camera.rays()
    dx, dy, dz = rays[..., 0], rays[..., 1], rays[..., 2]
    flat = np.maximum(np.hypot(dx, dy), 1e-6)
    ux, uy, slope = dx / flat, dy / flat, dz / flat
    height = camera.cam_height
    wall_dist, s, facing = world.facade(ux, uy)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ground_dist = np.where(slope < 0, height / -slope, np.inf)
        z = height + wall_dist * slope
    ground = ground_dist < wall_dist
    segment = world.segments.index(s)
    top = world.segments.heights[segment] + _bumps(world.segments, s, world.segments.classes[segment])
    wall = ~ground & np.isfinite(z) & (z < top)
    label = np.full(dx.shape, SKY, dtype=np.uint8)
    rgb = np.zeros(dx.shape + (3,), dtype=np.float32)

    sky = ~ground & ~wall
    rgb[sky] = _sky(dx[sky], dy[sky], dz[sky], style)
    gx, gy = ground_dist[ground] * ux[ground], ground_dist[ground] * uy[ground]
    label[ground] = world.ground_class(gx, gy)
    rgb[ground] = _ground(gx, gy, ground_dist[ground], label[ground], world.marking(gx, gy), style)
    label[wall] = world.segments.classes[segment[wall]]
    rgb[wall] = _facade(world.segments, s[wall], z[wall], segment[wall], label[wall], style)
    rgb[wall] *= (1 + style.sun_strength * np.cos(facing[wall] - style.sun_azimuth))[:, None]

    # Haze: far surfaces fade towards the horizon colour, as in any outdoor photograph.
    dist = np.where(ground, ground_dist, wall_dist)
    haze = np.where(sky, 0.0, 1 - np.exp(-np.minimum(dist, 1e4) / style.fog_distance))
    rgb = rgb * (1 - haze[..., None]) + style.horizon * haze[..., None]
    return rgb.astype(np.float32), label


def _bumps(segments, s, classes):
    """Irregular tops for hedges and park edges; whole cycles per period keep a ring closed."""
    period = segments.period or 2000.0
    bumps = np.zeros(np.shape(s), dtype=np.float32)
    for wavelength, amplitude in ((5.0, 0.5), (1.7, 0.25), (0.8, 0.12)):
        cycles = max(1, round(period / wavelength))
        bumps += amplitude * np.sin(2 * math.pi * cycles * s / period)
    return np.where(classes == VEGETATION, bumps, 0.0)


def _sky(dx, dy, dz, style):
    t = np.clip(dz, 0, 1)[:, None] ** 0.6
    colour = style.horizon * (1 - t) + style.zenith * t
    with np.errstate(divide="ignore", invalid="ignore"):
        # Clouds are noise on a plane high above; directions near the horizon are faded out
        # because their plane coordinates run off to infinity.
        up = np.maximum(dz, 0.02)
        n = fbm(dx / up * 1.5, dy / up * 1.5, style.seed + 11, octaves=4)
    cover = np.clip((n + 0.5 - (1 - style.cloud_cover)) * 4, 0, 1) * np.clip((dz - 0.02) * 8, 0, 1)
    cloud = style.horizon * 0.3 + 175
    return colour * (1 - cover[:, None]) + cloud * cover[:, None]


def _ground(gx, gy, dist, cls, marking, style):
    out = np.empty(gx.shape + (3,), dtype=np.float32)
    coarse = fbm(gx / 6.0, gy / 6.0, style.seed + 2, octaves=2)
    grass = cls == TERRAIN
    paved = ~grass
    # Fine grain only where it shows: asphalt and paving get one scale, grass a finer one.
    fine = np.zeros_like(coarse)
    fine[paved] = fbm(gx[paved] * 2.0, gy[paved] * 2.0, style.seed + 1)
    fine[grass] = fbm(gx[grass] * 6.0, gy[grass] * 6.0, style.seed + 3)
    road = cls == ROAD
    out[road] = style.road * (1 + 0.25 * fine[road] + 0.15 * coarse[road])[:, None]
    out[road & marking] = (225, 225, 215)
    walk = cls == SIDEWALK
    joints = ((np.mod(gx, 0.6) < 0.04) | (np.mod(gy, 0.6) < 0.04)) & (dist < 25)
    out[walk] = style.sidewalk * (1 + 0.12 * fine[walk] + 0.1 * coarse[walk]
                                  - 0.15 * joints[walk])[:, None]
    out[grass] = style.terrain * (1 + 0.6 * fine[grass] + 0.3 * coarse[grass])[:, None]
    return out


def _facade(segments, s, z, segment, cls, style):
    seed = style.seed
    if segments.period:
        s = np.mod(s - segments.starts[0], segments.period) + segments.starts[0]
    local = s - segments.starts[segment]
    length = segments.lengths[segment]
    walls = np.array(WALLS, dtype=np.float32)
    colour = walls[(hash01(segment, seed=seed) * len(WALLS)).astype(int)]
    colour = colour * (0.85 + 0.3 * hash01(segment, seed=seed + 1))[:, None]
    texture = fbm(s * 1.5, z * 1.5, seed + 4)
    out = colour * (1 + 0.12 * texture)[:, None]
    spacing = 2.4 + 1.6 * hash01(segment, seed=seed + 2)
    floor = 2.9 + 0.7 * hash01(segment, seed=seed + 3)
    width = spacing * (0.35 + 0.25 * hash01(segment, seed=seed + 5))
    sill = floor * (0.25 + 0.15 * hash01(segment, seed=seed + 6))
    column, storey = np.floor((local - 0.8) / spacing), np.floor(z / floor)
    window = ((np.mod(local - 0.8, spacing) < width) & (local > 0.8) & (local < length - 0.8)
              & (z > floor) & (z < segments.heights[segment] - 1.0)
              & (np.mod(z, floor) > sill) & (np.mod(z, floor) < sill + floor * 0.5))
    shop = (hash01(segment, seed=seed + 7) < 0.5) & (z > 0.4) & (z < 2.6) & (np.mod(local, 6.0) > 0.7) \
        & (np.mod(local, 6.0) < 5.2) & (local > 0.8) & (local < length - 0.8)
    shade = 0.55 + 0.9 * hash01(segment, column, storey, seed=seed + 8)
    out[window] = style.window * shade[window][:, None]
    out[shop] = style.window * 0.6
    cornice = z > segments.heights[segment] - 0.4
    out[cornice] *= 0.75
    leaves = cls == VEGETATION
    green = np.array([70, 110, 40], dtype=np.float32) * (0.8 + 0.4 * hash01(segment, seed=seed + 9))[:, None]
    foliage = fbm(s * 3.0, z * 3.0, seed + 10)
    out[leaves] = green[leaves] * (1 + 0.9 * foliage[leaves])[:, None]
    return out
