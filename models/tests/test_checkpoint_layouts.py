"""Checkpoints in the reference key layouts (NVlabs/mmseg SegFormer; official Trans4PASS releases
and training saves) load into our models with nothing missing or left over, and give the same
outputs. Each file is written from one of our own models with its keys renamed back."""

import os
import re
import tempfile
import unittest

import torch

from segstream_models import checkpoint, segformer, trans4pass
from segstream_models.errors import ExportError

torch.set_num_threads(2)


def hf_to_nvlabs(state):
    """Our HF-layout SegFormer state dict as NVlabs/mmseg saves it (the inverse renames, keys and
    values fused into ``kv``, mmseg's unused ``conv_seg`` classifier added)."""
    renames = (
        (r"^segformer\.encoder\.patch_embeddings\.(\d)\.layer_norm\.",
         lambda m: f"backbone.patch_embed{int(m[1]) + 1}.norm."),
        (r"^segformer\.encoder\.patch_embeddings\.(\d)\.",
         lambda m: f"backbone.patch_embed{int(m[1]) + 1}."),
        (r"^segformer\.encoder\.layer_norm\.(\d)\.", lambda m: f"backbone.norm{int(m[1]) + 1}."),
        (r"^segformer\.encoder\.block\.(\d)\.", lambda m: f"backbone.block{int(m[1]) + 1}."),
        (r"\.layer_norm_([12])\.", r".norm\1."),
        (r"\.attention\.self\.query\.", ".attn.q."),
        (r"\.attention\.self\.layer_norm\.", ".attn.norm."),
        (r"\.attention\.self\.sr\.", ".attn.sr."),
        (r"\.attention\.output\.dense\.", ".attn.proj."),
        (r"\.mlp\.dense([12])\.", r".mlp.fc\1."),
        (r"^decode_head\.linear_c\.(\d)\.", lambda m: f"decode_head.linear_c{int(m[1]) + 1}."),
        (r"^decode_head\.linear_fuse\.", "decode_head.linear_fuse.conv."),
        (r"^decode_head\.batch_norm\.", "decode_head.linear_fuse.bn."),
        (r"^decode_head\.classifier\.", "decode_head.linear_pred."),
    )
    out = {}
    for key, value in state.items():
        if ".attention.self.value." in key:
            continue
        if ".attention.self.key." in key:
            value = torch.cat([value, state[key.replace(".key.", ".value.")]])
            key = key.replace(".attention.self.key.", ".attn.kv.")
        for pattern, replacement in renames:
            key = re.sub(pattern, replacement, key)
        out[key] = value
    classifier = state["decode_head.classifier.weight"]
    out["decode_head.conv_seg.weight"] = torch.zeros_like(classifier)
    out["decode_head.conv_seg.bias"] = torch.zeros(classifier.shape[0])
    return out


class CallsGetcwd:
    # Stands in for a pickle that calls a function when loaded; getcwd is harmless if it ran.
    def __reduce__(self):
        return os.getcwd, ()


class CheckpointFileTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def save(self, obj, name):
        path = os.path.join(self.tmp.name, name)
        torch.save(obj, path)
        return path

    def assert_same_outputs(self, source, loaded, size=(64, 64)):
        pixels = torch.randn(1, 3, *size)
        with torch.no_grad():
            self.assertTrue(torch.equal(source.eval()(pixels), loaded.eval()(pixels)))


