"""Deterministic hashing and value noise over world coordinates.

Textures are functions of world coordinates (facade position, ground position, view direction),
not of pixels, so they stay attached to surfaces as objects and cameras move, and a panorama's
left and right edges see the same texture because they look in neighbouring directions.
"""

import numpy as np

_MASK = np.uint64(0xFFFFFFFF)


def hash01(*ints, seed: int = 0) -> np.ndarray:
    """A uniform value in [0, 1) per element of the broadcast integer arrays ``ints``."""
    h = np.uint64(seed * 0x9E3779B1 & 0xFFFFFFFF)
    for k, values in enumerate(ints):
        v = np.asarray(values).astype(np.int64).astype(np.uint64) & _MASK
        h = (h ^ (v * np.uint64(0x85EBCA6B + 2 * k))) & _MASK
        h = ((h ^ (h >> np.uint64(15))) * np.uint64(0x2C1B3C6D)) & _MASK
        h = ((h ^ (h >> np.uint64(12))) * np.uint64(0x297A2D39)) & _MASK
    h = h ^ (h >> np.uint64(15))
    return (h & _MASK).astype(np.float64) / 2.0 ** 32


def value_noise(u: np.ndarray, v: np.ndarray, seed: int, period_u: int = 0) -> np.ndarray:
    """Smooth noise in [0, 1): random values at integer lattice points, smoothly interpolated.

    ``period_u`` > 0 makes the noise periodic in ``u`` with that many cells, for surfaces that
    close on themselves (a ring of buildings around a panorama camera).
    """
    u = np.asarray(u, dtype=np.float64)
    v = np.asarray(v, dtype=np.float64)
    i0, j0 = np.floor(u), np.floor(v)
    fu, fv = u - i0, v - j0
    fu, fv = fu * fu * (3 - 2 * fu), fv * fv * (3 - 2 * fv)
    i0, j0 = i0.astype(np.int64), j0.astype(np.int64)
    i1 = i0 + 1
    if period_u:
        i0, i1 = np.mod(i0, period_u), np.mod(i1, period_u)
    a, b = hash01(i0, j0, seed=seed), hash01(i1, j0, seed=seed)
    c, d = hash01(i0, j0 + 1, seed=seed), hash01(i1, j0 + 1, seed=seed)
    top = a + (b - a) * fu
    bottom = c + (d - c) * fu
    return (top + (bottom - top) * fv).astype(np.float32)


def fbm(u: np.ndarray, v: np.ndarray, seed: int, octaves: int = 3, period_u: int = 0) -> np.ndarray:
    """Sum of octaves of value noise (each twice the frequency, half the weight), centred on 0."""
    total = np.zeros(np.broadcast(u, v).shape, dtype=np.float32)
    weight, norm = 1.0, 0.0
    for octave in range(octaves):
        scale = 2 ** octave
        total += weight * value_noise(np.asarray(u) * scale, np.asarray(v) * scale, seed + octave,
                                      period_u * scale)
        norm += weight
        weight *= 0.5
    return total / norm - 0.5
