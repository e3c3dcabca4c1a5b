"""SegFormer (MiT encoder + all-MLP decode head) for inference and TorchScript export.

Module and attribute names follow the Hugging Face transformers 4.x layout of
``SegformerForSemanticSegmentation`` so that its published ``pytorch_model.bin`` files load with a
strict ``load_state_dict``. Dropout and stochastic depth are left out: this code only runs
inference (training, if wanted, happens in transformers and comes here as a checkpoint).

Every size inside ``forward`` is read from a tensor's shape in TorchScript-compatible code, and the
export uses ``torch.jit.script``, so the saved graph is correct at any input size, not only at the
size it was exported at.
"""

import math
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor, nn

# HF builds every LayerNorm with PyTorch's default eps (1e-5); its config's layer_norm_eps (1e-6)
# is never used, so 1e-5 is what the published checkpoints were validated with.
LAYER_NORM_EPS = 1e-5


@dataclass(frozen=True)
class SegformerConfig:
    """Architecture of one SegFormer variant; the four-tuples hold one entry per encoder stage."""

    hidden_sizes: Tuple[int, int, int, int]
    depths: Tuple[int, int, int, int]
    num_attention_heads: Tuple[int, int, int, int] = (1, 2, 5, 8)
    sr_ratios: Tuple[int, int, int, int] = (8, 4, 2, 1)
    patch_sizes: Tuple[int, int, int, int] = (7, 3, 3, 3)
    strides: Tuple[int, int, int, int] = (4, 2, 2, 2)
    mlp_ratio: int = 4
    decoder_hidden_size: int = 256
    num_labels: int = 19
    num_channels: int = 3

    def __post_init__(self):
        per_stage = (self.hidden_sizes, self.depths, self.num_attention_heads, self.sr_ratios,
                     self.patch_sizes, self.strides)
        if any(len(t) != 4 for t in per_stage):
            raise ValueError("SegFormer has 4 encoder stages: every per-stage tuple needs 4 entries")
        for size, heads in zip(self.hidden_sizes, self.num_attention_heads):
            if size % heads != 0:
                raise ValueError(f"hidden size {size} is not a multiple of {heads} attention heads")
        if self.num_labels < 1:
            raise ValueError("num_labels must be at least 1")


# Variant table from the SegFormer paper / HF configs (see shared/MODEL_FACTS.md).
_WIDE = (64, 128, 320, 512)
VARIANTS: Dict[str, dict] = {
    "b0": dict(hidden_sizes=(32, 64, 160, 256), depths=(2, 2, 2, 2), decoder_hidden_size=256),
    "b1": dict(hidden_sizes=_WIDE, depths=(2, 2, 2, 2), decoder_hidden_size=256),
    "b2": dict(hidden_sizes=_WIDE, depths=(3, 4, 6, 3), decoder_hidden_size=768),
    "b3": dict(hidden_sizes=_WIDE, depths=(3, 4, 18, 3), decoder_hidden_size=768),
    "b4": dict(hidden_sizes=_WIDE, depths=(3, 8, 27, 3), decoder_hidden_size=768),
    "b5": dict(hidden_sizes=_WIDE, depths=(3, 6, 40, 3), decoder_hidden_size=768),
    # Not a published variant: small enough to run in tests and CI on a 2-core CPU.
    "demo": dict(hidden_sizes=(32, 64, 128, 160), depths=(1, 1, 2, 1), num_attention_heads=(1, 2, 4, 5),
                 decoder_hidden_size=64),
}


