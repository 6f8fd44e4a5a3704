"""The sidebar settings every page reads: device, seed and model source.

Values live in ``st.session_state`` under the ``KEY_*`` names, so a test (AppTest) can set them
without touching the sidebar widgets.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import streamlit as st
import torch

from resnet_viz.device import available_devices, choose_device
from ui.i18n import translator
from ui.params import synced
from ui.text.frame import TEXT

KEY_DEVICE = "settings_device"
KEY_SEED = "settings_seed"
KEY_MODEL_SOURCE = "settings_model_source"
KEY_CHECKPOINT = "settings_checkpoint"

MODEL_SOURCES = ("auto", "random", "pretrained", "checkpoint")
DEFAULT_MODEL_SOURCE = "auto"  # torchvision's pretrained weights when this machine has them, else random ones
PENDING_MODEL_SOURCE = "_settings_model_source_next"  # set by a page, applied before the sidebar is drawn
MAX_SEED = 2**31 - 1


@dataclass(frozen=True)
class Settings:
    device: torch.device
    seed: int
    model_source: str
    checkpoint: bytes | None
    checkpoint_name: str

    @property
    def checkpoint_digest(self) -> str:
        return hashlib.sha256(self.checkpoint).hexdigest() if self.checkpoint else ""


def _clean_seed(value: object) -> int:
    try:
        seed = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0
    return min(max(seed, 0), MAX_SEED)


def current() -> Settings:
    state = st.session_state
    choice = state.get(KEY_DEVICE, "auto")
    source = state.get(KEY_MODEL_SOURCE, DEFAULT_MODEL_SOURCE)
    upload = state.get(KEY_CHECKPOINT)
    return Settings(
        device=choose_device(None if choice == "auto" else choice),
        seed=_clean_seed(state.get(KEY_SEED, 0)),
        model_source=source if source in MODEL_SOURCES else DEFAULT_MODEL_SOURCE,
        checkpoint=upload.getvalue() if upload is not None else None,
        checkpoint_name=getattr(upload, "name", "") if upload is not None else "",
    )


def render_sidebar() -> Settings:
    tr = translator(TEXT)
    sources = {name: tr(f"source_{name}") for name in MODEL_SOURCES}
    if PENDING_MODEL_SOURCE in st.session_state:  # a page asked for another source (after a weights download)
        st.session_state[KEY_MODEL_SOURCE] = st.session_state.pop(PENDING_MODEL_SOURCE)
    devices = ["auto", *available_devices()]
    with st.sidebar:
        st.markdown(f"### {tr('settings')}")
        st.selectbox(tr("device"), devices, key=synced(KEY_DEVICE, "auto", options=devices), help=tr("device_help"))
        st.number_input(tr("seed"), min_value=0, max_value=MAX_SEED, step=1,
                        key=synced(KEY_SEED, 0, low=0, high=MAX_SEED), help=tr("seed_help"))
        st.selectbox(tr("model_source"), list(sources), format_func=sources.get,
                     key=synced(KEY_MODEL_SOURCE, DEFAULT_MODEL_SOURCE, options=sources))
        if st.session_state.get(KEY_MODEL_SOURCE) == "checkpoint":
            st.file_uploader(tr("checkpoint"), type=["pt", "pth", "safetensors", "bin"], key=KEY_CHECKPOINT,
                             help=tr("checkpoint_help"))
        settings = current()
        st.caption(tr("running_on", device=settings.device, torch=torch.__version__))
    return settings
