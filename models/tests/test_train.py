"""Training on generated scenes, and the scoring and pre-processing it shares with evaluation."""

import contextlib
import io
import json
import os
import tempfile
import unittest

import numpy as np
import torch
from PIL import Image

from segstream_models import evaluate, train
from segstream_models.scenes import evalset, splits
from segstream_models.scenes.classes import DRAWN, IGNORE

TINY = ["--input-size", "64x128", "--crop", "64x128", "--batch", "4", "--pool", "4",
        "--frames-per-scene", "2", "--new-frames-per-step", "0", "--val-count", "1",
        "--warmup", "2", "--lr", "3e-3", "--checkpoint-every", "10"]


def run_quietly(argv):
    with contextlib.redirect_stdout(io.StringIO()) as out:
        losses = train.train(train.build_parser().parse_args(argv))
    return losses, out.getvalue()


class TrainingSmokeTest(unittest.TestCase):
    def test_a_few_steps_on_tiny_frames_reduce_the_loss_and_resume_from_the_checkpoint(self):
        with tempfile.TemporaryDirectory() as out:
            losses, _ = run_quietly(["--out", out, "--steps", "30", "--val-every", "30"] + TINY)
            self.assertEqual(len(losses), 30)
            self.assertLess(np.mean(losses[-5:]), 0.8 * np.mean(losses[:5]))
            state = torch.load(os.path.join(out, "final.pt"))
            self.assertIn("decode_head.classifier.weight", state)  # the HF layout export reads

            more, log = run_quietly(["--out", out, "--steps", "32", "--val-every", "100"] + TINY)
            self.assertIn("resumed at step 30", log)
            self.assertEqual(len(more), 2)
            self.assertEqual(torch.load(os.path.join(out, "checkpoint.pt"))["step"], 32)

    def test_learning_rate_warms_up_then_decays_to_two_percent(self):
        args = train.build_parser().parse_args(["--out", "x", "--steps", "1000", "--warmup", "100",
                                                "--lr", "1e-3"])
        rates = [train.learning_rate(s, args) for s in range(1001)]
        self.assertLess(rates[0], rates[50])
        self.assertAlmostEqual(rates[99], 1e-3)
        self.assertTrue(all(a >= b for a, b in zip(rates[100:], rates[101:])))
        self.assertAlmostEqual(rates[1000], 2e-5)

    def test_rare_classes_weigh_more(self):
        labels = torch.tensor(DRAWN, dtype=torch.uint8).repeat(1, 10, 10)  # 100 pixels per class
        labels[0, 1:, 3::10] = 0  # pole (DRAWN[3]) keeps 10 pixels, road gets the other 90
        labels[0, 5, 1] = IGNORE
        weights = train.class_weights(labels, 0.3)
        self.assertLess(weights[0], weights[10])
        self.assertLess(weights[10], weights[5])
        self.assertEqual(weights[3], 1.0)  # wall: never drawn, left alone


class ScoringTest(unittest.TestCase):
    def test_iou_counts_intersection_over_union_per_class(self):
        truth = np.array([[0, 0, 1, 1], [2, 2, IGNORE, 1]])
        pred = np.array([[0, 1, 1, 1], [2, 0, 2, 1]])
        matrix = evaluate.confusion(pred, truth, 19)
        ious = evaluate.iou_per_class(matrix)
        self.assertAlmostEqual(ious[0], 1 / 3)  # tp 1; truth 2, predicted 2
        self.assertAlmostEqual(ious[1], 3 / 4)
        self.assertAlmostEqual(ious[2], 1 / 2)
        self.assertEqual(matrix.sum(), 7)  # the ignore pixel is not counted

    def test_labels_are_stretched_by_nearest_pixel_centre(self):
        label = np.arange(8, dtype=np.uint8).reshape(2, 4)
        np.testing.assert_array_equal(evaluate.stretch_label(label, 1, 2), [[5, 7]])
        np.testing.assert_array_equal(evaluate.stretch_label(label, 4, 8)[::2, ::2], label)

    def test_panoramas_are_padded_from_the_opposite_edge(self):
        seen = {}

        def model(pixels):
            seen["shape"] = tuple(pixels.shape)
            seen["left"] = pixels[0, 0, 0, :2].tolist()
            return pixels[:, 0].round().to(torch.uint8)

        pixels = torch.arange(256, dtype=torch.float32).repeat(1, 3, 4, 1)
        out = evaluate.predict(model, pixels, wraps=True, argmax_in_graph=True)
        self.assertEqual(seen["shape"], (1, 3, 4, 256 + 2 * 32))
        self.assertEqual(seen["left"], [224.0, 225.0])  # columns from the right-hand edge
        self.assertEqual(tuple(out.shape), (1, 4, 256))


class EvalSetTest(unittest.TestCase):
    def test_writes_frames_labels_and_meta(self):
        with tempfile.TemporaryDirectory() as out:
            meta = evalset.write(out, 2, 40, "both")
            with open(os.path.join(out, "meta.json")) as f:
                self.assertEqual(json.load(f), meta)
            self.assertEqual((meta["label_set"], meta["count"], meta["seed"]), ("cityscapes-19", 2, 40))
            self.assertEqual([i["projection"] for i in meta["items"]], ["pinhole", "equirectangular"])
            for item, size in zip(meta["items"], ((640, 360), (1024, 512))):
                self.assertEqual(item["frame"], f"frames/{meta['items'].index(item):06d}.jpg")
                frame = Image.open(os.path.join(out, item["frame"]))
                label = Image.open(os.path.join(out, item["label"]))
                self.assertEqual((frame.format, frame.size), ("JPEG", size))
                self.assertEqual((label.format, label.mode, label.size), ("PNG", "L", size))
                self.assertTrue(set(np.unique(np.asarray(label))) <= set(DRAWN))

    def test_refuses_seeds_used_for_training_or_validation(self):
        with tempfile.TemporaryDirectory() as out:
            for seed in (splits.VALIDATION_FIRST - 1, splits.TRAIN_FIRST):
                with self.assertRaises(ValueError):
                    evalset.write(out, 2, seed, "both")


if __name__ == "__main__":
    unittest.main()
