"""The worked block's stages in words (labels, notes, the line of numbers) and the in-browser stepper's data."""

from __future__ import annotations

import numpy as np
import streamlit as st

from resnet_viz.analyses.block import WorkedRun
from resnet_viz.figures._style import fmt_int
from resnet_viz.figures.block import channel_names
from ui import block_runs as runs
from ui.i18n import translator, translator_or
from ui.stepper import StepperStage, stepper_data
from ui.text.block import TEXT

PLAY_DELAY_S = 0.5
DEFAULT_STAGE, DEFAULT_POSITION = "conv1", (0, 0, 31)


def stage_labels(run: WorkedRun) -> dict[str, str]:
    text_or = translator_or(TEXT)
    return {s.key: text_or(f"label_{s.key}", s.label) for s in run.stages}


def stage_note(run: WorkedRun, key: str) -> str:
    tr, text_or = translator(TEXT), translator_or(TEXT)
    note = text_or(f"note_{key}", run.stage(key).note)
    return note + (tr("note_conv1_paper") if key == "conv1" and run.order == "paper" else "")


def stage_text(run: WorkedRun, key: str) -> str:
    tr = translator(TEXT)
    values = run.tensors[key]
    shape = "(" + ", ".join(str(s) for s in values.shape) + ")"
    return tr("stage_text", label=stage_labels(run)[key], shape=shape, low=values.min(), high=values.max(),
              count=fmt_int(values.size), note=stage_note(run, key))


def maps_title(run: WorkedRun, key: str) -> str:
    tr = translator(TEXT)
    values = run.tensors[key]
    return tr("maps_title", label=stage_labels(run)[key], channels=values.shape[0],
              shape="×".join(str(s) for s in values.shape)) + tr("maps_click")


@st.cache_data(max_entries=32, show_spinner=False)
def stepper_for(x: np.ndarray, preset: str, seed: int, edits: tuple, order: str, scale: float, bn: str,
                device: str, lang: str) -> dict:
    """Every stage of the run as the in-browser stepper draws it (images, numbers, words), made once per run and
    language (``lang`` is the page's, here for the cache key)."""
    tr = translator(TEXT)
    run = runs.run(x, preset, seed, edits, order, scale, bn, device)
    labels = stage_labels(run)
    stages = [StepperStage(s.key, labels[s.key], run.tensors[s.key], stage_text(run, s.key), maps_title(run, s.key),
                           channel_names(s.key, run.tensors[s.key].shape[0])) for s in run.stages]
    add = next(s.key for s in run.stages if s.op == "add")
    words = {word: tr(f"stepper_{word}") for word in ("jump", "skip", "where", "hover", "hint")}
    return stepper_data(stages, add=add, stage=DEFAULT_STAGE, position=DEFAULT_POSITION,
                        text={**words, "back": tr("back"), "next": tr("next"), "play": tr("play"),
                              "play_help": tr("play_help"), "value": tr("stepper_value")},
                        delay_ms=int(PLAY_DELAY_S * 1000))
