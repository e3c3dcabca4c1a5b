"""The demo model shipped in demo/segformer-demo: its card matches the file and it runs."""

import hashlib
import json
import os
import unittest

import torch

DEMO_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                        "demo", "segformer-demo")


@unittest.skipUnless(os.path.isfile(os.path.join(DEMO_DIR, "model.json")), "demo model not exported")
class DemoModelTest(unittest.TestCase):
    def setUp(self):
        with open(os.path.join(DEMO_DIR, "model.json")) as f:
            self.card = json.load(f)
        self.model_path = os.path.join(DEMO_DIR, self.card["model_file"])

    def test_card_hash_matches_the_model_file(self):
        with open(self.model_path, "rb") as f:
            self.assertEqual(hashlib.sha256(f.read()).hexdigest(), self.card["sha256"])

    def test_card_says_the_weights_were_trained_here_on_generated_data(self):
        self.assertIn("segstream_models.train", self.card["weights"]["source"])
        self.assertIn("project's own", self.card["weights"]["licence"])

    def test_model_stays_small_enough_to_commit(self):
        self.assertLessEqual(os.path.getsize(self.model_path), 20 * 1024 * 1024)

    def test_model_returns_logits_at_the_card_stride_for_the_reference_protocol(self):
        # Logits, not an in-graph argmax: the worker resizes them to the input or the frame's size
        # before the argmax (SegFormer's reference inference), which scores better on thin classes.
        height, width = self.card["input"]["height"], self.card["input"]["width"]
        stride = self.card["output"]["stride"]
        self.assertFalse(self.card["output"]["argmax_in_graph"])
        model = torch.jit.load(self.model_path)
        with torch.no_grad():
            logits = model(torch.randn(1, 3, height, width))
        self.assertEqual(logits.dtype, torch.float32)
        classes = len(self.card["label_set"]["classes"])
        self.assertEqual(tuple(logits.shape), (1, classes, height // stride, width // stride))

if __name__ == "__main__":
    unittest.main()
