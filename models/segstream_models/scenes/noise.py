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


def _lattice(i: np.ndarray, j: np.ndarray, seed: int) -> np.ndarray:
    # The classic sine hash: one transcendental per lattice point, several times cheaper than
    # hash01 and random enough for textures (which is all it is used for).
    x = np.sin(i * 12.9898 + j * 78.233 + (seed % 9973) * 37.719) * 43758.5453
    return x - np.floor(x)


def value_noise(u: np.ndarray, v: np.ndarray, seed: int) -> np.ndarray:
    """Smooth noise in [0, 1): random values at integer lattice points, smoothly interpolated."""
    u = np.asarray(u, dtype=np.float64)
    v = np.asarray(v, dtype=np.float64)
    i0, j0 = np.floor(u), np.floor(v)
    fu, fv = u - i0, v - j0
    fu, fv = fu * fu * (3 - 2 * fu), fv * fv * (3 - 2 * fv)
    i1 = i0 + 1
    a, b = _lattice(i0, j0, seed), _lattice(i1, j0, seed)
    c, d = _lattice(i0, j0 + 1, seed), _lattice(i1, j0 + 1, seed)
    top = a + (b - a) * fu
    bottom = c + (d - c) * fu
    return (top + (bottom - top) * fv).astype(np.float32)


def fbm(u: np.ndarray, v: np.ndarray, seed: int, octaves: int = 3) -> np.ndarray:
    """Sum of octaves of value noise (each twice the frequency, half the weight), centred on 0."""
    total = np.zeros(np.broadcast(u, v).shape, dtype=np.float32)
    weight, norm = 1.0, 0.0
    for octave in range(octaves):
        scale = 2 ** octave
        total += weight * value_noise(np.asarray(u) * scale, np.asarray(v) * scale, seed + octave)
        norm += weight
        weight *= 0.5
    return total / norm - 0.5
