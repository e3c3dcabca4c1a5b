"""Write held-out generated frames with their ground truth, for scoring a model.

    /usr/bin/python3 -m segstream_models.scenes.evalset --out /tmp/evalset --count 200 --seed 0

DIR/frames/NNNNNN.jpg   the frame as a camera would send it (sometimes softened, JPEG at a
                        random quality, as in training)
DIR/labels/NNNNNN.png   8-bit grayscale, value = Cityscapes-19 class id (255 = ignore), same size
DIR/meta.json           {"label_set", "count", "seed", "kind", "items": [{"frame", "label",
                        "projection", "hfov_deg", "width", "height", "scene_seed", "time_s"}]}

Item i is scene seed + i at a time drawn from that seed; with --kind both, even items are
pinhole and odd ones equirectangular. Seeds must lie below the validation and training ranges
(splits.py), so no frame of an eval set was ever trained or validated on.
"""

import argparse
import json
import os
import sys
from typing import Optional, Sequence

import numpy as np
from PIL import Image

from . import splits
from .classes import LABEL_SET
from .scene import KINDS, Scene, encode


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python3 -m segstream_models.scenes.evalset", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--count", required=True, type=int)
    p.add_argument("--seed", type=int, default=0, help="first scene seed (default 0)")
    p.add_argument("--kind", default="both", choices=KINDS + ("both",))
    return p


def write(out: str, count: int, seed: int, kind: str) -> dict:
    if count < 1:
        raise ValueError("--count must be at least 1")
    if not splits.is_held_out(seed, count):
        raise ValueError(f"seeds {seed}..{seed + count - 1} are not all held out: eval seeds must "
                         f"lie in 0..{splits.HELD_OUT_END - 1} (higher ones are validation/training)")
    os.makedirs(os.path.join(out, "frames"), exist_ok=True)
    os.makedirs(os.path.join(out, "labels"), exist_ok=True)
    items = []
    for i in range(count):
        scene_seed = seed + i
        scene_kind = splits.kind_of(i) if kind == "both" else kind
        scene = Scene(scene_kind, scene_seed)
        rng = np.random.default_rng([scene_seed, 11])
        t = round(float(rng.uniform(0, 30)), 3)
        frame = scene.render(t)
        name = f"{i:06d}"
        with open(os.path.join(out, "frames", name + ".jpg"), "wb") as f:
            f.write(encode(frame.image, rng))
        Image.fromarray(frame.label, "L").save(os.path.join(out, "labels", name + ".png"))
        height, width = frame.label.shape
        items.append({"frame": f"frames/{name}.jpg", "label": f"labels/{name}.png",
                      "projection": frame.projection, "hfov_deg": round(frame.hfov_deg, 3),
                      "width": width, "height": height, "scene_seed": scene_seed, "time_s": t})
    meta = {"label_set": LABEL_SET.id, "count": count, "seed": seed, "kind": kind, "items": items}
    with open(os.path.join(out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    return meta


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        meta = write(args.out, args.count, args.seed, args.kind)
    except ValueError as e:
        print(f"evalset: {e}", file=sys.stderr)
        return 2
    print(f"wrote {meta['count']} frames and labels to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
