"""Export a segmentation network to TorchScript plus the model.json card the Java worker reads.

    /usr/bin/python3 -m segstream_models.export --family segformer --variant demo \\
        --labels cityscapes-19 --input-size 256x512 --seed 0 --argmax --out demo/segformer-demo
    /usr/bin/python3 -m segstream_models.export --family trans4pass --variant tiny \\
        --labels cityscapes-19 --input-size 400x2048 --checkpoint trans4pass_tiny.pth --out DIR

Nothing is written unless the saved graph, loaded back, matches eager PyTorch at the export size
and at a second size (see torchscript.verify).
"""

import argparse
import copy
import hashlib
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

import torch

from . import checkpoint, labels, segformer, torchscript, trans4pass
from .errors import ExportError


@dataclass(frozen=True)
class Family:
    variants: Tuple[str, ...]
    size_multiple: int  # input sizes must be multiples of this
    logits_stride: int  # the network's logits are at 1/stride of the input
    align_corners: bool  # how logits are upsampled to the input (in the graph or by the worker)
    projection: str  # default camera projection written to the card


FAMILIES: Dict[str, Family] = {
    # Multiples of 32 keep every SegFormer stage and the 1/4 logits aligned with the pixels.
    "segformer": Family(tuple(segformer.VARIANTS), 32, 4, False, "pinhole"),
    # Trans4PASS upsamples inside the model; its reference evaluates DensePASS at 400x2048, which
    # is not a multiple of 32, so any size is accepted.
    "trans4pass": Family(tuple(trans4pass.VARIANTS), 1, 1, True, "equirectangular"),
}
PROJECTIONS = ("pinhole", "equirectangular")
CARD_FORMAT_VERSION = 1
# The HF SegFormer image processor: x/255 then ImageNet mean/std, RGB.
SCALE = 1 / 255
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def parse_size(text: str, multiple: int = 32) -> Tuple[int, int]:
    """'HxW' -> (H, W); both positive multiples of ``multiple`` (32 by default, so every SegFormer
    encoder stage divides evenly)."""
    try:
        height, width = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not HEIGHTxWIDTH, e.g. 256x512")
    if height <= 0 or width <= 0 or height % multiple or width % multiple:
        raise argparse.ArgumentTypeError(f"'{text}': height and width must be positive multiples "
                                         f"of {multiple} (the encoder's total stride)")
    return height, width


def parse_any_size(text: str) -> Tuple[int, int]:
    # The family's own multiple is checked once the family is known (see check_family_args).
    return parse_size(text, multiple=1)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python3 -m segstream_models.export", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--family", required=True, choices=list(FAMILIES))
    p.add_argument("--variant", required=True,
                   choices=sorted({v for family in FAMILIES.values() for v in family.variants}),
                   help=" / ".join(f"{name}: {', '.join(f.variants)}" for name, f in FAMILIES.items()))
    p.add_argument("--labels", required=True, choices=labels.known_ids(), help="label set id")
    p.add_argument("--input-size", required=True, type=parse_any_size, metavar="HxW",
                   help="the size the worker resizes frames to, e.g. 256x512 (segformer: "
                        "multiples of 32)")
    p.add_argument("--projection", choices=PROJECTIONS,
                   help="camera projection for the card (default: segformer pinhole, "
                        "trans4pass equirectangular)")
    weights = p.add_mutually_exclusive_group()
    weights.add_argument("--checkpoint", metavar="PATH",
                         help="segformer: Hugging Face pytorch_model.bin / .safetensors or an "
                              "NVlabs/mmseg .pth; trans4pass: an official .pth (loaded strictly)")
    weights.add_argument("--seed", type=int, help="random init with this seed (default 0)")
    p.add_argument("--argmax", action="store_true",
                   help="put upsampling + argmax in the graph: output uint8 N x H x W")
    p.add_argument("--precision", choices=list(torchscript.PRECISIONS), default="fp32",
                   help="weights and activations in the graph (input and logits stay float32); "
                        "fp16 is for GPU workers and is checked on a CUDA device, bf16 is checked "
                        "on the CPU")
    p.add_argument("--weights-source", help="card text for where the weights came from")
    p.add_argument("--weights-licence", help="card text for the weights' licence")
    p.add_argument("--out", required=True, metavar="DIR", help="writes DIR/model.pt, DIR/model.json")
    return p


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def weights_info(args: argparse.Namespace) -> dict:
    if args.checkpoint:
        with open(args.checkpoint, "rb") as f:
            digest = sha256_of(f.read())
        source = f"checkpoint {os.path.basename(args.checkpoint)} (sha256 {digest})"
        licence = "unknown: see the checkpoint's model card"
    else:
        source = f"random init, seed {_seed(args)} (untrained: its masks are meaningless)"
        licence = "not applicable: random weights, no third-party data or weights"
    return {"source": args.weights_source or source, "licence": args.weights_licence or licence}


def build_card(args: argparse.Namespace, label_set: labels.LabelSet, parameters: int,
               model_sha256: str) -> dict:
    """The model.json content; its schema is what inference-worker's ModelCard reads."""
    height, width = args.input_size
    family = FAMILIES[args.family]
    return {
        "format_version": CARD_FORMAT_VERSION,
        "family": args.family,
        "variant": args.variant,
        "model_file": "model.pt",
        "label_set": label_set.to_card(),
        "input": {"height": height, "width": width, "resize": "stretch", "channels": "RGB",
                  "layout": "NCHW", "scale": SCALE, "mean": MEAN, "std": STD},
        "output": ({"argmax_in_graph": True, "dtype": "uint8", "stride": 1} if args.argmax
                   else {"argmax_in_graph": False, "dtype": "float32", "stride": family.logits_stride})
                  | {"align_corners": family.align_corners},
        "projection": args.projection or family.projection,
        "precision": args.precision,
        "parameters": parameters,
        "weights": weights_info(args),
        "sha256": model_sha256,
    }


