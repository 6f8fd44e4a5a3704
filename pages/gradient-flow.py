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
    LambdaLaw,
    TrainingSnapshots,
    check_config,
    compare_plain_residual,
    estimate_memory_bytes,
    lambda_law,
    profiles_during_training,
)
from resnet_viz.figures.gradients import (
    flow_figure,
    format_norm,
    format_power,
    lambda_law_figure,
    net_label,
    snapshots_figure,
)
from ui.charts import CHART
from ui.charts import figure as cached
from ui.frame import open_tab, render_notices, routed, section
from ui.i18n import translator
from ui.params import clamp, keep, store_choices, synced, synced_choices
from ui.settings import current
from ui.source import show_source
from ui.text.gradient_flow import TEXT

routed()  # first, before any output: see ui.frame.routed

DEPTHS = (20, 32, 44, 56, 110, 1202, 2402)
LAW_DEPTHS = (20, 56, 110, 218, 1202)
TRAIN_DEPTHS = (20, 32, 44, 56)
BN_MODES = ("both", "off", "on")
LAMBDAS = (0.1, 0.5, 0.9, 1.0, 1.1, 1.5, 2.0)
LAW_DEFAULT = [0.5, 0.9, 1.0, 1.1]
SNAPSHOT_STEPS = (0, 10, 100)
TABS = ("inputs", "weights", "numbers")
TRAIN_IMAGE_SIZE = 16

settings = current()
device = str(settings.device)
state = st.session_state
tr = translator(TEXT)






def _lambda_text(value: float) -> str:
    return f"{float(value):g}"


def init_name(init: str) -> str:
    return tr(f"init_{init}") if init in INITS else init


def plain_name(depth: int) -> str:
    return net_label(f"plain-{depth}")


def config_error(error: FlowConfigError) -> str:
    """A translated reason for a refused configuration (by the error's code), with the library's own detail."""
    code = getattr(error, "code", "")
    if code == "memory":
        reason = tr("err_memory", budget=error.params["budget"])
    elif code == "batch":
        reason = tr("err_batch", cap=error.params["cap"])
    elif code == "depth":
        reason = tr("err_depth")
    else:
        reason = tr("err_other")
    detail = str(error)
    return tr("cannot_run", error=tr("error_detail", reason=reason, detail=detail))




@st.cache_data(max_entries=24, show_spinner=False)
def _compare(depth: int, bn: bool, init: str, lam: float, batch: int, seed: int, device: str) -> FlowComparison:
    config = FlowConfig(depth=depth, bn=bn, init=init, shortcut_scale=lam, batch_size=batch, seed=seed)
    return compare_plain_residual(config, device)


@st.cache_data(max_entries=48, show_spinner=False)
def _law(depth: int, lam: float, dtype: str, seed: int) -> LambdaLaw:
    return lambda_law(depth, lam, dtype=dtype, seed=seed)


@st.cache_data(max_entries=12, show_spinner=False)
def _snapshots(depth: int, bn: bool, init: str, lam: float, batch: int, size: int, seed: int,
               device: str) -> TrainingSnapshots:
    config = FlowConfig(depth=depth, bn=bn, init=init, shortcut_scale=lam, batch_size=batch, image_size=size,
                        seed=seed)
    return profiles_during_training(config, SNAPSHOT_STEPS, device=device)


