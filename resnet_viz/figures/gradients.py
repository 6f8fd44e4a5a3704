"""Figures for the gradient-flow page: norms per block on a log axis, the lambda law, snapshots in training.

Values that under- or overflowed (0, subnormal, inf, NaN) are never plotted as numbers: they become
triangle markers pinned to the bottom (underflow) or top (overflow) of the chart, labelled as such.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from resnet_viz.analyses.gradients import FlowComparison, GradientProfile, LambdaLaw, TrainingSnapshots, norm_status
from resnet_viz.figures._style import PLAIN_COLOUR, RESIDUAL_COLOUR, base_layout, shared_x_title
from resnet_viz.i18n import Catalogue

__all__ = [
    "LAMBDA_COLOURS",
    "TEXT",
    "flow_figure",
    "format_norm",
    "format_power",
    "lambda_law_figure",
    "net_label",
    "snapshots_figure",
]

LAMBDA_COLOURS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02")
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")

TEXT = Catalogue("figures.gradients")


def net_label(label: str, lang: str | None = None) -> str:
    """A net's label from the analysis ('plain-56', 'ResNet-56') in ``lang``."""
    if label.startswith("plain-"):
        return TEXT.text("plain", lang, depth=label[len("plain-"):])
    return label


def format_norm(value: float, dtype: str = "float64", lang: str | None = None) -> str:
    """A norm or ratio as text: '3.38e-03', or '0 (underflow)' / 'overflow (inf)' instead of a bogus number."""
    tr = TEXT.bind(lang)
    status = norm_status(value, dtype)
    if status == "overflow":
        return tr("overflow_inf") if math.isinf(value) else tr("overflow_nan")
    if status == "underflow":
        return tr("underflow_zero") if value == 0 else tr("underflow_subnormal", value=f"{value:.2e}")
    return f"{value:.3g}" if 1e-3 <= abs(value) < 1e4 else f"{value:.2e}"


def format_power(log10_value: float, lang: str | None = None) -> str:
    """10**x as text without ever computing 10**x: -16.26 -> '5.6 × 10⁻¹⁷', -3 -> '0.001', 3 -> '1,000'."""
    if not math.isfinite(log10_value):
        return "0" if log10_value < 0 else TEXT.text("overflow_inf", lang)
    exponent = math.floor(log10_value)
    mantissa = 10 ** (log10_value - exponent)
    if mantissa >= 9.95:
        mantissa, exponent = 1.0, exponent + 1
    if -3 <= exponent <= 3:
        value = 10 ** log10_value
        return f"{value:,.0f}" if exponent >= 2 else f"{value:.3g}"
    power = f"10{str(exponent).translate(_SUPERSCRIPT)}"
    return power if f"{mantissa:.2g}" == "1" else f"{mantissa:.2g} × {power}"


def _log_range(values: Sequence[np.ndarray]) -> tuple[float, float]:
    ok = np.concatenate([v[np.isfinite(v) & (v > 0)] for v in values] or [np.array([1.0])])
    ok = ok if ok.size else np.array([1.0])
    low, high = math.floor(math.log10(ok.min())) - 1, math.ceil(math.log10(ok.max())) + 1
    return float(low), float(high)


def _norm_traces(profile: GradientProfile, values: np.ndarray, names: Sequence[str], colour: str,
                 floor: float, ceiling: float, showlegend: bool, lang: str | None = None) -> list[go.Scatter]:
    tr = TEXT.bind(lang)
    label = net_label(profile.label, lang)
    x = np.arange(len(values))
    status = [norm_status(v, profile.dtype) for v in values]
    ok = np.array([s == "ok" for s in status])
    traces = [go.Scatter(
        x=x[ok], y=values[ok], mode="lines+markers", name=label, legendgroup=label,
        line=dict(color=colour, width=2), marker=dict(size=5), showlegend=showlegend,
        customdata=np.array(names, dtype=object)[ok],
        hovertemplate="%{customdata}<br>" + tr("hover_norm") + " %{y:.3e}<extra>" + label + "</extra>",
    )]
    for kind, symbol, y in (("underflow", "triangle-down", floor), ("overflow", "triangle-up", ceiling)):
        hit = np.array([s == kind for s in status])
        if hit.any():
            traces.append(go.Scatter(
                x=x[hit], y=np.full(int(hit.sum()), y), mode="markers", name=f"{label}: {tr(kind)}",
                legendgroup=label, showlegend=showlegend,
                marker=dict(symbol=symbol, size=10, color=colour, line=dict(color="black", width=1)),
                customdata=np.array(names, dtype=object)[hit],
                hovertemplate="%{customdata}<br>" + tr("kind_in", kind=tr(kind), dtype=profile.dtype)
                + f"<extra>{label}</extra>",
            ))
    return traces


