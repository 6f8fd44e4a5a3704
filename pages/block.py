"""Inside a residual block: seed 000's worked (3, 64, 64) example, stage by stage and number by number."""

from __future__ import annotations

import inspect
import time

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
import torch

from resnet_viz.analyses.block import (
    BN_MODES,
    INPUT_SIZE,
    WorkedRun,
    image_input,
    pattern_input,
    run_worked,
    upload_input,
)
from resnet_viz.analyses.block_family import FAMILY, SHORTCUT_MEMBERS, FamilyMember, paper_width_params, run_family
from resnet_viz.analyses.block_formula import explain, explanation_latex
from resnet_viz.analyses.block_residual import OrderComparison, Sweep, compare_orders, scale_sweep
from resnet_viz.analyses.block_weights import (
    KERNEL_LIMIT,
    PRESETS,
    KernelEdit,
    apply_edits,
    preset_weights,
    validate_kernel,
)
from resnet_viz.data import SAMPLE_IMAGES, ImageError, sample_image
from resnet_viz.figures._style import fmt_int
from resnet_viz.figures.block import channel_names, clicked_position, pipeline_overview, stage_maps
from resnet_viz.figures.block_diagram import Node, block_diagram
from resnet_viz.figures.block_family import family_outputs_figure, member_diagram, shortcut_channels_figure
from resnet_viz.figures.block_formula import conv_terms_figure
from resnet_viz.figures.block_residual import diff_maps_figure, order_comparison_figure, sweep_figure
from resnet_viz.models import CifarResNet, WorkedBlock, ZeroPadShortcut
from ui.i18n import translator
from ui.params import pop_notices, synced
from ui.settings import current
from ui.text.frame import TEXT as FRAME_TEXT

SOURCES = {"photo": "A built-in photo", "pattern": "A synthetic pattern", "upload": "My own picture"}
ORDERS = {"seed": "Seed 000: ReLU on F(x), then add", "paper": "The paper: conv-BN-ReLU-conv-BN, add, then ReLU"}
PLAY_DELAY_S = 0.5
EDIT_STEP = 1e-4
DEFAULT_STAGE, DEFAULT_POSITION = "conv1", (0, 0, 31)
BRANCH, SKIP = "#1f77b4", "#ff7f0e"  # the diagram's colours, reused in the formulas
CHART = dict(width="stretch", theme=None)

settings = current()
device = str(settings.device)
state = st.session_state


def _keep(key: str, allowed, default) -> None:
    """Take a setting from the link once, then reset it whenever it is not one of ``allowed`` (stale
    state, e.g. a stage of the other order, or a value set from outside)."""
    synced(key, default, options=list(allowed))
    if key not in state or state[key] not in allowed:
        state[key] = default


def _clamp(key: str, low: float, high: float, default: float, cast=int) -> None:
    synced(key, cast(default), low=low, high=high)
    try:
        value = cast(state.get(key, default))
    except (TypeError, ValueError):
        value = default
    state[key] = min(max(value, low), high) if np.isfinite(value) else default


def _link_notices() -> None:
    """Values from a link that were refused, shown now (the frame shows them only on the next run)."""
    tr = translator(FRAME_TEXT)
    for key, value, default in pop_notices():
        st.warning(tr("bad_param", key=key, value=value, default=default))


# ---------------------------------------------------------------- cached computations (pure functions)
@st.cache_data(max_entries=16, show_spinner=False)
def _photo(name: str) -> np.ndarray:
    return image_input(sample_image(name)).numpy()


@st.cache_data(max_entries=16, show_spinner=False)
def _pattern(seed: int) -> np.ndarray:
    return pattern_input(seed).numpy()


@st.cache_data(max_entries=8, show_spinner=False)
def _upload(data: bytes) -> np.ndarray:
    return upload_input(data).numpy()  # an ImageError is raised again on every call, never cached


def _weights(preset: str, seed: int, edits: tuple):
    return apply_edits(preset_weights(preset, seed), [KernelEdit(*edit) for edit in edits])


@st.cache_data(max_entries=64, show_spinner=False)
def _run(x: np.ndarray, preset: str, seed: int, edits: tuple, order: str, scale: float, bn: str,
         device: str) -> WorkedRun:
    return run_worked(torch.from_numpy(x), _weights(preset, seed, edits), order=order, branch_scale=scale,
                      bn_mode=bn, device=device)


