"""The paper's CIFAR-10 family: 6n+2 layers, 16/32/64 filters on 32/16/8 maps (Section 4.2)."""

from __future__ import annotations

import torch
from torch import nn

from resnet_viz.errors import DepthError
from resnet_viz.models.blocks import BasicBlock, PreActBlock
from resnet_viz.models.init import he_init, seeded
from resnet_viz.models.layers import ZeroPadShortcut, conv1x1, conv3x3

__all__ = ["CifarResNet", "cifar_resnet", "cifar_blocks_per_stage", "SHORTCUT_OPTIONS"]

SHORTCUT_OPTIONS = {
    "A": "zero-padding identity where the shape changes (no parameters)",
    "B": "1x1 projection where the shape changes, identity elsewhere",
    "C": "1x1 projection on every shortcut",
}


def cifar_blocks_per_stage(depth: int) -> int:
    """n for a 6n+2-layer net; raises :class:`~resnet_viz.errors.DepthError` with the nearest valid depths otherwise."""
    if not isinstance(depth, int) or isinstance(depth, bool) or depth < 8 or (depth - 2) % 6:
        lower = max(8, (int(depth) - 2) // 6 * 6 + 2) if isinstance(depth, (int, float)) else 8
        raise DepthError("cifar", value=depth, lower=lower, upper=lower + 6)
    return (depth - 2) // 6


class CifarResNet(nn.Module):
    def __init__(
        self,
        depth: int,
        *,
        residual: bool = True,
        shortcut: str = "A",
        preact: bool = False,
        shortcut_scale: float = 1.0,
        num_classes: int = 10,
        widths: tuple[int, int, int] = (16, 32, 64),
    ) -> None:
        super().__init__()
        n = cifar_blocks_per_stage(depth)
        shortcut = str(shortcut).upper()
        if shortcut not in SHORTCUT_OPTIONS:
            raise ValueError(f"shortcut must be one of {sorted(SHORTCUT_OPTIONS)}, got {shortcut!r}")
        self.depth, self.residual, self.shortcut, self.preact = depth, residual, shortcut, preact
        self.shortcut_scale, self.widths = float(shortcut_scale), tuple(widths)
        self.block_type = PreActBlock if preact else BasicBlock
        self.in_channels = widths[0]
        self.conv1 = conv3x3(3, widths[0])
        if not preact:
            # v1: the stem is conv-BN-ReLU. v2 applies BN-ReLU inside the first unit instead.
            self.bn1 = nn.BatchNorm2d(widths[0])
            self.relu = nn.ReLU()
        self.layer1 = self._make_layer(widths[0], n, 1)
        self.layer2 = self._make_layer(widths[1], n, 2)
        self.layer3 = self._make_layer(widths[2], n, 2)
        if preact:
            self.bn_final = nn.BatchNorm2d(widths[2])
            self.relu_final = nn.ReLU()
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(widths[2], num_classes)

    def _shortcut(self, in_channels: int, out_channels: int, stride: int) -> nn.Module | None:
        changes = stride != 1 or in_channels != out_channels
        if not self.residual or (self.shortcut != "C" and not changes):
            return None
        if self.shortcut == "A":
            return ZeroPadShortcut(in_channels, out_channels, stride)
        if self.preact:  # the identity-mappings paper projects with a bare 1x1 conv
            return conv1x1(in_channels, out_channels, stride)
        return nn.Sequential(conv1x1(in_channels, out_channels, stride), nn.BatchNorm2d(out_channels))

    def _make_layer(self, channels: int, blocks: int, stride: int) -> nn.Sequential:
        stage = []
        for index in range(blocks):
            block_stride = stride if index == 0 else 1
            stage.append(
                self.block_type(
                    self.in_channels,
                    channels,
                    block_stride,
                    self._shortcut(self.in_channels, channels, block_stride),
                    residual=self.residual,
                    shortcut_scale=self.shortcut_scale,
                )
            )
            self.in_channels = channels
        return nn.Sequential(*stage)

    def stem(self, x: torch.Tensor) -> torch.Tensor:
        x = self.conv1(x)
        return x if self.preact else self.relu(self.bn1(x))

    def head(self, x: torch.Tensor) -> torch.Tensor:
        """Everything after the last block: (final BN-ReLU for v2,) global average pooling and fc."""
        if self.preact:
            x = self.relu_final(self.bn_final(x))
        return self.fc(torch.flatten(self.avgpool(x), 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.layer3(self.layer2(self.layer1(self.stem(x)))))


def cifar_resnet(
    depth: int,
    *,
    residual: bool = True,
    shortcut: str = "A",
    preact: bool = False,
    shortcut_scale: float = 1.0,
    num_classes: int = 10,
    widths: tuple[int, int, int] = (16, 32, 64),
    seed: int = 0,
) -> CifarResNet:
    """ResNet-``depth`` for 32x32 inputs (He et al. 2016, section 4.2), He-initialised from ``seed``.

    Args:
        depth: 6n + 2 layers (20, 32, 44, 56, 110, ...): three stages of n blocks of two 3x3 convolutions.
        residual: False gives the plain twin (the same layers without shortcuts).
        shortcut: "A" (subsample and zero-pad, no parameters, the paper's CIFAR choice) or "B" (1x1 projection).
        preact: pre-activation blocks (He et al. 2016b) instead of the original ones.
        shortcut_scale: lambda in h(x) = lambda * x.
        num_classes: size of the last linear layer.
        widths: filters per stage; other than (16, 32, 64) for the narrower CPU training presets.
        seed: the same seed gives the same weights.

    Returns:
        The model, in train mode.

    Example:
        >>> model = cifar_resnet(20)
        >>> sum(p.numel() for p in model.parameters())  # the paper's 0.27M
        269722
        >>> model.eval()(torch.rand(1, 3, 32, 32)).shape
        torch.Size([1, 10])
    """
    with seeded(seed):
        model = CifarResNet(depth, residual=residual, shortcut=shortcut, preact=preact,
                            shortcut_scale=shortcut_scale, num_classes=num_classes, widths=widths)
        return he_init(model)
