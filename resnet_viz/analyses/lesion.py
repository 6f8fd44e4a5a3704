"""Lesion studies (Veit, Wilber and Belongie 2016, section 4): delete or reorder blocks of a trained net at test
time and measure its held-out error.

Deleting a block removes its residual branch and keeps its shortcut: the identity, or where the block changes the
shape, its shortcut's subsample-and-pad (option A) or projection. A plain block has no shortcut, so deleting it
leaves the identity, and where it changes the shape the same parameter-free subsample-and-pad stands in for it;
those are the downsampling blocks, marked in every result. The block's output ReLU stays; it changes nothing in
a post-activation net, whose blocks all take non-negative inputs.
"""

from __future__ import annotations

import copy
import math
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import torch
from torch import nn

from resnet_viz.models.cifar import CifarResNet
from resnet_viz.models.layers import ZeroPadShortcut

__all__ = [
    "BlockSite",
    "DeletedBlock",
    "DeletionPoint",
    "LesionSweep",
    "ReorderPoint",
    "block_sites",
    "classification_error",
    "kendall_tau",
    "random_deletions",
    "random_reorders",
    "single_block_lesions",
    "with_blocks",
]

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BlockSite:
    """One block of a CIFAR net: ``name`` as in the state dict (``layer2.0``), its stage (1 to 3), its index in
    the stage, its position in the whole net (0 to blocks - 1) and whether it changes the shape."""

    name: str
    stage: int
    index: int
    position: int
    downsamples: bool


def block_sites(model: CifarResNet) -> list[BlockSite]:
    """Every block of ``model`` in the order the input meets them."""
    sites = []
    for stage in (1, 2, 3):
        for index, block in enumerate(getattr(model, f"layer{stage}")):
            sites.append(BlockSite(f"layer{stage}.{index}", stage, index, len(sites), _changes_shape(block)))
    return sites


def _changes_shape(block: nn.Module) -> bool:
    return block.conv1.stride[0] != 1 or block.conv1.in_channels != block.conv2.out_channels


class DeletedBlock(nn.Module):
    """What is left of a block whose residual branch is deleted: its shortcut, then its output ReLU."""

    def __init__(self, block: nn.Module) -> None:
        super().__init__()
        if getattr(block, "residual", False):
            self.shortcut: nn.Module | None = None
            self.block_skip = block._skip  # the block's own shortcut, scale included
        else:
            self.block_skip = None
            self.shortcut = (ZeroPadShortcut(block.conv1.in_channels, block.conv2.out_channels, block.conv1.stride[0])
                             if _changes_shape(block) else None)
        self.relu_out = getattr(block, "relu_out", None)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.block_skip is not None:
            x = self.block_skip(x)
        elif self.shortcut is not None:
            x = self.shortcut(x)
        return x if self.relu_out is None else self.relu_out(x)


def with_blocks(model: CifarResNet, stages: Sequence[Sequence[nn.Module]]) -> CifarResNet:
    """A copy of ``model`` whose three stages hold ``stages`` instead of its own blocks (the modules are shared,
    not copied: for evaluation, not training)."""
    if len(stages) != 3:
        raise ValueError(f"a CIFAR net has three stages, got {len(stages)}")
    new = copy.copy(model)
    new._modules = dict(model._modules)
    for number, blocks in enumerate(stages, start=1):
        new._modules[f"layer{number}"] = nn.Sequential(*blocks)
    return new


def _stages(model: CifarResNet) -> list[list[nn.Module]]:
    return [list(getattr(model, f"layer{stage}")) for stage in (1, 2, 3)]


def lesioned(model: CifarResNet, deleted: Iterable[str]) -> CifarResNet:
    """``model`` with the named blocks (``"layer1.2"``, ...) deleted; see the module docstring."""
    deleted = set(deleted)
    names = {site.name for site in block_sites(model)}
    if unknown := deleted - names:
        raise ValueError(f"no such blocks: {sorted(unknown)}")
    stages = [[DeletedBlock(block) if f"layer{number}.{index}" in deleted else block
               for index, block in enumerate(blocks)] for number, blocks in enumerate(_stages(model), start=1)]
    return with_blocks(model, stages)


def classification_error(model: nn.Module, images: torch.Tensor, labels: torch.Tensor, *,
                         batch_size: int = 512) -> float:
    """Fraction of ``images`` that ``model`` (in eval mode, no gradients) puts in the wrong class."""
    wrong = 0
    with torch.no_grad():
        for start in range(0, len(images), batch_size):
            logits = model(images[start:start + batch_size])
            wrong += int((logits.argmax(1) != labels[start:start + batch_size]).sum())
    return wrong / max(1, len(images))


@dataclass
class LesionSweep:
    """Held-out error of the intact net and of the net with each single block deleted, in block order."""

    sites: list[BlockSite]
    intact_error: float
    errors: list[float]


