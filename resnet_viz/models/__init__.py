"""ResNet models written to teach: every ReLU its own module, the skip addition its own module."""

from resnet_viz.models.blocks import BasicBlock, Bottleneck, PreActBlock
from resnet_viz.models.cifar import SHORTCUT_OPTIONS, CifarResNet, cifar_blocks_per_stage, cifar_resnet
from resnet_viz.models.imagenet import IMAGENET_CONFIGS, ImageNetResNet, imagenet_resnet
from resnet_viz.models.init import he_init, seeded
from resnet_viz.models.layers import Add, ZeroPadShortcut
from resnet_viz.models.worked import WORKED_ORDERS, WorkedBlock

__all__ = [
    "Add",
    "BasicBlock",
    "Bottleneck",
    "CifarResNet",
    "IMAGENET_CONFIGS",
    "ImageNetResNet",
    "PreActBlock",
    "SHORTCUT_OPTIONS",
    "WORKED_ORDERS",
    "WorkedBlock",
    "ZeroPadShortcut",
    "cifar_blocks_per_stage",
    "cifar_resnet",
    "he_init",
    "imagenet_resnet",
    "seeded",
]
