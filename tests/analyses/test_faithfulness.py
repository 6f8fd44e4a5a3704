"""Deletion / insertion curves and cascading randomisation, on models whose answers can be worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from resnet_viz.analyses.attributions import METHODS, baseline_images
from resnet_viz.analyses.faithfulness import (
    FaithfulnessResult,
    MethodCurves,
    area_under,
    cascade_study,
    deletion_insertion,
    faithfulness_study,
    pixel_order,
)
from resnet_viz.analyses.faithfulness_store import CURVE_IMAGES, load_stored
from resnet_viz.analyses.trained import build_shapes_model, heldout_shapes


class RedSum(nn.Module):
    """Two logits: the sum of the red channel weighted by ``weights`` (H, W), and 0."""

    def __init__(self, weights: torch.Tensor) -> None:
        super().__init__()
        self.weights = nn.Parameter(weights, requires_grad=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        score = (x[:, 0] * self.weights).sum(dim=(1, 2))
        return torch.stack([score, torch.zeros_like(score)], dim=1)


def test_pixel_order_is_most_important_first_with_seeded_ties():
    saliency = np.array([[0.1, 0.9], [0.5, 0.5]])
    order = pixel_order(saliency, seed=0)
    assert order[0] == 1 and order[-1] == 0 and set(order[1:3]) == {2, 3}
    assert np.array_equal(order, pixel_order(saliency, seed=0))
    ties = {tuple(pixel_order(np.zeros((4, 4)), seed=s)) for s in range(5)}
    assert len(ties) > 1  # a constant map is a random order, not raster order


def test_area_under_by_hand():
    assert area_under(np.array([1.0, 1.0, 1.0])) == 1.0
    assert area_under(np.array([0.0, 1.0])) == 0.5
    assert area_under(np.array([1.0, 0.0, 0.0, 0.0, 0.0])) == pytest.approx(0.125)


def test_deletion_and_insertion_end_at_the_black_blurred_and_original_images():
    torch.manual_seed(0)
    weights = torch.rand(6, 6)
    model = RedSum(weights).eval()
    image = torch.rand(3, 6, 6)

    def probability(x: torch.Tensor) -> float:
        return float(torch.softmax(model(x.unsqueeze(0)).double(), 1)[0, 0])

    deletion, insertion = deletion_insertion(model, image, weights.numpy(), 0, steps=4)
    assert len(deletion) == len(insertion) == 5
    assert deletion[0] == pytest.approx(probability(image)) and deletion[-1] == pytest.approx(0.5)  # black: 0 vs 0
    blurred = baseline_images("blur", image.unsqueeze(0))[0]
    assert insertion[0] == pytest.approx(probability(blurred)) and insertion[-1] == pytest.approx(probability(image))
    # the map equal to the model's weights deletes the pixels that matter most first: the probability only falls
    assert all(a >= b for a, b in zip(deletion, deletion[1:]))
    # point 2 of 4 deletes exactly the top half of the pixels by weight
    top = torch.zeros(36, dtype=torch.bool)
    top[torch.as_tensor(pixel_order(weights.numpy()))[:18]] = True
    half = torch.where(top.view(1, 6, 6), torch.zeros_like(image), image)
    assert deletion[2] == pytest.approx(probability(half))


def test_a_map_that_knows_the_model_beats_a_random_one():
    torch.manual_seed(1)
    weights = torch.rand(8, 8) ** 4  # a few pixels matter a lot
    model = RedSum(weights).eval()
    images = torch.rand(12, 3, 8, 8)
    labels = torch.zeros(12, dtype=torch.long)
    masks = torch.zeros(12, 8, 8, dtype=torch.bool)
    result = faithfulness_study(model, images, labels, masks, ["saliency"], steps=8)
    assert set(result.curves) == {"saliency", "random", "mask"} and result.count == 12
    assert result.curves["saliency"].deletion.shape == (12, 9)
    assert result.summary("saliency")["deletion"][0] < result.summary("random")["deletion"][0]
    assert result.beats_random("saliency")["deletion"]


def test_beats_random_needs_the_whole_interval_on_the_better_side():
    flat = np.ones((4, 3))
    result = FaithfulnessResult("m", ["good", "noisy"], 2, 4, {
        "random": MethodCurves("random", 0.5 * flat, 0.5 * flat),
        "good": MethodCurves("good", 0.2 * flat, 0.9 * flat),
        "noisy": MethodCurves("noisy", np.array([[0.2] * 3, [0.8] * 3, [0.2] * 3, [0.8] * 3]), 0.5 * flat),
    })
    assert result.beats_random("good") == {"deletion": True, "insertion": True}
    assert result.beats_random("noisy") == {"deletion": False, "insertion": False}
    assert FaithfulnessResult.from_dict(result.to_dict()).summary("good") == result.summary("good")


def test_cascade_starts_at_one_and_randomising_everything_changes_the_gradient_map():
    model = build_shapes_model("residual", seed=0).eval()
    fresh = build_shapes_model("residual", seed=1).eval()
    data = heldout_shapes(2)
    cascade = cascade_study(model, fresh, data.images, data.labels, ["saliency"])
    assert cascade.stages[0] == "fc" and cascade.correlations["saliency"].shape == (2, len(cascade.stages) + 1)
    assert np.all(cascade.correlations["saliency"][:, 0] == 1.0)
    assert cascade.mean("saliency")[-1] < 0.9


def test_the_stored_default_covers_every_method_on_100_images():
    stored = load_stored("residual")
    assert stored is not None and stored.curves.count == CURVE_IMAGES == 100
    assert stored.curves.methods == list(METHODS) and set(stored.cascade.correlations) == set(METHODS)
    for curves in stored.curves.curves.values():
        assert curves.deletion.shape == (100, stored.curves.steps + 1)
        assert np.all((curves.deletion >= 0) & (curves.deletion <= 1))