def config_for(variant: str, num_labels: int) -> SegformerConfig:
    """The configuration of a named variant (b0..b5, demo) with ``num_labels`` output classes."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown SegFormer variant '{variant}' (known: {', '.join(VARIANTS)})")
    return SegformerConfig(num_labels=num_labels, **VARIANTS[variant])


class OverlapPatchEmbeddings(nn.Module):
    """Strided conv with overlapping windows, then LayerNorm over channels; returns tokens."""

    def __init__(self, patch_size: int, stride: int, in_channels: int, hidden_size: int):
        super().__init__()
        self.proj = nn.Conv2d(in_channels, hidden_size, kernel_size=patch_size, stride=stride,
                              padding=patch_size // 2)
        self.layer_norm = nn.LayerNorm(hidden_size, eps=LAYER_NORM_EPS)

    def forward(self, x: Tensor) -> Tuple[Tensor, int, int]:
        x = self.proj(x)
        height, width = x.shape[2], x.shape[3]
        tokens = self.layer_norm(x.flatten(2).transpose(1, 2))
        return tokens, height, width


class EfficientSelfAttention(nn.Module):
    """Multi-head attention whose keys and values come from a spatially reduced copy of the input."""

    def __init__(self, hidden_size: int, num_heads: int, sr_ratio: int):
        super().__init__()
        self.num_heads = num_heads
        self.head_size = hidden_size // num_heads
        # HF divides the scores by sqrt(head size) rather than multiplying by its inverse; doing the
        # same keeps the results bit-for-bit closer to theirs.
        self.score_divisor = math.sqrt(self.head_size)
        self.query = nn.Linear(hidden_size, hidden_size)
        self.key = nn.Linear(hidden_size, hidden_size)
        self.value = nn.Linear(hidden_size, hidden_size)
        # Absent (None) at ratio 1, exactly as in the HF layout, so no extra state-dict keys appear;
        # TorchScript drops the reduction branch for those layers at compile time.
        self.sr: Optional[nn.Conv2d] = None
        self.layer_norm: Optional[nn.LayerNorm] = None
        if sr_ratio > 1:
            self.sr = nn.Conv2d(hidden_size, hidden_size, kernel_size=sr_ratio, stride=sr_ratio)
            self.layer_norm = nn.LayerNorm(hidden_size, eps=LAYER_NORM_EPS)

    def _split_heads(self, x: Tensor) -> Tensor:
        batch, length = x.shape[0], x.shape[1]
        return x.reshape(batch, length, self.num_heads, self.head_size).permute(0, 2, 1, 3)

    def forward(self, x: Tensor, height: int, width: int) -> Tensor:
        batch, length, channels = x.shape[0], x.shape[1], x.shape[2]
        query = self._split_heads(self.query(x))
        kv_source = x
        sr = self.sr
        norm = self.layer_norm
        if sr is not None and norm is not None:
            grid = x.permute(0, 2, 1).reshape(batch, channels, height, width)
            kv_source = norm(sr(grid).reshape(batch, channels, -1).permute(0, 2, 1))
        key = self._split_heads(self.key(kv_source))
        value = self._split_heads(self.value(kv_source))
        scores = torch.matmul(query, key.transpose(-1, -2)) / self.score_divisor
        context = torch.matmul(scores.softmax(dim=-1), value)
        return context.permute(0, 2, 1, 3).reshape(batch, length, channels)


class SelfOutput(nn.Module):
    def __init__(self, hidden_size: int):
        super().__init__()
        self.dense = nn.Linear(hidden_size, hidden_size)

    def forward(self, x: Tensor) -> Tensor:
        return self.dense(x)


class Attention(nn.Module):
    # Two levels ("self", "output") only because the HF key names have them.
    def __init__(self, hidden_size: int, num_heads: int, sr_ratio: int):
        super().__init__()
        self.self = EfficientSelfAttention(hidden_size, num_heads, sr_ratio)
        self.output = SelfOutput(hidden_size)

    def forward(self, x: Tensor, height: int, width: int) -> Tensor:
        return self.output(self.self(x, height, width))


class DepthwiseConv(nn.Module):
    """3x3 depthwise conv on tokens: supplies the positional information MiT has no embedding for."""

    def __init__(self, channels: int):
        super().__init__()
        self.dwconv = nn.Conv2d(channels, channels, kernel_size=3, stride=1, padding=1, groups=channels)

    def forward(self, x: Tensor, height: int, width: int) -> Tensor:
        batch, channels = x.shape[0], x.shape[2]
        grid = x.transpose(1, 2).reshape(batch, channels, height, width)
        return self.dwconv(grid).flatten(2).transpose(1, 2)


class MixFFN(nn.Module):
    def __init__(self, hidden_size: int, mlp_size: int):
        super().__init__()
        self.dense1 = nn.Linear(hidden_size, mlp_size)
        self.dwconv = DepthwiseConv(mlp_size)
        self.act = nn.GELU()  # exact (erf) form, as in the reference; the tanh form drifts ~1e-4
        self.dense2 = nn.Linear(mlp_size, hidden_size)

    def forward(self, x: Tensor, height: int, width: int) -> Tensor:
        return self.dense2(self.act(self.dwconv(self.dense1(x), height, width)))


class Layer(nn.Module):
    """One pre-norm transformer block: x + attn(norm(x)), then x + ffn(norm(x))."""

    def __init__(self, hidden_size: int, num_heads: int, sr_ratio: int, mlp_ratio: int):
        super().__init__()
        self.layer_norm_1 = nn.LayerNorm(hidden_size, eps=LAYER_NORM_EPS)
        self.attention = Attention(hidden_size, num_heads, sr_ratio)
        self.layer_norm_2 = nn.LayerNorm(hidden_size, eps=LAYER_NORM_EPS)
        self.mlp = MixFFN(hidden_size, hidden_size * mlp_ratio)

    def forward(self, x: Tensor, height: int, width: int) -> Tensor:
        x = x + self.attention(self.layer_norm_1(x), height, width)
        return x + self.mlp(self.layer_norm_2(x), height, width)


class Encoder(nn.Module):
    """Mix Transformer: four stages, each patch embedding -> blocks -> LayerNorm -> feature map."""

    def __init__(self, config: SegformerConfig):
        super().__init__()
        in_channels = [config.num_channels] + list(config.hidden_sizes[:-1])
        self.patch_embeddings = nn.ModuleList([
            OverlapPatchEmbeddings(config.patch_sizes[i], config.strides[i], in_channels[i],
                                   config.hidden_sizes[i])
            for i in range(4)])
        self.block = nn.ModuleList([
            nn.ModuleList([
                Layer(config.hidden_sizes[i], config.num_attention_heads[i], config.sr_ratios[i],
                      config.mlp_ratio)
                for _ in range(config.depths[i])])
            for i in range(4)])
        self.layer_norm = nn.ModuleList([
            nn.LayerNorm(size, eps=LAYER_NORM_EPS) for size in config.hidden_sizes])

    def forward(self, pixels: Tensor) -> List[Tensor]:
        features: List[Tensor] = []
        x = pixels
        for embed, blocks, norm in zip(self.patch_embeddings, self.block, self.layer_norm):
            tokens, height, width = embed(x)
            for layer in blocks:
                tokens = layer(tokens, height, width)
            tokens = norm(tokens)
            x = tokens.reshape(tokens.shape[0], height, width, tokens.shape[2]).permute(0, 3, 1, 2)
            x = x.contiguous()
            features.append(x)
        return features


class SegformerModel(nn.Module):
    # Exists only to put the encoder under the "segformer." prefix of the HF keys.
    def __init__(self, config: SegformerConfig):
        super().__init__()
        self.encoder = Encoder(config)

    def forward(self, pixels: Tensor) -> List[Tensor]:
        return self.encoder(pixels)


class StageProjection(nn.Module):
    def __init__(self, in_dim: int, out_dim: int):
        super().__init__()
        self.proj = nn.Linear(in_dim, out_dim)

    def forward(self, x: Tensor) -> Tensor:
        batch, height, width = x.shape[0], x.shape[2], x.shape[3]
        out = self.proj(x.flatten(2).transpose(1, 2))
        return out.transpose(1, 2).reshape(batch, -1, height, width)


class DecodeHead(nn.Module):
    """All-MLP head: project each stage, upsample to 1/4, fuse (order c4,c3,c2,c1), classify."""

    def __init__(self, config: SegformerConfig):
        super().__init__()
        dec = config.decoder_hidden_size
        self.linear_c = nn.ModuleList([StageProjection(size, dec) for size in config.hidden_sizes])
        self.linear_fuse = nn.Conv2d(4 * dec, dec, kernel_size=1, bias=False)
        self.batch_norm = nn.BatchNorm2d(dec, eps=1e-5)
        self.activation = nn.ReLU()
        self.classifier = nn.Conv2d(dec, config.num_labels, kernel_size=1)

    def forward(self, features: List[Tensor]) -> Tensor:
        size = [features[0].shape[2], features[0].shape[3]]
        upsampled: List[Tensor] = []
        for i, mlp in enumerate(self.linear_c):
            projected = mlp(features[i])
            projected = F.interpolate(projected, size=size, mode="bilinear", align_corners=False)
            upsampled.insert(0, projected)  # deepest stage first, as the checkpoints expect
        fused = self.activation(self.batch_norm(self.linear_fuse(torch.cat(upsampled, dim=1))))
        return self.classifier(fused)


class SegformerForSemanticSegmentation(nn.Module):
    """Normalised N x 3 x H x W pixels -> logits N x num_labels x ceil(H/4) x ceil(W/4)."""

    def __init__(self, config: SegformerConfig):
        super().__init__()
        self.config = config
        self.segformer = SegformerModel(config)
        self.decode_head = DecodeHead(config)

    def forward(self, pixels: Tensor) -> Tensor:
        return self.decode_head(self.segformer(pixels))


def build(variant: str, num_labels: int) -> SegformerForSemanticSegmentation:
    """A randomly initialised network (PyTorch default init; seed torch first for repeatability)."""
    return SegformerForSemanticSegmentation(config_for(variant, num_labels))


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
