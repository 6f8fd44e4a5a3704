"""ImageNet ResNet-18...152 whose state dicts are interchangeable with torchvision's."""

from __future__ import annotations

import torch
from torch import nn

from resnet_viz.errors import DepthError
from resnet_viz.models.blocks import BasicBlock, Bottleneck
from resnet_viz.models.init import he_init, seeded
from resnet_viz.models.layers import conv1x1

__all__ = ["ImageNetResNet", "IMAGENET_CONFIGS", "imagenet_resnet"]

# Variants are data (timm style): block type and blocks per stage (paper Table 1).
IMAGENET_CONFIGS: dict[int, dict] = {
    18: dict(block=BasicBlock, layers=(2, 2, 2, 2)),
    34: dict(block=BasicBlock, layers=(3, 4, 6, 3)),
    50: dict(block=Bottleneck, layers=(3, 4, 6, 3)),
    101: dict(block=Bottleneck, layers=(3, 4, 23, 3)),
    152: dict(block=Bottleneck, layers=(3, 8, 36, 3)),
}


class ImageNetResNet(nn.Module):
    def __init__(
        self,
        block: type[BasicBlock] | type[Bottleneck],
        layers: tuple[int, ...],
        *,
        num_classes: int = 1000,
        residual: bool = True,
        stride_on_1x1: bool = False,
    ) -> None:
        super().__init__()
        self.block_type, self.blocks_per_stage, self.residual = block, tuple(layers), residual
        self.in_channels = 64
        self.conv1 = nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU()
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        extra = {"stride_on_1x1": True} if (stride_on_1x1 and block is Bottleneck) else {}
        self.layer1 = self._make_layer(block, 64, layers[0], 1, extra)
        self.layer2 = self._make_layer(block, 128, layers[1], 2, extra)
        self.layer3 = self._make_layer(block, 256, layers[2], 2, extra)
        self.layer4 = self._make_layer(block, 512, layers[3], 2, extra)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(512 * block.expansion, num_classes)

    def _make_layer(self, block, channels: int, blocks: int, stride: int, extra: dict) -> nn.Sequential:
        out_channels = channels * block.expansion
        downsample = None
        if self.residual and (stride != 1 or self.in_channels != out_channels):
            # Option B of the paper: a 1x1 projection (with BN) only where the shape changes.
            downsample = nn.Sequential(conv1x1(self.in_channels, out_channels, stride), nn.BatchNorm2d(out_channels))
        stage = [block(self.in_channels, channels, stride, downsample, residual=self.residual, **extra)]
        self.in_channels = out_channels
        stage += [block(out_channels, channels, residual=self.residual, **extra) for _ in range(1, blocks)]
        return nn.Sequential(*stage)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def imagenet_resnet(
    depth: int,
    *,
    num_classes: int = 1000,
    residual: bool = True,
    stride_on_1x1: bool = False,
    seed: int = 0,
) -> ImageNetResNet:
    """ResNet-``depth`` for ImageNet, He-initialised from ``seed``; torchvision's state dicts load into it.

    Args:
        depth: 18, 34 (basic blocks), 50, 101 or 152 (bottleneck blocks).
        num_classes: size of the last linear layer.
        residual: False gives the plain net (the same layers without shortcuts).
        stride_on_1x1: True moves the bottleneck's stride to its first 1x1 conv, as in the paper; the default
            follows torchvision ("V1.5"), whose pretrained weights are the ones you can load.
        seed: the same seed gives the same weights.

    Returns:
        The model, in train mode.

    Example:
        >>> model = imagenet_resnet(18)
        >>> sum(p.numel() for p in model.parameters())  # as torchvision.models.resnet18()
        11689512
        >>> model.eval()(torch.rand(1, 3, 64, 64)).shape
        torch.Size([1, 1000])
    """
    if depth not in IMAGENET_CONFIGS:
        raise DepthError("imagenet", value=depth, choices=", ".join(map(str, sorted(IMAGENET_CONFIGS))))
    config = IMAGENET_CONFIGS[depth]
    with seeded(seed):
        model = ImageNetResNet(config["block"], config["layers"], num_classes=num_classes,
                               residual=residual, stride_on_1x1=stride_on_1x1)
        return he_init(model)
