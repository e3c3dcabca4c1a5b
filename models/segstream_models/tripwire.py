"""A tiny scripted model that fails on purpose, for testing how the worker handles model errors.

    /usr/bin/python3 -m segstream_models.tripwire --out DIR [--input-size 64x128]

It returns SegFormer-shaped logits (19 Cityscapes classes at 1/4 of the input) for any batch,
except that it raises a RuntimeError inside the graph when a frame of the batch is (almost) all
white, as a real network can fail on one input of a batch. Writes DIR/model.pt and DIR/model.json.
"""

import argparse
import io
import os
import sys
from typing import List, Optional, Sequence

import torch
import torch.nn.functional as F
from torch import nn

from . import export, labels

# A frame trips the wire when at least WHITE_SHARE of its pixels have every channel at or above
# WHITE_LEVEL (of 1.0): JPEG noise around pure white stays well inside that.
WHITE_LEVEL = 0.95
WHITE_SHARE = 0.99
LABELS = "cityscapes-19"


class Tripwire(nn.Module):
    """1/4 average pooling then a 1x1 convolution, unless a frame is white."""

    def __init__(self, classes: int, mean: List[float], std: List[float]):
        super().__init__()
        self.head = nn.Conv2d(3, classes, kernel_size=1)
        self.white_level = WHITE_LEVEL
        self.white_share = WHITE_SHARE
        # The worker normalises pixels; undoing it lets the check speak of plain white.
        self.register_buffer("mean", torch.tensor(mean).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(std).view(1, 3, 1, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        pixels = x * self.std + self.mean
        white = (pixels.amin(dim=1) >= self.white_level).float().mean(dim=[1, 2]) >= self.white_share
        if bool(white.any()):
            frame = int(white.nonzero()[0, 0])
            raise RuntimeError("tripwire: frame " + str(frame) + " of the batch is all white")
        return self.head(F.avg_pool2d(x, 4))


def build(seed: int = 0) -> Tripwire:
    torch.manual_seed(seed)
    return Tripwire(labels.label_set(LABELS).num_classes, export.MEAN, export.STD).eval()


def card(input_size, parameters: int, model_sha256: str) -> dict:
    args = argparse.Namespace(family="segformer", variant="tripwire", input_size=input_size, argmax=False,
                              projection=None, precision="fp32", checkpoint=None, seed=0,
                              weights_source="segstream_models.tripwire: random 1x1 head, fails on white frames",
                              weights_licence="not applicable: a test model, no third-party data or weights")
    return export.build_card(args, labels.label_set(LABELS), parameters, model_sha256)


def write(out: str, input_size=(64, 128)) -> None:
    """Scripts the model and writes out/model.pt and out/model.json."""
    net = build()
    buffer = io.BytesIO()
    torch.jit.save(torch.jit.script(net), buffer)
    data = buffer.getvalue()
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "model.pt"), "wb") as f:
        f.write(data)
    parameters = sum(p.numel() for p in net.parameters())
    with open(os.path.join(out, "model.json"), "w") as f:
        f.write(export.card_json(card(input_size, parameters, export.sha256_of(data))))


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m segstream_models.tripwire", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--input-size", type=export.parse_size, default=(64, 128), metavar="HxW",
                   help="the card's input size, multiples of 32 (default 64x128)")
    args = p.parse_args(argv)
    write(args.out, args.input_size)
    print(f"wrote {args.out}/model.pt and model.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
