"""Gradient flow: where the gradient of the loss goes in a deep plain net and in its residual twin."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from resnet_viz.analyses import gradients
from resnet_viz.analyses.gradients import (
    INITS,
    MAX_BATCH,
    MEMORY_BUDGET_BYTES,
    FlowComparison,
    FlowConfig,
    FlowConfigError,
    check_config,
    compare_plain_residual,
    estimate_memory_bytes,
)
from resnet_viz.figures.gradients import (
    flow_figure,
    format_norm,
    net_label,
)
from ui.charts import figure as cached
from ui.charts import show
from ui.frame import open_tab, render_notices, routed, section
from ui.gradient_training import training_snapshots
from ui.gradient_words import LAW, WHY_PRODUCT, WHY_SUM, config_error, init_name, plain_name
from ui.i18n import translator
from ui.lambda_law_view import law_check
from ui.params import clamp, keep, synced
from ui.prose import explain
from ui.settings import current
from ui.source import show_source
from ui.text.gradient_flow import TEXT

routed()  # first, before any output: see ui.frame.routed

DEPTHS = (20, 32, 44, 56, 110, 1202, 2402)
BN_MODES = ("both", "off", "on")
TABS = ("inputs", "weights", "numbers")

settings = current()
device = str(settings.device)
state = st.session_state
tr = translator(TEXT)


@st.cache_data(max_entries=24, show_spinner=False)
def _compare(depth: int, bn: bool, init: str, lam: float, batch: int, seed: int, device: str) -> FlowComparison:
    config = FlowConfig(depth=depth, bn=bn, init=init, shortcut_scale=lam, batch_size=batch, seed=seed)
    return compare_plain_residual(config, device)


def _training_inputs() -> tuple[str, float, int]:
    """The settings above that the training run further down uses too."""
    return state.gf_init, float(state.gf_lambda), int(state.gf_batch)


def numbers_table(comparisons: list[tuple[bool, FlowComparison]]) -> None:
    """One column per net and batch-norm setting, one row per quantity (nine columns did not fit at 1400 px)."""
    quantities = [tr(k) for k in ("col_loss", "col_x0", "col_xl", "col_ratio", "col_w_first", "col_w_last",
                                  "col_w_ratio")]
    table = {}
    for bn, comp in comparisons:
        for profile in (comp.plain, comp.residual):
            name = f"{net_label(profile.label)} · {tr('col_bn')} {tr('on') if bn else tr('off')}"
            table[name] = [f"{profile.loss:.4f}", format_norm(profile.block_grad_norms[0], profile.dtype),
                           format_norm(profile.block_grad_norms[-1], profile.dtype), format_norm(profile.input_ratio),
                           format_norm(profile.weight_grad_norms[0], profile.dtype),
                           format_norm(profile.weight_grad_norms[-2], profile.dtype), format_norm(profile.weight_ratio)]
    st.dataframe(pd.DataFrame(table, index=quantities), width="stretch")
    st.caption(tr("numbers_caption"))


@section
def experiment(training_inputs: tuple[str, float, int]) -> None:
    """The settings and the answer at initialisation, plain vs residual. Changing a setting reruns only this
    part, except one the training run further down uses too (init, λ, batch): that reruns the whole page."""
    if _training_inputs() != training_inputs:
        st.rerun(scope="app")
    with st.expander(tr("settings"), expanded=False):
        c1, c2, c3 = st.columns(3)
        c1.selectbox(tr("depth"), DEPTHS, key="gf_depth",
                     format_func=lambda d: tr("depth_option", depth=d, blocks=3 * (d - 2) // 6))
        c2.radio(tr("bn"), BN_MODES, key="gf_bn", format_func=lambda m: tr(f"bn_{m}"))
        c3.selectbox(tr("init"), tuple(INITS), key="gf_init", format_func=init_name, help=tr("init_help"))
        c4, c5 = st.columns(2)
        c4.slider(tr("lambda"), 0.1, 2.0, step=0.05, key="gf_lambda")
        c5.slider(tr("batch"), 1, MAX_BATCH, key="gf_batch",
                  help=tr("batch_help", cap=MAX_BATCH, budget=f"{MEMORY_BUDGET_BYTES / 2**30:.0f}"))

    depth, init, lam, batch = state.gf_depth, state.gf_init, float(state.gf_lambda), int(state.gf_batch)
    bn_modes = {"both": (False, True), "off": (False,), "on": (True,)}[state.gf_bn]
    configs = [FlowConfig(depth=depth, bn=bn, init=init, shortcut_scale=lam, batch_size=batch, seed=settings.seed)
               for bn in bn_modes]

    comparisons: list[tuple[bool, FlowComparison]] = []
    try:
        for config in configs:
            check_config(config)
        need = max(estimate_memory_bytes(c) for c in configs)
        st.caption(tr("memory", need=f"{need / 2**20:,.0f}", budget=f"{MEMORY_BUDGET_BYTES / 2**30:.0f}", batch=batch,
                      seed=settings.seed, init=init_name(init), device=device))
        slow = tr("slow") if depth >= 1202 else ""
        with st.spinner(tr("spin_compare", plain=plain_name(depth), depth=depth, slow=slow)):
            for config in configs:
                comparisons.append((config.bn, _compare(config.depth, config.bn, config.init, config.shortcut_scale,
                                                        config.batch_size, config.seed, device)))
    except FlowConfigError as error:
        st.error(config_error(error))

    if comparisons:
        panels = [(tr("with_bn") if bn else tr("without_bn"), comp) for bn, comp in comparisons]
        cols = st.columns(len(comparisons))
        for col, (title, comp) in zip(cols, panels):
            with col:
                st.markdown(tr("ratio_heading", title=title))
                m1, m2 = st.columns(2)
                m1.metric(plain_name(depth), format_norm(comp.plain.input_ratio))
                m2.metric(f"ResNet-{depth}", format_norm(comp.residual.input_ratio))
        tab, container = open_tab("gf_tab", TABS, lambda name: tr(f"tab_{name}"))
        with container:
            if tab == "numbers":
                numbers_table(comparisons)
            else:
                show(cached(flow_figure, panels, quantity=tab), key=f"gf_{tab}")
                if tab == "weights":
                    st.caption(tr("weights_caption"))

        off = next((c for bn, c in comparisons if not bn), None)
        on = next((c for bn, c in comparisons if bn), None)
        lines = []
        if off is not None:
            lines.append(tr("finding_off", plain=format_norm(off.plain.input_ratio),
                            residual=format_norm(off.residual.input_ratio)))
        if on is not None:
            grows = on.plain.input_ratio > 1
            lines.append(tr("finding_on_grows" if grows else "finding_on_shrinks",
                            plain=format_norm(on.plain.input_ratio)))
        if init != "he":
            lines.append(tr("finding_init"))
        st.markdown("\n".join(lines))


st.title(tr("title"))
st.markdown(tr("question"))
st.caption(tr("intro"))
notice_slot = st.container()

# ---------------------------------------------------------------- settings
synced("gf_depth", 56, options=DEPTHS)
synced("gf_bn", "both", options=BN_MODES)
synced("gf_init", "default", options=tuple(INITS))
synced("gf_lambda", 1.0, low=0.1, high=2.0)
synced("gf_batch", 16, low=1, high=MAX_BATCH)
keep("gf_depth", DEPTHS, 56)
keep("gf_bn", BN_MODES, "both")
keep("gf_init", tuple(INITS), "default")
clamp("gf_lambda", 0.1, 2.0, 1.0, cast=float)
clamp("gf_batch", 1, MAX_BATCH, 16, cast=int)
training_inputs = _training_inputs()
experiment(training_inputs)

# ---------------------------------------------------------------- the derivation, tied to the plot
st.subheader(tr("why"))
for column, parts in zip(st.columns(2), (WHY_SUM, WHY_PRODUCT), strict=True):
    with column:
        explain(parts, tr)

# ---------------------------------------------------------------- the lambda law
st.subheader(tr("law"))
explain(LAW, tr)
law_check()

# ---------------------------------------------------------------- during training
st.subheader(tr("training"))
st.markdown(tr("training_intro"))
training_snapshots(*training_inputs)
render_notices(notice_slot)  # every setting has been read from the link by now

show_source(tr("code"), tr("code_profile"), gradients.gradient_profile, tr("code_law"), gradients.lambda_law,
            key="gf_code")
