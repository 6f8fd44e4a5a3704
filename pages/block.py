"""Inside a residual block: article 000's worked (3, 64, 64) example, stage by stage and number by number."""

from __future__ import annotations

import numpy as np
import pandas as pd
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
from resnet_viz.figures.block import channel_names, pipeline_overview
from resnet_viz.figures.block_family import family_outputs_figure, member_diagram, shortcut_channels_figure
from resnet_viz.figures.block_formula import conv_terms_figure
from resnet_viz.figures.block_residual import diff_maps_figure, order_comparison_figure, sweep_figure
from resnet_viz.models import CifarResNet, WorkedBlock, ZeroPadShortcut
from ui.charts import CHART
from ui.charts import figure as cached
from ui.errors import image_error_text
from ui.frame import open_tab, routed, section
from ui.i18n import current_lang, translator, translator_or
from ui.params import clamp, keep, synced
from ui.settings import current
from ui.source import show_source
from ui.stepper import StepperStage, block_stepper, stepper_data
from ui.text.block import TEXT

routed()  # first, before any output: see ui.frame.routed

SOURCES = ("photo", "pattern", "upload")
ORDERS = ("seed", "paper")
LAYERS = ("conv1", "conv2")
PLAY_DELAY_S = 0.5
EDIT_STEP = 1e-4
DEFAULT_STAGE, DEFAULT_POSITION = "conv1", (0, 0, 31)
BRANCH, SKIP = "#1f77b4", "#ff7f0e"  # the diagram's colours, reused in the formulas

settings = current()
device = str(settings.device)
state = st.session_state
lang = current_lang()
tr = translator(TEXT)
text_or = translator_or(TEXT)




def _photo_title(name: str) -> str:
    return text_or(f"photo_{name}", SAMPLE_IMAGES[name].title)






def _number(value: float) -> str:
    """The shortest text that gives back the same float32 ("0.1", "2", "-0.25")."""
    text = str(np.float32(value))
    return text[:-2] if text.endswith(".0") else text


def _encode_edits(edits: dict) -> str:
    """Hand-edited kernels for the link: ``conv1.0.2:v,v,...,v;...`` (9 values each, row by row)."""
    return ";".join(f"{layer}.{out_c}.{in_c}:" + ",".join(_number(v) for row in values for v in row)
                    for (layer, out_c, in_c), values in sorted(edits.items()))


def _decode_edits(text: str) -> dict:
    """The inverse of :func:`_encode_edits`; ValueError for anything else."""
    edits = {}
    for item in filter(None, text.split(";")):
        where, _, numbers = item.partition(":")
        layer, out_c, in_c = where.split(".")
        out_c, in_c = int(out_c), int(in_c)
        if layer not in LAYERS or not (0 <= out_c < 3 and 0 <= in_c < 3):
            raise ValueError(where)
        kernel = validate_kernel(np.array([float(v) for v in numbers.split(",")]).reshape(3, 3))
        edits[(layer, out_c, in_c)] = tuple(tuple(float(v) for v in row) for row in kernel)
    return edits


def _decodable(text: str) -> bool:
    try:
        _decode_edits(text)
    except ValueError:
        return False
    return True


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


@st.cache_data(max_entries=16, show_spinner=tr("family_running"))
def _family(x: np.ndarray, seed: int, device: str) -> list[FamilyMember]:
    return run_family(torch.from_numpy(x), seed, device=device)


@st.cache_data(show_spinner=False)
def _paper_widths() -> dict[str, int]:
    return paper_width_params()


def _shape(shape) -> str:
    return " × ".join(str(s) for s in shape)


# ---------------------------------------------------------------- callbacks
def _clear_edits() -> None:
    state["block_edits"] = {}
    state["block_edit_version"] = state.get("block_edit_version", 0) + 1


# ---------------------------------------------------------------- parts of the page that rerun on their own
def _labels(run: WorkedRun) -> dict[str, str]:
    return {s.key: text_or(f"label_{s.key}", s.label) for s in run.stages}


def _note(run: WorkedRun, key: str) -> str:
    note = text_or(f"note_{key}", run.stage(key).note)
    return note + (tr("note_conv1_paper") if key == "conv1" and run.order == "paper" else "")


