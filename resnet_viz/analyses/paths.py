"""The unravelled view of a residual net (Veit, Wilber and Belongie 2016, sections 3 and 5).

A net of n residual blocks, each ``relu(F(x) + x)``, holds 2**n paths from input to output: at each block a path
goes through the residual branch or along the skip. C(n, k) of them pass through k branches, so path lengths
follow Binomial(n, 1/2). A plain net of n blocks is a single path of length n.

To measure the gradient that flows through paths of length k, the net runs forward whole; in the backward pass
k blocks chosen at random let the gradient through their branch only and the other n - k through their skip only
(the forward values are unchanged), which isolates one path of length k. The mean gradient magnitude at the
first block's input, times the number of paths of that length, says which lengths carry the gradient.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import torch
from torch import nn
from torch.nn import functional as F

from resnet_viz.models.cifar import CifarResNet

__all__ = [
    "PATHS_RESNET110",
    "PathGradients",
    "RoutedBlock",
    "path_counts",
    "path_gradient",
    "path_gradients",
    "route_blocks",
]

# Veit et al., section 5, ResNet-110 on CIFAR-10 (54 blocks): almost all of the gradient comes from paths
# 5 to 17 blocks long.
PATHS_RESNET110 = {"blocks": 54, "effective_from": 5, "effective_to": 17}


def path_counts(blocks: int) -> list[int]:
    """Number of paths through each number of residual branches, k = 0 .. ``blocks``: C(blocks, k)."""
    return [math.comb(int(blocks), k) for k in range(int(blocks) + 1)]


class RoutedBlock(nn.Module):
    """A residual block whose backward pass follows one way only: through its branch (``through_branch``) or
    along its skip. The forward value is the block's own."""

    def __init__(self, block: nn.Module, through_branch: bool) -> None:
        super().__init__()
        self.block, self.through_branch = block, bool(through_branch)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        branch_in, skip_in = (x, x.detach()) if self.through_branch else (x.detach(), x)
        out = self.block.residual_branch(branch_in) + self.block._skip(skip_in)
        return self.block.relu_out(out)


def route_blocks(model: CifarResNet, branches: set[int]) -> list[nn.Module]:
    """The model's blocks in order, each routed through its branch if its position is in ``branches``."""
    blocks = [block for stage in (model.layer1, model.layer2, model.layer3) for block in stage]
    return [RoutedBlock(block, position in branches) if block.residual else block
            for position, block in enumerate(blocks)]


def path_gradient(model: CifarResNet, images: torch.Tensor, labels: torch.Tensor, branches: set[int],
                  *, start: torch.Tensor | None = None) -> torch.Tensor:
    """Gradient of the summed cross-entropy at the first block's input through the single path that takes the
    branch of the blocks at ``branches`` (positions) and the skip of all others. Summed over all 2**n paths,
    these are the whole gradient."""
    if start is None:
        with torch.no_grad():
            start = model.stem(images)
    x = start.detach().clone().requires_grad_(True)
    out = x
    for block in route_blocks(model, branches):
        out = block(out)
    loss = F.cross_entropy(model.head(out), labels, reduction="sum")
    (grad,) = torch.autograd.grad(loss, x)
    return grad


@dataclass
class PathGradients:
    """Mean gradient magnitude at the first block's input through paths of each length (NaN where unsampled),
    with the number of paths of each length."""

    blocks: int
    residual: bool
    lengths: list[int]
    magnitudes: list[float]  # per length in ``lengths``: mean over draws of the mean per-image gradient L2 norm
    spreads: list[float]  # standard deviation over the draws
    counts: list[int]  # C(blocks, k) for k in ``lengths`` (1 for the plain net's single path)

    @property
    def totals(self) -> list[float]:
        """Number of paths times the gradient per path: how much of the gradient each length carries."""
        return [c * m for c, m in zip(self.counts, self.magnitudes)]

    @property
    def peak(self) -> int:
        """The path length that carries the most gradient."""
        totals = self.totals
        return self.lengths[max(range(len(totals)), key=lambda i: totals[i] if math.isfinite(totals[i]) else -1)]

    def effective_range(self, share: float = 0.9) -> tuple[int, int]:
        """The shortest run of consecutive lengths whose paths carry ``share`` of the summed gradient."""
        totals = [t if math.isfinite(t) else 0.0 for t in self.totals]
        target = share * sum(totals)
        best = (self.lengths[0], self.lengths[-1])
        for i in range(len(totals)):
            running = 0.0
            for j in range(i, len(totals)):
                running += totals[j]
                if running >= target:
                    if self.lengths[j] - self.lengths[i] < best[1] - best[0]:
                        best = (self.lengths[i], self.lengths[j])
                    break
        return best


def path_gradients(model: CifarResNet, images: torch.Tensor, labels: torch.Tensor, *,
                   lengths: Sequence[int] | None = None, draws: int = 8, seed: int = 0,
                   on_progress: Callable[[int, int], None] | None = None) -> PathGradients:
    """Gradient magnitude through paths of each length (Veit et al., section 5).

    For each length k and draw, k blocks chosen at random pass the gradient of the cross-entropy loss (summed
    over ``images``) through their branch and the others through their skip; the result is the mean over images
    of the gradient's L2 norm at the first block's input. A plain net has one path, through every block.

    Args:
        model: a CIFAR net in eval mode.
        images, labels: a batch (N, 3, H, W) and its classes.
        lengths: the path lengths to sample (default: every length from 0 to the number of blocks).
        draws: random paths per length.

    Returns:
        A :class:`PathGradients`.

    Example:
        >>> result = path_gradients(model, images, labels, draws=4)  # doctest: +SKIP
        >>> result.peak, result.effective_range()  # doctest: +SKIP
    """
    blocks = len(model.layer1) + len(model.layer2) + len(model.layer3)
    residual = bool(model.residual)
    if not residual:
        lengths, draws = [blocks], 1
    elif lengths is None:
        lengths = list(range(blocks + 1))
    if any(k < 0 or k > blocks for k in lengths):
        raise ValueError(f"path lengths lie between 0 and {blocks}")
    rng = random.Random(seed)
    with torch.no_grad():
        start = model.stem(images)
    magnitudes, spreads, done = [], [], 0
    for k in lengths:
        values = []
        for _ in range(draws):
            grad = path_gradient(model, images, labels, set(rng.sample(range(blocks), k)), start=start)
            values.append(float(grad.flatten(1).norm(dim=1).mean()))
            done += 1
            if on_progress is not None:
                on_progress(done, len(lengths) * draws)
        mean = sum(values) / len(values)
        magnitudes.append(mean)
        spreads.append(math.sqrt(sum((v - mean) ** 2 for v in values) / max(1, len(values) - 1)))
    counts = [math.comb(blocks, k) for k in lengths] if residual else [1]
    return PathGradients(blocks, residual, list(lengths), magnitudes, spreads, counts)
