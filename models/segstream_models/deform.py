"""Modulated deformable convolution (DCNv2) in plain aten ops, for TorchScript graphs run by DJL.

``torchvision.ops.deform_conv2d`` is a custom op that DJL's libtorch does not have, so a graph that
calls it cannot be loaded by the Java worker. This computes the same result with ``grid_sample``
(bilinear, zero padding) and an ordinary strided convolution:

1. every output position (ho, wo) and kernel point (i, j) gets a sampling position
   ``(ho*stride - pad + i*dilation + dy, wo*stride - pad + j*dilation + dx)`` in input pixels;
2. the samples are laid out as an image of size (Ho*kh) x (Wo*kw) whose kh x kw tiles are the
   sampled receptive fields, multiplied by the mask;
3. a convolution with the kernel weights and stride (kh, kw) then sums each tile, which is exactly
   the deformable convolution, groups included, and runs on the fast conv kernels.

Layouts are torchvision's: offset channels ``2k`` and ``2k+1`` of offset group g hold (dy, dx) of
kernel point ``k = i*kw + j``; mask channel ``g*kh*kw + k`` scales that sample; input channels are
split into offset groups consecutively. Sampling outside the input reads zeros, as torchvision does.
"""

import math
from typing import Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor, nn


def deform_conv2d(input: Tensor, offset: Tensor, weight: Tensor, bias: Optional[Tensor] = None,
                  stride: Tuple[int, int] = (1, 1), padding: Tuple[int, int] = (0, 0),
                  dilation: Tuple[int, int] = (1, 1), mask: Optional[Tensor] = None) -> Tensor:
    """Same arguments and result as ``torchvision.ops.deform_conv2d`` (groups and offset groups
    are inferred from the weight and offset shapes, as there)."""
    batch, in_channels, height, width = input.shape[0], input.shape[1], input.shape[2], input.shape[3]
    kh, kw = weight.shape[2], weight.shape[3]
    out_h, out_w = offset.shape[2], offset.shape[3]
    points = kh * kw
    offset_groups = offset.shape[1] // (2 * points)
    groups = in_channels // weight.shape[1]
    if offset_groups * 2 * points != offset.shape[1] or in_channels % offset_groups != 0:
        raise ValueError("offset channels must be 2 * offset_groups * kh * kw, and offset_groups "
                         "must divide the input channels")

    # (batch, group, kh, kw, (dy, dx), out_h, out_w) -> dy and dx, each laid out as
    # (batch, group, out_h, kh, out_w, kw): the order of the tiled sample image built below
    # Positions and sampling stay float32 in an fp16/bf16 graph: at 2048 columns a half-precision
    # coordinate is off by whole pixels, and the CPU's grid_sample has no bf16 kernel.
    work = torch.promote_types(input.dtype, torch.float32)
    offset = offset.to(work).reshape(batch, offset_groups, kh, kw, 2, out_h, out_w)
    dy = offset[:, :, :, :, 0].permute(0, 1, 4, 2, 5, 3)
    dx = offset[:, :, :, :, 1].permute(0, 1, 4, 2, 5, 3)
    rows = _tap_positions(out_h, kh, stride[0], padding[0], dilation[0], work, input.device)
    cols = _tap_positions(out_w, kw, stride[1], padding[1], dilation[1], work, input.device)
    y = rows.reshape(1, 1, out_h, kh, 1, 1) + dy
    x = cols.reshape(1, 1, 1, 1, out_w, kw) + dx
    # grid_sample with align_corners=False puts pixel p's centre at (2p + 1) / size - 1.
    grid = torch.stack(((2 * x + 1) / width - 1, (2 * y + 1) / height - 1), dim=-1)
    grid = grid.reshape(batch * offset_groups, out_h * kh, out_w * kw, 2)

    grouped = input.to(work).reshape(batch * offset_groups, in_channels // offset_groups, height, width)
    samples = F.grid_sample(grouped, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    if mask is not None:
        tiles = mask.reshape(batch, offset_groups, kh, kw, out_h, out_w).permute(0, 1, 4, 2, 5, 3)
        samples = samples * tiles.to(work).reshape(batch * offset_groups, 1, out_h * kh, out_w * kw)
    samples = samples.reshape(batch, in_channels, out_h * kh, out_w * kw).to(input.dtype)
    return F.conv2d(samples, weight, bias, stride=[kh, kw], groups=groups)


def _tap_positions(out_size: int, kernel: int, stride: int, padding: int, dilation: int,
                   dtype: torch.dtype, device: torch.device) -> Tensor:
    """(out_size, kernel) input coordinates of the undeformed kernel taps along one axis."""
    starts = torch.arange(out_size, dtype=dtype, device=device) * stride - padding
    taps = torch.arange(kernel, dtype=dtype, device=device) * dilation
    return starts.reshape(out_size, 1) + taps.reshape(1, kernel)


class DeformConv2d(nn.Module):
    """A deformable conv layer owning its kernel (``weight``, ``bias``), like torchvision's;
    offsets and mask are passed to ``forward``."""

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Tuple[int, int],
                 stride: Tuple[int, int] = (1, 1), padding: Tuple[int, int] = (0, 0),
                 dilation: Tuple[int, int] = (1, 1), groups: int = 1, bias: bool = True):
        super().__init__()
        if in_channels % groups or out_channels % groups:
            raise ValueError("groups must divide the input and output channels")
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.weight = nn.Parameter(torch.empty(out_channels, in_channels // groups, *kernel_size))
        self.bias: Optional[nn.Parameter] = nn.Parameter(torch.empty(out_channels)) if bias else None
        self.reset_parameters()

    def reset_parameters(self) -> None:
        # nn.Conv2d's default init, so a layer built without a checkpoint behaves like a conv.
        nn.init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in = self.weight.shape[1] * self.weight.shape[2] * self.weight.shape[3]
            bound = 1 / math.sqrt(fan_in)
            nn.init.uniform_(self.bias, -bound, bound)

    def deform(self, x: Tensor, offset: Tensor, mask: Optional[Tensor]) -> Tensor:
        return deform_conv2d(x, offset, self.weight, self.bias, self.stride, self.padding,
                             self.dilation, mask)

    def forward(self, x: Tensor, offset: Tensor, mask: Optional[Tensor] = None) -> Tensor:
        return self.deform(x, offset, mask)
