"""Reading Hugging Face SegFormer checkpoints and loading them strictly, with readable refusals.

A checkpoint that does not fit the requested variant must stop the export: a partly loaded
network still runs and produces plausible-looking but wrong masks, which is far worse than an
error. The messages say what the checkpoint looks like so the user can fix the command line.
"""

import json
import os
import struct
from typing import Dict, List, Optional

import torch
from torch import Tensor, nn

from .errors import ExportError
from .segformer import VARIANTS

# BatchNorm's counter is absent from some saved dicts and irrelevant to inference; PyTorch fills
# it in on load, so its absence is not a mismatch.
_OPTIONAL_SUFFIXES = ("num_batches_tracked",)
_SAFETENSORS_DTYPES = {
    "F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
    "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8,
    "U8": torch.uint8, "BOOL": torch.bool,
}


def read_state_dict(path: str) -> Dict[str, Tensor]:
    """Tensors of a ``pytorch_model.bin`` (pickled state dict) or a ``.safetensors`` file."""
    if not os.path.isfile(path):
        raise ExportError(f"checkpoint {path} does not exist")
    try:
        if path.endswith(".safetensors"):
            state = _read_safetensors(path)
        else:
            # weights_only: a checkpoint from the internet must not be able to run code here.
            state = torch.load(path, map_location="cpu", weights_only=True)
    except ExportError:
        raise
    except Exception as e:  # torch.load raises many types; all mean "not a readable checkpoint"
        raise ExportError(f"checkpoint {path} could not be read: {e}") from e
    if isinstance(state, dict) and isinstance(state.get("state_dict"), dict):
        state = state["state_dict"]  # training frameworks nest the weights one level down
    if not isinstance(state, dict) or not all(isinstance(v, Tensor) for v in state.values()):
        raise ExportError(f"checkpoint {path} is not a state dict of tensors")
    return state


def _read_safetensors(path: str) -> Dict[str, Tensor]:
    # Format: u64 little-endian header length, JSON header {name: {dtype, shape, data_offsets}},
    # then the raw little-endian tensor bytes, offsets relative to the end of the header.
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        raise ExportError(f"checkpoint {path} is too short to be a safetensors file")
    (header_len,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + header_len].decode("utf-8"))
    data = memoryview(blob)[8 + header_len:]
    state = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] not in _SAFETENSORS_DTYPES:
            raise ExportError(f"checkpoint {path}: tensor {name} has unsupported dtype {info['dtype']}")
        begin, end = info["data_offsets"]
        dtype = _SAFETENSORS_DTYPES[info["dtype"]]
        raw = bytearray(data[begin:end])  # a writable copy: frombuffer would warn on bytes
        flat = torch.frombuffer(raw, dtype=dtype) if end > begin else torch.empty(0, dtype=dtype)
        state[name] = flat.reshape(info["shape"])
    return state


def load_strict(model: nn.Module, state: Dict[str, Tensor], source: str) -> None:
    """Loads ``state`` into ``model`` only if keys and shapes match exactly; else ExportError."""
    expected = model.state_dict()
    missing = sorted(k for k in expected if k not in state and not k.endswith(_OPTIONAL_SUFFIXES))
    unexpected = sorted(k for k in state if k not in expected)
    wrong_shape = sorted(
        f"{k}: checkpoint {tuple(state[k].shape)}, model {tuple(expected[k].shape)}"
        for k in expected if k in state and state[k].shape != expected[k].shape)
    if missing or unexpected or wrong_shape:
        lines = [f"checkpoint {source} does not fit the requested model:"]
        lines += _listing("missing keys", missing)
        lines += _listing("unexpected keys", unexpected)
        lines += _listing("shape mismatches", wrong_shape)
        hint = describe(state)
        if hint:
            lines.append(f"  the checkpoint looks like: {hint}")
        raise ExportError("\n".join(lines))
    model.load_state_dict(state, strict=True)


def _listing(title: str, items: List[str], limit: int = 8) -> List[str]:
    if not items:
        return []
    shown = [f"    {item}" for item in items[:limit]]
    more = [f"    ... and {len(items) - limit} more"] if len(items) > limit else []
    return [f"  {title} ({len(items)}):"] + shown + more


def describe(state: Dict[str, Tensor]) -> Optional[str]:
    """A guess at what a state dict holds (layout, variant, classes), for error messages."""
    keys = list(state)
    if any(k.startswith("backbone.") for k in keys):
        return ("an NVlabs/mmsegmentation checkpoint; convert it to the Hugging Face layout first "
                "(transformers' convert_segformer_original_to_pytorch.py)")
    if any(".stages." in k or ".q_proj." in k for k in keys):
        return "a transformers 5.x layout; re-save it with transformers 4.x key names"
    embed = state.get("segformer.encoder.patch_embeddings.0.proj.weight")
    if embed is None:
        return None
    depths = []
    for stage in range(4):
        prefix = f"segformer.encoder.block.{stage}."
        depths.append(len({k[len(prefix):].split(".")[0] for k in keys if k.startswith(prefix)}))
    fuse = state.get("decode_head.linear_fuse.weight")
    classifier = state.get("decode_head.classifier.weight")
    decoder = None if fuse is None else int(fuse.shape[0])
    parts = []
    for name, spec in VARIANTS.items():
        if (spec["hidden_sizes"][0] == embed.shape[0] and list(spec["depths"]) == depths
                and (decoder is None or spec["decoder_hidden_size"] == decoder)):
            parts.append(f"variant {name}")
    if not parts:
        parts.append(f"first hidden size {embed.shape[0]}, depths {depths}, decoder {decoder}")
    parts.append("no decode head (encoder-only)" if classifier is None
                 else f"{classifier.shape[0]} classes")
    return ", ".join(parts)