@section
def law_check() -> None:
    """The measured λ-law for one depth, some λ values and a precision; changing them reruns only this part."""
    synced("gf_law_depth", 110, options=LAW_DEPTHS)
    synced("gf_law_dtype", "float64", options=("float64", "float32"))
    keep("gf_law_depth", LAW_DEPTHS, 110)
    keep("gf_law_dtype", ("float64", "float32"), "float64")
    lambdas_widget = synced_choices("gf_law_lambdas", LAW_DEFAULT, LAMBDAS, parse=float, text=_lambda_text)
    l1, l2, l3 = st.columns([3, 4, 2])
    l1.selectbox(tr("law_depth"), LAW_DEPTHS, key="gf_law_depth",
                 format_func=lambda d: tr("law_depth_option", depth=d, units=3 * (d - 2) // 6))
    picked = store_choices("gf_law_lambdas", l2.multiselect(tr("law_lambdas"), LAMBDAS, key=lambdas_widget),
                           text=_lambda_text)
    l3.radio(tr("precision"), ("float64", "float32"), key="gf_law_dtype", horizontal=True, help=tr("precision_help"))
    law_depth, law_dtype = state.gf_law_depth, state.gf_law_dtype
    lambdas = sorted(picked)
    if not lambdas:
        st.warning(tr("choose_lambda"))
    else:
        laws = []
        try:
            progress = st.progress(0.0, text=tr("law_progress"))
            for index, value in enumerate(lambdas):
                laws.append(_law(law_depth, float(value), law_dtype, settings.seed))
                progress.progress((index + 1) / len(lambdas), text=tr("law_measured_one", value=f"{value:g}"))
            progress.empty()
        except (FlowConfigError, ValueError) as error:
            st.error(tr("law_failed", error=error))
            laws = []
        if laws:
            st.plotly_chart(cached(lambda_law_figure, laws), key="gf_law", **CHART)
            units = laws[0].units
            rows = []
            for law in laws:
                status = law.status[0]
                measured = (format_power(law.log10_corrected[0]) if status == "ok"
                            else tr(f"status_{status}") if f"status_{status}" in TEXT.tables["en"] else status)
                rows.append({"λ": f"{law.lam:g}",
                             tr("col_analytic", units=units): format_power(law.log10_analytic[0]),
                             tr("col_measured", units=units): measured,
                             tr("col_relative"): (f"{abs(law.corrected[0] / 10 ** law.log10_analytic[0] - 1):.1e}"
                                                  if status == "ok" else tr("n_a")),
                             tr("col_signal"): format_norm(law.output_norm, law.dtype)})
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
            factors = ", ".join(f"{laws[0].transition_factor[t]:.6f}" for t in laws[0].transitions)
            st.markdown(tr("law_text", depth=law_depth, units=units, dtype=law_dtype))
            st.caption(tr("law_caption", transitions=", ".join(map(str, laws[0].transitions)), factors=factors,
                          lam=f"{laws[0].lam:g}"))


@section
def training_snapshots(init: str, lam: float, batch: int) -> None:
    """Gradient profiles after a few training steps, with the settings above (init, λ, batch); the depth and
    BN picked here rerun only this part."""
    synced("gf_train_depth", 20, options=TRAIN_DEPTHS)
    synced("gf_train_bn", True)
    keep("gf_train_depth", TRAIN_DEPTHS, 20)
    keep("gf_train_bn", (True, False), True)
    t1, t2 = st.columns(2)
    t1.selectbox(tr("train_depth"), TRAIN_DEPTHS, key="gf_train_depth", help=tr("train_depth_help"))
    t2.radio(tr("train_bn"), (True, False), key="gf_train_bn", format_func=lambda v: tr("on") if v else tr("off"),
             horizontal=True)
    train_config = FlowConfig(depth=state.gf_train_depth, bn=state.gf_train_bn, init=init, shortcut_scale=lam,
                              batch_size=min(batch, 32), image_size=TRAIN_IMAGE_SIZE, seed=settings.seed)
    try:
        check_config(train_config)
        with st.spinner(tr("spin_training", plain=plain_name(train_config.depth), depth=train_config.depth)):
            snaps = _snapshots(train_config.depth, train_config.bn, init, lam, train_config.batch_size,
                               TRAIN_IMAGE_SIZE, settings.seed, device)
    except FlowConfigError as error:
        st.error(config_error(error))
    else:
        st.plotly_chart(cached(snapshots_figure, snaps), key="gf_snapshots", **CHART)
        rows = []
        for key, profiles in (("plain", snaps.plain), ("residual", snaps.residual)):
            for step in snaps.steps:
                if step in profiles:
                    p = profiles[step]
                    rows.append({tr("col_net"): net_label(p.label), tr("col_step"): step,
                                 tr("col_probe_loss"): f"{p.loss:.4f}",
                                 tr("col_input_ratio"): format_norm(p.input_ratio)})
            if snaps.diverged_at[key] is not None:
                st.warning(tr("diverged", net=tr(f"net_{key}"), step=snaps.diverged_at[key]))
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        both = [step for step in snaps.steps if step in snaps.plain and step in snaps.residual]
        if both:
            last = both[-1]
            st.markdown(tr("training_finding", step=last, plain=format_norm(snaps.plain[last].input_ratio),
                           residual=format_norm(snaps.residual[last].input_ratio)))
        st.caption(tr("training_caption", batch=train_config.batch_size, size=TRAIN_IMAGE_SIZE, init=init_name(init),
                      lam=f"{lam:g}"))


def _training_inputs() -> tuple[str, float, int]:
    """The settings above that the training run further down uses too."""
    return state.gf_init, float(state.gf_lambda), int(state.gf_batch)


def numbers_table(comparisons: list[tuple[bool, FlowComparison]]) -> None:
    rows = []
    for bn, comp in comparisons:
        for profile in (comp.plain, comp.residual):
            rows.append({
                tr("col_net"): net_label(profile.label), tr("col_bn"): tr("on") if bn else tr("off"),
                tr("col_loss"): f"{profile.loss:.4f}",
                tr("col_x0"): format_norm(profile.block_grad_norms[0], profile.dtype),
                tr("col_xl"): format_norm(profile.block_grad_norms[-1], profile.dtype),
                tr("col_ratio"): format_norm(profile.input_ratio),
                tr("col_w_first"): format_norm(profile.weight_grad_norms[0], profile.dtype),
                tr("col_w_last"): format_norm(profile.weight_grad_norms[-2], profile.dtype),
                tr("col_w_ratio"): format_norm(profile.weight_ratio),
            })
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
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
                st.plotly_chart(cached(flow_figure, panels, quantity=tab), key=f"gf_{tab}", **CHART)
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
left, right = st.columns(2)
with left:
    st.markdown(tr("why_1"))
    st.latex(r"x_L = x_l + \sum_{i=l}^{L-1} \mathcal{F}(x_i)")
    st.markdown(tr("why_2"))
    st.latex(r"\frac{\partial \mathcal{E}}{\partial x_l} = \frac{\partial \mathcal{E}}{\partial x_L}"
             r"\Big(1 + \frac{\partial}{\partial x_l}\sum_{i=l}^{L-1}\mathcal{F}(x_i)\Big)")
    st.markdown(tr("why_3"))
with right:
    st.markdown(tr("why_4"))
    st.latex(r"\frac{\partial \mathcal{E}}{\partial x_l} = \frac{\partial \mathcal{E}}{\partial x_L}"
             r"\prod_{i=l}^{L-1}\frac{\partial x_{i+1}}{\partial x_i}")
    st.markdown(tr("why_5"))
    st.markdown(tr("why_6"))

# ---------------------------------------------------------------- the lambda law
st.subheader(tr("law"))
st.markdown(tr("law_general"))
st.latex(r"x_L = \Big(\prod_{i=l}^{L-1}\lambda_i\Big)x_l + \sum_{i=l}^{L-1}\hat{\mathcal{F}}(x_i)")
st.markdown(tr("law_general_2"))
st.latex(r"\frac{\partial \mathcal{E}}{\partial x_l} = \frac{\partial \mathcal{E}}{\partial x_L}"
         r"\Big(\prod_{i=l}^{L-1}\lambda_i + \frac{\partial}{\partial x_l}\sum_{i=l}^{L-1}\hat{\mathcal{F}}(x_i)\Big)")
st.markdown(tr("law_general_3"))
st.markdown(tr("law_intro"))
st.latex(r"x_L = \Big(\prod_{i=l}^{L-1}\lambda\Big)x_l = \lambda^{L-l}x_l \qquad\Longrightarrow\qquad "
         r"\frac{\lVert\partial \mathcal{E}/\partial x_l\rVert}{\lVert\partial \mathcal{E}/\partial x_L\rVert}"
         r" = \lambda^{L-l}")
law_check()

# ---------------------------------------------------------------- during training
st.subheader(tr("training"))
st.markdown(tr("training_intro"))
training_snapshots(*training_inputs)
render_notices(notice_slot)  # every setting has been read from the link by now

show_source(tr("code"), tr("code_profile"), gradients.gradient_profile, tr("code_law"), gradients.lambda_law,
            key="gf_code")
