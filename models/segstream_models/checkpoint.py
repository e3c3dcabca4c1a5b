"""Reading checkpoints, converting the reference key layouts to ours, and loading strictly.

SegFormer loads in the Hugging Face layout; original NVlabs/mmsegmentation checkpoints are renamed
to it first. Trans4PASS loads in the official layout (``encoder.*``, ``dede_head.*``), after the
same renames the official model_zoo applies to released checkpoints.

A checkpoint that does not fit the requested variant must stop the export: a partly loaded
network still runs and produces plausible-looking but wrong masks, which is far worse than an
error. The messages say what the checkpoint looks like so the user can fix the command line.
"""

import json
import os
import pickle
import pickletools
import re
import struct
import zipfile
from typing import Callable, Dict, List, Optional

import torch
from torch import Tensor, nn

from .errors import ExportError
from .segformer import VARIANTS
from . import trans4pass

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
            state = _read_pickled(path)
    except ExportError:
        raise
    except Exception as e:  # torch.load raises many types; all mean "not a readable checkpoint"
        raise ExportError(f"checkpoint {path} could not be read: {e}") from e
    if isinstance(state, dict) and isinstance(state.get("state_dict"), dict):
        state = state["state_dict"]  # training frameworks nest the weights one level down
    if not isinstance(state, dict) or not all(isinstance(v, Tensor) for v in state.values()):
        raise ExportError(f"checkpoint {path} is not a state dict of tensors")
    return state


def _read_pickled(path: str):
    # weights_only: a checkpoint from the internet must not be able to run code here. torch 1.13's
    # weights-only reader also rejects plain Python floats, which training checkpoints carry
    # (optimiser learning rates, mmcv's meta); such a file is loaded normally only after a scan of
    # its pickle has shown that it builds nothing but tensors and dicts. (torch 1.13 ignores a
    # custom pickle_module, so a restricted unpickler cannot be handed to torch.load instead.)
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError:
        if not zipfile.is_zipfile(path):
            raise  # torch's legacy format, or not a checkpoint at all: that refusal stands
        _check_builds_only_tensors(path)
        return torch.load(path, map_location="cpu", weights_only=False)


_ALLOWED_GLOBALS = {("collections", "OrderedDict"), ("torch._utils", "_rebuild_tensor_v2"),
                    ("torch._utils", "_rebuild_parameter")}


def _check_builds_only_tensors(path: str) -> None:
    """Raises UnpicklingError unless every callable the checkpoint's pickle names is a tensor or
    dict constructor (or a torch storage type) -- Python's "restricting globals", done by reading
    the opcodes instead of running them."""
    with zipfile.ZipFile(path) as archive:
        pickles = [name for name in archive.namelist() if name.endswith("/data.pkl")]
        if len(pickles) != 1:
            raise pickle.UnpicklingError("it is a zip file but not one written by torch.save")
        data = archive.read(pickles[0])
    for opcode, argument, _ in pickletools.genops(data):
        if opcode.name == "GLOBAL":
            module, name = argument.split(" ", 1)
            storage = module == "torch" and name.endswith("Storage")
            if (module, name) not in _ALLOWED_GLOBALS and not storage:
                raise pickle.UnpicklingError(f"it would construct {module}.{name}, which a "
                                             "checkpoint of weights has no reason to contain")
        elif opcode.name in ("STACK_GLOBAL", "INST", "OBJ"):
            # Names taken from the stack cannot be checked by reading; torch.save never writes these.
            raise pickle.UnpicklingError(f"its pickle uses {opcode.name}, which torch.save does not")


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


def load_strict(model: nn.Module, state: Dict[str, Tensor], source: str,
                describe_state: Optional[Callable[[Dict[str, Tensor]], Optional[str]]] = None
                ) -> None:
    """Loads ``state`` into ``model`` only if keys and shapes match exactly; else ExportError.
    ``describe_state`` guesses what a refused checkpoint is (default: the SegFormer guess)."""
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
        hint = (describe_state or describe)(state)
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
        return ("keys under 'backbone.' but not the NVlabs/mmsegmentation SegFormer names "
                "(patch_embed1, block1, ...) that are converted automatically")
    if any(k.startswith(("encoder.patch_embed1.", "dede_head.")) for k in keys):
        return "a Trans4PASS checkpoint: use --family trans4pass"
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


