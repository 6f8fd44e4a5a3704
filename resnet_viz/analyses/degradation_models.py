"""The trained nets of the stored long degradation run (seed 0), shipped as safetensors weights.

``scripts/train_degradation_models.py`` retrains seed 0 of :data:`~resnet_viz.analyses.degradation.PRESETS`
``["long"]`` (the run the degradation page shows) and saves each net's weights beside the shapes models in
``resnet_viz/checkpoints/``. They are the models of the "why residual nets train" page: a plain and a residual
net of 20 and of 56 layers, trained with one recipe on one dataset (16x16 shapes, 8/16/32 filters).
Loading needs no network and runs no pickled code.
"""

from __future__ import annotations

from pathlib import Path

from resnet_viz.analyses.degradation import PRESETS, build_net, make_data, parse_net
from resnet_viz.data.shapes import ShapesDataset
from resnet_viz.models.cifar import CifarResNet

__all__ = [
    "DEGRADATION_MODEL_NETS",
    "DEGRADATION_MODEL_PRESET",
    "DEGRADATION_MODEL_SEED",
    "degradation_checkpoint_path",
    "degradation_data",
    "degradation_model_metadata",
    "load_degradation_model",
]

DEGRADATION_MODEL_PRESET = "long"
DEGRADATION_MODEL_SEED = 0
DEGRADATION_MODEL_NETS = ("plain-20", "ResNet-20", "plain-56", "ResNet-56")
CHECKPOINT_DIR = Path(__file__).resolve().parents[1] / "checkpoints"


def degradation_checkpoint_path(label: str) -> Path:
    """``resnet_viz/checkpoints/long_seed0_plain56.safetensors`` for ``"plain-56"``."""
    spec = parse_net(label)
    kind = "resnet" if spec.residual else "plain"
    return CHECKPOINT_DIR / f"{DEGRADATION_MODEL_PRESET}_seed{DEGRADATION_MODEL_SEED}_{kind}{spec.depth}.safetensors"


def load_degradation_model(label: str) -> CifarResNet:
    """A shipped net of the stored long run (``"plain-56"``, ``"ResNet-20"``, ...) on the CPU, in eval mode.

    Args:
        label: one of :data:`DEGRADATION_MODEL_NETS`.

    Returns:
        The trained :class:`~resnet_viz.models.cifar.CifarResNet` (six classes, widths 8/16/32).

    Example:
        >>> model = load_degradation_model("ResNet-56")
        >>> model.depth, model.residual
        (56, True)
    """
    from safetensors.torch import load_file

    if label not in DEGRADATION_MODEL_NETS:
        raise KeyError(f"no shipped weights for {label!r}; choose from {list(DEGRADATION_MODEL_NETS)}")
    path = degradation_checkpoint_path(label)
    if not path.is_file():
        raise FileNotFoundError(f"{path.name} is missing; run scripts/train_degradation_models.py to rebuild it")
    preset = PRESETS[DEGRADATION_MODEL_PRESET]
    model = build_net(parse_net(label), preset, DEGRADATION_MODEL_SEED, len(preset.classes))
    model.load_state_dict(load_file(str(path)), strict=True)
    return model.eval()


def degradation_model_metadata(label: str) -> dict[str, str]:
    """The metadata stored in a shipped net's file (final errors, recipe, torch version)."""
    from safetensors import safe_open

    with safe_open(str(degradation_checkpoint_path(label)), framework="pt") as handle:
        return dict(handle.metadata() or {})


def degradation_data() -> tuple[ShapesDataset, ShapesDataset]:
    """The training and held-out images the shipped nets were trained and tested on (seed 0 of the long run)."""
    return make_data(PRESETS[DEGRADATION_MODEL_PRESET], DEGRADATION_MODEL_SEED)
