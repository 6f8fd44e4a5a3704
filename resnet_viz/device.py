"""Pick the compute device: cuda, else mps, else cpu; overridable with RESNET_VIZ_DEVICE."""

from __future__ import annotations

import os

import torch

__all__ = ["DEVICE_ENV_VAR", "available_devices", "choose_device"]

DEVICE_ENV_VAR = "RESNET_VIZ_DEVICE"


def available_devices() -> list[str]:
    devices = []
    if torch.cuda.is_available():
        devices.append("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        devices.append("mps")
    devices.append("cpu")
    return devices


def choose_device(preference: str | None = None) -> torch.device:
    """The preferred device if it is available, else the best available one.

    ``preference`` (or the RESNET_VIZ_DEVICE variable) may be "auto", "cuda", "mps" or "cpu"; an
    unavailable or unknown choice falls back to automatic choice rather than failing.
    """
    wanted = (preference or os.environ.get(DEVICE_ENV_VAR) or "auto").strip().lower()
    devices = available_devices()
    if wanted in devices:
        return torch.device(wanted)
    return torch.device(devices[0])
