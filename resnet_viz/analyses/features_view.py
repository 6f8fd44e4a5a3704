"""From extracted tensors to what the feature-map page shows: model inputs, channel choice, statistics."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image

from resnet_viz.data import IMAGENET_MEAN, IMAGENET_STD, image_to_tensor, imagenet_preprocess, make_shapes
from resnet_viz.data.shapes import SHAPE_CLASSES

__all__ = [
    "CHANNEL_ORDERS",
    "ChannelStats",
    "as_maps",
    "channel_mean",
    "channel_statistics",
    "input_picture",
    "model_input",
    "select_channels",
    "synthetic_image",
]

CHANNEL_ORDERS = ("first", "top")


def normalise(images: torch.Tensor) -> torch.Tensor:
    """[0, 1] RGB -> ImageNet-normalised (the statistics both families are fed with here)."""
    mean = torch.tensor(IMAGENET_MEAN).view(-1, 1, 1)
    std = torch.tensor(IMAGENET_STD).view(-1, 1, 1)
    return (images - mean) / std


def model_input(image: Image.Image | torch.Tensor, size: int) -> torch.Tensor:
    """A (1, 3, size, size) normalised batch.

    A photo for a 224 input goes through torchvision's ImageNet preprocessing (resize 256, centre crop
    224); other sizes are a plain resize. A (3, H, W) tensor in [0, 1] of the right size (a synthetic
    image) is only normalised.
    """
    if isinstance(image, torch.Tensor):
        if image.dim() != 3 or image.shape[0] != 3:
            raise ValueError(f"expected a (3, H, W) image tensor, got {tuple(image.shape)}")
        if tuple(image.shape[1:]) != (size, size):
            image = torch.nn.functional.interpolate(image[None], size=(size, size), mode="bilinear",
                                                    antialias=True, align_corners=False)[0]
        return normalise(image.clamp(0, 1))[None]
    if size == 224:
        return imagenet_preprocess(image)
    return normalise(image_to_tensor(image, size))[None]


def synthetic_image(shape: str, size: int, seed: int) -> torch.Tensor:
    """One (3, size, size) image in [0, 1] from the built-in shapes dataset, showing ``shape``."""
    if shape not in SHAPE_CLASSES:
        raise ValueError(f"unknown shape {shape!r}; choose from {SHAPE_CLASSES}")
    data = make_shapes(len(SHAPE_CLASSES), size=size, seed=seed)  # each class exactly once
    return data.images[int((data.labels == SHAPE_CLASSES.index(shape)).nonzero()[0, 0])]


def input_picture(batch: torch.Tensor) -> np.ndarray:
    """Undo the normalisation of a (1, 3, H, W) batch: an (H, W, 3) uint8 picture of what the model saw."""
    mean = torch.tensor(IMAGENET_MEAN, device=batch.device).view(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD, device=batch.device).view(1, 3, 1, 1)
    rgb = (batch * std + mean).clamp(0, 1)[0].permute(1, 2, 0)
    return (rgb.detach().cpu().numpy() * 255).round().astype(np.uint8)


@dataclass(frozen=True)
class ChannelStats:
    """Per-channel statistics over the spatial positions of one (C, H, W) map."""

    mean: np.ndarray
    std: np.ndarray
    min: np.ndarray
    max: np.ndarray
    positive: np.ndarray  # fraction of positions > 0

    def row(self, channel: int) -> dict[str, float]:
        return {"mean": float(self.mean[channel]), "std": float(self.std[channel]), "min": float(self.min[channel]),
                "max": float(self.max[channel]), "positive": float(self.positive[channel])}


def as_maps(tensor: torch.Tensor) -> np.ndarray:
    """A (1, C, H, W) feature tensor as a float64 (C, H, W) array on the CPU."""
    if tensor.dim() != 4 or tensor.shape[0] != 1:
        raise ValueError(f"expected one (1, C, H, W) feature map, got {tuple(tensor.shape)}")
    return tensor[0].detach().to("cpu", torch.float64).numpy()


def channel_mean(tensor: torch.Tensor) -> np.ndarray:
    """The (H, W) average over channels of one (1, C, H, W) feature map: where the layer responds at all."""
    return as_maps(tensor).mean(axis=0)


def channel_statistics(maps: np.ndarray) -> ChannelStats:
    flat = maps.reshape(maps.shape[0], -1)
    return ChannelStats(mean=flat.mean(1), std=flat.std(1), min=flat.min(1), max=flat.max(1),
                        positive=(flat > 0).mean(1))


def select_channels(maps: np.ndarray, k: int, order: str = "first") -> list[int]:
    """``k`` channel indices: the first ``k``, or the ``k`` with the largest mean activation (largest first)."""
    if order not in CHANNEL_ORDERS:
        raise ValueError(f"order must be one of {CHANNEL_ORDERS}, got {order!r}")
    k = max(1, min(int(k), maps.shape[0]))
    if order == "first":
        return list(range(k))
    means = maps.reshape(maps.shape[0], -1).mean(1)
    return [int(i) for i in np.argsort(-means, kind="stable")[:k]]
