"""Inside a residual block: article 000's worked (3, 64, 64) example, stage by stage and number by number."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st
import torch

from resnet_viz.analyses import block_weights as kernels
from resnet_viz.analyses.block import (
    BN_MODES,
    INPUT_SIZE,
    WorkedRun,
)
from resnet_viz.analyses.block_family import FamilyMember, run_family
from resnet_viz.data import SAMPLE_IMAGES, ImageError
from resnet_viz.figures._style import fmt_int
from ui import block_runs as runs
from ui.block_family import BRANCH, SKIP, family_part
from ui.block_formula import formula_view
from ui.block_residual_view import orders_part, residual_part
from ui.block_stages import DEFAULT_POSITION, DEFAULT_STAGE, stepper_for
from ui.errors import error_text
from ui.frame import open_tab, routed, section
from ui.i18n import current_lang, translator, translator_or
from ui.overview import overview_html
from ui.params import clamp, keep, synced
from ui.settings import current
from ui.stepper import block_stepper
from ui.text.block import TEXT

routed()  # first, before any output: see ui.frame.routed

SOURCES = ("photo", "pattern", "upload")
ORDERS = ("article", "paper")
LAYERS = ("conv1", "conv2")
LIMIT = kernels.KERNEL_LIMIT
EDIT_STEP = 1e-4

settings = current()
device = str(settings.device)
state = st.session_state
lang = current_lang()
tr = translator(TEXT)
text_or = translator_or(TEXT)


def _photo_title(name: str) -> str:
    return text_or(f"photo_{name}", SAMPLE_IMAGES[name].title)


def _decodable(text: str) -> bool:
    try:
        kernels.decode_edits(text)
    except ValueError:
        return False
    return True


@st.cache_data(max_entries=16, show_spinner=tr("family_running"))  # the spinner speaks the page's language
def _family(x: np.ndarray, seed: int, device: str) -> list[FamilyMember]:
    return run_family(torch.from_numpy(x), seed, device=device)


# ---------------------------------------------------------------- callbacks
def _clear_edits() -> None:
    state["block_edits"] = {}
    state["block_edit_version"] = state.get("block_edit_version", 0) + 1


# ---------------------------------------------------------------- parts of the page that rerun on their own
def _from_stepper() -> None:
    """The browser stepped or picked a pixel: the page's settings (and so the link and the formula view) follow."""
    chosen = state["block_stepper"]
    if chosen.get("stage") is not None:
        state["block_stage"] = chosen["stage"]
    position = chosen.get("position")
    if isinstance(position, list) and len(position) == 3 and all(isinstance(v, int) for v in position):
        state["block_c"], state["block_i"], state["block_j"] = position


def overview(run: WorkedRun, diff: np.ndarray, data: dict) -> None:
    """The answer before any click: every stage at once (from the stepper's ``data``) and what the block did, in
    numbers. Drawn once per experiment, outside the step-through section, so stepping never redraws it."""
    st.html(overview_html(data, title=tr("overview_title"), subtitle=tr("overview_subtitle")))
    t = run.tensors
    clipped = int((t["x + F(x)"] < 0).sum())
    st.markdown(
        tr("summary", f_min=t["F(x)"].min(), f_max=t["F(x)"].max(), x_min=t["x"].min(), x_max=t["x"].max(),
           size=fmt_int(t["x"].size), mean=diff.mean(), largest=diff.max(), clipped=fmt_int(clipped))
        + tr("summary_article" if run.order == "article" else "summary_paper")
    )


@section
def step_through(run: WorkedRun, data: dict) -> None:
    """The block stage by stage, stepped in the browser (Back, Next, Play, the stage chips), and one number by hand.
    A step or a click on a pixel reruns only this part, to bring the formula view and the link along."""
    keep("block_stage", run.keys, DEFAULT_STAGE)
    st.header(tr("step_header"))
    channels, height, width = run.tensors[state["block_stage"]].shape
    clamp("block_c", 0, channels - 1, DEFAULT_POSITION[0], cast=int)
    clamp("block_i", 0, height - 1, DEFAULT_POSITION[1], cast=int)
    clamp("block_j", 0, width - 1, DEFAULT_POSITION[2], cast=int)
    block_stepper({**data, "stage": state["block_stage"],
                   "position": [state["block_c"], state["block_i"], state["block_j"]]},
                  key="block_stepper", on_change=_from_stepper)
    stage_key = state["block_stage"]
    stage = run.stage(stage_key)
    if stage.op == "add":
        st.latex(rf"\textcolor{{{SKIP}}}{{x}} + \textcolor{{{BRANCH}}}{{F(x)}}")
    elif stage.op == "scale":
        st.latex(rf"F(x) = s \cdot \text{{{stage.source}}},\quad s = {run.branch_scale:.2f}")
    elif stage.op != "input":
        where = rf",\quad h = \text{{{stage.source}}}" if "h" in stage.formula else ""
        st.latex(rf"\text{{{stage.key}}} = {stage.formula}{where}")
    formula_view(run, stage_key)


# ---------------------------------------------------------------- the page
st.title(tr("title"))
st.markdown(tr("intro"))
st.latex(rf"H(x) = \textcolor{{{BRANCH}}}{{F(x)}} + \textcolor{{{SKIP}}}{{x}}")

# Controls -----------------------------------------------------------------------------------------------
# Settings come from the link once per session (ui.params.synced); refused values are reported by the frame.
synced("block_kernels", "", valid=_decodable)
if "block_edits" not in state:
    state["block_edits"] = kernels.decode_edits(state["block_kernels"])
