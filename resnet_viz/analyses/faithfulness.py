"""Do the maps point at what the model uses? Deletion and insertion curves, and cascading randomisation by stage.

- **Deletion / insertion** (Petsiuk et al. 2018, RISE): rank the pixels by a map, most important first. Deletion
  replaces them with the baseline (black) step by step and records the class probability, which should fall
  fast (small area under the curve); insertion starts from a blurred image and puts the pixels back, and the
  probability should rise fast (large area). A random map and the true object mask are the references.
- **Cascading randomisation** (Adebayo et al. 2018): re-initialise the model's stages from the output back (fc,
  then layer3, ...) and measure the rank correlation between the trained model's map and each randomised
  model's map. A map that explains the model should change as soon as the model does; Guided Backprop's is
  known to barely change.

Everything returns plain numpy data; nothing here draws.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from resnet_viz.analyses.attr_checks import cascade_stages, randomised_model, rank_correlation
from resnet_viz.analyses.attributions import attribute, baseline_images, signed_map

__all__ = [
    "REFERENCES",
    "CascadeResult",
    "FaithfulnessResult",
    "MethodCurves",
    "area_under",
    "cascade_study",
    "deletion_insertion",
    "faithfulness_study",
    "pixel_order",
]

REFERENCES = ("random", "mask")  # the two reference maps beside the methods
Progress = Callable[[float], None]


def pixel_order(saliency: np.ndarray, *, seed: int = 0) -> np.ndarray:
    """Flat pixel indices from the most to the least important; ties in random (seeded) order."""
    flat = np.asarray(saliency, dtype=np.float64).ravel()
    tie_break = np.random.default_rng(seed).permutation(flat.size)
    return np.lexsort((tie_break, -flat))


@torch.no_grad()
def deletion_insertion(model: nn.Module, image: torch.Tensor, saliency: np.ndarray, target: int, *,
                       steps: int = 16, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Class probabilities along the deletion and the insertion path, ``steps + 1`` points each.

    Point k has the top ``k / steps`` of the pixels (by ``saliency``, shape (H, W)) deleted (set to black) or
    inserted (into the blurred image). One batched forward pass per path.
    """
    device = next(model.parameters()).device
    x = image.detach().to(device=device, dtype=torch.float32)
    _, height, width = x.shape
    order = torch.as_tensor(pixel_order(saliency, seed=seed), device=device)
    counts = [round(k * height * width / steps) for k in range(steps + 1)]
    chosen = torch.zeros(steps + 1, height * width, dtype=torch.bool, device=device)
    for row, count in enumerate(counts):
        chosen[row, order[:count]] = True
    chosen = chosen.view(steps + 1, 1, height, width)
    black = baseline_images("black", x.unsqueeze(0))
    blurred = baseline_images("blur", x.unsqueeze(0))
    deleted = torch.where(chosen, black, x.unsqueeze(0))
    inserted = torch.where(chosen, x.unsqueeze(0), blurred)
    probabilities = torch.softmax(model(torch.cat([deleted, inserted])).double(), dim=1)[:, target].cpu().numpy()
    return probabilities[:steps + 1], probabilities[steps + 1:]


def area_under(curve: np.ndarray) -> float:
    """Area under a curve sampled at evenly spaced fractions 0, 1/steps, ..., 1 (trapezoid rule)."""
    curve = np.asarray(curve, dtype=np.float64)
    return float((curve[:-1] + curve[1:]).sum() / (2 * (len(curve) - 1)))


@dataclass
class MethodCurves:
    """One map (a method or a reference) over many images."""

    name: str
    deletion: np.ndarray  # (images, steps + 1) class probability
    insertion: np.ndarray

    @property
    def deletion_auc(self) -> np.ndarray:
        return np.array([area_under(c) for c in self.deletion])

    @property
    def insertion_auc(self) -> np.ndarray:
        return np.array([area_under(c) for c in self.insertion])


def mean_and_interval(values: np.ndarray) -> tuple[float, float]:
    """Mean and the half-width of its 95 % confidence interval (normal approximation, 1.96 standard errors)."""
    values = np.asarray(values, dtype=np.float64)
    if len(values) < 2:
        return float(values.mean()), float("nan")
    return float(values.mean()), float(1.96 * values.std(ddof=1) / math.sqrt(len(values)))


@dataclass
class FaithfulnessResult:
    model: str
    methods: list[str]
    steps: int
    count: int
    curves: dict[str, MethodCurves] = field(default_factory=dict)  # methods and the references by name

    def summary(self, name: str) -> dict[str, tuple[float, float]]:
        """(mean, 95 % half-width) of the deletion and insertion AUC of one map."""
        curves = self.curves[name]
        return {"deletion": mean_and_interval(curves.deletion_auc),
                "insertion": mean_and_interval(curves.insertion_auc)}

    def beats_random(self, name: str) -> dict[str, bool]:
        """Whether the map beats the random map on each curve: the paired difference per image has a 95 %
        interval entirely on the better side (deletion lower, insertion higher)."""
        mine, random = self.curves[name], self.curves["random"]
        deletion = mean_and_interval(random.deletion_auc - mine.deletion_auc)
        insertion = mean_and_interval(mine.insertion_auc - random.insertion_auc)
        return {"deletion": deletion[0] - deletion[1] > 0, "insertion": insertion[0] - insertion[1] > 0}

    def to_dict(self) -> dict:
        return {"model": self.model, "methods": self.methods, "steps": self.steps, "count": self.count,
                "curves": {name: {"deletion": c.deletion.tolist(), "insertion": c.insertion.tolist()}
                           for name, c in self.curves.items()}}

    @classmethod
    def from_dict(cls, data: dict) -> FaithfulnessResult:
        curves = {name: MethodCurves(name, np.array(c["deletion"]), np.array(c["insertion"]))
                  for name, c in data["curves"].items()}
        return cls(model=data["model"], methods=list(data["methods"]), steps=int(data["steps"]),
                   count=int(data["count"]), curves=curves)