@st.cache_data(max_entries=32, show_spinner=False)
def _sweep(x: np.ndarray, preset: str, seed: int, edits: tuple, order: str, bn: str, device: str) -> Sweep:
    return scale_sweep(torch.from_numpy(x), _weights(preset, seed, edits), order=order, bn_mode=bn, device=device)


@st.cache_data(max_entries=32, show_spinner=False)
def _compare(x: np.ndarray, preset: str, seed: int, edits: tuple, scale: float, bn: str,
             device: str) -> OrderComparison:
    return compare_orders(torch.from_numpy(x), _weights(preset, seed, edits), branch_scale=scale, bn_mode=bn,
                          device=device)


@st.cache_data(max_entries=16, show_spinner="Running the block family...")
def _family(x: np.ndarray, seed: int, device: str) -> list[FamilyMember]:
    return run_family(torch.from_numpy(x), seed, device=device)


@st.cache_data(max_entries=64, show_spinner=False)
def _overview(x: np.ndarray, preset: str, seed: int, edits: tuple, order: str, scale: float, bn: str, device: str,
              highlight: str) -> go.Figure:
    run = _run(x, preset, seed, edits, order, scale, bn, device)
    return pipeline_overview(run.tensors, run.keys, [s.label for s in run.stages], highlight=highlight,
                             title="The whole block at once: each column a stage (left to right), each row a "
                                   "channel; every column has its own colour bar")


@st.cache_data(show_spinner=False)
def _paper_widths() -> dict[str, int]:
    return paper_width_params()


def _shape(shape) -> str:
    return " × ".join(str(s) for s in shape)


# ---------------------------------------------------------------- callbacks
def _clear_edits() -> None:
    state["block_edits"] = {}
    state["block_edit_version"] = state.get("block_edit_version", 0) + 1


def _step(delta: int, keys: tuple[str, ...]) -> None:
    index = keys.index(state["block_stage"]) if state.get("block_stage") in keys else 0
    state["block_stage"] = keys[min(max(index + delta, 0), len(keys) - 1)]


def _play(keys: tuple[str, ...]) -> None:
    state["block_play"] = True
    state["block_stage"] = keys[-1]


def _on_click(shape: tuple[int, int, int]) -> None:
    event = state.get("block_maps")
    points = event["selection"]["points"] if event else []
    position = clicked_position(points, shape)
    if position is not None:
        state["block_c"], state["block_i"], state["block_j"] = position


# ---------------------------------------------------------------- the page
st.title("Inside a residual block")
st.markdown(
    "**What does the skip connection add?** The input itself. A residual block computes a correction "
    "F(x) with its convolutions and adds x back, element by element, so its output is x plus whatever the "
    "branch learnt. Below, every number is computed live by the block of seed 000's worked example: a "
    "(3, 64, 64) picture, two 3×3 convolutions of 3 filters each, the skip addition and a final ReLU."
)
st.latex(rf"H(x) = \textcolor{{{BRANCH}}}{{F(x)}} + \textcolor{{{SKIP}}}{{x}}")

# Controls -----------------------------------------------------------------------------------------------
state.setdefault("block_edits", {})
state.setdefault("block_edit_version", 0)
_keep("block_source", SOURCES, "photo")
_keep("block_photo", SAMPLE_IMAGES, "cat")
_keep("block_order", ORDERS, "seed")
_keep("block_preset", PRESETS, "edges")
_keep("block_bn", BN_MODES, "batch")
_clamp("block_scale", 0.0, 1.0, 1.0, float)
_link_notices()

