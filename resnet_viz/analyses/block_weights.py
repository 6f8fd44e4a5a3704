"""Weight presets for the worked block, so that its maps mean something, and hand-edited kernels.

Every preset is deterministic under a seed. Weights are plain float32 numpy arrays: ``weight`` has
shape (C_out, C_in, 3, 3) and ``bias`` (C_out,).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import torch
from torch import nn

from resnet_viz.errors import ReportedError
from resnet_viz.models.init import seeded

__all__ = [
    "KERNEL_LIMIT",
    "PRESETS",
    "ConvWeights",
    "KernelEdit",
    "KernelError",
    "apply_edits",
    "decode_edits",
    "encode_edits",
    "preset_weights",
    "validate_kernel",
]

PRESETS: dict[str, str] = {
    "edges": "Edge detectors: conv1 = Sobel x, Sobel y, Laplacian of the grey image; conv2 passes them on",
    "identity": "Identity-like: centre tap 1 from channel c to channel c, everything else 0",
    "he": "He initialisation (normal, std = sqrt(2 / 27)), zero bias: what training starts from",
    "random": "Seeded random: PyTorch's default uniform initialisation, bias included",
}
KERNEL_LIMIT = 10.0  # hand-edited taps beyond +-10 only saturate the colour scales

SOBEL_X = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=np.float32)
SOBEL_Y = SOBEL_X.T.copy()
LAPLACIAN = np.array([[0, -1, 0], [-1, 4, -1], [0, -1, 0]], dtype=np.float32)


@dataclass(frozen=True)
class ConvWeights:
    weight: np.ndarray  # (C_out, C_in, 3, 3) float32
    bias: np.ndarray  # (C_out,) float32


@dataclass(frozen=True)
class KernelEdit:
    """One hand-edited 3x3 kernel: ``layer`` ("conv1"/"conv2"), output and input channel, 9 values."""

    layer: str
    out_channel: int
    in_channel: int
    values: tuple[tuple[float, float, float], ...]


def _identity(channels: int) -> np.ndarray:
    weight = np.zeros((channels, channels, 3, 3), dtype=np.float32)
    for c in range(channels):
        weight[c, c, 1, 1] = 1.0
    return weight


def _edges(channels: int) -> np.ndarray:
    # Each detector looks at the grey image: the same kernel on every input channel, divided by C_in.
    weight = np.zeros((channels, channels, 3, 3), dtype=np.float32)
    for c, kernel in enumerate((SOBEL_X, SOBEL_Y, LAPLACIAN)[:channels]):
        weight[c, :] = kernel / channels
    return weight


def preset_weights(preset: str, seed: int = 0, channels: int = 3) -> dict[str, ConvWeights]:
    """``{"conv1": ConvWeights, "conv2": ConvWeights}`` for one of :data:`PRESETS`."""
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; choose from {sorted(PRESETS)}")
    zero_bias = np.zeros(channels, dtype=np.float32)
    if preset == "identity":
        return {name: ConvWeights(_identity(channels), zero_bias) for name in ("conv1", "conv2")}
    if preset == "edges":
        return {"conv1": ConvWeights(_edges(channels), zero_bias), "conv2": ConvWeights(_identity(channels), zero_bias)}
    out = {}
    with seeded(seed):
        for name in ("conv1", "conv2"):
            conv = nn.Conv2d(channels, channels, kernel_size=3, padding=1)  # PyTorch's default init
            if preset == "he":
                nn.init.kaiming_normal_(conv.weight, mode="fan_out", nonlinearity="relu")
                nn.init.zeros_(conv.bias)
            out[name] = ConvWeights(conv.weight.detach().numpy().copy(), conv.bias.detach().numpy().copy())
    return out


class KernelError(ReportedError):
    """A hand-edited kernel that cannot be used: ``code`` says why, ``params`` holds the numbers its message needs."""

    DOMAIN = "kernel"
    MESSAGES: ClassVar[Mapping[str, str]] = {
        "number": "Every kernel entry must be a number.",
        "shape": "A kernel has 3 × 3 entries; this one has {shape}.",
        "finite": "Every kernel entry must be a finite number (no blanks, NaN or infinity).",
        "limit": "Kernel entries must lie between -{limit:g} and {limit:g}.",
    }


def validate_kernel(values: object, limit: float = KERNEL_LIMIT) -> np.ndarray:
    """A 3x3 float32 array from user input, or :class:`KernelError` (a ValueError) saying why not."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise KernelError("number") from None
    if array.shape != (3, 3):
        raise KernelError("shape", shape=" × ".join(map(str, array.shape)))
    if not np.isfinite(array).all():
        raise KernelError("finite")
    if np.abs(array).max() > limit:
        raise KernelError("limit", limit=limit)
    return array.astype(np.float32)