# NVlabs/mmsegmentation SegFormer names -> Hugging Face names, applied in order to every key (the
# renames of transformers' conversion script). Stage norms are renamed before block norms so that
# "norm1" means a block's first norm by the time that rule runs.
_NVLABS_TO_HF = (
    (r"^backbone\.", "segformer.encoder."),
    (r"\.patch_embed(\d)\.", lambda m: f".patch_embeddings.{int(m[1]) - 1}."),
    (r"^segformer\.encoder\.norm(\d)\.", lambda m: f"segformer.encoder.layer_norm.{int(m[1]) - 1}."),
    (r"\.block(\d)\.", lambda m: f".block.{int(m[1]) - 1}."),
    (r"\.norm([12])\.", r".layer_norm_\1."),
    (r"\.norm\.", ".layer_norm."),
    (r"\.attn\.q\.", ".attention.self.query."),
    (r"\.attn\.proj\.", ".attention.output.dense."),
    (r"\.attn\.", ".attention.self."),
    (r"\.mlp\.fc([12])\.", r".mlp.dense\1."),
    (r"^decode_head\.linear_c(\d)\.", lambda m: f"decode_head.linear_c.{int(m[1]) - 1}."),
    (r"^decode_head\.linear_fuse\.conv\.", "decode_head.linear_fuse."),
    (r"^decode_head\.linear_fuse\.bn\.", "decode_head.batch_norm."),
    (r"^decode_head\.linear_pred\.", "decode_head.classifier."),
)


def is_nvlabs_segformer(state: Dict[str, Tensor]) -> bool:
    return any(k.startswith(("backbone.patch_embed1.", "backbone.block1.")) for k in state)


def nvlabs_segformer_to_hf(state: Dict[str, Tensor]) -> Dict[str, Tensor]:
    """An NVlabs/mmseg SegFormer state dict in the HF layout: keys renamed, the fused ``kv``
    projection split into ``key`` (first half of the rows) and ``value``, and mmseg's unused
    ``conv_seg`` classifier dropped. Unknown keys pass through, so a strict load reports them."""
    converted = {}
    for key, value in state.items():
        if key.startswith("decode_head.conv_seg."):
            continue
        for pattern, replacement in _NVLABS_TO_HF:
            key = re.sub(pattern, replacement, key)
        if ".attention.self.kv." in key:
            half = value.shape[0] // 2
            converted[key.replace(".kv.", ".key.")] = value[:half]
            converted[key.replace(".kv.", ".value.")] = value[half:]
        else:
            converted[key] = value
    return converted


def load_segformer(model: nn.Module, path: str) -> None:
    """Loads a HF or NVlabs/mmseg SegFormer checkpoint strictly into ``model``."""
    state = read_state_dict(path)
    if is_nvlabs_segformer(state):
        load_strict(model, nvlabs_segformer_to_hf(state),
                    f"{path} (NVlabs/mmseg layout, converted to the HF layout)")
    else:
        load_strict(model, state, path)


def trans4pass_release_to_ours(state: Dict[str, Tensor]) -> Dict[str, Tensor]:
    """A released or training-saved Trans4PASS state dict in our (= the official model's) layout:
    ``module.`` (DataParallel) stripped, then the official model_zoo's renames: ``backbone`` ->
    ``encoder``, else ``decode_head`` -> ``fpt_head``."""
    converted = {}
    for key, value in state.items():
        if key.startswith("module."):
            key = key[len("module."):]
        if "backbone" in key:
            key = key.replace("backbone", "encoder")
        elif "decode_head" in key:
            key = key.replace("decode_head", "fpt_head")
        converted[key] = value
    return converted


def load_trans4pass(model: nn.Module, path: str) -> None:
    """Loads a Trans4PASS(+) checkpoint strictly into ``model`` (the official loader is lenient;
    a partly loaded network would give plausible but wrong masks, so mismatches stop here)."""
    load_strict(model, trans4pass_release_to_ours(read_state_dict(path)), path, describe_trans4pass)


def describe_trans4pass(state: Dict[str, Tensor]) -> Optional[str]:
    """A guess at what a state dict holds (variant, head, classes), for Trans4PASS refusals."""
    keys = list(state)
    if any(k.startswith("segformer.") for k in keys):
        return "a Hugging Face SegFormer checkpoint: use --family segformer"
    if any(k.startswith("fpt_head.") for k in keys):
        return ("a head saved as 'decode_head' (renamed fpt_head): not Trans4PASS's dede_head, "
                "so probably another segmentron/mmseg model")
    if "encoder.patch_embed1.proj.weight" not in state:
        return None
    depths = tuple(len({k.split(".")[2] for k in keys if k.startswith(f"encoder.block{stage}.")})
                   for stage in range(1, 5))
    head = ("dmlpv2" if any(".cmlp1." in k for k in keys)
            else "dmlp" if any(".h_mlp." in k for k in keys) else None)
    names = [name for name, spec in trans4pass.VARIANTS.items()
             if spec["depths"] == depths and spec["head"] == head]
    parts = [f"variant {names[0]}" if names else f"depths {list(depths)}, head {head}"]
    pred = state.get("dede_head.pred.weight")
    parts.append("no decode head" if pred is None else f"{pred.shape[0]} classes")
    return ", ".join(parts)
