"""Residual blocks: v1 basic (post-activation), v2 pre-activation, bottleneck, and their plain twins.

Attribute names follow torchvision's ``models/resnet.py`` (conv1, bn1, ..., downsample) so that its
state dicts load with ``strict=True``. Unlike torchvision, every ReLU use is its own module and the
skip addition is the ``add`` module; ``residual=False`` drops the skip and gives the plain block.
``shortcut_scale`` is the lambda of h(x) = lambda * x from the identity-mappings paper.
"""

from __future__ import annotations

import torch
from torch import nn

from resnet_viz.models.layers import Add, conv1x1, conv3x3

__all__ = ["BasicBlock", "Bottleneck", "PreActBlock"]


class _ResidualBase(nn.Module):
    expansion = 1

    def _init_skip(self, downsample: nn.Module | None, residual: bool, shortcut_scale: float) -> None:
        self.residual = residual
        self.shortcut_scale = float(shortcut_scale)
        self.downsample = downsample if residual else None
        self.add = Add() if residual else None

    def _skip(self, x: torch.Tensor) -> torch.Tensor:
        identity = x if self.downsample is None else self.downsample(x)
        if self.shortcut_scale != 1.0:
            identity = identity * self.shortcut_scale
        return identity

    def extra_repr(self) -> str:
        text = f"residual={self.residual}"
        if self.shortcut_scale != 1.0:
            text += f", shortcut_scale={self.shortcut_scale}"
        return text


class BasicBlock(_ResidualBase):
    """Two 3x3 convs with BN; the paper's (v1) order: conv-BN-ReLU-conv-BN, add, then ReLU."""

    expansion = 1

    def __init__(
        self,
        in_channels: int,
        channels: int,
        stride: int = 1,
        downsample: nn.Module | None = None,
        *,
        residual: bool = True,
        shortcut_scale: float = 1.0,
    ) -> None:
        super().__init__()
        self.conv1 = conv3x3(in_channels, channels, stride)
        self.bn1 = nn.BatchNorm2d(channels)
        self.relu1 = nn.ReLU()
        self.conv2 = conv3x3(channels, channels)
        self.bn2 = nn.BatchNorm2d(channels)
        self.relu_out = nn.ReLU()
        self._init_skip(downsample, residual, shortcut_scale)

    def residual_branch(self, x: torch.Tensor) -> torch.Tensor:
        """F(x): everything on the main path before the addition."""
        return self.bn2(self.conv2(self.relu1(self.bn1(self.conv1(x)))))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.residual_branch(x)
        if self.residual:
            out = self.add(self._skip(x), out)
        return self.relu_out(out)


class Bottleneck(_ResidualBase):
    """1x1 reduce, 3x3, 1x1 expand (x4). Stride sits on the 3x3 conv as in torchvision ("V1.5");
    the paper puts it on the first 1x1 conv (``stride_on_1x1=True``)."""

    expansion = 4

    def __init__(
        self,
        in_channels: int,
        channels: int,
        stride: int = 1,
        downsample: nn.Module | None = None,
        *,
        residual: bool = True,
        shortcut_scale: float = 1.0,
        stride_on_1x1: bool = False,
    ) -> None:
        super().__init__()
        self.conv1 = conv1x1(in_channels, channels, stride if stride_on_1x1 else 1)
        self.bn1 = nn.BatchNorm2d(channels)
        self.relu1 = nn.ReLU()
        self.conv2 = conv3x3(channels, channels, 1 if stride_on_1x1 else stride)
        self.bn2 = nn.BatchNorm2d(channels)
        self.relu2 = nn.ReLU()
        self.conv3 = conv1x1(channels, channels * self.expansion)
        self.bn3 = nn.BatchNorm2d(channels * self.expansion)
        self.relu_out = nn.ReLU()
        self._init_skip(downsample, residual, shortcut_scale)

    def residual_branch(self, x: torch.Tensor) -> torch.Tensor:
        out = self.relu1(self.bn1(self.conv1(x)))
        out = self.relu2(self.bn2(self.conv2(out)))
        return self.bn3(self.conv3(out))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.residual_branch(x)
        if self.residual:
            out = self.add(self._skip(x), out)
        return self.relu_out(out)


class PreActBlock(_ResidualBase):
    """Pre-activation unit (identity-mappings paper, article 001's v2): BN-ReLU-conv-BN-ReLU-conv, add,
    and no activation after the addition, so the shortcut path is a pure identity."""

    expansion = 1

    def __init__(
        self,
        in_channels: int,
        channels: int,
        stride: int = 1,
        downsample: nn.Module | None = None,
        *,
        residual: bool = True,
        shortcut_scale: float = 1.0,
    ) -> None:
        super().__init__()
        self.bn1 = nn.BatchNorm2d(in_channels)
        self.relu1 = nn.ReLU()
        self.conv1 = conv3x3(in_channels, channels, stride)
        self.bn2 = nn.BatchNorm2d(channels)
        self.relu2 = nn.ReLU()
        self.conv2 = conv3x3(channels, channels)
        self._init_skip(downsample, residual, shortcut_scale)

    def residual_branch(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv2(self.relu2(self.bn2(self.conv1(self.relu1(self.bn1(x))))))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.residual_branch(x)
        if self.residual:
            out = self.add(self._skip(x), out)
        return out
