"""Small building modules shared by every block.

The skip addition and the option-A shortcut are modules of their own so that a forward hook can see
x, F(x) and x + F(x) separately, and so that attribution methods (Captum's DeepLift) find them.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

__all__ = ["Add", "ZeroPadShortcut", "conv3x3", "conv1x1"]


class Add(nn.Module):
    """y = identity + residual, as a module so hooks see both operands and the sum."""

    def forward(self, identity: torch.Tensor, residual: torch.Tensor) -> torch.Tensor:
        return identity + residual


class ZeroPadShortcut(nn.Module):
    """Option A of the paper: subsample by ``stride`` and zero-pad the new channels. No parameters."""

    def __init__(self, in_channels: int, out_channels: int, stride: int) -> None:
        super().__init__()
        if out_channels < in_channels:
            raise ValueError("option A can only add channels, not remove them")
        self.in_channels, self.out_channels, self.stride = in_channels, out_channels, stride

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x[:, :, :: self.stride, :: self.stride]
        extra = self.out_channels - self.in_channels
        if extra == 0:
            return x
        # The paper pads the added channels with zeros; split them evenly before and after as the
        # reference CIFAR implementations do.
        return F.pad(x, (0, 0, 0, 0, extra // 2, extra - extra // 2))

    def extra_repr(self) -> str:
        return f"{self.in_channels}, {self.out_channels}, stride={self.stride}"


def conv3x3(in_channels: int, out_channels: int, stride: int = 1) -> nn.Conv2d:
    return nn.Conv2d(in_channels, out_channels, kernel_size=3, stride=stride, padding=1, bias=False)


def conv1x1(in_channels: int, out_channels: int, stride: int = 1) -> nn.Conv2d:
    return nn.Conv2d(in_channels, out_channels, kernel_size=1, stride=stride, bias=False)