with st.container(border=True):
    st.markdown("**The experiment** (the random seed in the sidebar fixes the random weights and the pattern)")
    col_in, col_order, col_w, col_s = st.columns([1.1, 1.2, 1.2, 1])
    with col_in:
        source = st.radio("Input x", list(SOURCES), format_func=SOURCES.get, key="block_source")
        x_np = None
        if source == "upload":
            upload = st.file_uploader("Picture (PNG, JPEG, ...)", type=["png", "jpg", "jpeg", "gif", "bmp", "webp",
                                                                        "tif", "tiff"], key="block_upload")
            if upload is None:
                st.info("Choose a picture; until then the cat is used.")
            else:
                try:
                    x_np = _upload(upload.getvalue())
                except ImageError as error:
                    st.error(f"{error} The cat is used instead.")
        elif source == "photo":
            st.selectbox("Photo", list(SAMPLE_IMAGES), format_func=lambda k: SAMPLE_IMAGES[k].title,
                         key="block_photo")
        if x_np is None:
            x_np = _pattern(settings.seed) if source == "pattern" else _photo(
                state["block_photo"] if source == "photo" else "cat")
        st.caption(f"Centre square resized to {INPUT_SIZE}×{INPUT_SIZE}, values in [0, 1].")
    with col_order:
        order = st.radio("Order of the operations", list(ORDERS), format_func=ORDERS.get, key="block_order")
        bn_mode = "batch"
        if order == "paper":
            bn_mode = st.radio("BN normalises with", list(BN_MODES), key="block_bn", help=" · ".join(
                f"{k}: {v}" for k, v in BN_MODES.items()), format_func={
                "batch": "this image's statistics", "fresh": "untrained statistics (μ = 0, σ² = 1)"}.get)
    with col_w:
        preset = st.selectbox("Weights", list(PRESETS), key="block_preset", on_change=_clear_edits,
                              format_func=lambda k: {"edges": "Edge detectors (Sobel)", "identity": "Identity-like",
                                                     "he": "He initialisation", "random": "Seeded random"}[k])
        st.caption(PRESETS[preset])
    with col_s:
        scale = st.slider("Residual branch scale s", 0.0, 1.0, step=0.05, key="block_scale",
                          help="out = ReLU(x + s·F(x)). At s = 0 the branch is switched off.")
        st.caption("Slide to 0 to switch the residual branch off (section 2).")

    with st.expander("Edit a kernel by hand", expanded=False):
        base = preset_weights(preset, settings.seed)
        e1, e2, e3, e4 = st.columns([1, 1, 1, 1])
        layer = e1.selectbox("Layer", ["conv1", "conv2"], key="block_edit_layer")
        out_c = e2.selectbox("Output channel", [0, 1, 2], key="block_edit_out")
        in_c = e3.selectbox("Input channel", [0, 1, 2], key="block_edit_in")
        e4.button("Undo all edits", on_click=_clear_edits, key="block_edit_reset")
        edits: dict = state["block_edits"]
        shown = np.asarray(edits.get((layer, out_c, in_c), base[layer].weight[out_c, in_c]), dtype=np.float64)
        columns = ["v = 0 (left)", "v = 1", "v = 2 (right)"]
        table = pd.DataFrame(shown, columns=columns, index=["u = 0 (top)", "u = 1", "u = 2 (bottom)"])
        edited = st.data_editor(
            table, key=f"block_kernel_{layer}_{out_c}_{in_c}_{preset}_{state['block_edit_version']}",
            column_config={c: st.column_config.NumberColumn(c, min_value=-KERNEL_LIMIT, max_value=KERNEL_LIMIT,
                                                            step=EDIT_STEP, format="%.4f", required=True)
                           for c in columns})
        values = edited.to_numpy(dtype=np.float64, na_value=np.nan)
        # Cells the student did not touch keep their exact value, whatever rounding the grid applied.
        values = np.where(np.abs(values - shown) < EDIT_STEP / 2, shown, values)
        if not np.array_equal(values, shown, equal_nan=True):
            try:
                kernel = validate_kernel(values)
            except ValueError as error:
                st.error(f"{error} The kernel keeps its previous values.")
            else:
                edits[(layer, out_c, in_c)] = tuple(tuple(float(v) for v in row) for row in kernel)
        st.caption(f"The kernel {layer}.weight[{out_c}, {in_c}] multiplies input channel {in_c} to make output "
                   f"channel {out_c}. Entries between -{KERNEL_LIMIT:g} and {KERNEL_LIMIT:g}. "
                   f"Edited kernels: {len(edits)}; changing the weight preset undoes them.")

edit_key = tuple(sorted((k[0], k[1], k[2], v) for k, v in state["block_edits"].items()))
run = _run(x_np, preset, settings.seed, edit_key, order, float(scale), bn_mode, device)
keys = run.keys
labels = {s.key: s.label for s in run.stages}
_keep("block_stage", keys, DEFAULT_STAGE)
_link_notices()

