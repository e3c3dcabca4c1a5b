"""Scoring segmentation against generated ground truth, with the worker's pre-processing.

    /usr/bin/python3 -m segstream_models.evaluate --model demo/segformer-demo --data /tmp/evalset

The frame is stretched to the model's input size the way the Java worker does it (bilinear,
OpenCV INTER_LINEAR sampling, no anti-aliasing), equirectangular frames get the worker's default
circular padding, and labels are stretched with nearest-neighbour sampling at the same pixel
centres. IoU is per class over every pixel of the set; the mean is over the classes the
generator draws (scenes/classes.py DRAWN).
"""

import argparse
import json
import os
import sys
from typing import Dict, List, Optional, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from .export import MEAN, SCALE, STD
from .scenes.classes import DRAWN, IGNORE, LABEL_SET


def stretch_image(image: np.ndarray, height: int, width: int) -> torch.Tensor:
    """H x W x 3 uint8 -> 3 x height x width float32 0..255, bilinear with half-pixel centres."""
    x = torch.from_numpy(np.array(image, dtype=np.uint8)).permute(2, 0, 1)[None].float()
    if x.shape[2:] != (height, width):
        x = F.interpolate(x, size=(height, width), mode="bilinear", align_corners=False)
    return x[0].round().clamp(0, 255)


def stretch_label(label: np.ndarray, height: int, width: int) -> np.ndarray:
    """Nearest source pixel to each output pixel centre (what the bilinear sample is centred on)."""
    rows = np.minimum(((np.arange(height) + 0.5) * label.shape[0] / height).astype(int), label.shape[0] - 1)
    cols = np.minimum(((np.arange(width) + 0.5) * label.shape[1] / width).astype(int), label.shape[1] - 1)
    return label[rows[:, None], cols[None, :]]


def normalise(pixels: torch.Tensor) -> torch.Tensor:
    """0..255 RGB (N x 3 x H x W) -> the network's input: (p * scale - mean) / std."""
    mean = torch.tensor(MEAN).view(1, 3, 1, 1)
    std = torch.tensor(STD).view(1, 3, 1, 1)
    return (pixels * SCALE - mean) / std


def default_circular_pad(width: int) -> int:
    """The worker's default (ModelCard.circularPadColumns): width / 8 rounded down to 32."""
    return width // 8 // 32 * 32


def predict(model, pixels: torch.Tensor, wraps: bool, argmax_in_graph: bool) -> torch.Tensor:
    """Class map N x H x W of normalised ``pixels``; panoramas padded from the opposite edge."""
    pad = default_circular_pad(pixels.shape[3]) if wraps else 0
    if pad:
        pixels = torch.cat([pixels[..., -pad:], pixels, pixels[..., :pad]], dim=3)
    with torch.no_grad():
        out = model(pixels)
    if not argmax_in_graph:
        out = F.interpolate(out, size=pixels.shape[2:], mode="bilinear", align_corners=False).argmax(1)
    return out[..., pad:out.shape[-1] - pad].long() if pad else out.long()


def confusion(pred: np.ndarray, truth: np.ndarray, num_classes: int) -> np.ndarray:
    """num_classes x num_classes counts, rows = truth, columns = prediction; ignore pixels skipped."""
    keep = truth != IGNORE
    index = truth[keep].astype(np.int64) * num_classes + pred[keep].astype(np.int64)
    return np.bincount(index, minlength=num_classes ** 2).reshape(num_classes, num_classes)


def iou_per_class(matrix: np.ndarray) -> Dict[int, float]:
    tp = np.diag(matrix).astype(np.float64)
    union = matrix.sum(0) + matrix.sum(1) - tp
    return {c: float(tp[c] / union[c]) if union[c] else float("nan") for c in range(len(tp))}


def mean_iou(matrix: np.ndarray, classes: Sequence[int] = DRAWN) -> float:
    ious = iou_per_class(matrix)
    return float(np.nanmean([ious[c] for c in classes]))


def table(matrix: np.ndarray, classes: Sequence[int] = DRAWN) -> List[str]:
    ious = iou_per_class(matrix)
    pixels = matrix.sum(1)
    lines = [f"{'class':<14} {'IoU':>6} {'pixels':>11}"]
    lines += [f"{LABEL_SET.classes[c]:<14} {ious[c]:6.3f} {pixels[c]:11,}" for c in classes]
    lines.append(f"{'mIoU':<14} {mean_iou(matrix, classes):6.3f}")
    return lines


def evaluate_dir(model, data_dir: str, height: int, width: int, argmax_in_graph: bool) -> Dict[str, np.ndarray]:
    """Confusion matrices per projection (and 'all') of ``model`` on an evalset directory."""
    with open(os.path.join(data_dir, "meta.json")) as f:
        meta = json.load(f)
    n = LABEL_SET.num_classes
    out = {"all": np.zeros((n, n), np.int64)}
    for item in meta["items"]:
        image = np.asarray(Image.open(os.path.join(data_dir, item["frame"])).convert("RGB"))
        label = np.asarray(Image.open(os.path.join(data_dir, item["label"])))
        pixels = normalise(stretch_image(image, height, width)[None])
        pred = predict(model, pixels, item["projection"] == "equirectangular", argmax_in_graph)[0].numpy()
        m = confusion(pred, stretch_label(label, height, width), n)
        out["all"] += m
        out.setdefault(item["projection"], np.zeros((n, n), np.int64))
        out[item["projection"]] += m
    return out


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m segstream_models.evaluate", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, help="exported model directory (model.pt + model.json)")
    p.add_argument("--data", required=True, help="directory written by segstream_models.scenes.evalset")
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    with open(os.path.join(args.model, "model.json")) as f:
        card = json.load(f)
    if card["label_set"]["id"] != LABEL_SET.id:
        print(f"model predicts {card['label_set']['id']}, the scenes are labelled {LABEL_SET.id}", file=sys.stderr)
        return 1
    model = torch.jit.load(os.path.join(args.model, card["model_file"]), map_location="cpu").eval()
    results = evaluate_dir(model, args.data, card["input"]["height"], card["input"]["width"],
                           card["output"]["argmax_in_graph"])
    for name, matrix in results.items():
        print(f"== {name} ({card['input']['height']}x{card['input']['width']})")
        print("\n".join(table(matrix)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
