"""He initialisation as the paper (and article 004) prescribe, deterministic under a seed."""

from __future__ import annotations

import threading

import torch
from torch import nn

__all__ = ["GLOBAL_RNG_LOCK", "he_init", "seeded"]

# torch's (and numpy's) default generators are process-wide: a server thread that seeds them must keep
# every other seeding thread out until it has restored them, or two sessions' draws interleave.
GLOBAL_RNG_LOCK = threading.RLock()


def he_init(model: nn.Module, *, zero_last_bn: bool = False) -> nn.Module:
    """Kaiming-normal (fan_out, ReLU) convs, BN weight 1 / bias 0, and PyTorch's default for Linear.

    ``zero_last_bn`` zeroes the last BN of every residual branch, so each block starts as its shortcut
    (a trick from Goyal et al. 2017 that torchvision exposes as ``zero_init_residual``).
    """
    for module in model.modules():
        if isinstance(module, nn.Conv2d):
            nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, (nn.BatchNorm2d, nn.GroupNorm)):
            nn.init.ones_(module.weight)
            nn.init.zeros_(module.bias)
    if zero_last_bn:
        for module in model.modules():
            last = getattr(module, "bn3", None) or getattr(module, "bn2", None)
            if hasattr(module, "residual_branch") and isinstance(last, nn.BatchNorm2d):
                nn.init.zeros_(last.weight)
    return model


class seeded:
    """Context manager: run a block under ``torch.manual_seed(seed)`` and restore the global RNG."""

    def __init__(self, seed: int) -> None:
        self.seed = int(seed)

    def __enter__(self) -> torch.Generator:
        GLOBAL_RNG_LOCK.acquire()
        self._state = torch.random.get_rng_state()
        torch.manual_seed(self.seed)
        return torch.default_generator

    def __exit__(self, *exc: object) -> None:
        try:
            torch.random.set_rng_state(self._state)
        finally:
            GLOBAL_RNG_LOCK.release()