def apply_edits(weights: dict[str, ConvWeights], edits: Iterable[KernelEdit]) -> dict[str, ConvWeights]:
    """A copy of ``weights`` with the edited kernels replaced (each edit validated)."""
    arrays = {name: w.weight.copy() for name, w in weights.items()}
    for edit in edits:
        if edit.layer not in arrays:
            raise ValueError(f"no layer {edit.layer!r}; choose from {sorted(arrays)}")
        weight = arrays[edit.layer]
        if not (0 <= edit.out_channel < weight.shape[0] and 0 <= edit.in_channel < weight.shape[1]):
            raise ValueError(f"channel pair ({edit.out_channel}, {edit.in_channel}) is outside {weight.shape[:2]}")
        weight[edit.out_channel, edit.in_channel] = validate_kernel(edit.values)
    return {name: ConvWeights(arrays[name], weights[name].bias.copy()) for name in weights}


Edits = dict[tuple[str, int, int], tuple[tuple[float, float, float], ...]]  # (layer, out, in) -> 3x3 values
EDITABLE_LAYERS = ("conv1", "conv2")


def _shortest(value: float) -> str:
    """The shortest text that gives back the same float32 ("0.1", "2", "-0.25")."""
    text = str(np.float32(value))
    return text[:-2] if text.endswith(".0") else text


def encode_edits(edits: Edits) -> str:
    """Hand-edited kernels as link text: ``conv1.0.2:v,v,...,v;...`` (9 values each, row by row, sorted).

    Example:
        >>> encode_edits({("conv2", 1, 0): ((0, 0, 0), (0, 1, 0), (0, 0, 0.5))})
        'conv2.1.0:0,0,0,0,1,0,0,0,0.5'
    """
    return ";".join(f"{layer}.{out_c}.{in_c}:" + ",".join(_shortest(v) for row in values for v in row)
                    for (layer, out_c, in_c), values in sorted(edits.items()))


def decode_edits(text: str, channels: int = 3) -> Edits:
    """The inverse of :func:`encode_edits`, each kernel validated; ValueError for anything else."""
    edits = {}
    for item in filter(None, text.split(";")):
        where, _, numbers = item.partition(":")
        layer, out_c, in_c = where.split(".")
        out_c, in_c = int(out_c), int(in_c)
        if layer not in EDITABLE_LAYERS or not (0 <= out_c < channels and 0 <= in_c < channels):
            raise ValueError(where)
        kernel = validate_kernel(np.array([float(v) for v in numbers.split(",")]).reshape(3, 3))
        edits[(layer, out_c, in_c)] = tuple(tuple(float(v) for v in row) for row in kernel)
    return edits


def he_std(channels: int = 3, kernel: int = 3) -> float:
    """The He-init standard deviation sqrt(2 / n) with n = k * k * C (fan-out of a CxC conv)."""
    return math.sqrt(2.0 / (kernel * kernel * channels))


def as_tensors(weights: ConvWeights) -> tuple[torch.Tensor, torch.Tensor]:
    return torch.from_numpy(weights.weight.copy()), torch.from_numpy(weights.bias.copy())
