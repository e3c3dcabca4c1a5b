"""Deformable convolution in plain aten ops: same results as torchvision's, and scriptable."""

import unittest

import torch
import torchvision

from segstream_models.deform import DeformConv2d, deform_conv2d

torch.set_num_threads(2)


def random_case(kernel, stride=(1, 1), padding=(0, 0), dilation=(1, 1), groups=1, offset_groups=1,
                in_channels=8, out_channels=6, size=(13, 17), offset_scale=3.0, dtype=torch.float32,
                seed=0):
    """Input, offsets, mask, weight, bias for one case; weights scaled like a conv's init."""
    g = torch.Generator().manual_seed(seed)
    kh, kw = kernel
    out_h = (size[0] + 2 * padding[0] - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    out_w = (size[1] + 2 * padding[1] - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    fan_in = in_channels // groups * kh * kw
    return dict(
        input=torch.randn(2, in_channels, *size, generator=g, dtype=dtype),
        offset=torch.randn(2, 2 * offset_groups * kh * kw, out_h, out_w, generator=g,
                           dtype=dtype) * offset_scale,
        mask=2 * torch.rand(2, offset_groups * kh * kw, out_h, out_w, generator=g, dtype=dtype),
        weight=torch.randn(out_channels, in_channels // groups, kh, kw, generator=g,
                           dtype=dtype) / fan_in ** 0.5,
        bias=torch.randn(out_channels, generator=g, dtype=dtype),
        stride=stride, padding=padding, dilation=dilation)


def max_diff_to_torchvision(case):
    want = torchvision.ops.deform_conv2d(**case)
    got = deform_conv2d(**case)
    return (want - got).abs().max().item()


class MatchesTorchvisionTest(unittest.TestCase):
    # The kernel shapes Trans4PASS uses, and the generality around them (groups, dilation, offset
    # groups, no mask); random offsets up to several pixels push samples across borders too.
    CASES = {
        "3x3 stride 1 pad 1 (head projection)": dict(kernel=(3, 3), padding=(1, 1)),
        "1x3 stride 1 pad (0,1)": dict(kernel=(1, 3), padding=(0, 1)),
        "3x1 stride 1 pad (1,0)": dict(kernel=(3, 1), padding=(1, 0)),
        "7x7 stride 4 pad 3 (patch embedding)": dict(kernel=(7, 7), stride=(4, 4), padding=(3, 3),
                                                      in_channels=3, out_channels=16, size=(37, 45)),
        "1x1, one offset group per channel (deformable MLP)": dict(kernel=(1, 1), offset_groups=8,
                                                                   out_channels=8),
        "3x3 dilation 2, groups 2, offset groups 4": dict(kernel=(3, 3), padding=(2, 2),
                                                          dilation=(2, 2), groups=2, offset_groups=4),
        "samples mostly outside the input": dict(kernel=(3, 3), padding=(1, 1), offset_scale=20.0),
    }

    def test_float32_results_agree_within_1e_4(self):
        for name, spec in self.CASES.items():
            with self.subTest(name):
                self.assertLessEqual(max_diff_to_torchvision(random_case(**spec)), 1e-4)

    def test_float64_results_agree_to_rounding_so_the_semantics_are_the_same(self):
        for name, spec in self.CASES.items():
            with self.subTest(name):
                case = random_case(dtype=torch.float64, **spec)
                self.assertLessEqual(max_diff_to_torchvision(case), 1e-10)

    def test_bf16_samples_at_float32_positions_on_a_wide_panorama_row(self):
        # At 2048 columns a bf16 coordinate (8 mantissa bits) would be off by up to 8 pixels; the
        # sampling runs in float32, so only the bf16 rounding of values and weights remains.
        case = random_case(kernel=(7, 7), stride=(4, 4), padding=(3, 3), in_channels=3,
                           out_channels=16, size=(9, 2048))
        want = deform_conv2d(**case)
        low = {k: v.bfloat16() if torch.is_tensor(v) else v for k, v in case.items()}
        got = deform_conv2d(**low)
        self.assertEqual(got.dtype, torch.bfloat16)
        scale = want.abs().max().item()
        self.assertLessEqual((got.float() - want).abs().max().item(), 0.03 * scale)

    def test_without_mask_and_bias_it_is_plain_deformable_conv(self):
        case = random_case((3, 3), padding=(1, 1))
        case.update(mask=None, bias=None)
        self.assertLessEqual(max_diff_to_torchvision(case), 1e-4)

    def test_module_matches_torchvision_module_with_the_same_weights(self):
        ours = DeformConv2d(4, 6, (3, 3), padding=(1, 1), groups=2)
        theirs = torchvision.ops.DeformConv2d(4, 6, 3, padding=1, groups=2)
        theirs.load_state_dict(ours.state_dict())
        x, offset = torch.randn(1, 4, 9, 11), torch.randn(1, 18, 9, 11) * 2
        mask = torch.rand(1, 9, 9, 11)
        with torch.no_grad():
            diff = (ours(x, offset, mask) - theirs(x, offset, mask)).abs().max().item()
        self.assertLessEqual(diff, 1e-5)


class OffsetLayoutTest(unittest.TestCase):
    """Checked without torchvision: channel 2k is the row offset of kernel point k, 2k+1 the column."""

    def setUp(self):
        self.image = torch.arange(20.0).reshape(1, 1, 4, 5)
        self.identity = torch.ones(1, 1, 1, 1)

    def shifted(self, dy, dx):
        offset = torch.zeros(1, 2, 4, 5)
        offset[:, 0], offset[:, 1] = dy, dx
        return deform_conv2d(self.image, offset, self.identity)

    def test_channel_0_moves_samples_down_the_rows(self):
        want = torch.zeros(1, 1, 4, 5)
        want[..., :3, :] = self.image[..., 1:, :]  # the last row samples below the image: zeros
        self.assertTrue(torch.allclose(self.shifted(1.0, 0.0), want))

    def test_channel_1_moves_samples_along_the_columns(self):
        want = torch.zeros(1, 1, 4, 5)
        want[..., :, 1:] = self.image[..., :, :4]
        self.assertTrue(torch.allclose(self.shifted(0.0, -1.0), want))

    def test_half_pixel_offsets_interpolate_bilinearly(self):
        got = self.shifted(0.5, 0.5)
        want = (self.image[..., 0, 0] + self.image[..., 0, 1] + self.image[..., 1, 0]
                + self.image[..., 1, 1]) / 4
        self.assertAlmostEqual(got[0, 0, 0, 0].item(), want.item(), places=5)

    def test_offset_channels_that_do_not_fit_the_kernel_are_rejected(self):
        with self.assertRaisesRegex(ValueError, "offset channels"):
            deform_conv2d(torch.randn(1, 4, 5, 5), torch.randn(1, 5, 5, 5), torch.randn(4, 4, 1, 1))


class ScriptTest(unittest.TestCase):
    def test_function_and_module_compile_with_torchscript_and_give_the_same_result(self):
        case = random_case((7, 7), stride=(4, 4), padding=(3, 3), in_channels=3, size=(29, 33))
        scripted = torch.jit.script(deform_conv2d)
        self.assertTrue(torch.equal(scripted(**case), deform_conv2d(**case)))
        module = DeformConv2d(3, 6, (7, 7), stride=(4, 4), padding=(3, 3)).eval()
        args = (case["input"], case["offset"], case["mask"])
        with torch.no_grad():
            self.assertTrue(torch.equal(torch.jit.script(module)(*args), module(*args)))


if __name__ == "__main__":
    unittest.main()
