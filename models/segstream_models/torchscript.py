"""The graph that is saved (network + optional in-graph argmax) and its round-trip check.

The check exists because a wrong export fails silently: a traced graph with a frozen size, or a
save/load that changes an op, still returns a tensor of plausible shape. So the saved bytes are
loaded back and compared with eager PyTorch at the export size and at a second size.
"""

import io
from typing import List, Sequence, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from .errors import ExportError

LOGITS_TOLERANCE = 1e-4
MIN_ARGMAX_AGREEMENT = 0.9999
# Compute precisions a graph may be saved in. The graph takes and returns float32 either way
# (it casts the pixels in and the logits out), so the worker's translator never changes.
PRECISIONS = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}
# The saved graph and eager PyTorch run the same ops in the same precision; in fp16/bf16 a fused
# or reordered op in the loaded graph may still round differently by a unit in the last place.
REDUCED_LOGITS_TOLERANCE = 5e-2


class ExportWrapper(nn.Module):
    """Normalised float32 N x 3 x H x W -> uint8 class ids N x H x W (argmax) or float32 logits,
    computed in ``precision`` (fp32, fp16 or bf16 weights and activations)."""

    argmax: torch.jit.Final[bool]

    def __init__(self, net: nn.Module, argmax: bool, precision: str = "fp32"):
        super().__init__()
        self.dtype = PRECISIONS[precision]
        self.net = net.to(self.dtype)
        self.argmax = argmax

    @torch.jit.export
    def logits(self, pixels: Tensor) -> Tensor:
        """The network's float32 logits (a no-op cast in fp32)."""
        return self.net(pixels.to(self.dtype)).float()

    def forward(self, pixels: Tensor) -> Tensor:
        logits = self.logits(pixels)
        if self.argmax:
            # Upsample the logits, not the class map: interpolating scores gives smooth borders,
            # which is what the reference evaluation does.
            size = [pixels.shape[2], pixels.shape[3]]
            logits = F.interpolate(logits, size=size, mode="bilinear", align_corners=False)
            return logits.argmax(dim=1).to(torch.uint8)
        return logits


class FullResolutionExportWrapper(ExportWrapper):
    """For networks whose logits are already at the input size (Trans4PASS upsamples inside the
    model, align_corners=True): the argmax needs no second upsampling. A subclass rather than a flag
    so that the SegFormer graph, and with it the demo model's bytes, stay as they were."""

    def forward(self, pixels: Tensor) -> Tensor:
        logits = self.logits(pixels)
        if self.argmax:
            return logits.argmax(dim=1).to(torch.uint8)
        return logits


def script_and_save(wrapper: ExportWrapper) -> Tuple[bytes, torch.jit.ScriptModule]:
    """TorchScript bytes of ``wrapper`` and the module loaded back from exactly those bytes."""
    # script, not trace: tracing records the sizes seen at trace time as constants.
    scripted = torch.jit.script(wrapper.eval())
    buffer = io.BytesIO()
    torch.jit.save(scripted, buffer)
    data = buffer.getvalue()
    return data, torch.jit.load(io.BytesIO(data), map_location="cpu")


def check_sizes(height: int, width: int) -> List[Tuple[int, int]]:
    """The export size and a second one with a different aspect ratio (e.g. 256x512 -> 320x640)."""
    return [(height, width), (height + 64, width + 128)]


def verify(eager: ExportWrapper, loaded: nn.Module, sizes: Sequence[Tuple[int, int]],
           num_labels: int, seed: int = 1234, logits_stride: int = 4,
           device: str = "cpu") -> List[str]:
    """Compares ``loaded`` with ``eager`` (same precision) on random inputs; returns report lines
    or raises. ``logits_stride``: the network's logits are ceil(H / stride) x ceil(W / stride)."""
    tolerance = LOGITS_TOLERANCE if eager.dtype == torch.float32 else REDUCED_LOGITS_TOLERANCE
    report = []
    for (height, width), pixels in _inputs(sizes, seed, device):
        with torch.no_grad():
            want, got = eager(pixels), loaded(pixels)
            # With argmax in the graph the top-level output hides small numeric drift, so the
            # check also runs the saved graph's logits method. Without argmax the outputs are
            # the logits: reuse them rather than run twice more.
            want_logits = eager.logits(pixels) if eager.argmax else want
            got_logits = loaded.logits(pixels) if eager.argmax else got
        where = f"at {height}x{width}"
        if eager.argmax:
            _expect(got.dtype == torch.uint8, f"{where}: output dtype is {got.dtype}, expected uint8")
            expected_shape = (1, height, width)
        else:
            _expect(got.dtype == torch.float32,
                    f"{where}: output dtype is {got.dtype}, expected float32")
            expected_shape = (1, num_labels, -(-height // logits_stride), -(-width // logits_stride))
        _expect(tuple(got.shape) == expected_shape and tuple(want.shape) == expected_shape,
                f"{where}: output shape {tuple(got.shape)} (eager {tuple(want.shape)}), "
                f"expected {expected_shape}")
        diff = (want_logits - got_logits).abs().max().item()
        _expect(diff <= tolerance,
                f"{where}: logits differ from eager PyTorch by {diff:.3g} (> {tolerance})")
        line = f"{where}: logits max abs diff {diff:.3g}"
        if eager.argmax:
            agreement = (want == got).double().mean().item()
            _expect(agreement >= MIN_ARGMAX_AGREEMENT,
                    f"{where}: argmax agrees with eager PyTorch on {agreement:.4%} of pixels "
                    f"(< {MIN_ARGMAX_AGREEMENT:.2%})")
            line += f", argmax agreement {agreement:.4%}"
        report.append(line)
    return report


def precision_cost(reference: ExportWrapper, loaded: nn.Module, sizes: Sequence[Tuple[int, int]],
                   seed: int = 1234, device: str = "cpu") -> Tuple[float, float, List[str]]:
    """How far a reduced-precision graph is from the float32 network: (worst logits max abs
    diff, worst argmax agreement, report lines). Reported, not enforced: on random weights the
    classes are near ties, so the agreement says more about the weights than about the export."""
    worst_diff, worst_agreement, report = 0.0, 1.0, []
    for (height, width), pixels in _inputs(sizes, seed, device):
        with torch.no_grad():
            want, got = reference.logits(pixels), loaded.logits(pixels)
        diff = (want - got).abs().max().item()
        agreement = (want.argmax(1) == got.argmax(1)).double().mean().item()
        worst_diff, worst_agreement = max(worst_diff, diff), min(worst_agreement, agreement)
        report.append(f"at {height}x{width} vs float32: logits max abs diff {diff:.3g}, "
                      f"argmax agreement {agreement:.4%}")
    return worst_diff, worst_agreement, report


def _inputs(sizes: Sequence[Tuple[int, int]], seed: int, device: str):
    generator = torch.Generator().manual_seed(seed)
    for height, width in sizes:
        yield (height, width), torch.randn(1, 3, height, width, generator=generator).to(device)


def _expect(ok: bool, problem: str) -> None:
    if not ok:
        raise ExportError(f"the saved TorchScript disagrees with eager PyTorch {problem}; "
                          "nothing was written")