def flow_figure(panels: Sequence[tuple[str, FlowComparison]], *, quantity: str = "inputs",
                height: int = 430, lang: str | None = None) -> go.Figure:
    """Gradient norms of the plain and the residual net, one panel per (title, comparison), shared log y axis.

    ``quantity`` "inputs": ||dL/dx_l|| at every block's input (x axis: block l, the last point is x_L);
    "weights": ||dL/dW|| of every conv and the fc (x axis: layer index from the input).
    """
    if quantity not in ("inputs", "weights"):
        raise ValueError("quantity must be 'inputs' or 'weights'")
    tr = TEXT.bind(lang)

    def pick(profile: GradientProfile) -> tuple[np.ndarray, Sequence[str]]:
        if quantity == "inputs":
            names = [tr("input_of", i=i, name=n) for i, n in enumerate(profile.block_names[:-1])]
            return profile.block_grad_norms, [*names, tr("output_of", name=profile.block_names[-2])]
        return profile.weight_grad_norms, [tr("layer_n", i=i + 1, name=n) for i, n in enumerate(profile.layer_names)]

    all_values = [pick(p)[0] for _, c in panels for p in (c.plain, c.residual)]
    low, high = _log_range(all_values)
    floor, ceiling = 10 ** (low + 0.3), 10 ** (high - 0.3)
    fig = make_subplots(rows=1, cols=len(panels), shared_yaxes=True, horizontal_spacing=0.04,
                        subplot_titles=[title for title, _ in panels])
    for col, (_, comparison) in enumerate(panels, start=1):
        for profile, colour in ((comparison.plain, PLAIN_COLOUR), (comparison.residual, RESIDUAL_COLOUR)):
            values, names = pick(profile)
            for trace in _norm_traces(profile, values, names, colour, floor, ceiling, showlegend=col == 1,
                                      lang=lang):
                fig.add_trace(trace, row=1, col=col)
    fig.update_annotations(font_size=13)  # the panels' titles: two fit side by side on a phone
    shared_x_title(fig, tr(f"x_{quantity}"))
    ytitle = tr(f"y_{quantity}")
    fig.update_yaxes(type="log", range=[low, high], exponentformat="power", title_text=ytitle, row=1, col=1)
    fig.update_yaxes(type="log", range=[low, high], exponentformat="power")
    depth = panels[0][1].config.depth if panels else 0
    base_layout(fig, title=tr("flow_title", what=tr(f"what_{quantity}"), plain=tr("plain", depth=depth),
                                depth=depth), height=height)
    fig.update_layout(legend=dict(orientation="h", y=-0.22))
    return fig