# The answer, before any click ------------------------------------------------------------------------------
t = run.tensors
diff = np.abs(t["out"].astype(np.float64) - t["x"])
clipped = int((t["x + F(x)"] < 0).sum())
st.plotly_chart(_overview(x_np, preset, settings.seed, edit_key, order, float(scale), bn_mode, device,
                          state["block_stage"]), **CHART)
st.markdown(
    f"With these weights the branch produces **F(x) between {t['F(x)'].min():.3f} and {t['F(x)'].max():.3f}**; "
    f"the skip connection adds it to x, which lies between {t['x'].min():.3f} and {t['x'].max():.3f}. "
    f"On average the block changes each of the {fmt_int(t['x'].size)} values by **{diff.mean():.4f}** "
    f"(largest change {diff.max():.4f}), and the final ReLU changed **{fmt_int(clipped)}** of them. "
    + ("In the seed's order F(x) ≥ 0, so the block can only add to x."
       if order == "seed" else "In the paper's order F(x) is signed, so the block can also subtract from x.")
)

# 1. Step through -------------------------------------------------------------------------------------------
st.header("1 · Step through the block")
b1, b2, b3, b4 = st.columns([1, 1, 1, 4])
b1.button("◀ Back", on_click=_step, args=(-1, keys), key="block_prev", width="stretch")
b2.button("Next ▶", on_click=_step, args=(1, keys), key="block_next", width="stretch")
b3.button("Play", icon=":material/play_arrow:", on_click=_play, args=(keys,), key="block_play_button",
          width="stretch", help="Walks through every stage, about two per second.")
b4.select_slider("Stage", options=list(keys), format_func=labels.get, key="block_stage", label_visibility="collapsed")
stage_key = state["block_stage"]
diagram_slot, text_slot, maps_slot = st.empty(), st.empty(), st.empty()


def _diagram(highlight: str) -> go.Figure:
    shape = "×".join(str(s) for s in t["x"].shape)
    conv = f"3×3, {t['x'].shape[0]}→{t['x'].shape[0]}"
    main = []
    for stage in run.stages[1:-2]:
        detail = {"conv": f"{conv}<br>{shape}", "scale": f"s = {run.branch_scale:.2f}"}.get(stage.op, shape)
        main.append(Node(stage.key, "× s" if stage.op == "scale" else stage.label, detail))
    return block_diagram(Node("x", "x", shape), main, Node("x + F(x)", "+", shape), [Node("out", "ReLU", shape)],
                         highlight=highlight, title=f"Current stage: {labels[highlight]}")


def _stage_text(key: str) -> str:
    stage, values = run.stage(key), t[key]
    shape = "(" + ", ".join(str(s) for s in values.shape) + ")"
    return (f"**{labels[key]}** · shape **{shape}** · values from **{values.min():.4f}** to **{values.max():.4f}**"
            f" · {fmt_int(values.size)} numbers. {stage.note}")


def _maps(key: str, *, interactive: bool, marker=None):
    values = t[key]
    fig = stage_maps(values, title=f"{labels[key]}: the {values.shape[0]} channels of a "
                                   f"{'×'.join(str(s) for s in values.shape)} tensor"
                                   + (" (click a pixel to explain it)" if interactive else ""),
                     names=channel_names(key, values.shape[0]), marker=marker, height=380)
    if interactive:
        return fig, dict(key="block_maps", on_select=lambda: _on_click(values.shape), selection_mode="points")
    return fig, {}


if state.pop("block_play", False):
    for index, key in enumerate(keys[:-1]):
        diagram_slot.plotly_chart(_diagram(key), key=f"block_anim_diagram_{index}", **CHART)
        text_slot.markdown(_stage_text(key))
        figure, _ = _maps(key, interactive=False)
        maps_slot.plotly_chart(figure, key=f"block_anim_maps_{index}", **CHART)
        time.sleep(PLAY_DELAY_S)

channels, height, width = t[stage_key].shape
_clamp("block_c", 0, channels - 1, DEFAULT_POSITION[0])
_clamp("block_i", 0, height - 1, DEFAULT_POSITION[1])
_clamp("block_j", 0, width - 1, DEFAULT_POSITION[2])
_link_notices()
c, i, j = state["block_c"], state["block_i"], state["block_j"]
diagram_slot.plotly_chart(_diagram(stage_key), key="block_diagram", **CHART)
text_slot.markdown(_stage_text(stage_key))
figure, interaction = _maps(stage_key, interactive=True, marker=(c, i, j))
with maps_slot.container():
    st.plotly_chart(figure, **interaction, **CHART)
