"""Gradient flow: where the gradient of the loss goes in a deep plain net and in its residual twin."""

from __future__ import annotations

import inspect

import numpy as np
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
from resnet_viz.figures.gradients import flow_figure, format_norm, format_power, lambda_law_figure, snapshots_figure
from ui.settings import current

DEPTHS = (20, 32, 44, 56, 110, 1202, 2402)
LAW_DEPTHS = (20, 56, 110, 218, 1202)
TRAIN_DEPTHS = (20, 32, 44, 56)
BN_MODES = {"both": "Both, side by side", "off": "Off (what the seeds' derivation assumes)",
            "on": "On (what the paper trains)"}
LAMBDAS = (0.1, 0.5, 0.9, 1.0, 1.1, 1.5, 2.0)
SNAPSHOT_STEPS = (0, 10, 100)
TRAIN_IMAGE_SIZE = 16
CHART = dict(width="stretch", theme=None)

settings = current()
device = str(settings.device)
state = st.session_state


def _keep(key: str, allowed, default) -> None:
    """Reset a widget value that is not allowed (stale session state, or set from outside)."""
    if key not in state or state[key] not in allowed:
        state[key] = default


def _clamp(key: str, low: float, high: float, default: float, cast=float) -> None:
    try:
        value = cast(state.get(key, default))
    except (TypeError, ValueError):
        value = default
    state[key] = min(max(value, low), high) if np.isfinite(value) else default


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


st.title("Gradient flow")
st.markdown("**Where does the gradient go on its way back through a 56-layer plain net, and what does the "
            "skip connection change?**")
st.caption("Plain net = the same layers with the skip connections removed. Every number below is measured on "
           "real PyTorch nets at initialisation (random weights, one batch of the built-in shapes images, "
           "cross-entropy loss), unless a section says otherwise.")

# ---------------------------------------------------------------- settings
_keep("gf_depth", DEPTHS, 56)
_keep("gf_bn", tuple(BN_MODES), "both")
_keep("gf_init", tuple(INITS), "default")
_clamp("gf_lambda", 0.1, 2.0, 1.0)
_clamp("gf_batch", 1, MAX_BATCH, 16, int)
with st.expander("Experiment settings (depth, batch norm, initialisation, λ, batch size)", expanded=False):
    c1, c2, c3 = st.columns(3)
    c1.selectbox("Depth (CIFAR 6n+2 family)", DEPTHS, key="gf_depth",
                 format_func=lambda d: f"{d} layers ({3 * (d - 2) // 6} blocks)")
    c2.radio("Batch normalisation", tuple(BN_MODES), key="gf_bn", format_func=BN_MODES.get)
    c3.selectbox("Initialisation", tuple(INITS), key="gf_init", format_func=INITS.get,
                 help="He: Kaiming normal (fan-out) as the paper and seed 004 prescribe. PyTorch default: what you "
                      "get from nn.Conv2d without any init code. Small: every weight ~ N(0, 0.01²).")
    c4, c5 = st.columns(2)
    c4.slider("Shortcut scale λ in h(x) = λx (residual net only)", 0.1, 2.0, step=0.05, key="gf_lambda")
    c5.slider("Batch size", 1, MAX_BATCH, key="gf_batch",
              help=f"Capped at {MAX_BATCH}; deep nets are limited further by the "
                   f"{MEMORY_BUDGET_BYTES / 2**30:.0f} GiB memory budget.")

depth, init, lam, batch = state.gf_depth, state.gf_init, float(state.gf_lambda), int(state.gf_batch)
bn_modes = {"both": (False, True), "off": (False,), "on": (True,)}[state.gf_bn]
configs = [FlowConfig(depth=depth, bn=bn, init=init, shortcut_scale=lam, batch_size=batch, seed=settings.seed)
           for bn in bn_modes]

# ---------------------------------------------------------------- the answer: plain vs residual at init
comparisons: list[tuple[str, FlowComparison]] = []
try:
    for config in configs:
        check_config(config)
    need = max(estimate_memory_bytes(c) for c in configs)
    st.caption(f"Estimated memory for one net at a time: {need / 2**20:,.0f} MiB "
               f"(budget {MEMORY_BUDGET_BYTES / 2**30:.0f} GiB) · batch of {batch} images, 32×32 · "
               f"seed {settings.seed} · {INITS[init]} · device {device}")
    slow = " (the deep nets take a minute on a CPU)" if depth >= 1202 else ""
    with st.spinner(f"Forward and backward through plain-{depth} and ResNet-{depth}{slow}..."):
        for config in configs:
            title = "with batch norm" if config.bn else "without batch norm"
            comparisons.append((title, _compare(config.depth, config.bn, config.init, config.shortcut_scale,
                                                config.batch_size, config.seed, device)))
