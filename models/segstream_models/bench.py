"""Time a network's eager PyTorch forward pass on this CPU, for `segstream bench models`.

    /usr/bin/python3 -m segstream_models.bench --family segformer --variant b0 \\
        --labels cityscapes-19 --size 512x1024 --runs 5 --threads 2

Prints one JSON line: parameters and the median forward time in milliseconds (batch 1, random
weights: time does not depend on the weights' values).
"""

import argparse
import json
import statistics
import sys
import time
from typing import Optional, Sequence

import torch

from . import export, labels


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m segstream_models.bench", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--family", required=True)
    p.add_argument("--variant", required=True)
    p.add_argument("--labels", required=True)
    p.add_argument("--size", required=True, type=export.parse_any_size, metavar="HxW")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args(argv)

    torch.set_num_threads(args.threads)
    export_args = export.build_parser().parse_args([
        "--family", args.family, "--variant", args.variant, "--labels", args.labels,
        "--input-size", f"{args.size[0]}x{args.size[1]}", "--out", "unused"])
    net = export.build_network(export_args, labels.label_set(args.labels))
    x = torch.randn(1, 3, *args.size)
    times = []
    with torch.no_grad():
        net(x)  # the first call allocates; not timed
        for _ in range(args.runs):
            start = time.perf_counter()
            net(x)
            times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"parameters": sum(t.numel() for t in net.parameters()),
                      "median_ms": statistics.median(times), "runs": args.runs, "threads": args.threads}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
