"""The GPU throughput script, run on the CPU so it keeps working between GPU sessions."""

import json
import os
import tempfile
import unittest

import torch

from segstream_models import gpu_bench

torch.set_num_threads(2)


class GpuBenchTest(unittest.TestCase):
    def test_every_model_precision_and_batch_gets_a_cell_and_refusals_are_recorded(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "bench.json")
            code = gpu_bench.main(["--device", "cpu", "--models", "demo:64x128", "--batches", "1,2",
                                   "--precisions", "fp32,bf16,fp16", "--seconds", "0.05", "--out", out])
            self.assertEqual(code, 0)
            with open(out) as f:
                results = json.load(f)
        self.assertEqual(results["device"], "cpu")
        timed = [(c["precision"], c["batch"]) for c in results["cells"] if "frames_per_s" in c]
        self.assertEqual(timed, [("fp32", 1), ("fp32", 2), ("bf16", 1), ("bf16", 2)])
        self.assertTrue(all(c["frames_per_s"] > 0 for c in results["cells"] if "frames_per_s" in c))
        if not torch.cuda.is_available():
            fp16 = [c for c in results["cells"] if c["precision"] == "fp16"]
            self.assertEqual(len(fp16), 1)
            self.assertIn("needs a CUDA device", fp16[0]["error"])

    def test_models_are_named_by_variant_and_size(self):
        self.assertEqual(gpu_bench.parse_models("b0:512x1024,tiny:400x2048"), [
            {"family": "segformer", "variant": "b0", "size": (512, 1024)},
            {"family": "trans4pass", "variant": "tiny", "size": (400, 2048)}])
        with self.assertRaises(Exception):
            gpu_bench.parse_models("b9:512x1024")


if __name__ == "__main__":
    unittest.main()