def single_block_lesions(model: CifarResNet, images: torch.Tensor, labels: torch.Tensor, *,
                         batch_size: int = 512, on_progress: Progress | None = None) -> LesionSweep:
    """Delete each block in turn and measure the error on ``images``.

    The intact net runs once and keeps each block's input; a lesioned net then starts from the input of its
    deleted block, since everything before it is unchanged. The errors equal those of
    ``classification_error(lesioned(model, [name]), ...)``.

    Args:
        model: a CIFAR net in eval mode.
        images, labels: the held-out images (N, 3, H, W) and their classes (N,).
        on_progress: called with (done, total) after each block.

    Returns:
        A :class:`LesionSweep`.

    Example:
        >>> sweep = single_block_lesions(model, images, labels)  # doctest: +SKIP
        >>> [round(e, 2) for e in sweep.errors]  # doctest: +SKIP
    """
    sites = block_sites(model)
    blocks = [block for stage in _stages(model) for block in stage]
    deleted = [DeletedBlock(block) for block in blocks]
    wrong = [0] * len(blocks)
    intact_wrong = 0
    batches = range(0, len(images), batch_size)
    total = len(batches) * len(blocks)
    with torch.no_grad():
        for batch_number, start in enumerate(batches):
            x, y = images[start:start + batch_size], labels[start:start + batch_size]
            inputs = [model.stem(x)]
            for block in blocks:
                inputs.append(block(inputs[-1]))
            intact_wrong += int((model.head(inputs[-1]).argmax(1) != y).sum())
            for position in range(len(blocks)):
                out = deleted[position](inputs[position])
                for block in blocks[position + 1:]:
                    out = block(out)
                wrong[position] += int((model.head(out).argmax(1) != y).sum())
                if on_progress is not None:
                    on_progress(batch_number * len(blocks) + position + 1, total)
    count = max(1, len(images))
    return LesionSweep(sites, intact_wrong / count, [w / count for w in wrong])


@dataclass
class DeletionPoint:
    """Held-out errors after deleting ``k`` random blocks, one per draw."""

    k: int
    errors: list[float] = field(default_factory=list)

    @property
    def mean(self) -> float:
        return sum(self.errors) / len(self.errors)

    @property
    def std(self) -> float:
        mean = self.mean
        return math.sqrt(sum((e - mean) ** 2 for e in self.errors) / max(1, len(self.errors) - 1))


def random_deletions(model: CifarResNet, images: torch.Tensor, labels: torch.Tensor, *, ks: Sequence[int],
                     draws: int = 5, seed: int = 0, downsampling: bool = False,
                     on_progress: Progress | None = None) -> list[DeletionPoint]:
    """For each k, delete k blocks drawn at random (``draws`` times) and measure the error.

    Veit et al. leave the downsampling blocks out of the draw (``downsampling=False``); they are the blocks
    whose deletion changes more than a path count.
    """
    sites = [site for site in block_sites(model) if downsampling or not site.downsamples]
    if any(k < 0 or k > len(sites) for k in ks):
        raise ValueError(f"k must lie between 0 and {len(sites)} (the blocks that may be deleted)")
    rng = random.Random(seed)
    points, done, total = [], 0, len(ks) * draws
    for k in ks:
        point = DeletionPoint(int(k))
        for _ in range(draws):
            chosen = [site.name for site in rng.sample(sites, k)]
            point.errors.append(classification_error(lesioned(model, chosen), images, labels))
            done += 1
            if on_progress is not None:
                on_progress(done, total)
        points.append(point)
    return points


def kendall_tau(order: Sequence[int]) -> float:
    """Kendall's rank correlation between ``order`` (a permutation of distinct values) and the sorted order:
    1 for the original order, -1 for the reverse (no ties, so tau-a equals tau-b)."""
    n = len(order)
    if n < 2:
        return 1.0
    concordant = sum(1 if order[i] < order[j] else -1 for i in range(n) for j in range(i + 1, n))
    return concordant / (n * (n - 1) / 2)


@dataclass(frozen=True)
class ReorderPoint:
    """One reordered net: the swaps made, the block order (positions of the original blocks) and its error."""

    swaps: int
    order: tuple[int, ...]
    tau: float
    error: float


def random_reorders(model: CifarResNet, images: torch.Tensor, labels: torch.Tensor, *, swaps: Sequence[int],
                    draws: int = 3, seed: int = 0, on_progress: Progress | None = None) -> list[ReorderPoint]:
    """Swap ``k`` random pairs of same-shaped blocks within a stage (the downsampling blocks stay in place) for
    each k in ``swaps``, ``draws`` times, and measure the error against Kendall's tau of the new order."""
    sites = block_sites(model)
    movable = {stage: [s.position for s in sites if s.stage == stage and not s.downsamples] for stage in (1, 2, 3)}
    pairs_possible = [stage for stage, positions in movable.items() if len(positions) >= 2]
    if not pairs_possible:
        raise ValueError("no stage has two blocks of the same shape to swap")
    blocks = [block for stage in _stages(model) for block in stage]
    rng = random.Random(seed)
    points, done, total = [], 0, len(swaps) * draws
    for k in swaps:
        for _ in range(draws):
            order = list(range(len(blocks)))
            for _ in range(int(k)):
                stage = rng.choice(pairs_possible)
                a, b = rng.sample(movable[stage], 2)
                order[a], order[b] = order[b], order[a]
            stages = [[blocks[order[s.position]] for s in sites if s.stage == stage] for stage in (1, 2, 3)]
            error = classification_error(with_blocks(model, stages), images, labels)
            points.append(ReorderPoint(int(k), tuple(order), kendall_tau(order), error))
            done += 1
            if on_progress is not None:
                on_progress(done, total)
    return points
