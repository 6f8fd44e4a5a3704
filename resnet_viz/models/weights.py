"""Loading weights safely: torchvision's pretrained ImageNet weights and user checkpoints.

Checkpoints are read with ``torch.load(weights_only=True)`` or safetensors, never by plain
unpickling, so a malicious file cannot run code.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import torch
from torch import nn
from torch.hub import HASH_REGEX

from resnet_viz.data.download import fetch
from resnet_viz.errors import ReportedError

__all__ = [
    "CheckpointError",
    "WeightsUnavailable",
    "download_pretrained",
    "load_checkpoint",
    "pretrained_cache_path",
    "pretrained_is_cached",
    "pretrained_megabytes",
    "pretrained_state_dict",
    "read_state_dict",
]


class WeightsUnavailable(RuntimeError):
    """Pretrained weights could not be fetched (offline, blocked, or a broken cache)."""


class CheckpointError(ReportedError):
    """A checkpoint that cannot be used: ``code`` says why and ``params`` holds the details."""

    DOMAIN = "checkpoint"
    MESSAGES: ClassVar[Mapping[str, str]] = {
        "empty": "The checkpoint file is empty.",
        "safetensors": "Not a valid safetensors file ({kind}).",
        "weights_only": "This file cannot be read as a weights-only PyTorch checkpoint ({kind}). Only tensors are "
                        "accepted; pickled code is refused.",
        "not_state_dict": "The checkpoint must be a state dict: a mapping from parameter names to tensors.",
        "mismatch": "The checkpoint does not fit this model: {missing} parameters missing, {unexpected} unexpected, "
                    "{wrong_shape} of the wrong shape ({names}).",
    }


@dataclass
class KeyReport:
    missing: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    wrong_shape: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.missing or self.unexpected or self.wrong_shape)

    def names(self, limit: int = 8) -> str:
        """The mismatched names (missing, unexpected, then wrong shapes), the first ``limit`` of them."""
        found = self.missing + self.unexpected + self.wrong_shape
        return "; ".join(found[:limit]) + (f"; … (+{len(found) - limit})" if len(found) > limit else "")


def _weights(depth: int):
    from torchvision import models

    return getattr(models, f"ResNet{depth}_Weights").IMAGENET1K_V1


def pretrained_cache_path(depth: int) -> Path:
    """Where torchvision keeps the IMAGENET1K_V1 file of ResNet-``depth`` (``$TORCH_HOME/hub/checkpoints``)."""
    url = _weights(depth).url
    return Path(torch.hub.get_dir()) / "checkpoints" / url.rsplit("/", 1)[-1]


def pretrained_is_cached(depth: int) -> bool:
    """True when the weights file is already on this machine, so loading it needs no network."""
    return pretrained_cache_path(depth).is_file()


def pretrained_megabytes(depth: int) -> float:
    """The download's size in MB, from torchvision's weights metadata."""
    return float(_weights(depth).meta.get("_file_size", 0.0))


def download_pretrained(depth: int, *, progress: Callable[[int, int], None] | None = None,
                        url: str | None = None) -> Path:
    """Download the weights into torchvision's cache, checking the SHA-256 prefix in the file's name as
    ``torch.hub`` does. Raises :class:`WeightsUnavailable` (offline, or a file that fails the check)."""
    weights = _weights(depth)
    target = pretrained_cache_path(depth)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    try:
        fetch(url or weights.url, partial, progress=progress, expected_bytes=int(pretrained_megabytes(depth) * 1e6))
        prefix = HASH_REGEX.search(target.name)
        digest = hashlib.sha256(partial.read_bytes()).hexdigest()
        if prefix is not None and not digest.startswith(prefix.group(1)):
            raise WeightsUnavailable(f"the downloaded ResNet-{depth} weights fail their checksum")
        partial.replace(target)
    except OSError as error:
        raise WeightsUnavailable(f"Pretrained ResNet-{depth} weights could not be downloaded "
                                 f"({type(error).__name__}).") from error
    finally:
        partial.unlink(missing_ok=True)
    return target


def pretrained_state_dict(depth: int) -> dict[str, torch.Tensor]:
    """torchvision's IMAGENET1K_V1 weights for ResNet-``depth``; raises WeightsUnavailable offline."""
    weights = _weights(depth)
    try:
        return weights.get_state_dict(progress=False, check_hash=True, weights_only=True)
    except Exception as error:  # URLError, HTTPError, hash mismatch, disk errors: all mean "not available"
        raise WeightsUnavailable(
            f"Pretrained ResNet-{depth} weights could not be downloaded ({type(error).__name__}). "
            "This machine is probably offline; the built-in randomly initialised model is used instead."
        ) from error


def read_state_dict(data: bytes, *, filename: str = "") -> dict[str, torch.Tensor]:
    """Parse checkpoint bytes (safetensors, or a torch file read with weights_only=True)."""
    if not data:
        raise CheckpointError("empty")
    if filename.endswith(".safetensors") or data[8:9] == b"{":
        try:
            from safetensors.torch import load as load_safetensors

            return dict(load_safetensors(data))
        except Exception as error:
            if filename.endswith(".safetensors"):
                raise CheckpointError("safetensors", kind=type(error).__name__) from None
    try:
        loaded = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
    except Exception as error:
        # weights_only refuses any pickle that would build objects other than tensors and plain
        # containers; the payload's code never runs.
        raise CheckpointError("weights_only", kind=type(error).__name__) from None
    if isinstance(loaded, dict) and "state_dict" in loaded and isinstance(loaded["state_dict"], dict):
        loaded = loaded["state_dict"]
    if not isinstance(loaded, dict) or not all(isinstance(v, torch.Tensor) for v in loaded.values()):
        raise CheckpointError("not_state_dict")
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
        raise CheckpointError("mismatch", missing=len(report.missing), unexpected=len(report.unexpected),
                              wrong_shape=len(report.wrong_shape), names=report.names())
    model.load_state_dict(state_dict, strict=True)
    return model
