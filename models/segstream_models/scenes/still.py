"""Render one generator frame at any size, as a camera would send it, with its exact labels.

    /usr/bin/python3 -m segstream_models.scenes.still --out street.jpg --width 2048 --height 1024

Used by `segstream bench worker` for the mask-size figure (a 1024x2048 street scene). The frame
is JPEG at quality 90 with PIL's default 4:2:0 chroma subsampling; --label also writes the 8-bit
ground truth (value = Cityscapes-19 class id). The default seed is the demo street clip's, a
held-out seed, so the demo model never trained on the scene.
"""

import argparse
import io
import sys
from typing import Optional, Sequence

from PIL import Image

from . import splits
from .scene import KINDS, LAYOUTS, Scene


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python3 -m segstream_models.scenes.still", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, metavar="FILE.jpg")
    p.add_argument("--label", metavar="FILE.png", help="also write the ground-truth class map")
    p.add_argument("--width", type=int, default=2048)
    p.add_argument("--height", type=int, default=1024)
    p.add_argument("--kind", default="pinhole", choices=KINDS)
    p.add_argument("--layout", default="street", choices=LAYOUTS)
    p.add_argument("--seed", type=int, default=2035)
    p.add_argument("--time", type=float, default=3.0, help="scene time in seconds (default 3)")
    p.add_argument("--quality", type=int, default=90)
    return p


def render(kind: str, layout: str, seed: int, width: int, height: int, t: float, quality: int):
    """(JPEG bytes, label array) of one frame."""
    if not splits.is_held_out(seed, 1):
        raise ValueError(f"seed {seed} is not a held-out seed")
    frame = Scene(kind, seed, width, height, layout=layout).render(t)
    buffer = io.BytesIO()
    Image.fromarray(frame.image).save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue(), frame.label


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    jpeg, label = render(args.kind, args.layout, args.seed, args.width, args.height, args.time, args.quality)
    with open(args.out, "wb") as f:
        f.write(jpeg)
    if args.label:
        Image.fromarray(label, "L").save(args.label)
    print(f"wrote {args.out}: {args.width}x{args.height} {args.kind} {args.layout}, seed {args.seed}, "
          f"{len(jpeg):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
