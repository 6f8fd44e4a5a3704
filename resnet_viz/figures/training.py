"""Figures for the degradation page: training curves as in the paper's Figure 6, final errors, Table 2."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from resnet_viz.analyses.degradation import NetResult
from resnet_viz.figures._style import PLAIN_COLOUR, RESIDUAL_COLOUR, base_layout

__all__ = ["final_errors_figure", "imagenet_table_figure", "loss_figure", "net_style", "error_figure"]

_PLAIN_SHADES = ("#f4a582", PLAIN_COLOUR, "#67001f", "#b2182b")
_RESIDUAL_SHADES = ("#92c5de", RESIDUAL_COLOUR, "#053061", "#2166ac")


def net_style(net: NetResult, depths: Sequence[int]) -> dict:
    """Red family for plain nets, blue for residual ones; deeper = darker and thicker."""
    rank = sorted(set(depths)).index(net.depth) if net.depth in depths else 0
    shades = _RESIDUAL_SHADES if net.residual else _PLAIN_SHADES
    return dict(color=shades[min(rank, len(shades) - 1)], width=1.5 + 1.2 * rank)


def loss_figure(nets: Sequence[NetResult], *, epochs: float | None = None, height: int = 380) -> go.Figure:
    """Mean training loss (cross-entropy) against epochs, one line per net, log y axis; ``epochs`` fixes the x
    range (live curves then grow into a fixed frame)."""
    depths = [n.depth for n in nets]
    fig = go.Figure()
    for net in nets:
        fig.add_trace(go.Scatter(
            x=[r.epoch for r in net.records], y=[r.train_loss for r in net.records], mode="lines",
            name=net.label, line=net_style(net, depths),
            hovertemplate="epoch %{x:.2f}<br>loss %{y:.3f}<extra>" + net.label + "</extra>",
        ))
    fig.update_xaxes(title_text="epoch (passes over the training set)", range=[0, epochs] if epochs else None)
    fig.update_yaxes(title_text="loss (nats, log scale)", type="log")
    return base_layout(fig, title="Training loss (cross-entropy, running average while training)", height=height)


def error_figure(nets: Sequence[NetResult], *, epochs: float | None = None, height: int = 420) -> go.Figure:
    """Training error (solid) and test error (dotted) in %, plain nets left and residual nets right, one
    shared y axis: the layout of the paper's Figure 6 (and Figure 4 for ImageNet)."""
    depths = [n.depth for n in nets]
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.05,
                        subplot_titles=("Plain nets", "Residual nets (ResNet)"))
    for net in nets:
        col = 2 if net.residual else 1
        style = net_style(net, depths)
        x = [r.epoch for r in net.records]
        fig.add_trace(go.Scatter(
            x=x, y=[100 * r.train_error for r in net.records], mode="lines", name=f"{net.label} training",
            legendgroup=net.label, line=style,
            hovertemplate="epoch %{x:.2f}<br>training error %{y:.1f}%<extra>" + net.label + "</extra>",
        ), row=1, col=col)
        tests = [(r.epoch, 100 * r.test_error) for r in net.records if r.test_error is not None]
        if tests:
            fig.add_trace(go.Scatter(
                x=[e for e, _ in tests], y=[v for _, v in tests], mode="lines", name=f"{net.label} test",
                legendgroup=net.label, line=dict(style, dash="dot"),
                hovertemplate="epoch %{x:.2f}<br>test error %{y:.1f}%<extra>" + net.label + "</extra>",
            ), row=1, col=col)
    fig.update_xaxes(title_text="epoch", range=[0, epochs] if epochs else None)
    fig.update_yaxes(title_text="error (%)", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(rangemode="tozero")
    return base_layout(fig, title="Training error (solid, running average while training) and test error (dotted)",
                       height=height)


def final_errors_figure(nets: Sequence[NetResult], *, height: int = 360) -> go.Figure:
    """Final training error (eval mode, whole training set) per net: plain vs residual bars by depth."""
    fig = go.Figure()
    for residual, colour, name in ((False, PLAIN_COLOUR, "plain"), (True, RESIDUAL_COLOUR, "ResNet")):
        chosen = sorted((n for n in nets if n.residual == residual and n.final_train_error is not None),
                        key=lambda n: n.depth)
        if not chosen:
            continue
        values = [100 * n.final_train_error for n in chosen]
        fig.add_trace(go.Bar(
            x=[f"{n.depth} layers" for n in chosen], y=values, name=name, marker_color=colour,
            text=[f"{v:.1f}%" for v in values], textposition="outside",
            hovertemplate="%{x}<br>final training error %{y:.2f}%<extra>" + name + "</extra>",
        ))
    fig.update_layout(barmode="group")
    fig.update_xaxes(title_text="depth")
    fig.update_yaxes(title_text="final training error (%)", rangemode="tozero")
    return base_layout(fig, title="Final training error (eval mode, training set)", height=height)


def imagenet_table_figure(errors: Mapping[str, float], *, height: int = 340) -> go.Figure:
    """The paper's Table 2 as bars: top-1 error (%) of plain and residual nets with 18 and 34 layers."""
    fig = go.Figure()
    for kind, colour in (("plain", PLAIN_COLOUR), ("ResNet", RESIDUAL_COLOUR)):
        labels = [k for k in errors if k.startswith(kind)]
        fig.add_trace(go.Bar(
            x=[f"{k.split('-')[1]} layers" for k in labels], y=[errors[k] for k in labels], name=kind,
            marker_color=colour, text=[f"{errors[k]:.2f}" for k in labels], textposition="outside",
            hovertemplate="%{x}: %{y:.2f}% top-1 error<extra>" + kind + "</extra>",
        ))
    low = min(errors.values()) - 3
    fig.update_layout(barmode="group")
    fig.update_xaxes(title_text="depth")
    fig.update_yaxes(title_text="ImageNet top-1 error (%, 10-crop)", range=[low, max(errors.values()) + 1.5])
    return base_layout(fig, title=f"ImageNet top-1 error, paper's Table 2 (y axis from {low:.0f}%)", height=height)
