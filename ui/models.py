"""Models shared by every browser session (st.cache_resource). Never mutate what these return:
no hooks left behind, no .train(), no requires_grad flipped; copy first for anything stateful."""

from __future__ import annotations

import streamlit as st
import torch
from torch import nn

from resnet_viz.models import cifar_resnet, imagenet_resnet
from resnet_viz.models.weights import (
    CheckpointError,
    WeightsUnavailable,
    download_pretrained,
    load_checkpoint,
    pretrained_is_cached,
    pretrained_megabytes,
    pretrained_state_dict,
)
from ui.errors import error_text
from ui.i18n import translator
from ui.settings import PENDING_MODEL_SOURCE, Settings
from ui.text.frame import TEXT


def freeze(model: nn.Module, device: torch.device | str) -> nn.Module:
    """``model`` on ``device`` in eval mode with no gradients for its parameters: a model shared by every session
    (``st.cache_resource``) must not be trained or changed by one of them."""
    model = model.to(torch.device(device)).eval()
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    return model


@st.cache_resource(max_entries=6, show_spinner=False)
def _imagenet_resnet(depth: int, seed: int, device: str, residual: bool) -> nn.Module:
    return freeze(imagenet_resnet(depth, seed=seed, residual=residual), device)


def cached_imagenet_resnet(depth: int, seed: int, device: str, residual: bool = True) -> nn.Module:
    with st.spinner(translator(TEXT)("building_model")):
        return _imagenet_resnet(depth, seed, device, residual)


@st.cache_resource(max_entries=2, show_spinner=False)
def _pretrained(depth: int, device: str) -> nn.Module:
    model = imagenet_resnet(depth)
    model.load_state_dict(pretrained_state_dict(depth), strict=True)
    return freeze(model, device)


@st.cache_resource(max_entries=2, show_spinner=False)
def _from_checkpoint(depth: int, digest: str, _data: bytes, filename: str, device: str) -> nn.Module:
    return freeze(load_checkpoint(imagenet_resnet(depth), _data, filename=filename), device)


@st.cache_resource(max_entries=8, show_spinner=False)
def _cifar_resnet(depth: int, seed: int, device: str, residual: bool, shortcut: str, preact: bool) -> nn.Module:
    return freeze(cifar_resnet(depth, residual=residual, shortcut=shortcut, preact=preact, seed=seed), device)


def cached_cifar_resnet(depth: int, seed: int, device: str, residual: bool = True, shortcut: str = "A",
                        preact: bool = False) -> nn.Module:
    with st.spinner(translator(TEXT)("building_model")):
        return _cifar_resnet(depth, seed, device, residual, shortcut, preact)


def imagenet_model(depth: int, settings: Settings) -> tuple[nn.Module, str, str]:
    """The ImageNet ResNet the sidebar asks for, a sentence saying which weights it carries, and where they came
    from (``"pretrained"``, ``"checkpoint"`` or ``"random"``).

    ``"auto"`` (the default) means the pretrained weights when this machine already has them, which needs no
    network. Pretrained or uploaded weights that cannot be used fall back to the random model with a warning.
    """
    device, tr = str(settings.device), translator(TEXT)
    wants_pretrained = settings.model_source == "pretrained" or (
        settings.model_source == "auto" and pretrained_is_cached(depth))
    if wants_pretrained:
        try:
            with st.spinner(tr("loading_weights")):
                return _pretrained(depth, device), tr("weights_pretrained", depth=depth), "pretrained"
        except WeightsUnavailable as error:
            st.warning(tr("weights_unavailable", depth=depth, detail=type(error.__cause__).__name__))
    elif settings.model_source == "checkpoint":
        if settings.checkpoint is None:
            st.info(tr("random_fallback"))
        else:
            try:
                with st.spinner(tr("reading_checkpoint")):
                    model = _from_checkpoint(depth, settings.checkpoint_digest, settings.checkpoint,
                                             settings.checkpoint_name, device)
                return model, tr("weights_checkpoint", depth=depth, name=settings.checkpoint_name), "checkpoint"
            except CheckpointError as error:
                st.error(tr("checkpoint_fallback", error=error_text(error)))
    model = cached_imagenet_resnet(depth, settings.seed, device)
    return model, tr("weights_random", depth=depth, seed=settings.seed), "random"


def offer_pretrained(depth: int, key: str) -> None:
    """Beside a chart drawn by the random model: say so and offer torchvision's weights in one click (with
    progress); after the download the page reruns with the pretrained weights."""
    tr = translator(TEXT)
    size = f"{pretrained_megabytes(depth):.0f}"
    if pretrained_is_cached(depth):
        return
    st.info(tr("weights_offer", depth=depth, size=size))
    if st.button(tr("weights_download", depth=depth, size=size), key=key):
        bar = st.progress(0.0, text=tr("weights_progress", depth=depth, done="0", total=size))

        def show(done: int, total: int) -> None:
            bar.progress(min(1.0, done / total),
                         text=tr("weights_progress", depth=depth, done=f"{done / 1e6:.0f}", total=f"{total / 1e6:.0f}"))

        try:
            download_pretrained(depth, progress=show)
        except WeightsUnavailable as error:
            st.error(tr("weights_failed", detail=type(error.__cause__ or error).__name__))
            return
        st.session_state[PENDING_MODEL_SOURCE] = "auto"
        st.rerun()
