"""Loss landscapes (Li, Xu, Taylor, Studer and Goldstein 2018, "Visualizing the loss landscape of neural nets").

The loss is evaluated at ``w + a * d1 (+ b * d2)`` around the trained weights ``w``, along random directions
``d`` that are *filter-normalised*: each filter of the direction (a slice along the output dimension of a conv or
linear weight) is rescaled to the norm of the matching filter of ``w``, so that a step of 1 changes every filter
by as much as its own size, whatever the scale of the net. Directions for batch-norm parameters and biases are
zero (the paper's ``biasbn`` setting); batch norm's running statistics stay those of training, and the net is
evaluated in eval mode, as in the paper's code.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import torch
from torch import nn
from torch.nn import functional as F

__all__ = ["LossSurface", "filter_normalized_direction", "grid", "loss_and_error", "loss_surface"]

Direction = dict[str, torch.Tensor]


def filter_normalized_direction(model: nn.Module, *, seed: int = 0) -> Direction:
    """A random Gaussian direction with each filter rescaled to its weight filter's norm (zero for parameters
    with fewer than two dimensions: batch norm's scales and shifts, biases).

    Example:
        >>> d = filter_normalized_direction(model, seed=1)  # doctest: +SKIP
        >>> d["conv1.weight"][0].norm() == model.conv1.weight[0].norm()  # doctest: +SKIP
    """
    generator = torch.Generator().manual_seed(int(seed))
    direction = {}
    for name, weight in model.named_parameters():
        weight = weight.detach()
        random = torch.randn(weight.shape, generator=generator, dtype=weight.dtype).to(weight.device)
        if weight.dim() <= 1:
            direction[name] = torch.zeros_like(weight)
            continue
        filter_norms = weight.flatten(1).norm(dim=1)
        random_norms = random.flatten(1).norm(dim=1).clamp_min(1e-12)
        scale = (filter_norms / random_norms).view(-1, *([1] * (weight.dim() - 1)))
        direction[name] = random * scale
    return direction


@contextlib.contextmanager
def _moved(model: nn.Module) -> Iterator[Callable[[Sequence[float], Sequence[Direction]], None]]:
    """Yields ``move(coefficients, directions)`` that sets the weights to w + sum(c * d); restores w after."""
    params = dict(model.named_parameters())
    original = {name: p.detach().clone() for name, p in params.items()}

    def move(coefficients: Sequence[float], directions: Sequence[Direction]) -> None:
        with torch.no_grad():
            for name, p in params.items():
                p.copy_(original[name])
                for c, d in zip(coefficients, directions):
                    if c:
                        p.add_(d[name], alpha=float(c))

    try:
        yield move
    finally:
        with torch.no_grad():
            for name, p in params.items():
                p.copy_(original[name])


def loss_and_error(model: nn.Module, images: torch.Tensor, labels: torch.Tensor, *,
                   batch_size: int = 512) -> tuple[float, float]:
    """Mean cross-entropy and error of ``model`` (already in eval mode) on ``images``."""
    loss, wrong = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(images), batch_size):
            logits = model(images[start:start + batch_size])
            y = labels[start:start + batch_size]
            loss += float(F.cross_entropy(logits, y, reduction="sum"))
            wrong += int((logits.argmax(1) != y).sum())
    count = max(1, len(images))
    return loss / count, wrong / count


def grid(span: float, points: int) -> list[float]:
    """``points`` evenly spaced coordinates from -span to span (0 included when ``points`` is odd)."""
    if points < 2:
        raise ValueError("a slice needs at least two points")
    return [-span + 2 * span * i / (points - 1) for i in range(points)]


@dataclass
class LossSurface:
    """Loss and error at every point of a 1-D (``ys`` empty) or 2-D grid; ``losses[j][i]`` is at (xs[i], ys[j])."""

    xs: list[float]
    ys: list[float]
    losses: list[list[float]]
    errors: list[list[float]]

    @property
    def center_loss(self) -> float:
        """The loss nearest (0, 0)."""
        i = min(range(len(self.xs)), key=lambda n: abs(self.xs[n]))
        j = min(range(len(self.ys)), key=lambda n: abs(self.ys[n])) if self.ys else 0
        return self.losses[j][i]


def loss_surface(model: nn.Module, images: torch.Tensor, labels: torch.Tensor, *, xs: Sequence[float],
                 ys: Sequence[float] = (), seed: int = 0, batch_size: int = 512,
                 on_progress: Callable[[int, int], None] | None = None) -> LossSurface:
    """The training loss around ``model``'s weights along one (``ys`` empty) or two filter-normalised directions.

    The directions come from :func:`filter_normalized_direction` with ``seed`` and ``seed + 1``; the model's
    weights are restored afterwards.

    Args:
        model: a net in eval mode.
        images, labels: the images the loss is measured on (the paper uses the training set).
        xs, ys: the coordinates along the first and second direction.

    Returns:
        A :class:`LossSurface`.

    Example:
        >>> surface = loss_surface(model, images, labels, xs=grid(1.0, 21), ys=grid(1.0, 21))  # doctest: +SKIP
    """
    directions = [filter_normalized_direction(model, seed=seed)]
    if ys:
        directions.append(filter_normalized_direction(model, seed=seed + 1))
    rows = [[y] for y in ys] if ys else [[]]
    losses, errors, done, total = [], [], 0, len(xs) * len(rows)
    with _moved(model) as move:
        for row in rows:
            row_losses, row_errors = [], []
            for x in xs:
                move([x, *row], directions)
                loss, error = loss_and_error(model, images, labels, batch_size=batch_size)
                row_losses.append(loss)
                row_errors.append(error)
                done += 1
                if on_progress is not None:
                    on_progress(done, total)
            losses.append(row_losses)
            errors.append(row_errors)
    return LossSurface(list(map(float, xs)), list(map(float, ys)), losses, errors)