except FlowConfigError as error:
    st.error(f"These settings cannot be run: {error}")

if comparisons:
    cols = st.columns(len(comparisons))
    for col, (title, comp) in zip(cols, comparisons):
        with col:
            st.markdown(f"**{title.capitalize()}**: gradient at the first block's input over the gradient at the "
                        "last block's output, ‖∂L/∂x₀‖ / ‖∂L/∂x_L‖")
            m1, m2 = st.columns(2)
            m1.metric(f"plain-{depth}", format_norm(comp.plain.input_ratio))
            m2.metric(f"ResNet-{depth}", format_norm(comp.residual.input_ratio))
    tab_inputs, tab_weights, tab_numbers = st.tabs(["w.r.t. each block's input", "w.r.t. each layer's weights",
                                                    "Numbers"])
    with tab_inputs:
        st.plotly_chart(flow_figure(comparisons, quantity="inputs"), key="gf_inputs", **CHART)
    with tab_weights:
        st.plotly_chart(flow_figure(comparisons, quantity="weights"), key="gf_weights", **CHART)
        st.caption("Layer 1 is the stem conv; the last point is the fully connected classifier. The ratio in the "
                   "table compares the first conv with the last conv.")
    with tab_numbers:
        rows = []
        for title, comp in comparisons:
            for profile in (comp.plain, comp.residual):
                rows.append({
                    "net": profile.label, "batch norm": "on" if "with " in title else "off",
                    "loss": f"{profile.loss:.4f}",
                    "‖∂L/∂x₀‖ (first block input)": format_norm(profile.block_grad_norms[0], profile.dtype),
                    "‖∂L/∂x_L‖ (last block output)": format_norm(profile.block_grad_norms[-1], profile.dtype),
                    "ratio x₀ / x_L": format_norm(profile.input_ratio),
                    "‖∂L/∂W‖ first conv": format_norm(profile.weight_grad_norms[0], profile.dtype),
                    "‖∂L/∂W‖ last conv": format_norm(profile.weight_grad_norms[-2], profile.dtype),
                    "ratio first / last conv": format_norm(profile.weight_ratio),
                })
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        st.caption("Norms are L2 norms over the whole batch. 'underflow' means the value is 0 or too small for "
                   "float32 to hold (below 1.2e-38); 'overflow' means inf or NaN.")

    off = next((c for t, c in comparisons if t == "without batch norm"), None)
    on = next((c for t, c in comparisons if t == "with batch norm"), None)
    lines = []
    if off is not None:
        lines.append(
            f"- **Without batch norm**, the plain net's gradient at its first block is "
            f"{format_norm(off.plain.input_ratio)} times the gradient at its last block; in the residual net the "
            f"same ratio is {format_norm(off.residual.input_ratio)}. Every plain block multiplies the gradient by "
            "its Jacobian; the residual block adds an identity path that carries ∂L/∂x_L back unchanged."
        )
    if on is not None:
        lines.append(
            f"- **With batch norm** (as the paper trains), the plain net's ratio is "
            f"{format_norm(on.plain.input_ratio)}: its gradient does *not* vanish here. The paper says the same: "
            "BN keeps plain nets' gradients healthy, and yet plain-56 trains worse than plain-20 (see "
            "*The degradation problem*). So the degradation problem is an optimisation difficulty, not simply "
            "vanishing gradients, which is where several of the source articles oversimplify."
        )
    if init != "he":
        lines.append("- Switch the initialisation to **He** to see how much of the vanishing in the plain net was "
                     "the initialisation: He init is chosen so that each plain layer keeps the gradient's scale.")
    st.markdown("\n".join(lines))

