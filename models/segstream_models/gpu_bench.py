"""Frames/s of exported TorchScript models on a GPU, by batch size and precision.

    python3 -m segstream_models.gpu_bench --out gpu-bench.json
    python3 -m segstream_models.gpu_bench --models b0:512x1024 --batches 1,8,32,64 \\
        --precisions fp32,fp16,bf16 --out b0.json

Each model is exported by segstream_models.export exactly as a user would (random weights, which
do not change the time; argmax in the graph, as the worker runs it; the export's own check runs
first), loaded back with torch.jit.load and timed on already-normalised input resident on the
device: the figure is the model's forward pass, the floor the pipeline is measured against. Runs
on the CPU too (``--device cpu``), which the tests use to keep this script working.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from typing import Dict, List, Optional, Sequence

import torch

from . import export

# The issue's table: SegFormer B0..B5 at 512x1024, Trans4PASS Tiny/Small at DensePASS' 400x2048.
DEFAULT_MODELS = ("b0:512x1024,b1:512x1024,b2:512x1024,b3:512x1024,b4:512x1024,b5:512x1024,"
                  "tiny:400x2048,small:400x2048")


def parse_models(text: str) -> List[Dict]:
    """'b0:512x1024,tiny:400x2048' -> [{family, variant, size}], the family found from the variant."""
    models = []
    for item in text.split(","):
        variant, _, size = item.partition(":")
        family = next((name for name, f in export.FAMILIES.items() if variant in f.variants), None)
        if family is None or not size:
            raise argparse.ArgumentTypeError(f"'{item}' is not VARIANT:HxW with a known variant")
        models.append({"family": family, "variant": variant, "size": export.parse_any_size(size)})
    return models


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python3 -m segstream_models.gpu_bench", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--models", type=parse_models, default=parse_models(DEFAULT_MODELS),
                   help=f"VARIANT:HxW,... (default {DEFAULT_MODELS})")
    p.add_argument("--batches", default="1,8,32", help="batch sizes, comma-separated")
    p.add_argument("--precisions", default="fp32,fp16", help="fp32, fp16, bf16, comma-separated")
    p.add_argument("--labels", default="cityscapes-19")
    p.add_argument("--device", default="cuda")
    p.add_argument("--seconds", type=float, default=3.0, help="timed seconds per cell, after warm-up")
    p.add_argument("--out", required=True, help="JSON results; a Markdown table goes to stdout")
    return p


def export_model(model: Dict, precision: str, labels: str, directory: str) -> str:
    height, width = model["size"]
    args = export.build_parser().parse_args([
        "--family", model["family"], "--variant", model["variant"], "--labels", labels,
        "--input-size", f"{height}x{width}", "--seed", "0", "--argmax", "--precision", precision,
        "--out", directory])
    export.export(args)
    return os.path.join(directory, "model.pt")


def frames_per_second(graph, batch: int, size, device: str, seconds: float) -> float:
    pixels = torch.randn(batch, 3, *size, device=device)
    with torch.no_grad():
        for _ in range(3):  # allocator, cuDNN autotuning and the profiling executor settle here
            graph(pixels)
        _sync(device)
        runs, start = 0, time.perf_counter()
        while runs < 2 or time.perf_counter() - start < seconds:
            graph(pixels)
            runs += 1
            if runs % 4 == 0:
                _sync(device)
        _sync(device)
        elapsed = time.perf_counter() - start
    return batch * runs / elapsed


def _sync(device: str) -> None:
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def run(args) -> Dict:
    batches = [int(b) for b in args.batches.split(",")]
    precisions = args.precisions.split(",")
    device_name = torch.cuda.get_device_name() if args.device.startswith("cuda") else "cpu"
    results = {"device": device_name, "torch": torch.__version__, "cells": []}
    torch.backends.cudnn.benchmark = True
    for model in args.models:
        for precision in precisions:
            with tempfile.TemporaryDirectory() as directory:
                cell = {"family": model["family"], "variant": model["variant"],
                        "size": "x".join(map(str, model["size"])), "precision": precision}
                try:
                    graph = torch.jit.load(export_model(model, precision, args.labels, directory),
                                           map_location=args.device).eval()
                except Exception as e:  # an export refused (e.g. fp16 without CUDA) is a result too
                    results["cells"].append(cell | {"error": str(e)})
                    continue
                for batch in batches:
                    try:
                        fps = frames_per_second(graph, batch, model["size"], args.device, args.seconds)
                        results["cells"].append(cell | {"batch": batch, "frames_per_s": round(fps, 1)})
                    except RuntimeError as e:  # out of memory at a large batch ends that row
                        results["cells"].append(cell | {"batch": batch, "error": str(e).splitlines()[0]})
                        break
                    finally:
                        if args.device.startswith("cuda"):
                            torch.cuda.empty_cache()
                print(json.dumps(results["cells"][-1]), file=sys.stderr, flush=True)
    return results


def markdown(results: Dict) -> str:
    lines = [f"frames/s on {results['device']} (torch {results['torch']}), argmax in graph",
             "", "| model | input | precision | batch | frames/s |", "|---|---|---|---:|---:|"]
    for c in results["cells"]:
        value = f"{c['frames_per_s']:,.1f}" if "frames_per_s" in c else c["error"][:60]
        lines.append(f"| {c['family']} {c['variant']} | {c['size']} | {c['precision']} | "
                     f"{c.get('batch', '')} | {value} |")
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    if args.device.startswith("cuda") and not torch.cuda.is_available():
        print("no CUDA device: pass --device cpu to time on the CPU", file=sys.stderr)
        return 2
    results = run(args)
    with open(args.out, "w") as f:
        json.dump(results, f, indent=2)
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