state.setdefault("block_edit_version", 0)
keep("block_source", SOURCES, "photo")
keep("block_photo", SAMPLE_IMAGES, "cat")
keep("block_order", ORDERS, "article")
keep("block_preset", kernels.PRESETS, "edges")
keep("block_bn", BN_MODES, "batch")
clamp("block_scale", 0.0, 1.0, 1.0, cast=float)
keep("block_edit_layer", LAYERS, "conv1")
keep("block_edit_out", (0, 1, 2), 0)
keep("block_edit_in", (0, 1, 2), 0)

with st.container(border=True):
    st.markdown(tr("experiment"))
    col_in, col_order, col_w, col_s = st.columns([1.1, 1.2, 1.2, 1])
    with col_in:
        source = st.radio(tr("input_x"), SOURCES, format_func=lambda k: tr(f"source_{k}"), key="block_source")
        x_np = None
        if source == "upload":
            upload = st.file_uploader(tr("upload"), type=["png", "jpg", "jpeg", "gif", "bmp", "webp", "tif", "tiff"],
                                      key="block_upload")
            if upload is None:
                st.info(tr("upload_wait"))
            else:
                try:
                    x_np = runs.upload(upload.getvalue())
                except ImageError as error:
                    st.error(tr("upload_error", error=error_text(error)))
        elif source == "photo":
            st.selectbox(tr("photo"), list(SAMPLE_IMAGES), format_func=_photo_title, key="block_photo")
        if x_np is None:
            x_np = runs.pattern(settings.seed) if source == "pattern" else runs.photo(
                state["block_photo"] if source == "photo" else "cat")
        st.caption(tr("input_caption", size=INPUT_SIZE))
    with col_order:
        order = st.radio(tr("order"), ORDERS, format_func=lambda k: tr(f"order_{k}"), key="block_order")
        bn_mode = "batch"
        if order == "paper":
            bn_mode = st.radio(tr("bn"), list(BN_MODES), key="block_bn", help=tr("bn_help"),
                               format_func=lambda k: text_or(f"bn_{k}", k))
    with col_w:
        preset = st.selectbox(tr("weights"), list(kernels.PRESETS), key="block_preset", on_change=_clear_edits,
                              format_func=lambda k: text_or(f"preset_{k}", k))
        st.caption(text_or(f"preset_text_{preset}", kernels.PRESETS[preset]))
    with col_s:
        scale = st.slider(tr("scale"), 0.0, 1.0, step=0.05, key="block_scale", help=tr("scale_help"))
        st.caption(tr("scale_caption"))

    with st.expander(tr("edit"), expanded=False):
        base = kernels.preset_weights(preset, settings.seed)
        e1, e2, e3, e4 = st.columns([1, 1, 1, 1])
        layer = e1.selectbox(tr("edit_layer"), LAYERS, key="block_edit_layer")
        out_c = e2.selectbox(tr("edit_out"), [0, 1, 2], key="block_edit_out")
        in_c = e3.selectbox(tr("edit_in"), [0, 1, 2], key="block_edit_in")
        e4.button(tr("edit_undo"), on_click=_clear_edits, key="block_edit_reset")
        edits: dict = state["block_edits"]
        shown = np.asarray(edits.get((layer, out_c, in_c), base[layer].weight[out_c, in_c]), dtype=np.float64)
        columns = [tr(f"col_{v}") for v in range(3)]
        table = pd.DataFrame(shown, columns=columns, index=[tr(f"row_{u}") for u in range(3)])
        edited = st.data_editor(
            table, key=f"block_kernel_{layer}_{out_c}_{in_c}_{preset}_{state['block_edit_version']}_{lang}",
            column_config={c: st.column_config.NumberColumn(c, min_value=-LIMIT, max_value=LIMIT, step=EDIT_STEP,
                                                            format="%.4f", required=True)
                           for c in columns})
        values = edited.to_numpy(dtype=np.float64, na_value=np.nan)
        # Cells the student did not touch keep their exact value, whatever rounding the grid applied.
        values = np.where(np.abs(values - shown) < EDIT_STEP / 2, shown, values)
        if not np.array_equal(values, shown, equal_nan=True):
            try:
                kernel = kernels.validate_kernel(values)
            except kernels.KernelError as error:
                st.error(tr("kernel_error", reason=error_text(error)))
            else:
                edits[(layer, out_c, in_c)] = tuple(tuple(float(v) for v in row) for row in kernel)
        st.caption(tr("kernel_caption", layer=layer, out_c=out_c, in_c=in_c, limit=LIMIT, count=len(edits)))
state["block_kernels"] = kernels.encode_edits(state["block_edits"])  # the link carries the hand-edited kernels too

edit_key = tuple(sorted((k[0], k[1], k[2], v) for k, v in state["block_edits"].items()))
run = runs.run(x_np, preset, settings.seed, edit_key, order, float(scale), bn_mode, device)
diff = np.abs(run.tensors["out"].astype(np.float64) - run.tensors["x"])

# The answer, before any click, then 1. Step through -------------------------------------------------------------
stepper = stepper_for(x_np, preset, settings.seed, edit_key, order, float(scale), bn_mode, device, lang)
overview(run, diff, stepper)
step_through(run, stepper)

# 2-4. Going further, one part at a time (only the open tab is built) ---------------------------------------------
PARTS = {
    "residual": lambda: residual_part(runs.sweep(x_np, preset, settings.seed, edit_key, order, bn_mode, device),
                                      float(scale), diff),
    "orders": lambda: orders_part(runs.compare(x_np, preset, settings.seed, edit_key, float(scale), bn_mode, device)),
    "family": lambda: family_part(_family(x_np, settings.seed, device)),
}
part, part_box = open_tab("block_part", list(PARTS), lambda name: tr(f"{name}_header"))
with part_box:
    PARTS[part]()
