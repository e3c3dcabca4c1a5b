"""Trans4PASS and Trans4PASS+ (panoramic semantic segmentation) for inference and TorchScript export.

Module and attribute names follow the official implementation (jamycheung/Trans4PASS,
segmentron/models) so that its released checkpoints load with a strict ``load_state_dict``:
``encoder.*`` is the MiT backbone with a deformable first patch embedding, ``dede_head.*`` the
deformable MLP head (DMLP for Trans4PASS, DMLPv2 for Trans4PASS+). Dropout and stochastic depth are
left out (inference only).

The reference calls ``torchvision.ops.deform_conv2d``, which DJL's libtorch lacks; this uses
``deform.deform_conv2d`` (plain aten ops, same result). Every offset bound is computed from the
runtime shape inside scripted code, so the exported graph is right at any input size.
"""

from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from .deform import deform_conv2d
from .trans4pass_heads import DMLP, DMLPv2, DWConv

# The reference builds blocks and stage norms with eps 1e-6 but leaves the patch-embedding and
# spatial-reduction LayerNorms at PyTorch's default 1e-5; the released weights were trained so.
BLOCK_NORM_EPS = 1e-6
EMBED_NORM_EPS = 1e-5
DIMS = (64, 128, 320, 512)
HEADS = (1, 2, 5, 8)
SR_RATIOS = (8, 4, 2, 1)
MLP_RATIO = 4
EMBED_CHANNELS = 128


@dataclass(frozen=True)
class Trans4PassConfig:
    depths: Tuple[int, int, int, int]
    head: str  # "dmlp" (Trans4PASS) or "dmlpv2" (Trans4PASS+)
    num_labels: int = 19


# Backbone "trans4pass_v1" (MiT-B1 depths) is Tiny, "trans4pass_v2" (MiT-B2 depths) is Small.
VARIANTS: Dict[str, dict] = {
    "tiny": dict(depths=(2, 2, 2, 2), head="dmlp"),
    "small": dict(depths=(3, 4, 6, 3), head="dmlp"),
    "plus-tiny": dict(depths=(2, 2, 2, 2), head="dmlpv2"),
    "plus-small": dict(depths=(3, 4, 6, 3), head="dmlpv2"),
}


def config_for(variant: str, num_labels: int) -> Trans4PassConfig:
    if variant not in VARIANTS:
        raise ValueError(f"unknown Trans4PASS variant '{variant}' (known: {', '.join(VARIANTS)})")
    return Trans4PassConfig(num_labels=num_labels, **VARIANTS[variant])


