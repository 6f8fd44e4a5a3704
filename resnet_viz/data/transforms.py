"""Preprocessing: ImageNet transforms taken from torchvision's weights metadata, small resizes."""

from __future__ import annotations

from functools import lru_cache

import torch
from PIL import Image

__all__ = [
    "IMAGENET_MEAN",
    "IMAGENET_STD",
    "denormalize",
    "imagenet_categories",
    "imagenet_preprocess",
    "image_to_tensor",
]

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


@lru_cache(maxsize=1)
def _imagenet_transform():
    # Constructing the transform reads only metadata: no download happens here.
    from torchvision.models import ResNet50_Weights

    return ResNet50_Weights.IMAGENET1K_V1.transforms()


def imagenet_preprocess(image: Image.Image) -> torch.Tensor:
    """Resize 256, centre-crop 224, scale to [0, 1], normalise: a (1, 3, 224, 224) batch."""
    return _imagenet_transform()(image.convert("RGB")).unsqueeze(0)


def denormalize(batch: torch.Tensor) -> torch.Tensor:
    """Undo the ImageNet normalisation, for showing a preprocessed input as a picture."""
    mean = torch.tensor(IMAGENET_MEAN, device=batch.device).view(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD, device=batch.device).view(1, 3, 1, 1)
    return (batch * std + mean).clamp(0, 1)


@lru_cache(maxsize=1)
def imagenet_categories() -> tuple[str, ...]:
    from torchvision.models import ResNet50_Weights

    return tuple(ResNet50_Weights.IMAGENET1K_V1.meta["categories"])


def image_to_tensor(image: Image.Image, size: int | tuple[int, int]) -> torch.Tensor:
    """A (3, H, W) float tensor in [0, 1], resized (bilinear, antialiased) to ``size``."""
    from torchvision.transforms.v2 import functional as TF

    height, width = (size, size) if isinstance(size, int) else size
    tensor = TF.pil_to_tensor(image.convert("RGB"))
    tensor = TF.resize(tensor, [height, width], antialias=True)
    return tensor.float() / 255.0