def _stage_text(run: WorkedRun, key: str) -> str:
    values = run.tensors[key]
    shape = "(" + ", ".join(str(s) for s in values.shape) + ")"
    return tr("stage_text", label=_labels(run)[key], shape=shape, low=values.min(), high=values.max(),
              count=fmt_int(values.size), note=_note(run, key))


def _maps_title(run: WorkedRun, key: str) -> str:
    values = run.tensors[key]
    return tr("maps_title", label=_labels(run)[key], channels=values.shape[0],
              shape="×".join(str(s) for s in values.shape)) + tr("maps_click")


@st.cache_data(max_entries=32, show_spinner=False)
def _stepper(x: np.ndarray, preset: str, seed: int, edits: tuple, order: str, scale: float, bn: str, device: str,
             lang: str) -> dict:
    """Every stage of the run as the in-browser stepper draws it (images, numbers, words), made once per run."""
    run = _run(x, preset, seed, edits, order, scale, bn, device)
    labels = _labels(run)
    stages = [StepperStage(s.key, labels[s.key], run.tensors[s.key], _stage_text(run, s.key), _maps_title(run, s.key),
                           channel_names(s.key, run.tensors[s.key].shape[0])) for s in run.stages]
    add = next(s.key for s in run.stages if s.op == "add")
    words = {word: tr(f"stepper_{word}") for word in ("jump", "skip", "where", "hover", "hint")}
    return stepper_data(stages, add=add, stage=DEFAULT_STAGE, position=DEFAULT_POSITION,
                        text={**words, "back": tr("back"), "next": tr("next"), "play": tr("play"),
                              "play_help": tr("play_help"), "value": tr("stepper_value")},
                        delay_ms=int(PLAY_DELAY_S * 1000))


def _from_stepper() -> None:
    """The browser stepped or picked a pixel: the page's settings (and so the link and the formula view) follow."""
    chosen = state["block_stepper"]
    if chosen.get("stage") is not None:
        state["block_stage"] = chosen["stage"]
    position = chosen.get("position")
    if isinstance(position, list) and len(position) == 3 and all(isinstance(v, int) for v in position):
        state["block_c"], state["block_i"], state["block_j"] = position


def _formula_view(run: WorkedRun, stage_key: str) -> None:
    """One number of the stage, recomputed by hand at the position chosen (number inputs or a click on the maps)."""
    st.subheader(tr("formula_header"))
    st.markdown(tr("formula_intro"))
    channels, height, width = run.tensors[stage_key].shape
    c, i, j = state["block_c"], state["block_i"], state["block_j"]
    p1, p2, p3, _ = st.columns([1, 1, 1, 2])
    p1.number_input(tr("pos_c"), 0, channels - 1, step=1, key="block_c")
    p2.number_input(tr("pos_i"), 0, height - 1, step=1, key="block_i")
    p3.number_input(tr("pos_j"), 0, width - 1, step=1, key="block_j")
    stage = run.stage(stage_key)
    expl = explain(run, stage_key, c, i, j)
    source_name = stage.source or "x"
    st.latex(explanation_latex(expl, source_name=source_name,
                               layer_index=stage.layer[-1] if stage.op == "conv" else ""))
    if expl.conv is not None:
        terms = expl.conv
        padded = int(terms.padded[0].sum())
        st.markdown(
            tr("conv_window", c=c, r0=i - 1, r1=i + 1, c0=j - 1, c1=j + 1, channels=terms.window.shape[0],
               source=source_name)
            + (tr("conv_padded", padded=padded, height=height, width=width) if padded else tr("conv_inside"))
            + tr("conv_sum", products=terms.products.sum(), bias=terms.bias, total=terms.total)
        )
        st.plotly_chart(cached(conv_terms_figure, terms, source=source_name, layer=stage.layer, out_channel=c), **CHART)
        with st.expander(tr("terms")):
            rows = [{tr("t_channel"): k, tr("t_row"): i + u - 1, tr("t_column"): j + v - 1,
                     tr("t_input"): 0.0 if terms.padded[k, u, v] else terms.window[k, u, v],
                     tr("t_padding"): bool(terms.padded[k, u, v]), tr("t_weight"): terms.kernel[k, u, v],
                     tr("t_product"): terms.products[k, u, v]}
                    for k in range(terms.window.shape[0]) for u in range(3) for v in range(3)]
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.caption(tr("check", tensor=expl.tensor_value, c=c, i=i, j=j, value=expl.value,
                  diff=abs(expl.value - expl.tensor_value)))
    show_source(tr("code_block"), WorkedBlock.stages, explain, key="block_code_formula")