stage = run.stage(stage_key)
if stage.op == "add":
    st.latex(rf"\textcolor{{{SKIP}}}{{x}} + \textcolor{{{BRANCH}}}{{F(x)}}")
elif stage.op == "scale":
    st.latex(rf"F(x) = s \cdot \text{{{stage.source}}},\quad s = {run.branch_scale:.2f}")
elif stage.op != "input":
    where = rf",\quad h = \text{{{stage.source}}}" if "h" in stage.formula else ""
    st.latex(rf"\text{{{stage.key}}} = {stage.formula}{where}")

# Formula view ------------------------------------------------------------------------------------------------
st.subheader("Where does one number come from?")
st.markdown("Pick a position by clicking a pixel in the maps above, or with the numbers below. The square marks "
            "it (and, for a convolution, the 3×3 window it reads from the stage before).")
p1, p2, p3, _ = st.columns([1, 1, 1, 2])
p1.number_input("Channel c", 0, channels - 1, step=1, key="block_c")
p2.number_input("Row i", 0, height - 1, step=1, key="block_i")
p3.number_input("Column j", 0, width - 1, step=1, key="block_j")
expl = explain(run, stage_key, c, i, j)
source_name = stage.source or "x"
st.latex(explanation_latex(expl, source_name=source_name, layer_index=stage.layer[-1] if stage.op == "conv" else ""))
if expl.conv is not None:
    terms = expl.conv
    padded = int(terms.padded[0].sum())
    st.markdown(
        f"The kernel of output channel {c} covers rows {i - 1} to {i + 1} and columns {j - 1} to {j + 1} of all "
        f"{terms.window.shape[0]} input channels of **{source_name}**: 27 products. "
        + (f"Here {padded} of the 9 window positions fall outside the {height}×{width} map; padding 1 puts zeros "
           "there, which is why edge detectors light up along the border." if padded else
           "The window lies fully inside the map, so no padding is involved.")
        + f" Sum of products {terms.products.sum():.6f} + bias {terms.bias:.6f} = **{terms.total:.6f}**."
    )
    st.plotly_chart(conv_terms_figure(terms, source=source_name, layer=stage.layer, out_channel=c), **CHART)
    with st.expander("All 27 terms as a table"):
        rows = [{"input channel k": k, "row": i + u - 1, "column": j + v - 1,
                 "input value": 0.0 if terms.padded[k, u, v] else terms.window[k, u, v],
                 "padding": bool(terms.padded[k, u, v]), "weight": terms.kernel[k, u, v],
                 "product": terms.products[k, u, v]}
                for k in range(terms.window.shape[0]) for u in range(3) for v in range(3)]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
st.caption(f"The block's own tensor holds **{expl.tensor_value:.6f}** at [{c}, {i}, {j}]; the hand computation "
           f"above gives **{expl.value:.6f}** (difference {abs(expl.value - expl.tensor_value):.1e}: float32 "
           "rounding in PyTorch against float64 here).")
with st.expander("Show the code: the block and the hand computation"):
    st.code(inspect.getsource(WorkedBlock.stages), language="python")
    st.code(inspect.getsource(explain), language="python")

# 2. The residual idea ----------------------------------------------------------------------------------------
st.header("2 · Turn the residual branch down to zero")
sweep = _sweep(x_np, preset, settings.seed, edit_key, order, bn_mode, device)
st.markdown(
    "Seed 003's argument: if the extra layers would only make things worse, training can push F(x) to zero and "
    "the block passes x straight through, so a deeper residual net is never forced to be worse than a shallower "
    "one. Here the branch is scaled by s instead of trained:"
)
st.latex(rf"\text{{out}} = \mathrm{{ReLU}}\big(\textcolor{{{SKIP}}}{{x}} + s\cdot\textcolor{{{BRANCH}}}{{F(x)}}\big)"
         r"\quad\xrightarrow{\;s\,=\,0\;}\quad \mathrm{ReLU}(x) = x \quad (x \ge 0)")
