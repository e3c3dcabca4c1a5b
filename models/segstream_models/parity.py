"""Write a model and reference outputs for the Java parity tests (DJL vs eager PyTorch).

    /usr/bin/python3 -m segstream_models.parity --family segformer --variant b0 \\
        --labels cityscapes-19 --sizes 512x1024,1024x1024 --seed 7 --out DIR

DIR gets the exported TorchScript (logits output, random weights from --seed) with its card, and
for each size a random normalised input and the logits of the *eager* PyTorch network on it, as
raw little-endian float32 files described by DIR/parity.json. The Java side loads the same
TorchScript through DJL, feeds it the same input and compares.
"""

import argparse
import json
import os
import sys
from typing import List, Optional, Sequence

import torch

from . import export, labels, torchscript


def parse_sizes(text: str) -> List[List[int]]:
    sizes = []
    for part in text.split(","):
        height, width = (int(v) for v in part.lower().split("x"))
        sizes.append([height, width])
    return sizes


def write_f32(path: str, tensor: torch.Tensor) -> None:
    # numpy's tofile writes native order; x86 (and every machine we run on) is little-endian.
    tensor.detach().contiguous().to(torch.float32).numpy().tofile(path)


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m segstream_models.parity", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--family", required=True)
    p.add_argument("--variant", required=True)
    p.add_argument("--labels", required=True)
    p.add_argument("--sizes", required=True, type=parse_sizes, help="HxW[,HxW…]; the first is the export size")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--precision", choices=list(torchscript.PRECISIONS), default="fp32")
    p.add_argument("--out", required=True)
    args = p.parse_args(argv)

    first = args.sizes[0]
    export_args = export.build_parser().parse_args([
        "--family", args.family, "--variant", args.variant, "--labels", args.labels,
        "--input-size", f"{first[0]}x{first[1]}", "--seed", str(args.seed), "--precision", args.precision,
        "--out", args.out])
    for line in export.export(export_args):
        print(line)

    # The same seed rebuilds the same weights: this network is the eager reference.
    label_set = labels.label_set(args.labels)
    eager = torchscript.ExportWrapper(export.build_network(export_args, label_set), False,
                                      args.precision).eval()
    generator = torch.Generator().manual_seed(args.seed + 1)
    cases = []
    with torch.no_grad():
        for height, width in args.sizes:
            x = torch.randn(1, 3, height, width, generator=generator)
            logits = eager(x)
            name = f"{height}x{width}"
            write_f32(os.path.join(args.out, f"input-{name}.f32"), x)
            write_f32(os.path.join(args.out, f"logits-{name}.f32"), logits)
            cases.append({"name": name, "input_shape": list(x.shape), "logits_shape": list(logits.shape)})
            print(f"{name}: logits {list(logits.shape)}")
    with open(os.path.join(args.out, "parity.json"), "w") as f:
        json.dump({"family": args.family, "variant": args.variant, "cases": cases}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
