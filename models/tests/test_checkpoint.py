"""Reading checkpoint files: pickled HF state dicts and safetensors."""

import json
import os
import struct
import tempfile
import unittest

import torch

from segstream_models import checkpoint
from segstream_models.errors import ExportError


def write_safetensors(path, tensors):
    # Minimal writer for the test, from the format description: header length, JSON, raw bytes.
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    names = {torch.float32: "F32", torch.int64: "I64", torch.float16: "F16"}
    for name, tensor in tensors.items():
        raw = tensor.reshape(-1).view(torch.uint8).numpy().tobytes() if tensor.numel() else b""
        header[name] = {"dtype": names[tensor.dtype], "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    encoded = json.dumps(header).encode()
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)) + encoded + b"".join(blobs))


class ReadStateDictTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def test_safetensors_tensors_come_back_with_their_values_shapes_and_dtypes(self):
        tensors = {"a.weight": torch.randn(3, 4), "b.count": torch.tensor(7),
                   "c.half": torch.randn(2, 2).half(), "d.empty": torch.zeros(0, 5)}
        path = os.path.join(self.tmp.name, "model.safetensors")
        write_safetensors(path, tensors)
        state = checkpoint.read_state_dict(path)
        self.assertEqual(set(state), set(tensors))
        for name, tensor in tensors.items():
            self.assertEqual(state[name].dtype, tensor.dtype, name)
            self.assertTrue(torch.equal(state[name], tensor), name)

    def test_weights_nested_under_state_dict_are_unwrapped(self):
        path = os.path.join(self.tmp.name, "epoch_1.pth")
        torch.save({"state_dict": {"w": torch.ones(2)}, "epoch": 1}, path)
        self.assertEqual(list(checkpoint.read_state_dict(path)), ["w"])

    def test_missing_and_unreadable_files_are_refused_clearly(self):
        with self.assertRaisesRegex(ExportError, "does not exist"):
            checkpoint.read_state_dict(os.path.join(self.tmp.name, "nope.bin"))
        garbage = os.path.join(self.tmp.name, "garbage.bin")
        with open(garbage, "wb") as f:
            f.write(b"not a checkpoint")
        with self.assertRaisesRegex(ExportError, "could not be read"):
            checkpoint.read_state_dict(garbage)


if __name__ == "__main__":
    unittest.main()