r1, r2 = st.columns([1, 1])
r1.plotly_chart(sweep_figure(sweep, float(scale)), **CHART)
shown_scales = [1.0, 0.5, 0.0] if float(scale) in (1.0, 0.5, 0.0) else [1.0, float(scale), 0.0]
diff_maps = [diff.mean(axis=0) if s == float(scale) else sweep.map_at(s) for s in shown_scales]
r2.plotly_chart(diff_maps_figure(diff_maps, shown_scales), **CHART)
st.markdown(
    f"At s = 1 the block moves the values by {sweep.mean_abs[0]:.4f} on average; at s = 0 by "
    f"**{sweep.mean_abs[-1]:.4f}**: the output is exactly x, because x is a picture (all values ≥ 0) and "
    "ReLU leaves non-negative numbers alone. "
    f"The final ReLU clipped {fmt_int(sweep.clipped[0])} of {fmt_int(sweep.size)} values at s = 1 and "
    f"{fmt_int(sweep.clipped[-1])} at s = 0."
)
st.info(
    "Seed 003 also says the ReLU after the addition can be ignored because 'the inputs are non-negative'. "
    "That holds only approximately: x ≥ 0, but in the paper's order F(x) can be negative and x + F(x) then drops "
    "below zero, where the ReLU does change the sum (switch to the paper's order above and watch the count). "
    "The pre-activation block (v2, section 4) removes that ReLU, so its shortcut is an exact identity."
)

# 3. Seed order vs paper order ------------------------------------------------------------------------------------
st.header("3 · Seed 000's order versus the paper's")
cmp = _compare(x_np, preset, settings.seed, edit_key, float(scale), bn_mode, device)
st.markdown(
    "Seed 000 writes the block as y₂ = ReLU(W₂ * y₁ + b₂), out = ReLU(y₂ + x): the branch ends in a ReLU, so "
    "F(x) ≥ 0 and the block can only ever *add* to x. The paper (and seeds 003, 004) ends the branch with BN and "
    "no ReLU, adds, and only then applies ReLU, so F(x) is signed and the block can also *subtract*."
)
st.latex(r"\text{seed: } \mathrm{ReLU}\big(x + \mathrm{ReLU}(W_2 * y_1 + b_2)\big)"
         r"\qquad \text{paper: } \mathrm{ReLU}\big(x + \mathrm{BN}(W_2 * y_1)\big)")
sc, pc = cmp.seed_counts, cmp.paper_counts
st.dataframe(pd.DataFrame({
    "order": ["seed 000", "paper"],
    "F(x) min": [sc.f_min, pc.f_min], "F(x) max": [sc.f_max, pc.f_max],
    "values with F(x) < 0": [fmt_int(sc.branch_negative), fmt_int(pc.branch_negative)],
    "values where out < x": [fmt_int(sc.lowered), fmt_int(pc.lowered)],
    "values the final ReLU changed": [fmt_int(sc.clipped), fmt_int(pc.clipped)],
}), hide_index=True, width="stretch", column_config={
    c: st.column_config.NumberColumn(format="%.4f") for c in ("F(x) min", "F(x) max")})
st.caption(f"Counts are out of the {fmt_int(sc.size)} values of the (3, 64, 64) tensor. In the paper's order a "
           "value drops below x exactly where F(x) < 0 (and x > 0), and the final ReLU acts exactly where "
           "x + F(x) < 0. With BN normalising the branch to unit variance, F(x) is large next to pixel values in "
           "[0, 1]; trained networks learn a small BN scale γ here, and some initialise it to 0 so that every block "
           "starts out as the identity.")
if cmp.conv2_negative == 0:
    st.markdown(
        "Here conv2 never outputs a negative value, so without BN the two orders would compute the same F(x): "
        "with these weights BN alone makes the difference. Try He initialisation to see the seed's extra ReLU "
        "matter."
    )
elif cmp.conv2_negative is not None:
    st.markdown(
        f"Take BN out of the picture (untrained BN only divides by √(1 + ε)) and the two orders compute the same "
        f"F(x) wherever conv2's output is ≥ 0 (largest gap {cmp.max_gap_elsewhere:.1e}, rounding). They differ at "
        f"exactly the **{fmt_int(cmp.conv2_negative)}** positions where conv2's output is negative: the seed's ReLU "
        "sets them to 0, the paper keeps them negative."
    )
else:
    st.caption("The random preset gives the seed's convolutions a bias, which the paper's convolutions (followed by "
               "BN) do not have; pick another preset to compare the two branches value by value.")
