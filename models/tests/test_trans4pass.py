"""Trans4PASS(+): official key layout and sizes, and each layer against the reference's computation
(written here with torchvision.ops.deform_conv2d, as the official code calls it)."""

import contextlib
import unittest
from unittest import mock

import torch
import torch.nn.functional as F
import torchvision
from torch import nn

from segstream_models import deform, trans4pass, trans4pass_heads

torch.set_num_threads(2)


@contextlib.contextmanager
def torchvision_deform():
    """Runs our modules with torchvision's deformable conv: the reference computation."""
    op = torchvision.ops.deform_conv2d
    with mock.patch.object(trans4pass, "deform_conv2d", op), \
            mock.patch.object(trans4pass_heads, "deform_conv2d", op), \
            mock.patch.object(deform, "deform_conv2d", op):
        yield


def randomise(model, seed=0, offset_gain=10.0):
    """Non-trivial BatchNorm statistics, and offsets large enough to hit the clamps."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.copy_(torch.randn(m.num_features, generator=g) * 0.1)
                m.running_var.copy_(torch.rand(m.num_features, generator=g) + 0.5)
        for name, p in model.named_parameters():
            if "offset_conv" in name or "offset_modulator_conv.pointwise" in name:
                p.mul_(offset_gain)
    return model.eval()


class OfficialLayoutTest(unittest.TestCase):
    # Key and parameter counts of the official models with 19 classes (shared/MODEL_FACTS.md).
    COUNTS = {"tiny": (314, 15_274_427), "small": (470, 26_319_291),
              "plus-tiny": (358, 15_217_339), "plus-small": (514, 26_262_203)}

    def test_every_variant_has_the_official_key_and_parameter_counts(self):
        for variant, (keys, params) in self.COUNTS.items():
            with self.subTest(variant):
                model = trans4pass.build(variant, 19)
                self.assertEqual(len(model.state_dict()), keys)
                self.assertEqual(sum(p.numel() for p in model.parameters()), params)

    def test_keys_and_shapes_follow_the_official_names(self):
        tiny = {k: tuple(v.shape) for k, v in trans4pass.build("tiny", 19).state_dict().items()}
        plus = {k: tuple(v.shape) for k, v in trans4pass.build("plus-tiny", 19).state_dict().items()}
        for shapes, expected in ((tiny, {
            "encoder.patch_embed1.proj.weight": (64, 3, 7, 7),
            "encoder.patch_embed1.offset_conv.weight": (98, 3, 7, 7),
            "encoder.patch_embed1.modulator_conv.bias": (49,),
            "encoder.patch_embed1.norm.weight": (64,),
            "encoder.patch_embed2.proj.weight": (128, 64, 3, 3),
            "encoder.block1.0.norm1.weight": (64,),
            "encoder.block1.0.attn.q.bias": (64,),
            "encoder.block1.0.attn.kv.weight": (128, 64),
            "encoder.block1.0.attn.sr.weight": (64, 64, 8, 8),
            "encoder.block1.0.attn.norm.bias": (64,),
            "encoder.block1.1.attn.proj.weight": (64, 64),
            "encoder.block3.1.mlp.fc1.weight": (1280, 320),
            "encoder.block3.1.mlp.dwconv.dwconv.weight": (1280, 1, 3, 3),
            "encoder.block4.1.mlp.fc2.bias": (512,),
            "encoder.norm4.weight": (512,),
            "dede_head.head1.sdp.proj.weight": (128, 64, 3, 3),
            "dede_head.head1.sdp.offset_conv.weight": (18, 64, 3, 3),
            "dede_head.head1.sdp.modulator_conv.weight": (9, 64, 3, 3),
            "dede_head.head1.sdp.norm.running_var": (128,),
            "dede_head.head4.sdp.proj.weight": (128, 512, 3, 3),
            "dede_head.head2.h_mlp.weight": (128, 128, 1, 1),
            "dede_head.head2.h_mlp.bias": (128,),
            "dede_head.head2.w_mlp.offset_modulator_conv.depthwise.weight": (128, 1, 3, 3),
            "dede_head.head2.w_mlp.offset_modulator_conv.pointwise.weight": (384, 128, 1, 1),
            "dede_head.head2.w_mlp.norm.num_batches_tracked": (),
            "dede_head.head3.c_mlp.weight": (128, 128),
            "dede_head.head3.proj.bias": (128,),
            "dede_head.pred.weight": (19, 128, 1, 1),
        }), (plus, {
            "dede_head.head1.dmlp.weight": (128, 128, 1, 1),
            "dede_head.head1.dmlp.offset_modulator_conv.pointwise.weight": (384, 128, 1, 1),
            "dede_head.head1.cmlp1.fc1.weight": (128, 128),
            "dede_head.head1.cmlp1.dwconv.dwconv.weight": (128, 1, 3, 3),
            "dede_head.head1.cmlp1.gamma": (128,),
            "dede_head.head1.cmlp2.se.conv_reduce.weight": (32, 128, 1, 1),
            "dede_head.head1.cmlp2.se.conv_expand.bias": (128,),
            "dede_head.head4.norm1.weight": (128,),
        })):
            for key, shape in expected.items():
                self.assertEqual(shapes.get(key), shape, key)

    def test_only_stage_1_is_deformable_and_stage_4_has_no_reduction(self):
        keys = set(trans4pass.build("tiny", 19).state_dict())
        self.assertNotIn("encoder.patch_embed2.offset_conv.weight", keys)
        self.assertNotIn("encoder.block4.0.attn.sr.weight", keys)
        self.assertNotIn("dede_head.head1.sdp.offset_modulator_conv.depthwise.bias", keys)

    def test_norm_eps_follow_the_reference_and_gelu_is_exact(self):
        model = trans4pass.build("tiny", 19)
        eps = {name: m.eps for name, m in model.named_modules() if isinstance(m, nn.LayerNorm)}
        self.assertEqual(eps["encoder.block2.1.norm1"], 1e-6)
        self.assertEqual(eps["encoder.norm3"], 1e-6)
        self.assertEqual(eps["encoder.patch_embed1.norm"], 1e-5)
        self.assertEqual(eps["encoder.block1.0.attn.norm"], 1e-5)
        self.assertTrue(all(m.approximate == "none" for m in model.modules()
                            if isinstance(m, nn.GELU)))

    def test_unknown_variant_is_rejected_with_the_known_names(self):
        with self.assertRaisesRegex(ValueError, "tiny, small, plus-tiny, plus-small"):
            trans4pass.build("large", 19)


class LayerSemanticsTest(unittest.TestCase):
    def test_deformable_mlp_reads_concatenated_offsets_and_clamps_to_a_quarter_of_max_h_w(self):
        layer = randomise(trans4pass_heads.DeformableMLP(16, 16))
        scripted = torch.jit.script(layer)
        for size in ((12, 20), (36, 8)):  # bounds 5 and 9, computed from each input
            x = torch.randn(1, 16, *size)
            with torch.no_grad():
                offset_y, offset_x, modulator = torch.chunk(layer.offset_modulator_conv(x), 3, 1)
                bound = max(size) // 4
                offset = torch.cat((offset_y, offset_x), 1)
                self.assertGreater(offset.abs().max().item(), bound)  # the clamp matters
                want = F.gelu(layer.norm(torchvision.ops.deform_conv2d(
                    x, offset.clamp(-bound, bound), layer.weight, layer.bias,
                    mask=2 * torch.sigmoid(modulator))))
                self.assertLessEqual((scripted(x) - want).abs().max().item(), 1e-4, size)

    def test_deformable_projections_clamp_to_a_quarter_of_min_h_w(self):
        embed = randomise(trans4pass.OverlapPatchEmbed(7, 4, 3, 16, use_dcn=True))
        head = randomise(trans4pass_heads.DeformableProjEmbed(8, 16))
        for layer, channels, stride, pad in ((embed, 3, 4, 3), (head, 8, 1, 1)):
            scripted = torch.jit.script(layer)
            for size in ((32, 64), (44, 24)):  # bounds 8 and 6
                x = torch.randn(1, channels, *size)
                bound = min(size) // 4
                with torch.no_grad():
                    offset = layer.offset_conv(x)
                    self.assertGreater(offset.abs().max().item(), bound)
                    want = torchvision.ops.deform_conv2d(
                        x, offset.clamp(-bound, bound), layer.proj.weight, layer.proj.bias,
                        stride=stride, padding=pad, mask=2 * torch.sigmoid(layer.modulator_conv(x)))
                    got = scripted(x)
                if layer is embed:
                    got = got[0].transpose(1, 2).reshape(want.shape)  # tokens back to a grid
                    want = F.layer_norm(want.permute(0, 2, 3, 1), (16,), layer.norm.weight,
                                        layer.norm.bias, 1e-5).permute(0, 3, 1, 2)
                else:
                    want = F.gelu(layer.norm(want))
                self.assertLessEqual((got - want).abs().max().item(), 1e-4, (type(layer), size))

    def test_dmlp_block_adds_both_deformable_mlps_then_the_channel_mlp_then_projects(self):
        block = randomise(trans4pass_heads.DeformableMLPBlock(8, 16))
        x = torch.randn(1, 8, 10, 14)
        with torch.no_grad():
            s = block.sdp(x)
            mixed = (s + block.h_mlp(s) + block.w_mlp(s)).permute(0, 2, 3, 1)
            want = block.proj(mixed + block.c_mlp(mixed)).permute(0, 3, 1, 2)
            self.assertLessEqual((block(x) - want).abs().max().item(), 1e-5)

    def test_dmlpv2_block_pools_the_normalised_input_and_has_no_activation_in_its_mlps(self):
        block = randomise(trans4pass_heads.DeformableMLPBlockV2(8, 16))
        x = torch.randn(1, 8, 10, 14)

        def se_mlp(mlp, grid):  # fc1 -> gamma * dwconv + skip -> fc2 -> squeeze-excite
            tokens = mlp.fc1(grid.flatten(2).transpose(1, 2))
            dw = mlp.dwconv.dwconv(tokens.transpose(1, 2).reshape(grid.shape))
            tokens = mlp.fc2(mlp.gamma * dw.flatten(2).transpose(1, 2) + tokens)
            out = tokens.transpose(1, 2).reshape(grid.shape)
            gate = mlp.se.conv_expand(F.relu(mlp.se.conv_reduce(F.adaptive_avg_pool2d(out, 1))))
            return out * torch.sigmoid(gate)

        with torch.no_grad():
            s = block.sdp(x)
            pooled = F.avg_pool2d(F.group_norm(s, 1, block.norm1.weight, block.norm1.bias), 3, 1, 1,
                                  count_include_pad=False)
            mid = se_mlp(block.cmlp1, s) + pooled
            want = se_mlp(block.cmlp2, mid) + block.dmlp(mid)
            self.assertLessEqual((block(x) - want).abs().max().item(), 1e-5)
        self.assertEqual(block.cmlp1.se.conv_reduce.out_channels, 4)  # 128 channels -> 32

    def test_attention_equals_pytorch_multihead_attention_on_the_reduced_grid(self):
        attention = trans4pass.Attention(16, num_heads=2, sr_ratio=2).eval()
        reference = nn.MultiheadAttention(16, 2, batch_first=True).eval()
        with torch.no_grad():
            # The fused kv projection holds the keys in its first 16 rows, the values after.
            reference.in_proj_weight.copy_(torch.cat([attention.q.weight, attention.kv.weight]))
            reference.in_proj_bias.copy_(torch.cat([attention.q.bias, attention.kv.bias]))
            reference.out_proj.weight.copy_(attention.proj.weight)
            reference.out_proj.bias.copy_(attention.proj.bias)
            x = torch.randn(1, 4 * 6, 16)
            grid = x.transpose(1, 2).reshape(1, 16, 4, 6)
            reduced = attention.norm(attention.sr(grid).flatten(2).transpose(1, 2))
            want, _ = reference(x, reduced, reduced, need_weights=False)
            self.assertLessEqual((attention(x, 4, 6) - want).abs().max().item(), 1e-5)


class ForwardTest(unittest.TestCase):
    def test_whole_model_matches_the_torchvision_computation_at_any_size(self):
        for variant in ("tiny", "plus-tiny"):
            torch.manual_seed(0)
            model = randomise(trans4pass.build(variant, 19))
            scripted = torch.jit.script(model)
            for size in ((32, 64), (48, 32)):  # landscape, then portrait
                x = torch.randn(1, 3, *size)
                with torch.no_grad():
                    got = scripted(x)
                    with torchvision_deform():
                        want = model(x)
                self.assertEqual(tuple(got.shape), (1, 19, *size))
                self.assertLessEqual((got - want).abs().max().item(), 1e-4, (variant, size))

    def test_logits_come_back_at_the_input_size_even_when_it_is_not_a_multiple_of_32(self):
        torch.manual_seed(0)
        model = trans4pass.build("tiny", 13).eval()
        with torch.no_grad():
            features = model.encoder(torch.randn(1, 3, 50, 70))
            logits = model(torch.randn(1, 3, 50, 70))
        self.assertEqual([tuple(f.shape[1:]) for f in features],
                         [(64, 13, 18), (128, 7, 9), (320, 4, 5), (512, 2, 3)])
        self.assertEqual(tuple(logits.shape), (1, 13, 50, 70))

    def test_head_upsampling_and_final_upsampling_use_align_corners(self):
        torch.manual_seed(0)
        model = trans4pass.build("tiny", 19).eval()
        x = torch.randn(1, 3, 64, 64)
        with torch.no_grad():
            low = model.dede_head(*model.encoder(x))
            want = F.interpolate(low, size=(64, 64), mode="bilinear", align_corners=True)
            self.assertTrue(torch.equal(model(x), want))


if __name__ == "__main__":
    unittest.main()
