"""A picture and its label map drawn together: every shape goes to both with the same geometry.

PIL fills polygons and ellipses without anti-aliasing, so a shape covers exactly the same
pixels in the RGB image and in the label map: labels are exact at object edges. On a panorama a
shape is also drawn one width to the left and right, so whatever crosses the 0°/360° seam
appears on both edges and continues across it.
"""

from typing import Sequence, Tuple

import numpy as np
from PIL import Image, ImageDraw

Point = Tuple[float, float]


class Canvas:
    def __init__(self, rgb: np.ndarray, label: np.ndarray, wraps: bool):
        self.image = Image.fromarray(np.clip(rgb + 0.5, 0, 255).astype(np.uint8), "RGB")
        self.label = Image.fromarray(label, "L")
        self.width, self.height = self.image.size
        self.wraps = wraps
        self._draw_image = ImageDraw.Draw(self.image)
        self._draw_label = ImageDraw.Draw(self.label)

    def _shifts(self, xs: Sequence[float], ys: Sequence[float]):
        """Horizontal offsets at which a shape with these extents must be drawn; none if it misses
        the picture or is absurdly large (PIL's fill time grows with the shape's size, and only
        a point right in front of a pinhole lens projects that large)."""
        lo, hi = min(xs), max(xs)
        if max(ys) < -1 or min(ys) > self.height + 1:
            return []
        if hi - lo > 8 * self.width or max(ys) - min(ys) > 8 * self.height:
            return []
        shifts = (-self.width, 0, self.width) if self.wraps else (0,)
        return [d for d in shifts if hi + d >= -1 and lo + d <= self.width + 1]

    def polygon(self, points: Sequence[Point], colour, cls: int) -> None:
        if len(points) < 3 or not np.all(np.isfinite(points)):
            return
        fill = _rgb(colour)
        for d in self._shifts([p[0] for p in points], [p[1] for p in points]):
            shifted = [(x + d, y) for x, y in points]
            self._draw_image.polygon(shifted, fill=fill)
            self._draw_label.polygon(shifted, fill=int(cls))

    def ellipse(self, centre: Point, rx: float, ry: float, colour, cls: int) -> None:
        cx, cy = centre
        if not (np.isfinite([cx, cy, rx, ry]).all() and rx >= 0.5 and ry >= 0.5):
            return
        fill = _rgb(colour)
        for d in self._shifts([cx - rx, cx + rx], [cy - ry, cy + ry]):
            box = [cx - rx + d, cy - ry, cx + rx + d, cy + ry]
            self._draw_image.ellipse(box, fill=fill)
            self._draw_label.ellipse(box, fill=int(cls))

    def arrays(self) -> Tuple[np.ndarray, np.ndarray]:
        return np.asarray(self.image).copy(), np.asarray(self.label).copy()


def _rgb(colour) -> Tuple[int, int, int]:
    return tuple(int(np.clip(round(float(c)), 0, 255)) for c in colour)
