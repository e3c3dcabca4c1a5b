"""Train a SegFormer variant on the procedural scene generator (the demo model's weights).

    /usr/bin/python3 -m segstream_models.train --out /tmp/segstream-train --steps 6000

Frames are rendered at their native size (640x360 pinhole, 1024x512 equirectangular), degraded
as a camera link would (scenes.degrade), then stretched to the model's input size exactly as the
worker does (evaluate.stretch_image / stretch_label). A pool of recent frames is refreshed a few
frames per step, so rendering costs a fraction of the step instead of a whole batch per step.
Batches are random crops (across the seam for panoramas) with random mirroring. One thread:
the machine is shared. A checkpoint is written every --checkpoint-every steps and the run
resumes from it when started again with the same --out (the pool is refilled, not restored).
Writes OUT/final.pt, a plain state dict for ``export --checkpoint``.
"""

import argparse
import math
import os
import sys
import time
from typing import List, Optional, Sequence

import numpy as np
import torch
import torch.nn.functional as F

from . import evaluate, segformer
from .scenes import Scene, degrade, splits
from .scenes.classes import DRAWN, IGNORE, LABEL_SET


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python3 -m segstream_models.train", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, help="directory for checkpoint.pt, final.pt")
    p.add_argument("--variant", default="demo", choices=list(segformer.VARIANTS))
    p.add_argument("--input-size", default="256x512", help="HxW the worker stretches frames to")
    p.add_argument("--crop", default="128x256", help="HxW of the training crops")
    p.add_argument("--steps", type=int, default=6000)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--lr", type=float, default=2e-3, help="peak AdamW learning rate")
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--warmup", type=int, default=300, help="steps of linear warm-up before cosine decay")
    p.add_argument("--balance", type=float, default=0.3,
                   help="class weight = (class frequency / median)^-balance; 0 turns weighting off")
    p.add_argument("--pool", type=int, default=256, help="frames kept for sampling crops")
    p.add_argument("--frames-per-scene", type=int, default=4)
    p.add_argument("--new-frames-per-step", type=float, default=1.0)
    p.add_argument("--val-count", type=int, default=48, help="validation frames (held-out seeds)")
    p.add_argument("--val-every", type=int, default=1000)
    p.add_argument("--checkpoint-every", type=int, default=250)
    p.add_argument("--time-budget", type=float, default=0, help="minutes; stop early and save (0: none)")
    p.add_argument("--seed", type=int, default=0, help="weights init and crop sampling")
    p.add_argument("--init", help="state dict to start from (an earlier run's final.pt), e.g. to fine-tune "
                                  "at a larger --input-size")
    p.add_argument("--first-scene", type=int, default=0,
                   help="first training scene index, so a fine-tuning run sees scenes the first run did not")
    p.add_argument("--threads", type=int, default=1)
    return p


def _size(text: str):
    height, width = (int(v) for v in text.lower().split("x"))
    return height, width


def scene_frames(index: int, first_seed: int, count: int, size):
    """``count`` frames of scene ``index`` (seed first_seed + index) at times drawn from its seed,
    each degraded and stretched: yields (3 x H x W uint8 tensor, H x W uint8 array, wraps)."""
    seed = first_seed + index
    scene = Scene(splits.kind_of(index), seed)
    rng = np.random.default_rng([seed, 7])
    for t in np.sort(rng.uniform(0, 30, count)):
        frame = scene.render(float(t))
        image = evaluate.stretch_image(degrade(frame.image, rng), *size).to(torch.uint8)
        yield image, evaluate.stretch_label(frame.label, *size), scene.camera.wraps


class FramePool:
    """Recent training frames; ``refresh`` replaces the oldest with newly rendered ones."""

    def __init__(self, capacity: int, size, frames_per_scene: int, next_scene: int):
        self.images = torch.zeros((capacity, 3) + size, dtype=torch.uint8)
        self.labels = torch.full((capacity,) + size, IGNORE, dtype=torch.uint8)
        self.wraps = torch.zeros(capacity, dtype=torch.bool)
        self.capacity, self.size, self.per_scene = capacity, size, frames_per_scene
        self.next_scene, self.filled, self.cursor, self._pending = next_scene, 0, 0, iter(())
        self.credit = 0.0

    def add_one(self) -> None:
        item = next(self._pending, None)
        if item is None:
            self._pending = scene_frames(self.next_scene, splits.TRAIN_FIRST, self.per_scene, self.size)
            self.next_scene += 1
            item = next(self._pending)
        image, label, wraps = item
        self.images[self.cursor], self.labels[self.cursor] = image, torch.from_numpy(label)
        self.wraps[self.cursor] = wraps
        self.cursor = (self.cursor + 1) % self.capacity
        self.filled = min(self.filled + 1, self.capacity)

    def refresh(self, frames: float) -> None:
        self.credit += frames
        while self.credit >= 1:
            self.add_one()
            self.credit -= 1

    def batch(self, rng: np.random.Generator, count: int, crop):
        ch, cw = crop
        h, w = self.size
        images, labels = [], []
        for i in rng.integers(0, self.filled, count):
            image, label = self.images[i], self.labels[i].long()
            x = int(rng.integers(0, w if self.wraps[i] else w - cw + 1))
            if self.wraps[i]:  # a panorama has no edge: crops may straddle the seam
                image, label = image.roll(-x, dims=2), label.roll(-x, dims=1)
                x = 0
            y = int(rng.integers(0, h - ch + 1))
            image, label = image[:, y:y + ch, x:x + cw], label[y:y + ch, x:x + cw]
            if rng.random() < 0.5:
                image, label = image.flip(2), label.flip(1)
            images.append(image)
            labels.append(label)
        return evaluate.normalise(torch.stack(images).float()), torch.stack(labels)