# ---------------------------------------------------------------- the derivation, tied to the plot
st.subheader("Why: the identity path in the chain rule")
left, right = st.columns(2)
with left:
    st.markdown(r"Take a residual unit whose shortcut is the identity and whose output is not squashed after the "
                r"addition: $x_{l+1} = x_l + \mathcal{F}(x_l)$. Unrolling from unit $l$ to a deeper unit $L$:")
    st.latex(r"x_L = x_l + \sum_{i=l}^{L-1} \mathcal{F}(x_i)")
    st.markdown("and the chain rule gives the gradient at the shallower unit:")
    st.latex(r"\frac{\partial \mathcal{E}}{\partial x_l} = \frac{\partial \mathcal{E}}{\partial x_L}"
             r"\Big(1 + \frac{\partial}{\partial x_l}\sum_{i=l}^{L-1}\mathcal{F}(x_i)\Big)")
    st.markdown(r"The **1** is the identity path: $\partial\mathcal{E}/\partial x_L$ reaches every earlier unit "
                "directly, whatever the "
                "weights are. To vanish, the bracket would have to cancel to zero, which is unlikely for a whole "
                "batch at once. That is the blue curve staying within a few orders of magnitude.")
with right:
    st.markdown("A plain net has no 1 in the bracket: the gradient is a product of one Jacobian per layer,")
    st.latex(r"\frac{\partial \mathcal{E}}{\partial x_l} = \frac{\partial \mathcal{E}}{\partial x_L}"
             r"\prod_{i=l}^{L-1}\frac{\partial x_{i+1}}{\partial x_i}")
    st.markdown("so if each factor shrinks vectors a little, 54 of them shrink it enormously (the red curve "
                "without BN and with the PyTorch default or small init), and if each grows them, it explodes.")
    st.markdown("**Where the derivation is idealised.** It assumes the ReLU after the addition does nothing "
                "(the seed argues the inputs are non-negative). In the paper's v1 block the sum x + F(x) can be "
                "negative and that ReLU does cut gradients; the pre-activation (v2) unit removes it, and the "
                "λ-law below uses that unit so the formula holds exactly. Batch norm inside the branches does "
                "not break the identity path, but it changes the Jacobians in the red curve, as the right-hand "
                "chart shows.")

# ---------------------------------------------------------------- the lambda law
st.subheader("The λ-shortcut law: why the shortcut should be exactly the identity")
st.markdown(r"Scale every shortcut by λ, $h(x) = \lambda x$, and turn the residual branches off "
            r"($\mathcal{F} = 0$, here by zeroing the last conv of each unit). Then each unit just multiplies by λ, "
            "and between unit $l$ and unit $L$:")
st.latex(r"x_L = \Big(\prod_{i=l}^{L-1}\lambda\Big)x_l = \lambda^{L-l}x_l \qquad\Longrightarrow\qquad "
         r"\frac{\lVert\partial \mathcal{E}/\partial x_l\rVert}{\lVert\partial \mathcal{E}/\partial x_L\rVert}"
         r" = \lambda^{L-l}")
_keep("gf_law_depth", LAW_DEPTHS, 110)
if "gf_law_lambdas" not in state or not isinstance(state.gf_law_lambdas, list) or not all(
        v in LAMBDAS for v in state.gf_law_lambdas):
    state.gf_law_lambdas = [0.5, 0.9, 1.0, 1.1]
_keep("gf_law_dtype", ("float64", "float32"), "float64")
l1, l2, l3 = st.columns([1, 2, 1])
l1.selectbox("Depth", LAW_DEPTHS, key="gf_law_depth",
             format_func=lambda d: f"pre-act ResNet-{d} ({3 * (d - 2) // 6} units)")
l2.multiselect("λ values", LAMBDAS, key="gf_law_lambdas")
l3.radio("Precision", ("float64", "float32"), key="gf_law_dtype", horizontal=True,
         help="float64 holds numbers down to 2.2e-308 and up to 1.8e308; float32 only 1.2e-38 to 3.4e38.")
law_depth, law_dtype = state.gf_law_depth, state.gf_law_dtype
lambdas = sorted(state.gf_law_lambdas)
if not lambdas:
    st.warning("Choose at least one λ.")