def card_json(card: dict) -> str:
    """Indented JSON with lists of scalars (palette colours, mean, std) kept on one line."""
    text = json.dumps(card, indent=2)
    # Only structural whitespace holds a raw newline (JSON escapes them inside strings), so
    # collapsing newlines within innermost brackets cannot change any value.
    def one_line(match: re.Match) -> str:
        return "[" + re.sub(r"\s*\n\s*", " ", match.group(1)).strip() + "]"

    return re.sub(r"\[([^\[\]{}]*)\]", one_line, text) + "\n"


def _seed(args: argparse.Namespace) -> int:
    return 0 if args.seed is None else args.seed


def check_family_args(args: argparse.Namespace) -> None:
    """Refuses a variant or input size the chosen family does not have."""
    family = FAMILIES[args.family]
    if args.variant not in family.variants:
        raise ExportError(f"{args.family} has no variant '{args.variant}' "
                          f"(known: {', '.join(family.variants)})")
    height, width = args.input_size
    if height % family.size_multiple or width % family.size_multiple:
        raise ExportError(f"input size {height}x{width}: {args.family} needs multiples of "
                          f"{family.size_multiple} (the encoder's total stride)")


def build_network(args: argparse.Namespace, label_set: labels.LabelSet) -> torch.nn.Module:
    check_family_args(args)
    torch.manual_seed(_seed(args))
    if args.family == "trans4pass":
        net = trans4pass.build(args.variant, label_set.num_classes)
        if args.checkpoint:
            checkpoint.load_trans4pass(net, args.checkpoint)
    else:
        net = segformer.build(args.variant, label_set.num_classes)
        if args.checkpoint:
            checkpoint.load_segformer(net, args.checkpoint)
    return net.eval()


def wrap_for_export(args: argparse.Namespace, net: torch.nn.Module,
                    precision: str) -> torchscript.ExportWrapper:
    """The saved graph: the network plus, with --argmax, upsampling (if needed) and argmax."""
    if FAMILIES[args.family].logits_stride == 1:
        return torchscript.FullResolutionExportWrapper(net, args.argmax, precision).eval()
    return torchscript.ExportWrapper(net, args.argmax, precision).eval()


def check_device(precision: str) -> str:
    """Where the saved graph is checked: fp16 on a GPU (torch has no half-precision convolution
    on the CPU), everything else on the CPU, deterministically."""
    if precision != "fp16":
        return "cpu"
    if not torch.cuda.is_available():
        raise ExportError("--precision fp16 needs a CUDA device to check the saved graph (torch has "
                          "no half-precision convolution on the CPU): run the export on the GPU "
                          "host, or use --precision bf16")
    return "cuda"


def export(args: argparse.Namespace) -> List[str]:
    """Builds, scripts, verifies and writes; returns report lines. Raises ExportError to refuse."""
    label_set = labels.label_set(args.labels)
    if args.argmax and label_set.num_classes > 256:
        raise ExportError(f"{label_set.num_classes} classes do not fit the uint8 argmax output")
    device = check_device(args.precision)
    net = build_network(args, label_set)
    parameters = segformer.count_parameters(net)
    # The float32 network, kept before the wrapper converts it, to measure what precision costs.
    reference = None if args.precision == "fp32" else wrap_for_export(args, copy.deepcopy(net), "fp32")
    wrapper = wrap_for_export(args, net, args.precision)
    data, loaded = torchscript.script_and_save(wrapper)
    sizes = torchscript.check_sizes(*args.input_size)
    report = torchscript.verify(wrapper.to(device), loaded.to(device), sizes, label_set.num_classes,
                                logits_stride=FAMILIES[args.family].logits_stride, device=device)
    if reference is not None:
        report += torchscript.precision_cost(reference.to(device), loaded, sizes, device=device)[2]
    card = build_card(args, label_set, parameters, sha256_of(data))
    _write_atomically(args.out, {"model.pt": data, "model.json": card_json(card).encode()})
    report.append(f"wrote {os.path.join(args.out, 'model.pt')} ({len(data):,} bytes, "
                  f"{card['parameters']:,} parameters) and model.json")
    return report


def _write_atomically(directory: str, files: dict) -> None:
    # Write beside the target and rename, so a worker never loads a half-written file; the card is
    # renamed last, so a card present always describes a complete model.pt (its sha256 says which).
    os.makedirs(directory, exist_ok=True)
    for name, content in files.items():
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}.")
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, os.path.join(directory, name))


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        for line in export(args):
            print(line)
    except ExportError as e:
        print(f"export refused: {e}", file=sys.stderr)
        return 1
    return 0


def _reexec_with_fixed_hash_seed() -> None:
    # TorchScript writes a module's constants in set order, which follows Python's per-process
    # string-hash seed; fixing the seed makes the same command give byte-identical model.pt files
    # (and so the same sha256 in the card) on the same torch version.
    if os.environ.get("PYTHONHASHSEED") != "0":
        env = dict(os.environ, PYTHONHASHSEED="0")
        os.execve(sys.executable, [sys.executable, "-m", "segstream_models.export"] + sys.argv[1:], env)


if __name__ == "__main__":
    _reexec_with_fixed_hash_seed()
    sys.exit(main())
