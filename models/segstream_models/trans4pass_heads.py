"""The deformable MLP decode heads of Trans4PASS (DMLP) and Trans4PASS+ (DMLPv2).

Names follow the official segmentron/modules/dmlp.py and dmlpv2.py so checkpoints load strictly.
Both heads project each encoder stage to 128 channels with a deformable 3x3 conv, mix it with
deformable 1x1 "MLPs", upsample everything to stage 1's resolution (align_corners=True) and sum.
"""

from typing import Sequence

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from .deform import DeformConv2d, deform_conv2d


class DWConv2d(nn.Module):
    """Depthwise 3x3 then pointwise 1x1, both without bias."""

    def __init__(self, in_chans: int, out_chans: int):
        super().__init__()
        self.depthwise = nn.Conv2d(in_chans, in_chans, 3, padding=1, groups=in_chans, bias=False)
        self.pointwise = nn.Conv2d(in_chans, out_chans, 1, bias=False)

    def forward(self, x: Tensor) -> Tensor:
        return self.pointwise(self.depthwise(x))


class DeformableProjEmbed(nn.Module):
    """Deformable 3x3 conv (kernel in ``proj``) -> BatchNorm -> GELU: a stage's entry to the head."""

    def __init__(self, in_chans: int, emb_chans: int):
        super().__init__()
        points = 3 * 3  # one (dy, dx) offset and one modulator per kernel point
        self.proj = nn.Conv2d(in_chans, emb_chans, 3, 1, 1)
        self.offset_conv = nn.Conv2d(in_chans, 2 * points, 3, 1, 1)
        self.modulator_conv = nn.Conv2d(in_chans, points, 3, 1, 1)
        self.norm = nn.BatchNorm2d(emb_chans)
        self.act = nn.GELU()

    def forward(self, x: Tensor) -> Tensor:
        bound = min(x.shape[2], x.shape[3]) // 4  # runtime shape, not frozen at export size
        offset = self.offset_conv(x).clamp(-bound, bound)
        modulator = 2.0 * torch.sigmoid(self.modulator_conv(x))
        x = deform_conv2d(x, offset, self.proj.weight, self.proj.bias, (1, 1), (1, 1), (1, 1),
                          modulator)
        return self.act(self.norm(x))


class DeformableMLP(DeformConv2d):
    """A deformable 1x1 conv whose per-channel offsets and modulator come from the input itself,
    then BatchNorm -> GELU. Each channel is its own offset group."""

    def __init__(self, in_channels: int, out_channels: int):
        super().__init__(in_channels, out_channels, (1, 1))
        self.offset_modulator_conv = DWConv2d(in_channels, 3 * in_channels)
        self.norm = nn.BatchNorm2d(out_channels)
        self.act = nn.GELU()

    def forward(self, x: Tensor) -> Tensor:
        offset_y, offset_x, modulator = torch.chunk(self.offset_modulator_conv(x), 3, dim=1)
        # The reference concatenates all y offsets, then all x offsets; deform_conv2d reads the
        # channels pairwise as (dy, dx) per group, so each group's pair is two neighbouring y (or
        # x) channels. The trained weights expect exactly that, so it is kept, not "fixed".
        bound = max(x.shape[2], x.shape[3]) // 4
        offset = torch.cat((offset_y, offset_x), dim=1).clamp(-bound, bound)
        return self.act(self.norm(self.deform(x, offset, 2.0 * torch.sigmoid(modulator))))


class DeformableMLPBlock(nn.Module):
    """DMLP block: x + h_mlp(x) + w_mlp(x), then + c_mlp, then proj (channel-last linears).
    h_mlp and w_mlp are identical 1x1 layers: the reference's (1,3)/(3,1) arguments are unused."""

    def __init__(self, in_chans: int, emb_chans: int):
        super().__init__()
        self.sdp = DeformableProjEmbed(in_chans, emb_chans)
        self.h_mlp = DeformableMLP(emb_chans, emb_chans)
        self.w_mlp = DeformableMLP(emb_chans, emb_chans)
        self.c_mlp = nn.Linear(emb_chans, emb_chans)
        self.proj = nn.Linear(emb_chans, emb_chans)

    def forward(self, x: Tensor) -> Tensor:
        x = self.sdp(x)
        h = self.h_mlp(x).permute(0, 2, 3, 1)
        w = self.w_mlp(x).permute(0, 2, 3, 1)
        x = x.permute(0, 2, 3, 1) + h + w
        x = x + self.c_mlp(x)
        return self.proj(x).permute(0, 3, 1, 2).contiguous()


