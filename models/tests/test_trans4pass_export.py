"""Exporting Trans4PASS: the saved graph at other sizes, its card, checkpoints, and refusals."""

import contextlib
import io
import json
import os
import tempfile
import unittest

import torch

from segstream_models import export, trans4pass

torch.set_num_threads(2)


def run_export(out, *args, variant="tiny", size="64x256", family="trans4pass"):
    """Runs the CLI in-process; returns (exit code, stdout, stderr)."""
    argv = ["--family", family, "--variant", variant, "--labels", "cityscapes-19",
            "--input-size", size, "--out", out, *args]
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = export.main(argv)
    return code, stdout.getvalue(), stderr.getvalue()


def eager_tiny(seed=0):
    torch.manual_seed(seed)
    return trans4pass.build("tiny", 19).eval()


def read_card(directory):
    with open(os.path.join(directory, "model.json")) as f:
        return json.load(f)


class ExportedGraphTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.argmax_dir = os.path.join(cls.tmp.name, "argmax")
        cls.logits_dir = os.path.join(cls.tmp.name, "logits")
        for out, extra in ((cls.argmax_dir, ["--argmax"]),
                           (cls.logits_dir, ["--projection", "pinhole"])):
            code, _, err = run_export(out, "--seed", "0", *extra)
            assert code == 0, err

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_argmax_graph_returns_class_ids_at_the_input_size_of_a_portrait_frame(self):
        loaded = torch.jit.load(os.path.join(self.argmax_dir, "model.pt"))
        pixels = torch.randn(1, 3, 96, 64)  # portrait, after a landscape export
        with torch.no_grad():
            got = loaded(pixels)
            want = eager_tiny()(pixels).argmax(dim=1)
        self.assertEqual(got.dtype, torch.uint8)
        self.assertEqual(tuple(got.shape), (1, 96, 64))
        self.assertGreaterEqual((got.long() == want).double().mean().item(), 0.9999)

    def test_logits_graph_matches_eager_within_1e_4_at_a_non_export_size(self):
        loaded = torch.jit.load(os.path.join(self.logits_dir, "model.pt"))
        pixels = torch.randn(1, 3, 72, 40)  # neither a multiple of 32 nor the export's aspect
        with torch.no_grad():
            got, want = loaded(pixels), eager_tiny()(pixels)
        self.assertEqual(tuple(got.shape), (1, 19, 72, 40))
        self.assertLessEqual((got - want).abs().max().item(), 1e-4)

    def test_card_describes_a_full_resolution_equirectangular_trans4pass_model(self):
        card = read_card(self.argmax_dir)
        self.assertEqual((card["family"], card["variant"]), ("trans4pass", "tiny"))
        self.assertEqual(card["output"], {"argmax_in_graph": True, "dtype": "uint8", "stride": 1,
                                          "align_corners": True})
        self.assertEqual(card["projection"], "equirectangular")
        self.assertEqual(card["parameters"], 15_274_427)
        self.assertEqual((card["input"]["height"], card["input"]["width"]), (64, 256))
        self.assertEqual(card["input"]["mean"], [0.485, 0.456, 0.406])
        self.assertEqual(card["input"]["std"], [0.229, 0.224, 0.225])
        self.assertEqual(card["label_set"]["id"], "cityscapes-19")

    def test_logits_card_says_float32_at_stride_1_and_takes_the_projection_given(self):
        card = read_card(self.logits_dir)
        self.assertEqual(card["output"], {"argmax_in_graph": False, "dtype": "float32",
                                          "stride": 1, "align_corners": True})
        self.assertEqual(card["projection"], "pinhole")


class CheckpointExportTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.out = os.path.join(self.tmp.name, "out")

    def tearDown(self):
        self.tmp.cleanup()

    def test_official_training_checkpoint_is_exported_faithfully(self):
        source = eager_tiny(seed=7)
        path = os.path.join(self.tmp.name, "trans4pass_tiny_512x512.pth")
        torch.save({"epoch": 1, "state_dict": {f"module.{k}": v
                                               for k, v in source.state_dict().items()}}, path)
        code, _, err = run_export(self.out, "--checkpoint", path, size="32x64")
        self.assertEqual(code, 0, err)
        loaded = torch.jit.load(os.path.join(self.out, "model.pt"))
        pixels = torch.randn(1, 3, 48, 48)
        with torch.no_grad():
            self.assertLessEqual((loaded(pixels) - source(pixels)).abs().max().item(), 1e-4)
        self.assertIn("checkpoint trans4pass_tiny_512x512.pth",
                      read_card(self.out)["weights"]["source"])

    def test_a_checkpoint_of_another_variant_is_refused_and_nothing_is_written(self):
        torch.manual_seed(0)
        path = os.path.join(self.tmp.name, "small.pth")
        torch.save(trans4pass.build("small", 19).state_dict(), path)
        code, _, err = run_export(self.out, "--checkpoint", path, size="32x64")
        self.assertEqual(code, 1)
        self.assertIn("unexpected keys (156):", err)
        self.assertIn("looks like: variant small, 19 classes", err)
        self.assertFalse(os.path.exists(self.out))

    def test_a_variant_of_the_other_family_is_refused_naming_the_known_ones(self):
        code, _, err = run_export(self.out, variant="b0")
        self.assertEqual(code, 1)
        self.assertIn("trans4pass has no variant 'b0' (known: tiny, small, plus-tiny, plus-small)",
                      err)

    def test_sizes_are_free_for_trans4pass_but_multiples_of_32_for_segformer(self):
        self.assertEqual(export.parse_any_size("400x2048"), (400, 2048))
        code, _, err = run_export(self.out, family="segformer", variant="demo", size="400x2048")
        self.assertEqual(code, 1)
        self.assertIn("segformer needs multiples of 32", err)


class PanoramaSizeExportTest(unittest.TestCase):
    """The DensePASS evaluation size: trace-free export at 400x2048, checked at 512x1024."""

    def test_tiny_exported_at_400x2048_matches_eager_at_512x1024(self):
        with tempfile.TemporaryDirectory() as tmp:
            code, out, err = run_export(tmp, "--seed", "0", size="400x2048")
            self.assertEqual(code, 0, err)
            self.assertIn("at 400x2048: logits max abs diff", out)
            self.assertIn("at 464x2176: logits max abs diff", out)
            loaded = torch.jit.load(os.path.join(tmp, "model.pt"))
            pixels = torch.randn(1, 3, 512, 1024)
            with torch.no_grad():
                got, want = loaded(pixels), eager_tiny()(pixels)
        self.assertEqual(tuple(got.shape), (1, 19, 512, 1024))
        self.assertLessEqual((got - want).abs().max().item(), 1e-4)


if __name__ == "__main__":
    unittest.main()
