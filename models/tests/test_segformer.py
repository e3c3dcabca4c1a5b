"""The network: Hugging Face 4.x key layout, parameter counts, shapes and layer semantics."""

import unittest

import torch
import torch.nn.functional as F
from torch import nn

from segstream_models import segformer

torch.set_num_threads(2)


class HuggingFaceLayoutTest(unittest.TestCase):
    def test_b0_with_19_classes_has_208_keys_and_3719027_parameters(self):
        model = segformer.build("b0", 19)
        self.assertEqual(len(model.state_dict()), 208)
        self.assertEqual(segformer.count_parameters(model), 3_719_027)

    def test_b1_and_b2_parameter_counts_match_the_published_models(self):
        self.assertEqual(segformer.count_parameters(segformer.build("b1", 19)), 13_682_131)
        self.assertEqual(segformer.count_parameters(segformer.build("b2", 19)), 27_361_235)

    def test_b0_keys_and_shapes_follow_the_hf_names(self):
        shapes = {k: tuple(v.shape) for k, v in segformer.build("b0", 19).state_dict().items()}
        expected = {
            "segformer.encoder.patch_embeddings.0.proj.weight": (32, 3, 7, 7),
            "segformer.encoder.patch_embeddings.0.layer_norm.weight": (32,),
            "segformer.encoder.patch_embeddings.1.proj.weight": (64, 32, 3, 3),
            "segformer.encoder.block.0.0.layer_norm_1.weight": (32,),
            "segformer.encoder.block.0.0.attention.self.query.weight": (32, 32),
            "segformer.encoder.block.0.0.attention.self.key.bias": (32,),
            "segformer.encoder.block.0.0.attention.self.value.weight": (32, 32),
            "segformer.encoder.block.0.0.attention.self.sr.weight": (32, 32, 8, 8),
            "segformer.encoder.block.0.0.attention.self.layer_norm.bias": (32,),
            "segformer.encoder.block.0.0.attention.output.dense.weight": (32, 32),
            "segformer.encoder.block.0.1.layer_norm_2.weight": (32,),
            "segformer.encoder.block.0.1.mlp.dense1.weight": (128, 32),
            "segformer.encoder.block.0.1.mlp.dwconv.dwconv.weight": (128, 1, 3, 3),
            "segformer.encoder.block.0.1.mlp.dwconv.dwconv.bias": (128,),
            "segformer.encoder.block.0.1.mlp.dense2.weight": (32, 128),
            "segformer.encoder.block.2.1.attention.self.sr.weight": (160, 160, 2, 2),
            "segformer.encoder.layer_norm.3.weight": (256,),
            "decode_head.linear_c.0.proj.weight": (256, 32),
            "decode_head.linear_c.3.proj.weight": (256, 256),
            "decode_head.linear_fuse.weight": (256, 1024, 1, 1),
            "decode_head.batch_norm.running_var": (256,),
            "decode_head.batch_norm.num_batches_tracked": (),
            "decode_head.classifier.weight": (19, 256, 1, 1),
            "decode_head.classifier.bias": (19,),
        }
        for key, shape in expected.items():
            self.assertEqual(shapes.get(key), shape, key)

    def test_last_stage_has_no_reduction_and_fuse_has_no_bias(self):
        keys = set(segformer.build("b0", 19).state_dict())
        self.assertNotIn("segformer.encoder.block.3.0.attention.self.sr.weight", keys)
        self.assertNotIn("segformer.encoder.block.3.0.attention.self.layer_norm.weight", keys)
        self.assertNotIn("decode_head.linear_fuse.bias", keys)

    def test_every_layer_norm_uses_eps_1e_5_and_gelu_is_exact(self):
        model = segformer.build("demo", 19)
        norms = [m for m in model.modules() if isinstance(m, nn.LayerNorm)]
        self.assertTrue(norms)
        self.assertTrue(all(m.eps == 1e-5 for m in norms))
        gelus = [m for m in model.modules() if isinstance(m, nn.GELU)]
        self.assertTrue(gelus)
        self.assertTrue(all(m.approximate == "none" for m in gelus))

    def test_unknown_variant_is_rejected_with_the_known_names(self):
        with self.assertRaisesRegex(ValueError, "b0, b1, b2, b3, b4, b5, demo"):
            segformer.config_for("b9", 19)


class ForwardTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.model = segformer.build("demo", 19).eval()

    def test_logits_are_at_a_quarter_of_the_input_size(self):
        with torch.no_grad():
            logits = self.model(torch.randn(2, 3, 64, 96))
        self.assertEqual(tuple(logits.shape), (2, 19, 16, 24))

    def test_attention_without_reduction_equals_pytorch_multihead_attention(self):
        attention = segformer.Attention(hidden_size=32, num_heads=4, sr_ratio=1).eval()
        reference = self._reference_attention(attention, 32, 4)
        x = torch.randn(2, 6 * 5, 32)
        with torch.no_grad():
            want, _ = reference(x, x, x, need_weights=False)
            got = attention(x, 6, 5)
        self.assertLess((want - got).abs().max().item(), 1e-5)

    def test_attention_with_reduction_attends_to_the_reduced_normalised_grid(self):
        attention = segformer.Attention(hidden_size=16, num_heads=2, sr_ratio=2).eval()
        reference = self._reference_attention(attention, 16, 2)
        height, width = 4, 6
        x = torch.randn(1, height * width, 16)
        own = attention.self
        with torch.no_grad():
            grid = x.transpose(1, 2).reshape(1, 16, height, width)
            reduced = own.layer_norm(own.sr(grid).flatten(2).transpose(1, 2))
            want, _ = reference(x, reduced, reduced, need_weights=False)
            got = attention(x, height, width)
        self.assertLess((want - got).abs().max().item(), 1e-5)

    def test_decoder_concatenates_the_deepest_stage_first(self):
        head = self.model.decode_head
        captured = {}
        head.linear_fuse.register_forward_pre_hook(lambda m, inputs: captured.update(x=inputs[0]))
        pixels = torch.randn(1, 3, 64, 64)
        with torch.no_grad():
            features = self.model.segformer(pixels)
            self.model(pixels)
            dec = head.linear_fuse.out_channels
            for block, stage in enumerate((3, 2, 1, 0)):
                want = F.interpolate(head.linear_c[stage](features[stage]), size=(16, 16),
                                     mode="bilinear", align_corners=False)
                got = captured["x"][:, block * dec:(block + 1) * dec]
                self.assertLess((want - got).abs().max().item(), 1e-6, f"block {block}")

    @staticmethod
    def _reference_attention(attention, hidden, heads):
        # PyTorch's own multi-head attention with our weights: an independent check of the head
        # split/merge and the 1/sqrt(head size) scaling.
        reference = nn.MultiheadAttention(hidden, heads, batch_first=True).eval()
        own = attention.self
        with torch.no_grad():
            reference.in_proj_weight.copy_(torch.cat([own.query.weight, own.key.weight,
                                                      own.value.weight]))
            reference.in_proj_bias.copy_(torch.cat([own.query.bias, own.key.bias, own.value.bias]))
            reference.out_proj.weight.copy_(attention.output.dense.weight)
            reference.out_proj.bias.copy_(attention.output.dense.bias)
        return reference


if __name__ == "__main__":
    unittest.main()
