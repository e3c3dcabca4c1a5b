"""The exporter: saved graph behaviour at other sizes, the model card, and its refusals."""

import contextlib
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest
import warnings

import torch
import torch.nn.functional as F
from torch import nn

from segstream_models import export, segformer, torchscript
from segstream_models.errors import ExportError

torch.set_num_threads(2)
MODELS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CARD_KEYS = {"format_version", "family", "variant", "model_file", "label_set", "input", "output",
             "projection", "precision", "parameters", "weights", "sha256"}


def run_export(out, *extra, size="64x128"):
    """Runs the CLI in-process; returns (exit code, stdout, stderr)."""
    argv = ["--family", "segformer", "--variant", "demo", "--labels", "cityscapes-19",
            "--input-size", size, "--out", out, *extra]
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = export.main(argv)
    return code, stdout.getvalue(), stderr.getvalue()


def eager_demo(seed=0):
    torch.manual_seed(seed)
    return segformer.build("demo", 19).eval()


class ExportedGraphTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.argmax_dir = os.path.join(cls.tmp.name, "argmax")
        cls.logits_dir = os.path.join(cls.tmp.name, "logits")
        for out, extra in ((cls.argmax_dir, ["--argmax"]), (cls.logits_dir, [])):
            code, _, err = run_export(out, "--seed", "0", *extra)
            assert code == 0, err

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_argmax_graph_returns_uint8_class_ids_at_the_input_size_of_any_shape(self):
        loaded = torch.jit.load(os.path.join(self.argmax_dir, "model.pt"))
        pixels = torch.randn(2, 3, 96, 160)  # neither the export size nor its aspect ratio
        with torch.no_grad():
            got = loaded(pixels)
            logits = F.interpolate(eager_demo()(pixels), size=(96, 160), mode="bilinear",
                                   align_corners=False)
        self.assertEqual(got.dtype, torch.uint8)
        self.assertEqual(tuple(got.shape), (2, 96, 160))
        agreement = (got.long() == logits.argmax(dim=1)).double().mean().item()
        self.assertGreaterEqual(agreement, 0.9999)

    def test_logits_graph_matches_eager_within_1e_4_at_a_non_export_size(self):
        loaded = torch.jit.load(os.path.join(self.logits_dir, "model.pt"))
        pixels = torch.randn(1, 3, 128, 96)  # portrait, after a landscape export
        with torch.no_grad():
            got, want = loaded(pixels), eager_demo()(pixels)
        self.assertEqual(got.dtype, torch.float32)
        self.assertEqual(tuple(got.shape), (1, 19, 32, 24))
        self.assertLessEqual((got - want).abs().max().item(), 1e-4)

    def test_card_has_every_field_the_worker_reads(self):
        with open(os.path.join(self.argmax_dir, "model.json")) as f:
            card = json.load(f)
        self.assertEqual(set(card), CARD_KEYS)
        self.assertEqual(card["format_version"], 1)
        self.assertEqual((card["family"], card["variant"], card["model_file"]),
                         ("segformer", "demo", "model.pt"))
        self.assertEqual(card["label_set"]["id"], "cityscapes-19")
        self.assertEqual(len(card["label_set"]["classes"]), 19)
        self.assertEqual(card["label_set"]["palette"][0], [128, 64, 128])
        self.assertEqual(card["input"], {
            "height": 64, "width": 128, "resize": "stretch", "channels": "RGB", "layout": "NCHW",
            "scale": 0.00392156862745098, "mean": [0.485, 0.456, 0.406],
            "std": [0.229, 0.224, 0.225]})
        self.assertEqual(card["output"], {"argmax_in_graph": True, "dtype": "uint8", "stride": 1,
                                          "align_corners": False})
        self.assertEqual(card["projection"], "pinhole")
        self.assertEqual(card["precision"], "fp32")
        self.assertEqual(card["parameters"], segformer.count_parameters(eager_demo()))
        self.assertIn("random init, seed 0", card["weights"]["source"])
        self.assertIn("untrained", card["weights"]["source"])
        self.assertTrue(card["weights"]["licence"])
        with open(os.path.join(self.argmax_dir, "model.pt"), "rb") as f:
            self.assertEqual(card["sha256"], hashlib.sha256(f.read()).hexdigest())

    def test_logits_card_says_float32_at_stride_4(self):
        with open(os.path.join(self.logits_dir, "model.json")) as f:
            card = json.load(f)
        self.assertEqual(card["output"], {"argmax_in_graph": False, "dtype": "float32", "stride": 4,
                                          "align_corners": False})


class PrecisionTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.out = os.path.join(self.tmp.name, "out")

    def tearDown(self):
        self.tmp.cleanup()

    def test_bf16_graph_takes_and_returns_float32_and_reports_its_cost(self):
        code, report, err = run_export(self.out, "--seed", "0", "--precision", "bf16")
        self.assertEqual(code, 0, err)
        self.assertIn("at 64x128 vs float32: logits max abs diff", report)
        with open(os.path.join(self.out, "model.json")) as f:
            self.assertEqual(json.load(f)["precision"], "bf16")
        loaded = torch.jit.load(os.path.join(self.out, "model.pt"))
        self.assertEqual({p.dtype for p in loaded.net.parameters()}, {torch.bfloat16})
        pixels = torch.randn(1, 3, 64, 128)
        with torch.no_grad():
            got, want = loaded(pixels), eager_demo()(pixels)
        self.assertEqual(got.dtype, torch.float32)
        # bf16 keeps 8 bits of mantissa: logits of magnitude ~1 move by a few hundredths at most.
        self.assertLessEqual((got - want).abs().max().item(), 0.1)

    @unittest.skipIf(torch.cuda.is_available(), "this host can check fp16 graphs")
    def test_fp16_without_a_gpu_is_refused_with_the_alternative(self):
        code, _, err = run_export(self.out, "--seed", "0", "--precision", "fp16")
        self.assertEqual(code, 1)
        self.assertIn("needs a CUDA device", err)
        self.assertIn("--precision bf16", err)
        self.assertFalse(os.path.exists(self.out))


class CheckpointTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.out = os.path.join(self.tmp.name, "out")

    def tearDown(self):
        self.tmp.cleanup()

    def save(self, state, name="pytorch_model.bin"):
        path = os.path.join(self.tmp.name, name)
        torch.save(state, path)
        return path

    def test_hf_state_dict_is_loaded_and_exported_faithfully(self):
        source = eager_demo(seed=7)
        code, _, err = run_export(self.out, "--checkpoint", self.save(source.state_dict()))
        self.assertEqual(code, 0, err)
        loaded = torch.jit.load(os.path.join(self.out, "model.pt"))
        pixels = torch.randn(1, 3, 64, 64)
        with torch.no_grad():
            self.assertLessEqual((loaded(pixels) - source(pixels)).abs().max().item(), 1e-4)
        with open(os.path.join(self.out, "model.json")) as f:
            self.assertIn("checkpoint pytorch_model.bin", json.load(f)["weights"]["source"])

    def test_checkpoint_with_other_classes_is_refused_naming_the_mismatch(self):
        torch.manual_seed(0)
        other = segformer.build("demo", 150).state_dict()
        code, _, err = run_export(self.out, "--checkpoint", self.save(other))
        self.assertEqual(code, 1)
        self.assertIn("export refused", err)
        self.assertIn("decode_head.classifier.weight: checkpoint (150, 64, 1, 1), model (19, 64, 1, 1)",
                      err)
        self.assertIn("variant demo, 150 classes", err)
        self.assertFalse(os.path.exists(self.out), "nothing may be written on refusal")

    def test_checkpoint_of_another_variant_lists_missing_and_unexpected_keys(self):
        torch.manual_seed(0)
        code, _, err = run_export(self.out, "--checkpoint",
                                  self.save(segformer.build("b0", 19).state_dict()))
        self.assertEqual(code, 1)
        self.assertIn("unexpected keys (62):", err)
        self.assertIn("segformer.encoder.block.0.1.attention.output.dense.bias", err)
        self.assertIn("looks like: variant b0, 19 classes", err)

    def test_original_nvlabs_layout_is_refused_with_a_conversion_hint(self):
        renamed = {k.replace("segformer.encoder.", "backbone."): v
                   for k, v in eager_demo().state_dict().items()}
        code, _, err = run_export(self.out, "--checkpoint", self.save(renamed))
        self.assertEqual(code, 1)
        self.assertIn("missing keys", err)
        self.assertIn("NVlabs", err)

    def test_cli_exits_non_zero_with_the_reason_on_stderr(self):
        path = self.save({"not.a.segformer.weight": torch.zeros(1)})
        result = subprocess.run(
            [sys.executable, "-m", "segstream_models.export", "--family", "segformer",
             "--variant", "demo", "--labels", "cityscapes-19", "--input-size", "64x64",
             "--checkpoint", path, "--out", self.out],
            cwd=MODELS_DIR, capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("does not fit the requested model", result.stderr)
        self.assertIn("missing keys (145):", result.stderr)
        self.assertFalse(os.path.exists(self.out))


class VerifyTest(unittest.TestCase):
    """The round-trip check must catch the silent failures it exists for."""

    def test_a_graph_with_the_trace_size_frozen_in_is_refused(self):
        eager = torchscript.ExportWrapper(eager_demo(), argmax=False).eval()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", torch.jit.TracerWarning)  # the warning is the point
            frozen = torch.jit.trace(FrozenSizeWrapper(eager_demo()).eval(),
                                     torch.randn(1, 3, 64, 128))
        with self.assertRaisesRegex(ExportError, r"at 128x256: output shape \(1, 19, 16, 32\)"):
            torchscript.verify(eager, frozen, torchscript.check_sizes(64, 128), 19)

    def test_a_graph_whose_logits_drift_is_refused_even_if_argmax_hides_it(self):
        eager = torchscript.ExportWrapper(eager_demo(), argmax=True).eval()
        drifted = eager_demo()
        with torch.no_grad():
            drifted.decode_head.classifier.bias.add_(1e-3)  # shifts all logits, not the argmax
        _, loaded = torchscript.script_and_save(torchscript.ExportWrapper(drifted, argmax=True))
        with self.assertRaisesRegex(ExportError, "logits differ from eager PyTorch by 0.001"):
            torchscript.verify(eager, loaded, [(64, 64)], 19)

    def test_input_size_must_be_hxw_in_multiples_of_32(self):
        self.assertEqual(export.parse_size("256x512"), (256, 512))
        for bad in ("256", "256x500", "axb", "0x64"):
            with self.assertRaises(Exception, msg=bad):
                export.parse_size(bad)


class FrozenSizeWrapper(nn.Module):
    # What a careless export does: Python ints taken from shapes become constants in a trace.
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, pixels):
        logits = self.net(pixels)
        size = (int(pixels.shape[2]) // 4, int(pixels.shape[3]) // 4)
        return F.interpolate(logits, size=size, mode="bilinear", align_corners=False)


if __name__ == "__main__":
    unittest.main()
