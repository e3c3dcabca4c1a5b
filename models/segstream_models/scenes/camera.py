"""The two projections a scene is rendered with: a pinhole camera and a 360° equirectangular one.

World axes: X east, Y north, Z up, metres; the camera stands at (0, 0, height). Both cameras give
a unit ray per pixel (for ray-casting the static world) and project world points to pixels (for
drawing objects), so the background and the objects drawn on it use one geometry.
"""

import math

import numpy as np


class Pinhole:
    """A level camera with horizontal field of view ``hfov_deg``, looking along azimuth ``yaw``."""

    projection = "pinhole"
    wraps = False

    def __init__(self, width: int, height: int, hfov_deg: float, yaw: float, cam_height: float,
                 pitch: float = 0.0):
        self.width, self.height, self.hfov_deg, self.cam_height = width, height, hfov_deg, cam_height
        self.focal = (width / 2) / math.tan(math.radians(hfov_deg) / 2)
        cp, sp = math.cos(pitch), math.sin(pitch)
        self.forward = np.array([math.cos(yaw) * cp, math.sin(yaw) * cp, sp])
        self.right = np.array([math.sin(yaw), -math.cos(yaw), 0.0])
        self.up = np.cross(self.right, self.forward)

    def rays(self) -> np.ndarray:
        """Unit ray through each pixel centre, H x W x 3 (float32)."""
        x = (np.arange(self.width) + 0.5 - self.width / 2)[None, :, None]
        y = (np.arange(self.height) + 0.5 - self.height / 2)[:, None, None]
        d = self.forward * self.focal + self.right * x - self.up * y
        return (d / np.linalg.norm(d, axis=2, keepdims=True)).astype(np.float32)

    def project(self, points: np.ndarray) -> np.ndarray:
        """World points N x 3 -> pixel coordinates N x 2 (x, y), pixel centres at integers;
        NaN for points behind the camera."""
        v = points - np.array([0.0, 0.0, self.cam_height])
        depth = v @ self.forward
        # Pixel centres at integer coordinates, as PIL draws.
        out = np.stack([self.width / 2 - 0.5 + self.focal * (v @ self.right) / depth,
                        self.height / 2 - 0.5 - self.focal * (v @ self.up) / depth], axis=1)
        out[depth < 0.3] = np.nan
        return out


class Equirectangular:
    """Columns are azimuth (the centre column looks along ``yaw``, turning right to the right),
    rows are elevation from +90° (top) to -90° (bottom); the horizon is the middle row."""

    projection = "equirectangular"
    wraps = True
    hfov_deg = 360.0

    def __init__(self, width: int, height: int, yaw: float, cam_height: float):
        self.width, self.height, self.yaw, self.cam_height = width, height, yaw, cam_height

    def azimuth_of_column(self, x: np.ndarray) -> np.ndarray:
        return self.yaw - 2 * math.pi * ((x + 0.5) / self.width - 0.5)

    def rays(self) -> np.ndarray:
        azimuth = self.azimuth_of_column(np.arange(self.width))[None, :]
        elevation = (math.pi * (0.5 - (np.arange(self.height) + 0.5) / self.height))[:, None]
        ce = np.cos(elevation)
        d = np.stack(np.broadcast_arrays(ce * np.cos(azimuth), ce * np.sin(azimuth),
                                         np.sin(elevation)), axis=2)
        return d.astype(np.float32)

    def project(self, points: np.ndarray) -> np.ndarray:
        """World points N x 3 -> (x, y) with x in [0, width); callers unwrap x around a reference."""
        v = points - np.array([0.0, 0.0, self.cam_height])
        azimuth = np.arctan2(v[:, 1], v[:, 0])
        elevation = np.arctan2(v[:, 2], np.hypot(v[:, 0], v[:, 1]))
        x = ((self.yaw - azimuth) / (2 * math.pi) + 0.5) * self.width - 0.5
        y = (0.5 - elevation / math.pi) * self.height - 0.5
        return np.stack([np.mod(x + 0.5, self.width) - 0.5, y], axis=1)
