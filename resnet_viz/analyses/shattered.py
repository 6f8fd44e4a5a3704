"""Shattered gradients (Balduzzi et al. 2017, "The shattered gradients problem: if resnets are the answer, then what
is the question?").

Along a line of inputs x(t) = (1 - t) a + t b, the derivative of one output of the net with respect to t (the
gradient at x(t) times b - a) is a function of t. In a deep plain net at initialisation it looks like white noise:
neighbouring points have almost unrelated gradients, so its lag-1 autocorrelation falls towards 0 with depth. In a
residual net it stays correlated. Balduzzi et al. sweep a scalar input of a fully connected net; for image nets the
derivative along a line between two images is the same quantity.

The nets are He-initialised CIFAR nets whose batch-norm statistics are set from a batch of real images (a forward
pass in training mode with no learning), then evaluated in eval mode so that every point is computed on its own.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import torch
from torch import nn

from resnet_viz.models.cifar import cifar_resnet

__all__ = ["ShatteredPoint", "autocorrelation", "calibrate_batch_norm", "derivative_along_line", "shattered_sweep"]


def autocorrelation(values: Sequence[float], lag: int = 1) -> float:
    """Pearson correlation between the sequence and itself shifted by ``lag`` (0 for a constant sequence)."""
    x = torch.as_tensor(values, dtype=torch.float64)
    if lag < 1 or lag >= len(x):
        raise ValueError(f"lag must lie between 1 and {len(x) - 1}")
    a, b = x[:-lag] - x[:-lag].mean(), x[lag:] - x[lag:].mean()
    denominator = float(a.norm() * b.norm())
    return float((a * b).sum()) / denominator if denominator > 0 else 0.0


def derivative_along_line(model: nn.Module, start: torch.Tensor, end: torch.Tensor, *, points: int = 256,
                          output: int = 0, batch_size: int = 128) -> torch.Tensor:
    """d model(x(t))[output] / dt at ``points`` evenly spaced t in [0, 1], x(t) = (1 - t) start + t end.

    ``start`` and ``end`` are single images (C, H, W); the model is used as it is (eval mode for independence).
    """
    t = torch.linspace(0.0, 1.0, points)
    direction = (end - start).unsqueeze(0)
    values = []
    for first in range(0, points, batch_size):
        ts = t[first:first + batch_size].view(-1, 1, 1, 1)
        x = (start.unsqueeze(0) + ts * direction).requires_grad_(True)
        out = model(x)[:, output].sum()
        (grad,) = torch.autograd.grad(out, x)
        values.append((grad * direction).flatten(1).sum(1))
    return torch.cat(values).detach()


def calibrate_batch_norm(model: nn.Module, images: torch.Tensor) -> nn.Module:
    """Set every batch norm's running statistics from ``images`` (cumulative average, no learning); eval mode."""
    for module in model.modules():
        if isinstance(module, nn.modules.batchnorm._BatchNorm):
            module.reset_running_stats()
            module.momentum = None
    model.train()
    with torch.no_grad():
        model(images)
    return model.eval()


@dataclass(frozen=True)
class ShatteredPoint:
    """One net: its depth, whether it is residual, the derivative along the line and its lag-1 autocorrelation."""

    depth: int
    residual: bool
    derivative: tuple[float, ...]
    correlation: float


def shattered_sweep(depths: Sequence[int], images: torch.Tensor, start: torch.Tensor, end: torch.Tensor, *,
                    widths: tuple[int, int, int] = (8, 16, 32), classes: int = 6, points: int = 256, seed: int = 0,
                    on_progress: Callable[[int, int], None] | None = None) -> list[ShatteredPoint]:
    """For each depth, a He-initialised plain and residual net (same seed), batch norm calibrated on ``images``:
    the derivative along the line from ``start`` to ``end`` and its lag-1 autocorrelation.

    Example:
        >>> sweep = shattered_sweep([8, 56], images, images[0], images[1])  # doctest: +SKIP
        >>> [(p.depth, p.residual, round(p.correlation, 2)) for p in sweep]  # doctest: +SKIP
    """
    results, total = [], 2 * len(depths)
    for depth in depths:
        for residual in (False, True):
            model = cifar_resnet(int(depth), residual=residual, widths=widths, num_classes=classes, seed=seed)
            calibrate_batch_norm(model, images)
            derivative = derivative_along_line(model, start, end, points=points)
            finite = bool(torch.isfinite(derivative).all())
            results.append(ShatteredPoint(int(depth), residual, tuple(derivative.tolist()),
                                          autocorrelation(derivative.tolist()) if finite else math.nan))
            if on_progress is not None:
                on_progress(len(results), total)
    return results