def _reference_map(name: str, mask: np.ndarray, shape: tuple[int, int], seed: int) -> np.ndarray:
    if name == "random":
        return np.random.default_rng(seed).random(shape)
    return np.asarray(mask, dtype=np.float64)  # the object first (ties broken at random by pixel_order)


def faithfulness_study(model: nn.Module, images: torch.Tensor, labels: torch.Tensor, masks: torch.Tensor,
                       methods: Sequence[str], *, model_name: str = "", params: dict | None = None, steps: int = 16,
                       seed: int = 0, progress: Progress | None = None) -> FaithfulnessResult:
    """Deletion and insertion curves for the true class of every image, per method and for the references.

    Each method's map is its attribution summed over the colour channels, signed (most positive first).

    Args:
        model: maps (N, 3, H, W) pixels in [0, 1] to logits; eval mode; never modified.
        images, labels, masks: (N, 3, H, W), (N,), (N, H, W) held-out data with object masks.
        methods: names from :data:`resnet_viz.analyses.attributions.METHODS`.
        params: per-method parameters (defaults where missing).
    Returns:
        A :class:`FaithfulnessResult` with the methods' and the references' curves.

    Example:
        >>> from resnet_viz.analyses.trained import heldout_shapes, load_shapes_model
        >>> data = heldout_shapes(10)
        >>> result = faithfulness_study(load_shapes_model("residual"), data.images, data.labels, data.masks,
        ...                             ["saliency"])  # doctest: +SKIP
    """
    count = len(labels)
    names = [*methods, *REFERENCES]
    collected = {name: ([], []) for name in names}
    for index in range(count):
        image, target = images[index], int(labels[index])
        shape = tuple(image.shape[-2:])
        for name in names:
            if name in REFERENCES:
                saliency = _reference_map(name, masks[index].numpy(), shape, seed + index)
            else:
                values = attribute(model, image, target, name, (params or {}).get(name)).values
                saliency = signed_map(values, "all")
            deletion, insertion = deletion_insertion(model, image, saliency, target, steps=steps, seed=seed + index)
            collected[name][0].append(deletion)
            collected[name][1].append(insertion)
        if progress is not None:
            progress((index + 1) / count)
    curves = {name: MethodCurves(name, np.array(d), np.array(i)) for name, (d, i) in collected.items()}
    return FaithfulnessResult(model=model_name, methods=list(methods), steps=steps, count=count, curves=curves)


@dataclass
class CascadeResult:
    model: str
    stages: list[str]  # randomised from the output back: stages[:k] are random after step k
    correlations: dict[str, np.ndarray]  # method -> (images, len(stages) + 1), Spearman of |map|; step 0 is 1

    def mean(self, method: str) -> np.ndarray:
        return np.nanmean(self.correlations[method], axis=0)

    def to_dict(self) -> dict:
        return {"model": self.model, "stages": self.stages,
                "correlations": {m: v.tolist() for m, v in self.correlations.items()}}

    @classmethod
    def from_dict(cls, data: dict) -> CascadeResult:
        return cls(model=data["model"], stages=list(data["stages"]),
                   correlations={m: np.array(v, dtype=np.float64) for m, v in data["correlations"].items()})


def cascade_study(model: nn.Module, fresh: nn.Module, images: torch.Tensor, labels: torch.Tensor,
                  methods: Sequence[str], *, model_name: str = "", params: dict | None = None,
                  progress: Progress | None = None) -> CascadeResult:
    """Rank correlation (Spearman, of the absolute maps) between the trained model's map and the map after
    randomising the top k stages, k = 0 .. all, for every method and image (the target is the true class).

    ``fresh`` is an untrained twin of ``model`` whose weights replace the randomised stages.
    """
    stages = cascade_stages(model)
    models = [randomised_model(model, fresh, k) for k in range(len(stages) + 1)]
    count, total = len(labels), len(labels) * len(methods) * len(models)
    correlations = {method: np.full((count, len(models)), np.nan) for method in methods}
    done = 0
    for method in methods:
        p = (params or {}).get(method)
        for index in range(count):
            image, target = images[index], int(labels[index])
            trained = np.abs(attribute(model, image, target, method, p).values.sum(0))
            correlations[method][index, 0] = 1.0
            for k, randomised in enumerate(models[1:], start=1):
                other = np.abs(attribute(randomised, image, target, method, p).values.sum(0))
                correlations[method][index, k] = rank_correlation(trained, other)
                done += 1
                if progress is not None:
                    progress(done / total)
    return CascadeResult(model=model_name, stages=stages, correlations=correlations)