class DWConv(nn.Module):
    """3x3 depthwise conv over a token sequence laid out as height x width (Mix-FFN and SEMlp)."""

    def __init__(self, dim: int):
        super().__init__()
        self.dwconv = nn.Conv2d(dim, dim, 3, 1, 1, groups=dim)

    def forward(self, x: Tensor, height: int, width: int) -> Tensor:
        batch, channels = x.shape[0], x.shape[2]
        grid = x.transpose(1, 2).reshape(batch, channels, height, width)
        return self.dwconv(grid).flatten(2).transpose(1, 2)


class SqueezeExcite(nn.Module):
    def __init__(self, channels: int, reduced: int):
        super().__init__()
        self.conv_reduce = nn.Conv2d(channels, reduced, 1)
        self.act1 = nn.ReLU()
        self.conv_expand = nn.Conv2d(reduced, channels, 1)

    def forward(self, x: Tensor) -> Tensor:
        gate = self.conv_expand(self.act1(self.conv_reduce(x.mean(dim=(2, 3), keepdim=True))))
        return x * torch.sigmoid(gate)


class SEMlp(nn.Module):
    """fc1 -> x + gamma * dwconv(x) -> fc2 on tokens, then squeeze-excite; grid in, grid out.
    No activation: the reference creates a GELU but never calls it, so the weights expect none."""

    def __init__(self, dim: int):
        super().__init__()
        self.fc1 = nn.Linear(dim, dim)
        self.dwconv = DWConv(dim)
        self.gamma = nn.Parameter(torch.ones(dim))
        self.fc2 = nn.Linear(dim, dim)
        self.se = SqueezeExcite(dim, dim // 4)

    def forward(self, x: Tensor) -> Tensor:
        batch, channels, height, width = x.shape[0], x.shape[1], x.shape[2], x.shape[3]
        tokens = self.fc1(x.flatten(2).transpose(1, 2))
        tokens = self.fc2(self.gamma * self.dwconv(tokens, height, width) + tokens)
        return self.se(tokens.transpose(1, 2).reshape(batch, channels, height, width))


class DeformableMLPBlockV2(nn.Module):
    """DMLPv2 block: cmlp1(x) + AvgPool3(GroupNorm(x)), then cmlp2(x) + dmlp(x)."""

    def __init__(self, in_chans: int, emb_chans: int):
        super().__init__()
        self.sdp = DeformableProjEmbed(in_chans, emb_chans)
        self.dmlp = DeformableMLP(emb_chans, emb_chans)
        self.cmlp1 = SEMlp(emb_chans)
        self.cmlp2 = SEMlp(emb_chans)
        self.norm1 = nn.GroupNorm(1, emb_chans)
        # count_include_pad=False: border means average only the real neighbours, as trained.
        self.pooling = nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)

    def forward(self, x: Tensor) -> Tensor:
        x = self.sdp(x)
        x = self.cmlp1(x) + self.pooling(self.norm1(x))
        return self.cmlp2(x) + self.dmlp(x)


class _DeformableHead(nn.Module):
    """Four blocks (one per encoder stage) -> upsample to stage 1 -> sum -> 1x1 classifier."""

    def __init__(self, block: type, dims: Sequence[int], emb_chans: int, num_labels: int):
        super().__init__()
        self.head1 = block(dims[0], emb_chans)
        self.head2 = block(dims[1], emb_chans)
        self.head3 = block(dims[2], emb_chans)
        self.head4 = block(dims[3], emb_chans)
        self.pred = nn.Conv2d(emb_chans, num_labels, 1)

    def forward(self, c1: Tensor, c2: Tensor, c3: Tensor, c4: Tensor) -> Tensor:
        size = [c1.shape[2], c1.shape[3]]
        c4 = F.interpolate(self.head4(c4), size=size, mode="bilinear", align_corners=True)
        c3 = F.interpolate(self.head3(c3), size=size, mode="bilinear", align_corners=True)
        c2 = F.interpolate(self.head2(c2), size=size, mode="bilinear", align_corners=True)
        return self.pred(self.head1(c1) + c2 + c3 + c4)


class DMLP(_DeformableHead):
    """Trans4PASS's head."""

    def __init__(self, dims: Sequence[int], emb_chans: int, num_labels: int):
        super().__init__(DeformableMLPBlock, dims, emb_chans, num_labels)


class DMLPv2(_DeformableHead):
    """Trans4PASS+'s head."""

    def __init__(self, dims: Sequence[int], emb_chans: int, num_labels: int):
        super().__init__(DeformableMLPBlockV2, dims, emb_chans, num_labels)
