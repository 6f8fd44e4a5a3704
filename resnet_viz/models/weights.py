"""Loading weights safely: torchvision's pretrained ImageNet weights and user checkpoints.

Checkpoints are read with ``torch.load(weights_only=True)`` or safetensors, never by plain
unpickling, so a malicious file cannot run code.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import torch
from torch import nn

__all__ = ["CheckpointError", "WeightsUnavailable", "load_checkpoint", "pretrained_state_dict", "read_state_dict"]


class WeightsUnavailable(RuntimeError):
    """Pretrained weights could not be fetched (offline, blocked, or a broken cache)."""


class CheckpointError(ValueError):
    """A checkpoint that cannot be used; ``str(error)`` is meant for the user."""


@dataclass
class KeyReport:
    missing: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    wrong_shape: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.missing or self.unexpected or self.wrong_shape)

    def describe(self, limit: int = 8) -> str:
        parts = []
        for title, items in (("missing", self.missing), ("unexpected", self.unexpected),
                             ("wrong shape", self.wrong_shape)):
            if items:
                shown = ", ".join(items[:limit]) + (f" and {len(items) - limit} more" if len(items) > limit else "")
                parts.append(f"{len(items)} {title}: {shown}")
        return "; ".join(parts)


def pretrained_state_dict(depth: int) -> dict[str, torch.Tensor]:
    """torchvision's IMAGENET1K_V1 weights for ResNet-``depth``; raises WeightsUnavailable offline."""
    from torchvision import models

    weights = getattr(models, f"ResNet{depth}_Weights").IMAGENET1K_V1
    try:
        return weights.get_state_dict(progress=False, check_hash=True)
    except Exception as error:  # URLError, HTTPError, hash mismatch, disk errors: all mean "not available"
        raise WeightsUnavailable(
            f"Pretrained ResNet-{depth} weights could not be downloaded ({type(error).__name__}). "
            "This machine is probably offline; the built-in randomly initialised model is used instead."
        ) from error


def read_state_dict(data: bytes, *, filename: str = "") -> dict[str, torch.Tensor]:
    """Parse checkpoint bytes (safetensors, or a torch file read with weights_only=True)."""
    if not data:
        raise CheckpointError("The checkpoint file is empty.")
    if filename.endswith(".safetensors") or data[8:9] == b"{":
        try:
            from safetensors.torch import load as load_safetensors

            return dict(load_safetensors(data))
        except Exception as error:
            if filename.endswith(".safetensors"):
                raise CheckpointError(f"Not a valid safetensors file ({type(error).__name__}).") from None
    try:
        loaded = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
    except Exception as error:
        # weights_only refuses any pickle that would build objects other than tensors and plain
        # containers; the payload's code never runs.
        raise CheckpointError(
            "This file cannot be read as a weights-only PyTorch checkpoint "
            f"({type(error).__name__}). Only tensors are accepted; pickled code is refused."
        ) from None
    if isinstance(loaded, dict) and "state_dict" in loaded and isinstance(loaded["state_dict"], dict):
        loaded = loaded["state_dict"]
    if not isinstance(loaded, dict) or not all(isinstance(v, torch.Tensor) for v in loaded.values()):
        raise CheckpointError("The checkpoint must be a state dict: a mapping from parameter names to tensors.")
    # Checkpoints saved from DataParallel / torch.compile carry a prefix on every key.
    for prefix in ("module.", "_orig_mod."):
        if loaded and all(k.startswith(prefix) for k in loaded):
            loaded = {k[len(prefix):]: v for k, v in loaded.items()}
    return dict(loaded)


def check_keys(model: nn.Module, state_dict: dict[str, torch.Tensor]) -> KeyReport:
    expected = model.state_dict()
    report = KeyReport(
        missing=[k for k in expected if k not in state_dict],
        unexpected=[k for k in state_dict if k not in expected],
    )
    report.wrong_shape = [
        f"{k} {tuple(state_dict[k].shape)} != {tuple(v.shape)}"
        for k, v in expected.items()
        if k in state_dict and tuple(state_dict[k].shape) != tuple(v.shape)
    ]
    return report


def load_checkpoint(model: nn.Module, data: bytes, *, filename: str = "") -> nn.Module:
    """Load checkpoint bytes into ``model`` (in place) or raise CheckpointError listing mismatches."""
    state_dict = read_state_dict(data, filename=filename)
    report = check_keys(model, state_dict)
    if report:
        raise CheckpointError(f"The checkpoint does not fit this model: {report.describe()}.")
    model.load_state_dict(state_dict, strict=True)
    return model
