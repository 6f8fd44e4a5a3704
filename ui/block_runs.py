"""The block page's computations, cached for every session: pure functions of the settings (inputs, the worked
run, the scale sweep, the two orders). Arrays travel as numpy so the caches can hash them."""

from __future__ import annotations

import numpy as np
import streamlit as st
import torch

from resnet_viz.analyses.block import WorkedRun, image_input, pattern_input, run_worked, upload_input
from resnet_viz.analyses.block_family import paper_width_params
from resnet_viz.analyses.block_residual import OrderComparison, Sweep, compare_orders, scale_sweep
from resnet_viz.analyses.block_weights import KernelEdit, apply_edits, preset_weights
from resnet_viz.data import sample_image


@st.cache_data(max_entries=16, show_spinner=False)
def photo(name: str) -> np.ndarray:
    return image_input(sample_image(name)).numpy()


@st.cache_data(max_entries=16, show_spinner=False)
def pattern(seed: int) -> np.ndarray:
    return pattern_input(seed).numpy()


@st.cache_data(max_entries=8, show_spinner=False)
def upload(data: bytes) -> np.ndarray:
    return upload_input(data).numpy()  # an ImageError is raised again on every call, never cached


def weights(preset: str, seed: int, edits: tuple) -> dict:
    """A preset's weights with the hand-edited kernels, ``edits`` as (layer, out, in, values) tuples."""
    return apply_edits(preset_weights(preset, seed), [KernelEdit(*edit) for edit in edits])


@st.cache_data(max_entries=64, show_spinner=False)
def run(x: np.ndarray, preset: str, seed: int, edits: tuple, order: str, scale: float, bn: str,
        device: str) -> WorkedRun:
    return run_worked(torch.from_numpy(x), weights(preset, seed, edits), order=order, branch_scale=scale,
                      bn_mode=bn, device=device)


@st.cache_data(max_entries=32, show_spinner=False)
def sweep(x: np.ndarray, preset: str, seed: int, edits: tuple, order: str, bn: str, device: str) -> Sweep:
    return scale_sweep(torch.from_numpy(x), weights(preset, seed, edits), order=order, bn_mode=bn, device=device)


@st.cache_data(max_entries=32, show_spinner=False)
def compare(x: np.ndarray, preset: str, seed: int, edits: tuple, scale: float, bn: str,
            device: str) -> OrderComparison:
    return compare_orders(torch.from_numpy(x), weights(preset, seed, edits), branch_scale=scale, bn_mode=bn,
                          device=device)


@st.cache_data(show_spinner=False)
def paper_widths() -> dict[str, int]:
    return paper_width_params()
