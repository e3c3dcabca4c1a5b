"""The tripwire test model: logits for ordinary batches, an error for a batch with a white frame."""

import json
import os
import tempfile
import unittest

import torch

from segstream_models import export, tripwire


def normalised(pixels):
    mean = torch.tensor(export.MEAN).view(1, 3, 1, 1)
    std = torch.tensor(export.STD).view(1, 3, 1, 1)
    return (pixels - mean) / std


class TripwireTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        tripwire.write(cls.tmp.name, (64, 128))
        with open(os.path.join(cls.tmp.name, "model.json")) as f:
            cls.card = json.load(f)
        cls.model = torch.jit.load(os.path.join(cls.tmp.name, "model.pt"))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_card_is_a_segformer_logits_card_whose_hash_matches_the_file(self):
        with open(os.path.join(self.tmp.name, "model.pt"), "rb") as f:
            self.assertEqual(export.sha256_of(f.read()), self.card["sha256"])
        self.assertEqual(self.card["family"], "segformer")
        self.assertFalse(self.card["output"]["argmax_in_graph"])
        self.assertEqual(self.card["input"]["height"], 64)
        self.assertEqual(self.card["input"]["width"], 128)

    def test_ordinary_frames_get_logits_at_a_quarter_of_any_input_size(self):
        with torch.no_grad():
            logits = self.model(normalised(torch.rand(3, 3, 96, 160) * 0.9))
        self.assertEqual(tuple(logits.shape), (3, 19, 24, 40))

    def test_the_zero_input_the_worker_probes_with_and_black_frames_pass(self):
        with torch.no_grad():
            self.model(torch.zeros(1, 3, 64, 128))
            self.model(normalised(torch.zeros(2, 3, 64, 128)))

    def test_a_batch_with_an_almost_white_frame_raises_naming_it(self):
        batch = torch.rand(3, 3, 64, 128) * 0.9
        batch[2] = 0.97 + torch.rand(3, 64, 128) * 0.03
        with self.assertRaisesRegex(Exception, "tripwire: frame 2 of the batch is all white"):
            self.model(normalised(batch))


if __name__ == "__main__":
    unittest.main()
