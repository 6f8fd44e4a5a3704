"""The shipped shapes classifiers: a CIFAR-style ResNet-20 and its plain twin, trained on the built-in
synthetic shapes dataset by ``scripts/train_shapes_models.py`` and stored as safetensors files in
``resnet_viz/checkpoints/``. Loading needs no network and runs no pickled code.

The models know all six shapes of the dataset. Their held-out accuracy (at least 99 %, stored in each file's
metadata and re-measured by ``tests/analyses/test_trained.py``) is also the evidence that every class can be
told apart by its shape alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from torch import nn

from resnet_viz.data.shapes import SHAPE_CLASSES, ShapesDataset, make_shapes
from resnet_viz.models.cifar import CifarResNet, cifar_resnet

__all__ = [
    "CHECKPOINT_DIR",
    "CLASSES",
    "HELDOUT_SEED",
    "SHAPES_MODELS",
    "ShapesModelSpec",
    "build_shapes_model",
    "checkpoint_path",
    "heldout_shapes",
    "load_shapes_model",
    "training_shapes",
]

CHECKPOINT_DIR = Path(__file__).resolve().parents[1] / "checkpoints"
IMAGE_SIZE = 32
TRAIN_SEED = 1  # the training images
HELDOUT_SEED = 20_240_607  # never used for training: the held-out images the accuracy is measured on
CLASSES = SHAPE_CLASSES


@dataclass(frozen=True)
class ShapesModelSpec:
    key: str
    title: str
    residual: bool
    depth: int = 20
    widths: tuple[int, int, int] = (8, 16, 32)  # half the paper's CIFAR widths: trains in minutes on a CPU

    @property
    def filename(self) -> str:
        return f"shapes_{self.key}{self.depth}.safetensors"


SHAPES_MODELS: dict[str, ShapesModelSpec] = {
    "residual": ShapesModelSpec("resnet", "ResNet-20 (residual)", residual=True),
    "plain": ShapesModelSpec("plain", "Plain-20 (no skip connections)", residual=False),
}


def build_shapes_model(kind: str, *, seed: int = 0) -> CifarResNet:
    """The untrained architecture of a shipped shapes model (He-initialised under ``seed``)."""
    spec = SHAPES_MODELS[kind]
    return cifar_resnet(spec.depth, residual=spec.residual, widths=spec.widths, num_classes=len(CLASSES), seed=seed)


def checkpoint_path(kind: str) -> Path:
    return CHECKPOINT_DIR / SHAPES_MODELS[kind].filename


def load_shapes_model(kind: str) -> nn.Module:
    """A shipped trained shapes model on the CPU, in eval mode (the caller may move and freeze it)."""
    from safetensors.torch import load_file

    if kind not in SHAPES_MODELS:
        raise KeyError(f"unknown shapes model {kind!r}; choose from {sorted(SHAPES_MODELS)}")
    path = checkpoint_path(kind)
    if not path.is_file():
        raise FileNotFoundError(f"{path.name} is missing; run scripts/train_shapes_models.py to rebuild it")
    model = build_shapes_model(kind)
    model.load_state_dict(load_file(str(path)), strict=True)
    return model.eval()


def heldout_shapes(count: int = 200) -> ShapesDataset:
    """Shapes images drawn from a seed the models never saw in training."""
    return make_shapes(count, size=IMAGE_SIZE, seed=HELDOUT_SEED, classes=CLASSES)


def training_shapes(count: int) -> ShapesDataset:
    return make_shapes(count, size=IMAGE_SIZE, seed=TRAIN_SEED, classes=CLASSES)