def overview(run: WorkedRun, diff: np.ndarray) -> None:
    """The answer before any click: every stage at once and what the block did, in numbers. Drawn once per
    experiment, outside the step-through section: the stage diagram below marks where the student is, so stepping
    never redraws this grid."""
    keys, labels, t = run.keys, _labels(run), run.tensors
    st.plotly_chart(cached(pipeline_overview, t, keys, [labels[k] for k in keys], title=tr("overview_title")), **CHART)
    clipped = int((t["x + F(x)"] < 0).sum())
    st.markdown(
        tr("summary", f_min=t["F(x)"].min(), f_max=t["F(x)"].max(), x_min=t["x"].min(), x_max=t["x"].max(),
           size=fmt_int(t["x"].size), mean=diff.mean(), largest=diff.max(), clipped=fmt_int(clipped))
        + tr("summary_seed" if run.order == "seed" else "summary_paper")
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
    _formula_view(run, stage_key)


@section
def order_channel(cmp: OrderComparison) -> None:
    """One channel of both orders' outputs; picking another channel reruns only this chart."""
    keep("block_cmp_channel", (0, 1, 2), 0)
    channel = st.radio(tr("channel"), [0, 1, 2], horizontal=True, key="block_cmp_channel")
    st.plotly_chart(cached(order_comparison_figure, cmp, int(channel)), **CHART)


# ---------------------------------------------------------------- the page
st.title(tr("title"))
st.markdown(tr("intro"))
st.latex(rf"H(x) = \textcolor{{{BRANCH}}}{{F(x)}} + \textcolor{{{SKIP}}}{{x}}")

# Controls -----------------------------------------------------------------------------------------------
# Settings come from the link once per session (ui.params.synced); refused values are reported by the frame.
synced("block_kernels", "", valid=_decodable)
if "block_edits" not in state:
    state["block_edits"] = _decode_edits(state["block_kernels"])
state.setdefault("block_edit_version", 0)
keep("block_source", SOURCES, "photo")
keep("block_photo", SAMPLE_IMAGES, "cat")
keep("block_order", ORDERS, "seed")
keep("block_preset", PRESETS, "edges")
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
                    x_np = _upload(upload.getvalue())
                except ImageError as error:
                    st.error(tr("upload_error", error=image_error_text(error)))
        elif source == "photo":
            st.selectbox(tr("photo"), list(SAMPLE_IMAGES), format_func=_photo_title, key="block_photo")
        if x_np is None:
            x_np = _pattern(settings.seed) if source == "pattern" else _photo(
                state["block_photo"] if source == "photo" else "cat")
        st.caption(tr("input_caption", size=INPUT_SIZE))
    with col_order:
        order = st.radio(tr("order"), ORDERS, format_func=lambda k: tr(f"order_{k}"), key="block_order")
        bn_mode = "batch"
        if order == "paper":
            bn_mode = st.radio(tr("bn"), list(BN_MODES), key="block_bn", help=tr("bn_help"),
                               format_func=lambda k: text_or(f"bn_{k}", k))
    with col_w:
        preset = st.selectbox(tr("weights"), list(PRESETS), key="block_preset", on_change=_clear_edits,
                              format_func=lambda k: text_or(f"preset_{k}", k))
        st.caption(text_or(f"preset_text_{preset}", PRESETS[preset]))
    with col_s:
        scale = st.slider(tr("scale"), 0.0, 1.0, step=0.05, key="block_scale", help=tr("scale_help"))
        st.caption(tr("scale_caption"))

    with st.expander(tr("edit"), expanded=False):
        base = preset_weights(preset, settings.seed)
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
                st.error(tr("kernel_error", error=error, limit=KERNEL_LIMIT))
            else:
                edits[(layer, out_c, in_c)] = tuple(tuple(float(v) for v in row) for row in kernel)
        st.caption(tr("kernel_caption", layer=layer, out_c=out_c, in_c=in_c, limit=KERNEL_LIMIT, count=len(edits)))
state["block_kernels"] = _encode_edits(state["block_edits"])  # the link carries the hand-edited kernels too

edit_key = tuple(sorted((k[0], k[1], k[2], v) for k, v in state["block_edits"].items()))
run = _run(x_np, preset, settings.seed, edit_key, order, float(scale), bn_mode, device)
diff = np.abs(run.tensors["out"].astype(np.float64) - run.tensors["x"])

# The answer, before any click, then 1. Step through -------------------------------------------------------------
overview(run, diff)
step_through(run, _stepper(x_np, preset, settings.seed, edit_key, order, float(scale), bn_mode, device,
                                   lang))

# 2-4. Going further, one part at a time (only the open tab is built) ---------------------------------------------
def residual_part() -> None:
    """2 · The branch scaled from 1 down to 0: the block becomes the identity."""
    sweep = _sweep(x_np, preset, settings.seed, edit_key, order, bn_mode, device)
    st.markdown(tr("residual_intro"))
    st.latex(rf"\text{{out}} = \mathrm{{ReLU}}\big(\textcolor{{{SKIP}}}{{x}} + "
             rf"s\cdot\textcolor{{{BRANCH}}}{{F(x)}}\big)\quad"
             r"\xrightarrow{\;s\,=\,0\;}\quad \mathrm{ReLU}(x) = x \quad (x \ge 0)")
    r1, r2 = st.columns([1, 1])
    r1.plotly_chart(cached(sweep_figure, sweep, float(scale)), **CHART)
    shown_scales = [1.0, 0.5, 0.0] if float(scale) in (1.0, 0.5, 0.0) else [1.0, float(scale), 0.0]
    diff_maps = [diff.mean(axis=0) if s == float(scale) else sweep.map_at(s) for s in shown_scales]
    r2.plotly_chart(cached(diff_maps_figure, diff_maps, shown_scales), **CHART)
    st.markdown(tr("residual_result", first=sweep.mean_abs[0], last=sweep.mean_abs[-1],
                   clipped_first=fmt_int(sweep.clipped[0]), size=fmt_int(sweep.size),
                   clipped_last=fmt_int(sweep.clipped[-1])))
    st.info(tr("residual_info"))


def orders_part() -> None:
    """3 · Article 000's order (ReLU before the add) against the paper's (BN, add, then ReLU)."""
    cmp = _compare(x_np, preset, settings.seed, edit_key, float(scale), bn_mode, device)
    st.markdown(tr("orders_intro"))
    st.latex(rf"\text{{{tr('latex_seed')}}} \mathrm{{ReLU}}\big(x + \mathrm{{ReLU}}(W_2 * y_1 + b_2)\big)"
             rf"\qquad \text{{{tr('latex_paper')}}} \mathrm{{ReLU}}\big(x + \mathrm{{BN}}(W_2 * y_1)\big)")
    sc, pc = cmp.seed_counts, cmp.paper_counts
    st.dataframe(pd.DataFrame({
        tr("c_order"): [tr("c_seed"), tr("c_paper")],
        tr("c_fmin"): [sc.f_min, pc.f_min], tr("c_fmax"): [sc.f_max, pc.f_max],
        tr("c_negative"): [fmt_int(sc.branch_negative), fmt_int(pc.branch_negative)],
        tr("c_lowered"): [fmt_int(sc.lowered), fmt_int(pc.lowered)],
        tr("c_clipped"): [fmt_int(sc.clipped), fmt_int(pc.clipped)],
    }), hide_index=True, width="stretch", column_config={
        tr(c): st.column_config.NumberColumn(format="%.4f") for c in ("c_fmin", "c_fmax")})
    st.caption(tr("orders_caption", size=fmt_int(sc.size)))
    if cmp.conv2_negative == 0:
        st.markdown(tr("conv2_never_negative"))
    elif cmp.conv2_negative is not None:
        st.markdown(tr("conv2_negative", gap=cmp.max_gap_elsewhere, count=fmt_int(cmp.conv2_negative)))
    else:
        st.caption(tr("conv2_bias"))
    order_channel(cmp)


def _member(spec) -> tuple[str, str, str]:
    """(title, source, description) of a family member in the page's language."""
    return (text_or(f"member_title_{spec.key}", spec.title),
            text_or(f"member_source_{spec.key}", spec.source),
            text_or(f"member_text_{spec.key}", spec.description))


def family_part() -> None:
    """4 · The blocks of the paper and its follow-ups on the same input, then the three shortcut options."""
    members = _family(x_np, settings.seed, device)
    by_key = {m.spec.key: m for m in members}
    st.markdown(tr("family_intro"))
    for spec in FAMILY:
        member = by_key[spec.key]
        title, source, description = _member(spec)
        with st.container(border=True):
            d1, d2 = st.columns([4, 1])
            d1.markdown(f"**{title}** · {source}")
            d1.plotly_chart(cached(member_diagram, member), **CHART)
            d1.latex(spec.latex(BRANCH, SKIP))
            d2.metric(tr("params"), fmt_int(member.params))
            d2.caption(tr("params_split", branch=fmt_int(member.branch_params),
                          shortcut=fmt_int(member.shortcut_params), shape_in=_shape(member.in_shape),
                          shape_out=_shape(member.out_shape)))
            st.caption(description)
    family = [by_key[s.key] for s in FAMILY]
    st.dataframe(pd.DataFrame([{
        tr("f_block"): _member(m.spec)[0], tr("f_in"): _shape(m.in_shape), tr("f_out"): _shape(m.out_shape),
        tr("f_params"): fmt_int(m.params), tr("f_min"): float(m.output.min()), tr("f_max"): float(m.output.max()),
        tr("f_mean"): float(m.output.mean()), tr("f_negative"): 100 * float((m.output < 0).mean()),
        tr("f_zero"): 100 * float((m.output == 0).mean()),
    } for m in family]), hide_index=True, width="stretch", column_config={
        **{tr(c): st.column_config.NumberColumn(format="%.4f") for c in ("f_min", "f_max", "f_mean")},
        **{tr(c): st.column_config.NumberColumn(format="%.1f %%") for c in ("f_negative", "f_zero")}})
    st.plotly_chart(cached(family_outputs_figure, family), **CHART)
    st.markdown(tr("family_result", bottleneck=fmt_int(by_key["bottleneck"].params),
                   v1=fmt_int(by_key["v1"].params)))
    # the library's English label -> the key of its translation
    widths = {TEXT.text(key, "en"): key for key in TEXT.tables["en"] if key.startswith("width_")}
    st.dataframe(pd.DataFrame([{tr("f_block"): tr(widths[k]) if k in widths else k, tr("f_params"): fmt_int(v)}
                               for k, v in _paper_widths().items()]), hide_index=True)

    st.subheader(tr("shortcut_header"))
    st.markdown(tr("shortcut_intro"))
    for spec in SHORTCUT_MEMBERS:
        member = by_key[spec.key]
        title, _, description = _member(spec)
        with st.container(border=True):
            d1, d2 = st.columns([4, 1])
            d1.markdown(tr("member_heading", title=title, description=description))
            d1.plotly_chart(cached(member_diagram, member), **CHART)
            d1.latex(spec.latex(BRANCH, SKIP))
            d2.metric(tr("params_two"), fmt_int(member.params))
            d2.caption(tr("params_shortcut", count=fmt_int(member.shortcut_params)))
    options = [by_key[s.key] for s in SHORTCUT_MEMBERS]
    st.plotly_chart(cached(shortcut_channels_figure, options), **CHART)
    zero_a = int((np.abs(by_key["option A"].skip).sum(axis=(1, 2)) == 0).sum())
    st.markdown(tr("shortcut_result", zero=zero_a))
    show_source(tr("code_shortcut"), CifarResNet._shortcut, ZeroPadShortcut.forward, key="block_code_shortcut")


PARTS = {"residual": residual_part, "orders": orders_part, "family": family_part}
part, part_box = open_tab("block_part", list(PARTS), lambda name: tr(f"{name}_header"))
with part_box:
    PARTS[part]()