cmp_channel = st.radio("Channel", [0, 1, 2], horizontal=True, key="block_cmp_channel")
st.plotly_chart(order_comparison_figure(cmp, int(cmp_channel)), **CHART)

# 4. The block family -----------------------------------------------------------------------------------------------
st.header("4 · The block family")
members = _family(x_np, settings.seed, device)
by_key = {m.spec.key: m for m in members}
st.markdown(
    "The same picture goes through a CIFAR-style stem (3×3 conv to 16 channels, BN, ReLU) and then through each "
    "block below, built from this project's modules with He initialisation (seed from the sidebar). BN uses the "
    "input's own statistics, as during training. Parameter counts are read from the modules."
)
for spec in FAMILY:
    member = by_key[spec.key]
    with st.container(border=True):
        d1, d2 = st.columns([4, 1])
        d1.markdown(f"**{spec.title}** · {spec.source}")
        d1.plotly_chart(member_diagram(member), **CHART)
        d1.latex(spec.latex(BRANCH, SKIP))
        d2.metric("Parameters", fmt_int(member.params))
        d2.caption(f"{fmt_int(member.branch_params)} in the branch, {fmt_int(member.shortcut_params)} in the "
                   f"shortcut · {_shape(member.in_shape)} → {_shape(member.out_shape)}")
        st.caption(spec.description)
family = [by_key[s.key] for s in FAMILY]
st.dataframe(pd.DataFrame([{
    "block": m.spec.title, "input shape": _shape(m.in_shape), "output shape": _shape(m.out_shape),
    "parameters": fmt_int(m.params), "output min": float(m.output.min()), "output max": float(m.output.max()),
    "output mean": float(m.output.mean()), "% negative": 100 * float((m.output < 0).mean()),
    "% exactly 0": 100 * float((m.output == 0).mean()),
} for m in family]), hide_index=True, width="stretch", column_config={
    **{c: st.column_config.NumberColumn(format="%.4f") for c in ("output min", "output max", "output mean")},
    **{c: st.column_config.NumberColumn(format="%.1f %%") for c in ("% negative", "% exactly 0")}})
st.plotly_chart(family_outputs_figure(family), **CHART)
st.markdown(
    "Only v2 has negative outputs: nothing follows its addition. The bottleneck keeps the 16-channel width with "
    f"{fmt_int(by_key['bottleneck'].params)} parameters instead of {fmt_int(by_key['v1'].params)}. At the paper's "
    "widths:"
)
st.dataframe(pd.DataFrame([{"block": k, "parameters": fmt_int(v)} for k, v in _paper_widths().items()]),
             hide_index=True)

st.subheader("Shortcut options A, B and C (seed 003)")
st.markdown(
    "When a stage halves the map and doubles the channels, x no longer fits F(x). The paper tried three fixes, "
    "each shown on the same two-block stage (one downsampling block, one that keeps the shape), built by the "
    "CIFAR ResNet code of this app:"
)
for spec in SHORTCUT_MEMBERS:
    member = by_key[spec.key]
    with st.container(border=True):
        d1, d2 = st.columns([4, 1])
        d1.markdown(f"**{spec.title}**: {spec.description}")
        d1.plotly_chart(member_diagram(member), **CHART)
        d1.latex(spec.latex(BRANCH, SKIP))
        d2.metric("Parameters (2 blocks)", fmt_int(member.params))
        d2.caption(f"{fmt_int(member.shortcut_params)} of them in shortcuts")
options = [by_key[s.key] for s in SHORTCUT_MEMBERS]
st.plotly_chart(shortcut_channels_figure(options), **CHART)
zero_a = int((np.abs(by_key["option A"].skip).sum(axis=(1, 2)) == 0).sum())
st.markdown(
    f"With option A, {zero_a} of the 32 shortcut channels are exactly zero: those channels get no shortcut, only "
    "F(x), which is why the paper finds B slightly better than A. C adds a projection even where the shape stays "
    "the same; it was slightly better again, but the paper keeps B, since projections are not essential for "
    "solving the degradation problem and cost memory and time."
)
with st.expander("Show the code: how the shortcut is chosen"):
    st.code(inspect.getsource(CifarResNet._shortcut), language="python")
    st.code(inspect.getsource(ZeroPadShortcut.forward), language="python")