class OverlapPatchEmbed(nn.Module):
    """Strided conv (deformable when ``use_dcn``) then LayerNorm; returns tokens and grid size.

    The deformable form reuses ``proj.weight``/``proj.bias`` as its kernel, with offsets and a
    modulator predicted by two convs of the same geometry, as in the reference."""

    def __init__(self, patch_size: int, stride: int, in_chans: int, embed_dim: int, use_dcn: bool):
        super().__init__()
        self.stride = (stride, stride)
        self.padding = (patch_size // 2, patch_size // 2)
        self.proj = nn.Conv2d(in_chans, embed_dim, patch_size, stride, patch_size // 2)
        self.norm = nn.LayerNorm(embed_dim, eps=EMBED_NORM_EPS)
        self.offset_conv: Optional[nn.Conv2d] = None
        self.modulator_conv: Optional[nn.Conv2d] = None
        if use_dcn:
            points = patch_size * patch_size
            self.offset_conv = nn.Conv2d(in_chans, 2 * points, patch_size, stride, patch_size // 2)
            self.modulator_conv = nn.Conv2d(in_chans, points, patch_size, stride, patch_size // 2)

    def forward(self, x: Tensor) -> Tuple[Tensor, int, int]:
        # One attribute per statement: TorchScript loses the module type in a tuple unpacking.
        offset_conv = self.offset_conv
        modulator_conv = self.modulator_conv
        if offset_conv is not None and modulator_conv is not None:
            bound = min(x.shape[2], x.shape[3]) // 4  # runtime shape: right at every input size
            offset = offset_conv(x).clamp(-bound, bound)
            modulator = 2.0 * torch.sigmoid(modulator_conv(x))
            x = deform_conv2d(x, offset, self.proj.weight, self.proj.bias, self.stride,
                              self.padding, (1, 1), modulator)
        else:
            x = self.proj(x)
        height, width = x.shape[2], x.shape[3]
        return self.norm(x.flatten(2).transpose(1, 2)), height, width


class Attention(nn.Module):
    """Efficient self-attention: keys/values from a spatially reduced copy (fused ``kv`` linear)."""

    def __init__(self, dim: int, num_heads: int, sr_ratio: int):
        super().__init__()
        self.num_heads = num_heads
        self.scale = (dim // num_heads) ** -0.5  # multiplied, as in the reference
        self.q = nn.Linear(dim, dim)
        self.kv = nn.Linear(dim, 2 * dim)
        self.proj = nn.Linear(dim, dim)
        # Absent at ratio 1, as in the checkpoints; TorchScript drops the branch there.
        self.sr: Optional[nn.Conv2d] = None
        self.norm: Optional[nn.LayerNorm] = None
        if sr_ratio > 1:
            self.sr = nn.Conv2d(dim, dim, kernel_size=sr_ratio, stride=sr_ratio)
            self.norm = nn.LayerNorm(dim, eps=EMBED_NORM_EPS)

    def forward(self, x: Tensor, height: int, width: int) -> Tensor:
        batch, length, channels = x.shape[0], x.shape[1], x.shape[2]
        head_size = channels // self.num_heads
        q = self.q(x).reshape(batch, length, self.num_heads, head_size).permute(0, 2, 1, 3)
        source = x
        sr = self.sr
        norm = self.norm
        if sr is not None and norm is not None:
            grid = x.permute(0, 2, 1).reshape(batch, channels, height, width)
            source = norm(sr(grid).reshape(batch, channels, -1).permute(0, 2, 1))
        kv = self.kv(source).reshape(batch, -1, 2, self.num_heads, head_size).permute(2, 0, 3, 1, 4)
        attn = (torch.matmul(q, kv[0].transpose(-2, -1)) * self.scale).softmax(dim=-1)
        out = torch.matmul(attn, kv[1]).transpose(1, 2).reshape(batch, length, channels)
        return self.proj(out)


class Mlp(nn.Module):
    """Mix-FFN: fc1 -> 3x3 depthwise conv -> GELU (exact erf) -> fc2."""

    def __init__(self, dim: int, hidden: int):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.dwconv = DWConv(hidden)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x: Tensor, height: int, width: int) -> Tensor:
        return self.fc2(self.act(self.dwconv(self.fc1(x), height, width)))


class Block(nn.Module):
    def __init__(self, dim: int, num_heads: int, sr_ratio: int):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=BLOCK_NORM_EPS)
        self.attn = Attention(dim, num_heads, sr_ratio)
        self.norm2 = nn.LayerNorm(dim, eps=BLOCK_NORM_EPS)
        self.mlp = Mlp(dim, dim * MLP_RATIO)

    def forward(self, x: Tensor, height: int, width: int) -> Tensor:
        x = x + self.attn(self.norm1(x), height, width)
        return x + self.mlp(self.norm2(x), height, width)


def _blocks(stage: int, depth: int) -> nn.ModuleList:
    return nn.ModuleList([Block(DIMS[stage], HEADS[stage], SR_RATIOS[stage]) for _ in range(depth)])


def _to_map(tokens: Tensor, height: int, width: int) -> Tensor:
    batch, channels = tokens.shape[0], tokens.shape[2]
    return tokens.reshape(batch, height, width, channels).permute(0, 3, 1, 2).contiguous()


class Trans4PassBackbone(nn.Module):
    """MiT with a deformable stage-1 patch embedding; returns the four stage feature maps
    (strides 4, 8, 16, 32). Stages are spelled out because the checkpoint names them
    ``patch_embedN``/``blockN``/``normN`` rather than indexing a list."""

    def __init__(self, depths: Tuple[int, int, int, int]):
        super().__init__()
        # Every released config sets USE_DCN = [True, False, False, False].
        self.patch_embed1 = OverlapPatchEmbed(7, 4, 3, DIMS[0], use_dcn=True)
        self.patch_embed2 = OverlapPatchEmbed(3, 2, DIMS[0], DIMS[1], use_dcn=False)
        self.patch_embed3 = OverlapPatchEmbed(3, 2, DIMS[1], DIMS[2], use_dcn=False)
        self.patch_embed4 = OverlapPatchEmbed(3, 2, DIMS[2], DIMS[3], use_dcn=False)
        self.block1, self.block2 = _blocks(0, depths[0]), _blocks(1, depths[1])
        self.block3, self.block4 = _blocks(2, depths[2]), _blocks(3, depths[3])
        self.norm1 = nn.LayerNorm(DIMS[0], eps=BLOCK_NORM_EPS)
        self.norm2 = nn.LayerNorm(DIMS[1], eps=BLOCK_NORM_EPS)
        self.norm3 = nn.LayerNorm(DIMS[2], eps=BLOCK_NORM_EPS)
        self.norm4 = nn.LayerNorm(DIMS[3], eps=BLOCK_NORM_EPS)

    def forward(self, x: Tensor) -> List[Tensor]:
        tokens, height, width = self.patch_embed1(x)
        for block in self.block1:
            tokens = block(tokens, height, width)
        c1 = _to_map(self.norm1(tokens), height, width)
        tokens, height, width = self.patch_embed2(c1)
        for block in self.block2:
            tokens = block(tokens, height, width)
        c2 = _to_map(self.norm2(tokens), height, width)
        tokens, height, width = self.patch_embed3(c2)
        for block in self.block3:
            tokens = block(tokens, height, width)
        c3 = _to_map(self.norm3(tokens), height, width)
        tokens, height, width = self.patch_embed4(c3)
        for block in self.block4:
            tokens = block(tokens, height, width)
        c4 = _to_map(self.norm4(tokens), height, width)
        return [c1, c2, c3, c4]


class Trans4PASS(nn.Module):
    """Normalised N x 3 x H x W pixels -> logits N x num_labels x H x W (upsampled in the model,
    bilinear with align_corners=True as in the reference)."""

    def __init__(self, config: Trans4PassConfig):
        super().__init__()
        if config.head not in ("dmlp", "dmlpv2"):
            raise ValueError(f"unknown Trans4PASS head '{config.head}'")
        self.config = config
        self.encoder = Trans4PassBackbone(config.depths)
        head = DMLP if config.head == "dmlp" else DMLPv2
        self.dede_head = head(DIMS, EMBED_CHANNELS, config.num_labels)

    def forward(self, pixels: Tensor) -> Tensor:
        features = self.encoder(pixels)
        logits = self.dede_head(features[0], features[1], features[2], features[3])
        size = [pixels.shape[2], pixels.shape[3]]
        return F.interpolate(logits, size=size, mode="bilinear", align_corners=True)


def build(variant: str, num_labels: int) -> Trans4PASS:
    """A randomly initialised network with PyTorch's default init everywhere. Unlike the
    reference, the offset and modulator convs are not zero-initialised: a random-weight export
    then exercises the deformable sampling in its round-trip check instead of a plain grid."""
    return Trans4PASS(config_for(variant, num_labels))