class NvlabsSegformerTest(CheckpointFileTest):
    def test_nvlabs_mmseg_checkpoint_loads_without_missing_or_unexpected_keys(self):
        torch.manual_seed(3)
        source = segformer.build("b0", 19)
        nvlabs = hf_to_nvlabs(source.state_dict())
        self.assertTrue(checkpoint.is_nvlabs_segformer(nvlabs))
        self.assertEqual(set(checkpoint.nvlabs_segformer_to_hf(nvlabs)), set(source.state_dict()))
        path = self.save({"meta": {"CLASSES": ["road"]}, "state_dict": nvlabs}, "iter_160000.pth")
        torch.manual_seed(4)
        target = segformer.build("b0", 19)
        checkpoint.load_segformer(target, path)
        self.assert_same_outputs(source, target)

    def test_original_names_map_to_the_hf_names(self):
        names = {
            "backbone.patch_embed1.proj.weight": "segformer.encoder.patch_embeddings.0.proj.weight",
            "backbone.patch_embed2.norm.bias": "segformer.encoder.patch_embeddings.1.layer_norm.bias",
            "backbone.block1.0.norm1.weight": "segformer.encoder.block.0.0.layer_norm_1.weight",
            "backbone.block2.1.norm2.bias": "segformer.encoder.block.1.1.layer_norm_2.bias",
            "backbone.block1.0.attn.q.weight":
                "segformer.encoder.block.0.0.attention.self.query.weight",
            "backbone.block1.0.attn.sr.bias": "segformer.encoder.block.0.0.attention.self.sr.bias",
            "backbone.block1.0.attn.norm.weight":
                "segformer.encoder.block.0.0.attention.self.layer_norm.weight",
            "backbone.block1.1.attn.proj.bias":
                "segformer.encoder.block.0.1.attention.output.dense.bias",
            "backbone.block3.1.mlp.fc1.weight": "segformer.encoder.block.2.1.mlp.dense1.weight",
            "backbone.block3.1.mlp.dwconv.dwconv.bias":
                "segformer.encoder.block.2.1.mlp.dwconv.dwconv.bias",
            "backbone.norm4.weight": "segformer.encoder.layer_norm.3.weight",
            "decode_head.linear_c4.proj.weight": "decode_head.linear_c.3.proj.weight",
            "decode_head.linear_fuse.conv.weight": "decode_head.linear_fuse.weight",
            "decode_head.linear_fuse.bn.running_var": "decode_head.batch_norm.running_var",
            "decode_head.linear_pred.bias": "decode_head.classifier.bias",
        }
        converted = checkpoint.nvlabs_segformer_to_hf({k: torch.zeros(1) for k in names})
        self.assertEqual(sorted(converted), sorted(names.values()))

    def test_fused_kv_is_split_keys_first_and_conv_seg_is_dropped(self):
        kv = torch.arange(8.0).reshape(4, 2)
        converted = checkpoint.nvlabs_segformer_to_hf({
            "backbone.block1.0.attn.kv.weight": kv, "decode_head.conv_seg.weight": torch.zeros(1)})
        self.assertEqual(set(converted), {"segformer.encoder.block.0.0.attention.self.key.weight",
                                          "segformer.encoder.block.0.0.attention.self.value.weight"})
        self.assertTrue(torch.equal(
            converted["segformer.encoder.block.0.0.attention.self.key.weight"], kv[:2]))
        self.assertTrue(torch.equal(
            converted["segformer.encoder.block.0.0.attention.self.value.weight"], kv[2:]))

    def test_an_nvlabs_checkpoint_of_another_variant_is_refused_naming_the_layout(self):
        path = self.save({"state_dict": hf_to_nvlabs(segformer.build("b0", 19).state_dict())},
                         "b0.pth")
        with self.assertRaisesRegex(ExportError, r"NVlabs/mmseg layout, converted(.|\n)*"
                                                 r"looks like: variant b0, 19 classes"):
            checkpoint.load_segformer(segformer.build("demo", 19), path)


class Trans4PassReleaseTest(CheckpointFileTest):
    def setUp(self):
        super().setUp()
        torch.manual_seed(5)
        self.source = trans4pass.build("tiny", 19).eval()
        torch.manual_seed(6)
        self.target = trans4pass.build("tiny", 19)

    def test_released_bare_state_dict_loads_and_gives_identical_outputs(self):
        path = self.save(self.source.state_dict(), "trans4pass_tiny_512x512.pth")
        checkpoint.load_trans4pass(self.target, path)
        self.assert_same_outputs(self.source, self.target, (32, 64))

    def test_training_epoch_file_saved_from_data_parallel_loads(self):
        # What segmentron's training loop saves: DataParallel's module. prefix, plus the optimiser
        # and scheduler states beside the weights.
        optimizer = torch.optim.AdamW(self.source.parameters(), lr=1e-4)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 10)
        state = {f"module.{k}": v for k, v in self.source.state_dict().items()}
        path = self.save({"epoch": 3, "state_dict": state, "optimizer": optimizer.state_dict(),
                          "lr_scheduler": scheduler.state_dict()}, "3.pth")
        checkpoint.load_trans4pass(self.target, path)
        self.assert_same_outputs(self.source, self.target, (32, 64))

    def test_a_checkpoint_that_would_construct_other_objects_is_refused(self):
        path = self.save({"state_dict": self.source.state_dict(), "lr": 0.1, "hook": CallsGetcwd()},
                         "hostile.pth")
        with self.assertRaisesRegex(ExportError, "could not be read: .*construct .*getcwd"):
            checkpoint.load_trans4pass(self.target, path)

    def test_mmseg_style_backbone_keys_are_renamed_to_encoder(self):
        state = {k.replace("encoder.", "backbone.", 1): v
                 for k, v in self.source.state_dict().items()}
        checkpoint.load_trans4pass(self.target, self.save(state, "mmseg.pth"))
        self.assert_same_outputs(self.source, self.target, (32, 64))

    def test_a_trans4pass_plus_checkpoint_is_refused_for_trans4pass_naming_what_it_is(self):
        plus = trans4pass.build("plus-tiny", 19).state_dict()
        with self.assertRaises(ExportError) as refused:
            checkpoint.load_trans4pass(self.target, self.save(plus, "plus.pth"))
        message = str(refused.exception)
        self.assertIn("missing keys (80):", message)  # BatchNorm counters are optional
        self.assertIn("dede_head.head1.h_mlp.bias", message)
        self.assertIn("unexpected keys (132):", message)
        self.assertIn("looks like: variant plus-tiny, 19 classes", message)

    def test_a_decode_head_checkpoint_is_refused_with_the_official_rename_explained(self):
        state = {k.replace("dede_head.", "decode_head."): v
                 for k, v in self.source.state_dict().items()}
        with self.assertRaisesRegex(ExportError, r"fpt_head\.head1(.|\n)*saved as 'decode_head'"):
            checkpoint.load_trans4pass(self.target, self.save(state, "other.pth"))


if __name__ == "__main__":
    unittest.main()