def lambda_law_figure(laws: Sequence[LambdaLaw], *, height: int = 460, lang: str | None = None) -> go.Figure:
    """log10 of ||dL/dx_l|| / ||dL/dx_L|| against unit l: analytic lambda^(L-l) as lines, measurements as
    markers on them; under/overflowed units as triangles pinned to the chart's edge."""
    tr = TEXT.bind(lang)
    unit = tr("hover_unit")
    fig = go.Figure()
    analytic_all = np.concatenate([law.log10_analytic for law in laws]) if laws else np.zeros(1)
    low, high = math.floor(min(analytic_all.min(), 0)) - 1, math.ceil(max(analytic_all.max(), 0)) + 1
    for index, law in enumerate(laws):
        colour = LAMBDA_COLOURS[index % len(LAMBDA_COLOURS)]
        x = np.arange(law.units + 1)
        name = f"λ = {law.lam:g}"
        fig.add_trace(go.Scatter(
            x=x, y=law.log10_analytic, mode="lines", name=name, legendgroup=name,
            line=dict(color=colour, width=2), customdata=[format_power(v, lang) for v in law.log10_analytic],
            hovertemplate=unit + " %{x}<br>λ^(L−l) = %{customdata}<extra>" + name + "</extra>",
        ))
        status = np.array(law.status)
        ok = status == "ok"
        measured = law.log10_corrected
        fig.add_trace(go.Scatter(
            x=x[ok], y=measured[ok], mode="markers", name=tr("measured", name=name), legendgroup=name,
            showlegend=False,  # one entry per λ, for its line and its circles: the title says which is which
            marker=dict(color=colour, size=7, symbol="circle-open", line=dict(width=2)),
            customdata=[format_power(v, lang) for v in measured[ok]],
            hovertemplate=unit + " %{x}<br>" + tr("hover_measured") + " %{customdata}<extra>" + name + "</extra>",
        ))
        for kind, symbol, y in (("underflow", "triangle-down", low + 0.5), ("overflow", "triangle-up", high - 0.5)):
            hit = status == kind
            if hit.any():
                fig.add_trace(go.Scatter(
                    x=x[hit], y=np.full(int(hit.sum()), y), mode="markers", legendgroup=name,
                    name=f"{name}: " + tr("kind_in", kind=tr(kind), dtype=law.dtype),
                    marker=dict(color=colour, size=10, symbol=symbol, line=dict(color="black", width=1)),
                    hovertemplate=unit + " %{x}<br>" + tr("kind_in", kind=tr(kind), dtype=law.dtype)
                    + f"<extra>{name}</extra>",
                ))
    ticks = _power_ticks(low, high)
    fig.update_xaxes(title_text=tr("law_x"))
    fig.update_yaxes(title_text=tr("law_y"), range=[low, high],
                     tickvals=ticks, ticktext=[format_power(t, lang) if t else "1" for t in ticks])
    depth = laws[0].depth if laws else 0
    base_layout(fig, title=tr("law_title", depth=depth), height=height)
    fig.update_layout(legend=dict(orientation="h", y=-0.25))
    return fig


def _power_ticks(low: float, high: float, count: int = 8) -> list[float]:
    step = max(1, math.ceil((high - low) / count))
    start = math.ceil(low / step) * step
    return [float(t) for t in range(int(start), int(high) + 1, step)]


def snapshots_figure(snapshots: TrainingSnapshots, *, height: int = 400, lang: str | None = None) -> go.Figure:
    """||dL/dx_l|| per block at each snapshot step, plain and residual, one panel per step, shared log y."""
    tr = TEXT.bind(lang)
    steps = snapshots.steps
    profiles = [p for step in steps for p in (snapshots.plain.get(step), snapshots.residual.get(step)) if p]
    low, high = _log_range([p.block_grad_norms for p in profiles])
    floor, ceiling = 10 ** (low + 0.3), 10 ** (high - 0.3)
    fig = make_subplots(rows=1, cols=len(steps), shared_yaxes=True, horizontal_spacing=0.04,
                        subplot_titles=[tr("after_steps", steps=s) for s in steps])
    for col, step in enumerate(steps, start=1):
        for profile, colour in ((snapshots.plain.get(step), PLAIN_COLOUR),
                                (snapshots.residual.get(step), RESIDUAL_COLOUR)):
            if profile is None:
                continue
            names = [*profile.block_names[:-1], "x_L"]
            for trace in _norm_traces(profile, profile.block_grad_norms, names, colour, floor, ceiling,
                                      showlegend=col == 1, lang=lang):
                fig.add_trace(trace, row=1, col=col)
        fig.update_xaxes(title_text=tr("block_l"), row=1, col=col)
    # a tick per power of ten over two decades or more: Plotly otherwise labelled 2 and 5 between them, in small type
    fig.update_yaxes(type="log", range=[low, high], exponentformat="power", dtick=1 if high - low >= 2 else None)
    fig.update_yaxes(title_text=tr("snap_y"), row=1, col=1)
    base_layout(fig, title=tr("snap_title"), height=height)
    fig.update_layout(legend=dict(orientation="h", y=-0.25))
    return fig
