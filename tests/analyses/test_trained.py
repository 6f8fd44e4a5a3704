"""The shipped shapes models: small safetensors files, the accuracy the README claims, and
Integrated Gradients that land on the object (the issue's mask test, 50 held-out images)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import torch
from safetensors import safe_open

from resnet_viz.analyses.attr_checks import mask_share_check
from resnet_viz.analyses.trained import (
    CHECKPOINT_DIR,
    CLASSES,
    HELDOUT_SEED,
    SHAPES_MODELS,
    TRAIN_SEED,
    checkpoint_path,
    heldout_shapes,
    load_shapes_model,
)
from resnet_viz.analyses.training import evaluate
from resnet_viz.data import SHAPE_CLASSES

pytestmark = pytest.mark.filterwarnings("ignore:Input Tensor")


@pytest.fixture(scope="module")
def models() -> dict[str, torch.nn.Module]:
    return {kind: load_shapes_model(kind) for kind in SHAPES_MODELS}


@pytest.fixture(scope="module")
def heldout():
    return heldout_shapes(300)


def test_checkpoints_are_small_safetensors_files():
    paths = [checkpoint_path(kind) for kind in SHAPES_MODELS]
    assert sum(p.stat().st_size for p in paths) < 5 * 1024 * 1024
    for path in paths:
        with safe_open(str(path), framework="pt") as handle:  # parses only the JSON header + tensors
            assert "fc.weight" in handle.keys()
            assert float(handle.metadata()["heldout_accuracy"]) >= 0.99


def test_models_load_strictly_in_eval_mode(models):
    assert models["residual"].residual and not models["plain"].residual
    for model in models.values():
        assert not model.training and model.fc.out_features == len(CLASSES) == len(SHAPE_CLASSES) == 6


def test_heldout_images_are_not_training_images():
    assert HELDOUT_SEED != TRAIN_SEED


@pytest.mark.parametrize("kind", list(SHAPES_MODELS))
def test_heldout_accuracy_shows_every_class_is_separable(models, kind):
    """A net that reaches 99 % on images it never saw shows that the six classes can be told apart."""
    heldout = heldout_shapes(600)
    assert torch.bincount(heldout.labels).tolist() == [100] * 6
    assert 1 - evaluate(models[kind], heldout) >= 0.99


def test_readme_records_the_measured_accuracy():
    readme = (CHECKPOINT_DIR / "README.md").read_text(encoding="utf-8")
    for kind in SHAPES_MODELS:
        with safe_open(str(checkpoint_path(kind)), framework="pt") as handle:
            accuracy = float(handle.metadata()["heldout_accuracy"])
        assert f"{100 * accuracy:.1f}%" in readme, (kind, accuracy)
    assert "scripts/train_shapes_models.py" in readme
    assert re.search(r"held-out", readme)


def test_integrated_gradients_land_on_the_object(models):
    # The check: over 50 held-out images, the share of positive IG attribution inside the object
    # mask is at least twice the object's share of the image.
    check = mask_share_check(models["residual"], heldout_shapes(50), 50, n_steps=32)
    assert len(check.shares) == 50
    assert check.ratio >= 2.0, (check.mean_share, check.mean_area_share)
    assert check.correct.mean() >= 0.85


def test_loading_an_unknown_model_is_refused():
    with pytest.raises(KeyError):
        load_shapes_model("wide")
    assert Path(checkpoint_path("plain")).suffix == ".safetensors"
