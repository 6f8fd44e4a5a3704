"""The residual idea, measured: turning the branch down to zero, and article 000's order against the paper's.

Article 003 argues that a block can always fall back to the identity by learning F(x) = 0; ``scale_sweep``
runs the block with its branch scaled by s from 1 to 0 and measures how far the output is from x.
``compare_orders`` runs both orderings with the same convolution weights and counts where they differ.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from resnet_viz.analyses.block import WorkedRun, run_worked
from resnet_viz.analyses.block_weights import ConvWeights

__all__ = ["SWEEP_SCALES", "OrderCounts", "OrderComparison", "Sweep", "compare_orders", "order_counts", "scale_sweep"]

SWEEP_SCALES = tuple(round(1.0 - k / 10, 1) for k in range(11))  # 1.0, 0.9, ..., 0.0


@dataclass(frozen=True)
class Sweep:
    scales: np.ndarray
    mean_abs: np.ndarray  # mean over all values of |out - x|
    max_abs: np.ndarray  # largest |out - x|
    clipped: np.ndarray  # how many values the final ReLU changed (x + F(x) < 0)
    size: int  # values per tensor (C * H * W)
    maps: np.ndarray  # (len(scales), H, W): |out - x| averaged over the channels, per scale

    def map_at(self, scale: float) -> np.ndarray:
        index = int(np.argmin(np.abs(self.scales - scale)))
        if abs(self.scales[index] - scale) > 1e-9:
            raise KeyError(f"scale {scale} was not swept; swept {self.scales.tolist()}")
        return self.maps[index]


def scale_sweep(x: torch.Tensor, weights: dict[str, ConvWeights], *, order: str, bn_mode: str = "batch",
                scales: tuple[float, ...] = SWEEP_SCALES, device: torch.device | str = "cpu") -> Sweep:
    """|out - x| for the block with its residual branch scaled by each s in ``scales``."""
    mean_abs, max_abs, clipped, maps = [], [], [], []
    for scale in scales:
        run = run_worked(x, weights, order=order, branch_scale=scale, bn_mode=bn_mode, device=device)
        diff = np.abs(run.tensors["out"].astype(np.float64) - run.tensors["x"])
        mean_abs.append(diff.mean())
        max_abs.append(diff.max())
        clipped.append(int((run.tensors["x + F(x)"] < 0).sum()))
        maps.append(diff.mean(axis=0).astype(np.float32))
    return Sweep(np.asarray(scales, dtype=np.float64), np.asarray(mean_abs), np.asarray(max_abs),
                 np.asarray(clipped), int(run.tensors["x"].size), np.stack(maps))


@dataclass(frozen=True)
class OrderCounts:
    size: int  # values per tensor
    branch_negative: int  # F(x) < 0: places where the block can subtract from x
    lowered: int  # out < x: places where it did
    clipped: int  # x + F(x) < 0: places where the final ReLU changed the sum
    f_min: float
    f_max: float


def order_counts(run: WorkedRun) -> OrderCounts:
    t = run.tensors
    return OrderCounts(int(t["x"].size), int((t["F(x)"] < 0).sum()), int((t["out"] < t["x"]).sum()),
                       int((t["x + F(x)"] < 0).sum()), float(t["F(x)"].min()), float(t["F(x)"].max()))


@dataclass(frozen=True)
class OrderComparison:
    article: WorkedRun
    paper: WorkedRun
    article_counts: OrderCounts
    paper_counts: OrderCounts
    # The same weights with BN left at its untrained state (it then only divides by sqrt(1 + eps)):
    # the two F(x) differ exactly where conv2's output is negative. None when the convs carry a bias,
    # because the paper's convs have none and the two branches are then not the same convolutions.
    conv2_negative: int | None
    max_gap_elsewhere: float | None  # largest |F_article - F_paper| where conv2 >= 0 (rounding only)


def compare_orders(x: torch.Tensor, weights: dict[str, ConvWeights], *, branch_scale: float = 1.0,
                   bn_mode: str = "batch", device: torch.device | str = "cpu") -> OrderComparison:
    article = run_worked(x, weights, order="article", branch_scale=branch_scale, device=device)
    paper = run_worked(x, weights, order="paper", branch_scale=branch_scale, bn_mode=bn_mode, device=device)
    conv2_negative = gap = None
    if all(not np.any(w.bias) for w in weights.values()):
        bare = run_worked(x, weights, order="paper", branch_scale=branch_scale, bn_mode="fresh", device=device)
        negative = article.tensors["conv2"] < 0
        conv2_negative = int(negative.sum())
        gap_map = np.abs(article.tensors["F(x)"].astype(np.float64) - bare.tensors["F(x)"])
        gap = float(gap_map[~negative].max()) if (~negative).any() else 0.0
    return OrderComparison(article, paper, order_counts(article), order_counts(paper), conv2_negative, gap)
