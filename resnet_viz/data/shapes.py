"""A deterministic synthetic labelled dataset of simple shapes, with object masks.

Each image holds one shape (the class) of random colour, size, rotation and position on a textured, noisy
background; the mask marks the shape's pixels. Generated from a seed, nothing downloaded.

Every class is recognisable by its outline alone: no class turns into another under a rotation or a size
change the generator makes (``tests/data/test_shapes.py`` measures the overlap of every pair).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

__all__ = ["SHAPE_CLASSES", "ShapesDataset", "make_shapes"]

SHAPE_CLASSES = ("circle", "square", "triangle", "cross", "ring", "bar")


@dataclass(frozen=True)
class ShapesDataset:
    images: torch.Tensor  # (N, 3, H, W) float32 in [0, 1]
    labels: torch.Tensor  # (N,) int64, index into ``classes``
    masks: torch.Tensor  # (N, H, W) bool, True on the object
    classes: tuple[str, ...] = SHAPE_CLASSES

    def __len__(self) -> int:
        return int(self.labels.shape[0])


def _shape_mask(kind: str, yy: torch.Tensor, xx: torch.Tensor, cy: float, cx: float, r: float,
                angle: float) -> torch.Tensor:
    dy, dx = yy - cy, xx - cx
    cos, sin = math.cos(angle), math.sin(angle)
    u, v = cos * dx + sin * dy, -sin * dx + cos * dy  # rotated coordinates
    if kind == "circle":
        return dx**2 + dy**2 <= r**2
    if kind == "square":
        return (u.abs() <= r * 0.8) & (v.abs() <= r * 0.8)
    if kind == "triangle":
        # equilateral triangle pointing "up" in rotated coordinates
        return (v <= r * 0.5) & (v >= -r + 1.732 * u.abs())
    if kind == "cross":
        arm = r * 0.3
        return ((u.abs() <= arm) & (v.abs() <= r)) | ((v.abs() <= arm) & (u.abs() <= r))
    if kind == "ring":
        d2 = dx**2 + dy**2
        return (d2 <= r**2) & (d2 >= (0.55 * r) ** 2)
    if kind == "bar":
        # three times as long as it is wide: no rotation or size change turns it into another class
        return (u.abs() <= r) & (v.abs() <= r / 3)
    raise ValueError(f"unknown shape {kind!r}")


def make_shapes(
    count: int,
    *,
    size: int = 32,
    seed: int = 0,
    classes: tuple[str, ...] = SHAPE_CLASSES,
    noise: float = 0.08,
) -> ShapesDataset:
    """``count`` images of ``size`` x ``size``; classes cycle so every class is equally common."""
    if count < 1 or size < 8:
        raise ValueError("need count >= 1 and size >= 8")
    gen = torch.Generator().manual_seed(int(seed))
    coords = torch.arange(size, dtype=torch.float32)
    yy, xx = torch.meshgrid(coords, coords, indexing="ij")
    images = torch.empty(count, 3, size, size)
    masks = torch.empty(count, size, size, dtype=torch.bool)
    labels = torch.arange(count) % len(classes)
    labels = labels[torch.randperm(count, generator=gen)]

    def uniform(low: float, high: float) -> float:
        return low + (high - low) * float(torch.rand((), generator=gen))

    for index in range(count):
        # Background: a random colour with a sinusoidal stripe texture and pixel noise.
        base = torch.rand(3, 1, 1, generator=gen) * 0.6 + 0.1
        freq, phase, tilt = uniform(0.2, 0.9), uniform(0, 2 * math.pi), uniform(0, math.pi)
        stripes = torch.sin(freq * (math.cos(tilt) * xx + math.sin(tilt) * yy) + phase)
        background = base + 0.12 * stripes * torch.rand(3, 1, 1, generator=gen)
        r = uniform(0.2, 0.34) * size
        cy, cx = uniform(r, size - 1 - r), uniform(r, size - 1 - r)
        mask = _shape_mask(classes[int(labels[index])], yy, xx, cy, cx, r, uniform(0, math.pi / 2))
        # Object colour kept apart from the background colour so the shape is always visible.
        colour = (base + 0.35 + torch.rand(3, 1, 1, generator=gen) * 0.3) % 1.0
        image = torch.where(mask, colour, background)
        image = image + noise * torch.randn(3, size, size, generator=gen)
        images[index] = image.clamp(0, 1)
        masks[index] = mask
    return ShapesDataset(images=images, labels=labels, masks=masks, classes=tuple(classes))