else:
    laws = []
    progress = st.progress(0.0, text="Measuring the law...")
    for index, value in enumerate(lambdas):
        laws.append(_law(law_depth, float(value), law_dtype, settings.seed))
        progress.progress((index + 1) / len(lambdas), text=f"Measured λ = {value:g}")
    progress.empty()
    st.plotly_chart(lambda_law_figure(laws), key="gf_law", **CHART)
    units = laws[0].units
    rows = []
    for law in laws:
        status = law.status[0]
        measured = format_power(law.log10_corrected[0]) if status == "ok" else status
        rows.append({"λ": f"{law.lam:g}", f"analytic λ^{units}": format_power(law.log10_analytic[0]),
                     f"measured ‖∂L/∂x₀‖ / ‖∂L/∂x_{units}‖": measured,
                     "relative difference": (f"{abs(law.corrected[0] / 10 ** law.log10_analytic[0] - 1):.1e}"
                                             if status == "ok" else "n/a"),
                     "signal reaching the head ‖x_L‖": format_norm(law.output_norm, law.dtype)})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    factors = ", ".join(f"{laws[0].transition_factor[t]:.6f}" for t in laws[0].transitions)
    st.markdown(
        f"Measured in a pre-activation ResNet-{law_depth} ({units} units, option-A shortcuts) in {law_dtype}. "
        f"For λ < 1 the gradient reaching the first unit is λ^{units}, tiny; for λ > 1 it explodes. Only λ = 1 "
        "passes it unchanged, which is why the paper keeps the shortcut a pure identity."
    )
    st.caption(
        f"The two stage transitions (units {', '.join(map(str, laws[0].transitions))}) use option A: keep every "
        "second pixel and pad zero channels. Backwards, that puts each gradient value back on the pixel it came "
        "from (norm unchanged) and drops the gradient of the padded channels, which is exactly zero here because "
        "those channels stay zero up to the head, where a ReLU at 0 passes nothing. We compute that factor from the "
        f"shortcut alone and divide it out; it is {factors} (λ = {laws[0].lam:g}), so the law holds across the "
        "whole net. Triangles mark units whose gradient under- or overflowed the chosen precision; when the forward "
        "signal itself under- or overflows before the head, no ratio is defined at all."
    )

# ---------------------------------------------------------------- during training
st.subheader("The same picture during training")
st.markdown("Initialisation is only the start. Here both nets train for 100 SGD steps (momentum 0.9, cosine "
            "learning rate from 0.1) on the shapes images, and the gradient profile is measured on the same probe "
            "batch before step 0, after 10 and after 100 steps.")
_keep("gf_train_depth", TRAIN_DEPTHS, 20)
_keep("gf_train_bn", (True, False), True)
t1, t2 = st.columns(2)
t1.selectbox("Depth", TRAIN_DEPTHS, key="gf_train_depth", help="Kept small so the run takes seconds.")
t2.radio("Batch norm", (True, False), key="gf_train_bn", format_func=lambda v: "on" if v else "off",
         horizontal=True)
train_config = FlowConfig(depth=state.gf_train_depth, bn=state.gf_train_bn, init=init, shortcut_scale=lam,
                          batch_size=min(batch, 32), image_size=TRAIN_IMAGE_SIZE, seed=settings.seed)
try:
    check_config(train_config)
    with st.spinner(f"Training plain-{train_config.depth} and ResNet-{train_config.depth} for 100 steps..."):
        snaps = _snapshots(train_config.depth, train_config.bn, init, lam, train_config.batch_size,
                           TRAIN_IMAGE_SIZE, settings.seed, device)
except FlowConfigError as error:
    st.error(f"These settings cannot be run: {error}")
else:
    st.plotly_chart(snapshots_figure(snaps), key="gf_snapshots", **CHART)
    rows = []
    for key, profiles in (("plain", snaps.plain), ("residual", snaps.residual)):
        for step in snaps.steps:
            if step in profiles:
                p = profiles[step]
                rows.append({"net": p.label, "step": step, "loss on the probe batch": f"{p.loss:.4f}",
                             "‖∂L/∂x₀‖ / ‖∂L/∂x_L‖": format_norm(p.input_ratio)})
        if snaps.diverged_at[key] is not None:
            st.warning(f"The {key} net diverged (non-finite loss) at step {snaps.diverged_at[key]}; the steps after "
                       "that are missing from the chart.")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.caption(f"Batch of {train_config.batch_size} images of {TRAIN_IMAGE_SIZE}×{TRAIN_IMAGE_SIZE} pixels (smaller "
               f"than above, to keep the run to seconds), {INITS[init]}, λ = {lam:g} in the residual net.")

with st.expander("Show the code"):
    st.markdown("How each norm is measured (hooks on the caller's own model copy, removed afterwards):")
    st.code(inspect.getsource(gradients.gradient_profile), language="python")
    st.markdown("And the λ law:")
    st.code(inspect.getsource(gradients.lambda_law), language="python")
