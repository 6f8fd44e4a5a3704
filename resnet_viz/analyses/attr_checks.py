"""Checks that keep attributions honest: completeness, the object-mask test, model randomisation.

- Completeness (Integrated Gradients' axiom): the attributions sum to f(x) - f(baseline).
- Mask share: on the shapes dataset the object's pixels are known, so a useful method should put
  much more of its positive attribution on the object than the object's share of the image.
- Model randomisation (Adebayo et al. 2018, "Sanity checks for saliency maps"): re-initialise the
  top stages of the trained net; a method whose map barely changes is explaining the image, not the
  model. Similarity is measured by Spearman rank correlation.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
import torch
from captum.attr import IntegratedGradients
from scipy.stats import spearmanr
from torch import nn

from resnet_viz.analyses.attributions import PixelInput, baseline_images, clean_params
from resnet_viz.data.shapes import ShapesDataset

__all__ = [
    "Completeness",
    "MaskCheck",
    "cascade_stages",
    "completeness",
    "ig_delta_curve",
    "mask_share",
    "mask_share_check",
    "randomised_model",
    "rank_correlation",
]


@dataclass(frozen=True)
class Completeness:
    attribution_sum: float
    score: float  # f(x): the target logit on the input
    baseline_score: float  # f(baseline)

    @property
    def gap(self) -> float:
        """sum of attributions - (f(x) - f(baseline)): Captum's convergence delta."""
        return self.attribution_sum - (self.score - self.baseline_score)


@torch.no_grad()
def completeness(model: nn.Module, image: torch.Tensor, baseline: torch.Tensor, target: int,
                 values: np.ndarray) -> Completeness:
    """Compare the sum of attributions with the change of the target logit from baseline to input."""
    device = next(model.parameters()).device
    batch = torch.stack([image, baseline.reshape(image.shape)]).to(device=device, dtype=torch.float32)
    logits = model(batch)[:, target].double().cpu()
    return Completeness(float(np.asarray(values, dtype=np.float64).sum()), float(logits[0]), float(logits[1]))


def ig_delta_curve(model: nn.Module, image: torch.Tensor, target: int, steps: tuple[int, ...] = (4, 8, 16, 32, 64),
                   *, method: str = "gausslegendre", baseline: str = "black",
                   internal_batch_size: int = 64) -> list[tuple[int, float]]:
    """|convergence delta| of Integrated Gradients for each number of steps (the integral's error)."""
    device = next(model.parameters()).device
    x = image.detach().to(device=device, dtype=torch.float32).unsqueeze(0)
    base = baseline_images(baseline, x)
    ig = IntegratedGradients(model)
    curve = []
    with torch.enable_grad():
        for n in steps:
            p = clean_params("integrated_gradients", dict(n_steps=n, method=method, baseline=baseline,
                                                          internal_batch_size=internal_batch_size))
            _, delta = ig.attribute(x, baselines=base, target=target, n_steps=p["n_steps"], method=p["method"],
                                    internal_batch_size=p["internal_batch_size"], return_convergence_delta=True)
            curve.append((n, float(delta.abs().item())))
    return curve


def mask_share(values: np.ndarray, mask: np.ndarray) -> float:
    """Share of the positive attribution (channels summed first) that falls inside ``mask``."""
    summed = np.asarray(values, dtype=np.float64)
    summed = summed.sum(axis=0) if summed.ndim == 3 else summed
    positive = np.maximum(summed, 0.0)
    total = positive.sum()
    return float(positive[np.asarray(mask, dtype=bool)].sum() / total) if total > 0 else 0.0


@dataclass(frozen=True)
class MaskCheck:
    shares: np.ndarray  # per image: share of positive attribution inside the object mask
    area_shares: np.ndarray  # per image: the object's share of the image's pixels
    labels: np.ndarray
    correct: np.ndarray  # per image: did the model predict the label

    @property
    def mean_share(self) -> float:
        return float(self.shares.mean())

    @property
    def mean_area_share(self) -> float:
        return float(self.area_shares.mean())

    @property
    def ratio(self) -> float:
        return self.mean_share / self.mean_area_share


def mask_share_check(model: nn.Module, data: ShapesDataset, count: int = 50, *, n_steps: int = 32,
                     baseline: str = "black", batch: int = 10) -> MaskCheck:
    """Integrated Gradients for the true class on the first ``count`` images of ``data``, in batches."""
    count = min(count, len(data))
    device = next(model.parameters()).device
    ig = IntegratedGradients(model)
    shares, correct = [], []
    for start in range(0, count, batch):
        x = data.images[start:min(start + batch, count)].to(device)
        labels = data.labels[start:start + len(x)].to(device)
        with torch.no_grad():
            correct += (model(x).argmax(1) == labels).cpu().tolist()
        with torch.enable_grad():
            values = ig.attribute(x, baselines=baseline_images(baseline, x), target=labels, n_steps=n_steps,
                                  internal_batch_size=len(x) * n_steps).detach().cpu().numpy()
        shares += [mask_share(v, m) for v, m in zip(values, data.masks[start:start + len(x)].numpy())]
    masks = data.masks[:count].numpy()
    return MaskCheck(shares=np.array(shares), area_shares=masks.reshape(count, -1).mean(1),
                     labels=data.labels[:count].numpy(), correct=np.array(correct, dtype=bool))


def cascade_stages(model: nn.Module) -> list[str]:
    """Top-level modules that hold weights, from the output back to the input (the randomisation order)."""
    inner = model.model if isinstance(model, PixelInput) else model
    return [name for name, child in reversed(list(inner.named_children())) if any(True for _ in child.parameters())]


def randomised_model(model: nn.Module, fresh: nn.Module, count: int) -> nn.Module:
    """A copy of ``model`` whose top ``count`` stages (see :func:`cascade_stages`) take ``fresh``'s weights.

    ``fresh`` is an untrained twin of the same architecture; ``model`` itself is not modified.
    """
    stages = cascade_stages(model)
    if not 0 <= count <= len(stages):
        raise ValueError(f"count must lie between 0 and {len(stages)}, got {count}")
    twin = copy.deepcopy(model)
    inner = twin.model if isinstance(twin, PixelInput) else twin
    source = fresh.model if isinstance(fresh, PixelInput) else fresh
    for name in stages[:count]:
        target, new = inner.get_submodule(name), source.get_submodule(name)
        state = {key: value.to(next(twin.parameters()).device) for key, value in new.state_dict().items()}
        target.load_state_dict(state, strict=True)
    return twin.eval()


def rank_correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman's rank correlation of two maps of the same shape (ties get their average rank)."""
    a, b = np.asarray(a, dtype=np.float64).ravel(), np.asarray(b, dtype=np.float64).ravel()
    if a.shape != b.shape:
        raise ValueError(f"maps differ in size: {a.size} vs {b.size}")
    if np.ptp(a) == 0 or np.ptp(b) == 0:
        return float("nan")  # a constant map has no ranking
    return float(spearmanr(a, b).statistic)
