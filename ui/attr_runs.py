"""The attributions page's models and computations, cached for every session, and the words for its methods.

Large attributions take turns server-wide (:mod:`ui.turns`); identical requests share one computation.
"""

from __future__ import annotations

import numpy as np
import streamlit as st
import torch

from resnet_viz.analyses import attr_checks as checks
from resnet_viz.analyses import attributions as attr
from resnet_viz.analyses.trained import build_shapes_model, heldout_shapes, load_shapes_model
from resnet_viz.models import imagenet_resnet
from ui.i18n import translator, translator_or
from ui.models import freeze
from ui.text.attributions import TEXT
from ui.turns import attribution_turns, waiting_turn

HELDOUT_COUNT = 200
IMAGENET_DEFAULTS = {  # 224 x 224 inputs: fewer steps, a bigger occlusion patch, smaller batches
    "integrated_gradients": dict(n_steps=32, internal_batch_size=16),
    "smoothgrad": dict(nt_samples=8, nt_samples_batch_size=4),
    "gradient_shap": dict(n_samples=8),
    "occlusion": dict(window=32, stride=16, perturbations_per_eval=16),
}


def method_title(method: str) -> str:
    text_or = translator_or(TEXT)
    return text_or(f"method_{method}", attr.METHODS[method].title)


def method_summary(method: str) -> str:
    text_or = translator_or(TEXT)
    return text_or(f"summary_{method}", attr.METHODS[method].summary)


def choice_label(name: str, value: object) -> str:
    """How a method parameter's choice is shown: baselines are translated, other choices are Captum's names."""
    text_or = translator_or(TEXT)
    return text_or(f"baseline_{value}", str(value)) if name == "baseline" else str(value)


@st.cache_resource(max_entries=4, show_spinner=False)
def _shapes_model(kind: str, device: str) -> torch.nn.Module:
    return freeze(load_shapes_model(kind), torch.device(device))


def shapes_model(kind: str, device: str) -> torch.nn.Module:
    with st.spinner(translator(TEXT)("spin_shapes")):  # shown only when loading takes longer than half a second
        return _shapes_model(kind, device)


def _randomised(model: torch.nn.Module, fresh: torch.nn.Module, count: int, device: str) -> torch.nn.Module:
    return freeze(checks.randomised_model(model, fresh.to(torch.device(device)), count), torch.device(device))


@st.cache_resource(max_entries=14, show_spinner=False)
def randomised_shapes(kind: str, count: int, seed: int, device: str) -> torch.nn.Module:
    return _randomised(_shapes_model(kind, device), build_shapes_model(kind, seed=seed), count, device)


@st.cache_resource(max_entries=2, show_spinner=False)
def randomised_imagenet(model_key: str, depth: int, count: int, seed: int, device: str,
                        _model: torch.nn.Module) -> torch.nn.Module:
    return _randomised(_model, imagenet_resnet(depth, seed=seed), count, device)


@st.cache_data(max_entries=64, show_spinner=False)
def shapes_images() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    data = heldout_shapes(HELDOUT_COUNT)
    return data.images.numpy(), data.labels.numpy(), data.masks.numpy()


@st.cache_data(max_entries=32, show_spinner=False)
def probabilities(model_key: str, image_key: str, _model, _image: torch.Tensor) -> np.ndarray:
    return attr.predict(_model, _image)


@st.cache_data(max_entries=256, show_spinner=False)
def attribution(model_key: str, image_key: str, method: str, params: tuple, target: int, _model,
                _image: torch.Tensor, _progress_text=None, _waiting_text=None) -> attr.Attribution:
    """Cached for everyone: same model, image, method, parameters and target = one computation (Streamlit's cache
    lets a second identical request wait for the first). Large ones take turns, one at a time server-wide.

    ``_progress_text(fraction)`` and ``_waiting_text(ahead)`` (not part of the cache key) word the progress bar and
    the queue notice in the reader's language.
    """
    slow = method == "occlusion" or (_image.shape[-1] > 64 and method not in ("saliency", "gradcam"))
    words = _progress_text or (lambda fraction: f"{attr.METHODS[method].title}: {fraction:.0%}")
    if not slow:
        return attr.attribute(_model, _image, target, method, dict(params))
    with waiting_turn(attribution_turns(), _waiting_text or (lambda ahead: f"{ahead} ahead of you")):
        bar = st.progress(0.0, text=words(None))
        shown = [0.0]

        def progress(fraction: float) -> None:
            if fraction - shown[0] >= 0.02 or fraction >= 1.0:
                shown[0] = fraction
                bar.progress(fraction, text=words(fraction))

        result = attr.attribute(_model, _image, target, method, dict(params), progress=progress)
        bar.empty()
    return result


def attribution_for(model_key: str, image_key: str, method: str, params: tuple, target: int, model,
                    image: torch.Tensor) -> attr.Attribution:
    """The attribution, its progress and its place in the queue worded in the page's language."""
    tr, title = translator(TEXT), method_title(method)

    def words(fraction: float | None) -> str:
        return tr("progress", method=title) if fraction is None else tr("progress_done", method=title,
                                                                       percent=f"{fraction:.0%}")

    return attribution(model_key, image_key, method, params, target, model, image, _progress_text=words,
                       _waiting_text=lambda ahead: tr("waiting_turn", method=title, ahead=ahead))


@st.cache_data(max_entries=16, show_spinner=False)
def delta_curve(model_key: str, image_key: str, target: int, method: str, baseline: str, _model,
                _image: torch.Tensor) -> list[tuple[int, float]]:
    steps = (4, 8, 16, 32, 64, 128, 256) if _image.shape[-1] <= 64 else (4, 8, 16, 32)
    return checks.ig_delta_curve(_model, _image, target, steps, method=method, baseline=baseline)


@st.cache_data(max_entries=4, show_spinner=False)
def mask_check(kind: str, device: str) -> checks.MaskCheck:
    return checks.mask_share_check(_shapes_model(kind, device), heldout_shapes(50), 50)


def default_params(method: str, domain: str) -> dict:
    return attr.clean_params(method, IMAGENET_DEFAULTS.get(method, {}) if domain == "imagenet" else {})