def class_weights(labels: torch.Tensor, balance: float) -> torch.Tensor:
    """Rare classes (poles, signs) weigh more; classes the generator never draws keep weight 1."""
    counts = torch.bincount(labels[labels != IGNORE].flatten().long(), minlength=LABEL_SET.num_classes).double()
    weights = torch.ones(LABEL_SET.num_classes, dtype=torch.float64)
    drawn = torch.tensor(DRAWN)
    freq = counts[drawn].clamp(min=1) / counts[drawn].sum()
    weights[drawn] = (freq / freq.median()).pow(-balance).clamp(0.25, 8.0)
    return weights.float()


def learning_rate(step: int, args) -> float:
    if step < args.warmup:
        return args.lr * (step + 1) / args.warmup
    progress = (step - args.warmup) / max(1, args.steps - args.warmup)
    return args.lr * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))


def validation_set(count: int, size):
    return [item for i in range(count)
            for item in scene_frames(i, splits.VALIDATION_FIRST, 1, size)]


def validate(net, frames) -> np.ndarray:
    net.eval()
    n = LABEL_SET.num_classes
    matrix = np.zeros((n, n), np.int64)
    for image, label, wraps in frames:
        pred = evaluate.predict(net, evaluate.normalise(image[None].float()), wraps, False)
        matrix += evaluate.confusion(pred[0].numpy(), label, n)
    net.train()
    return matrix


def train(args) -> List[float]:
    """Runs (or resumes) training; returns the loss of every step this call ran."""
    torch.set_num_threads(args.threads)
    size, crop = _size(args.input_size), _size(args.crop)
    os.makedirs(args.out, exist_ok=True)
    ckpt_path = os.path.join(args.out, "checkpoint.pt")
    torch.manual_seed(args.seed)
    net = segformer.build(args.variant, LABEL_SET.num_classes).train()
    optimizer = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    rng = np.random.default_rng(args.seed)
    step, next_scene, weights = 0, args.first_scene, None
    if args.init and not os.path.isfile(ckpt_path):
        net.load_state_dict(torch.load(args.init, map_location="cpu"))
        log(f"initialised from {args.init}")
    if os.path.isfile(ckpt_path):
        state = torch.load(ckpt_path, map_location="cpu")
        net.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        step, next_scene, weights = state["step"], state["next_scene"], state["weights"]
        rng.bit_generator.state = state["rng"]
        torch.set_rng_state(state["torch_rng"])
        log(f"resumed at step {step} (scene {next_scene})")
    pool = FramePool(args.pool, size, args.frames_per_scene, next_scene)
    started = time.time()
    while pool.filled < args.pool:
        pool.add_one()
    log(f"pool of {args.pool} frames rendered in {time.time() - started:.0f} s")
    if weights is None:
        weights = class_weights(pool.labels, args.balance)
    log("class weights: " + ", ".join(f"{LABEL_SET.classes[c]} {weights[c]:.2f}" for c in DRAWN))
    val = validation_set(args.val_count, size)
    running, window, losses = 0.0, 0, []
    while step < args.steps:
        if args.time_budget and time.time() - started > args.time_budget * 60:
            log(f"time budget of {args.time_budget} min reached at step {step}")
            break
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step, args)
        pixels, labels = pool.batch(rng, args.batch, crop)
        logits = F.interpolate(net(pixels), size=crop, mode="bilinear", align_corners=False)
        loss = F.cross_entropy(logits, labels, weight=weights, ignore_index=IGNORE)
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        optimizer.step()
        step += 1
        losses.append(loss.item())
        running, window = running + losses[-1], window + 1
        pool.refresh(args.new_frames_per_step)
        if step % 50 == 0:
            log(f"step {step} loss {running / window:.4f} lr {learning_rate(step, args):.2e} "
                f"scenes {pool.next_scene} elapsed {(time.time() - started) / 60:.1f} min")
            running, window = 0.0, 0
        if step % args.val_every == 0 or step == args.steps:
            log(f"validation at step {step}:\n" + "\n".join(evaluate.table(validate(net, val))))
        if step % args.checkpoint_every == 0 or step == args.steps:
            _save(ckpt_path, {"model": net.state_dict(), "optimizer": optimizer.state_dict(), "step": step,
                              "next_scene": pool.next_scene, "weights": weights,
                              "rng": rng.bit_generator.state, "torch_rng": torch.get_rng_state()})
    final = os.path.join(args.out, "final.pt")
    _save(final, net.state_dict())
    log(f"wrote {final} after {step} steps, {pool.next_scene} training scenes, "
        f"{(time.time() - started) / 60:.1f} min")
    return losses


def _save(path: str, obj) -> None:
    # Save beside and rename: a run killed mid-write leaves the previous checkpoint intact.
    torch.save(obj, path + ".tmp")
    os.replace(path + ".tmp", path)


def log(message: str) -> None:
    print(time.strftime("%H:%M:%S ") + message, flush=True)


def main(argv: Optional[Sequence[str]] = None) -> int:
    train(build_parser().parse_args(argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
