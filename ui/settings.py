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

KEY_DEVICE = "settings_device"
KEY_SEED = "settings_seed"
KEY_MODEL_SOURCE = "settings_model_source"
KEY_CHECKPOINT = "settings_checkpoint"

MODEL_SOURCES = {
    "random": "Random He initialisation (built in, offline)",
    "pretrained": "Pretrained ImageNet weights (torchvision download)",
    "checkpoint": "My own checkpoint (upload)",
}
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
    source = state.get(KEY_MODEL_SOURCE, "random")
    upload = state.get(KEY_CHECKPOINT)
    return Settings(
        device=choose_device(None if choice == "auto" else choice),
        seed=_clean_seed(state.get(KEY_SEED, 0)),
        model_source=source if source in MODEL_SOURCES else "random",
        checkpoint=upload.getvalue() if upload is not None else None,
        checkpoint_name=getattr(upload, "name", "") if upload is not None else "",
    )


def render_sidebar() -> Settings:
    with st.sidebar:
        st.markdown("### Settings")
        st.selectbox("Device", ["auto", *available_devices()], key=KEY_DEVICE,
                     help="auto picks cuda, then mps, then cpu. The RESNET_VIZ_DEVICE variable sets the default.")
        st.number_input("Random seed", min_value=0, max_value=MAX_SEED, step=1, key=KEY_SEED,
                        help="Weights, data and training runs are reproducible for a given seed.")
        st.selectbox("Model source (ImageNet ResNets)", list(MODEL_SOURCES), key=KEY_MODEL_SOURCE,
                     format_func=MODEL_SOURCES.get)
        if st.session_state.get(KEY_MODEL_SOURCE) == "checkpoint":
            st.file_uploader("State dict (.pt, .pth or .safetensors)", type=["pt", "pth", "safetensors", "bin"],
                             key=KEY_CHECKPOINT,
                             help="Read with torch.load(weights_only=True) or safetensors: pickled code never runs.")
        settings = current()
        st.caption(f"Running on **{settings.device}** · torch {torch.__version__}")
    return settings
