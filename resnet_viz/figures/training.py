"""Figures for the degradation page: training curves as in the paper's Figure 6, final errors, Table 2."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from resnet_viz.analyses.degradation import NetResult, SweepPoint
from resnet_viz.figures._style import PLAIN_COLOUR, RESIDUAL_COLOUR, base_layout, chance_line
from resnet_viz.figures.gradients import net_label
from resnet_viz.i18n import Catalogue

__all__ = ["TEXT", "depth_sweep_figure", "error_figure", "final_errors_figure", "imagenet_table_figure", "loss_figure",
           "net_name", "net_style"]

_PLAIN_SHADES = ("#f4a582", PLAIN_COLOUR, "#b2182b", "#67001f")  # deeper = darker
_RESIDUAL_SHADES = ("#92c5de", RESIDUAL_COLOUR, "#2166ac", "#053061")

TEXT = Catalogue("figures.training")


net_name = net_label  # one translation of net labels for every chart


def net_style(net: NetResult, depths: Sequence[int]) -> dict:
    """Red family for plain nets, blue for residual ones; deeper = darker and thicker."""
    rank = sorted(set(depths)).index(net.depth) if net.depth in depths else 0
    shades = _RESIDUAL_SHADES if net.residual else _PLAIN_SHADES
    return dict(color=shades[min(rank, len(shades) - 1)], width=1.5 + 1.2 * rank)


def legend_rank(net: NetResult) -> int:
    """Where a net's entry goes in a legend: plain nets, then residual ones, each by depth (nets come in any order)."""
    return (2000 if net.residual else 1000) + net.depth


def loss_figure(nets: Sequence[NetResult], *, epochs: float | None = None, height: int = 380,
                lang: str | None = None) -> go.Figure:
    """Mean training loss (cross-entropy) against epochs, one line per net, log y axis; ``epochs`` fixes the x
    range (live curves then grow into a fixed frame)."""
    tr = TEXT.bind(lang)
    depths = [n.depth for n in nets]
    fig = go.Figure()
    for net in nets:
        name = net_name(net.label, lang)
        fig.add_trace(go.Scatter(
            x=[r.epoch for r in net.records], y=[r.train_loss for r in net.records], mode="lines",
            name=name, line=net_style(net, depths), legendrank=legend_rank(net),
            hovertemplate=f"{tr('epoch')} %{{x:.2f}}<br>{tr('loss')} %{{y:.3f}}<extra>{name}</extra>",
        ))
    fig.update_xaxes(title_text=tr("loss_x"), range=[0, epochs] if epochs else None)
    fig.update_yaxes(title_text=tr("loss_y"), type="log")
    return base_layout(fig, title=tr("loss_title"), height=height)


def error_figure(nets: Sequence[NetResult], *, epochs: float | None = None, chance: float | None = None,
                 height: int = 420, lang: str | None = None) -> go.Figure:
    """Training error (solid) and test error (dotted) in %, plain nets left and residual nets right, one
    shared y axis: the layout of the paper's Figure 6 (and Figure 4 for ImageNet). ``chance`` (a fraction)
    draws the error of guessing as a dashed line."""
    tr = TEXT.bind(lang)
    depths = [n.depth for n in nets]
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.05,
                        subplot_titles=(tr("plain_nets"), tr("residual_nets")))
    for net in nets:
        col = 2 if net.residual else 1
        style = net_style(net, depths)
        name = net_name(net.label, lang)
        x = [r.epoch for r in net.records]
        # one legend entry per net (the title says which line is which): with two, a phone's legend outgrew the plot
        fig.add_trace(go.Scatter(
            x=x, y=[100 * r.train_error for r in net.records], mode="lines", name=name,
            legendgroup=net.label, legendrank=legend_rank(net), line=style,
            hovertemplate=f"{tr('epoch')} %{{x:.2f}}<br>{tr('training_error')} %{{y:.1f}}%<extra>{name}</extra>",
        ), row=1, col=col)
        tests = [(r.epoch, 100 * r.test_error) for r in net.records if r.test_error is not None]
        if tests:
            fig.add_trace(go.Scatter(
                x=[e for e, _ in tests], y=[v for _, v in tests], mode="lines", name=tr("test_trace", net=name),
                legendgroup=net.label, showlegend=False, line=dict(style, dash="dot"),
                hovertemplate=f"{tr('epoch')} %{{x:.2f}}<br>{tr('test_error')} %{{y:.1f}}%<extra>{name}</extra>",
            ), row=1, col=col)
    fig.update_xaxes(title_text=tr("epoch"), range=[0, epochs] if epochs else None)
    fig.update_yaxes(title_text=tr("error_y"), rangemode="tozero", row=1, col=1)
    fig.update_yaxes(rangemode="tozero")
    chance_line(fig, chance, tr, row="all", col="all")
    return base_layout(fig, title=tr("error_title"), height=height)


def final_errors_figure(nets: Sequence[NetResult], *, chance: float | None = None, height: int = 360,
                        lang: str | None = None) -> go.Figure:
    """Final training error (eval mode, whole training set) per net: plain vs residual bars by depth."""
    tr = TEXT.bind(lang)
    fig = go.Figure()
    for residual, colour, name in ((False, PLAIN_COLOUR, tr("plain_kind")), (True, RESIDUAL_COLOUR, tr("resnet_kind"))):
        chosen = sorted((n for n in nets if n.residual == residual and n.final_train_error is not None),
                        key=lambda n: n.depth)
        if not chosen:
            continue
        values = [100 * n.final_train_error for n in chosen]
        fig.add_trace(go.Bar(
            x=[tr("layers", depth=n.depth) for n in chosen], y=values, name=name, marker_color=colour,
            text=[f"{v:.1f}%" for v in values], textposition="outside",
            hovertemplate=f"%{{x}}<br>{tr('final_hover')} %{{y:.2f}}%<extra>{name}</extra>",
        ))
    fig.update_layout(barmode="group")
    fig.update_xaxes(title_text=tr("depth"))
    fig.update_yaxes(title_text=tr("final_y"), rangemode="tozero")
    # over the shallowest nets' bars, the lowest ones
    chance_line(fig, chance, tr, position="top left")
    return base_layout(fig, title=tr("final_title"), height=height)


def depth_sweep_figure(points: Sequence[SweepPoint], *, chance: float | None = None, height: int = 400,
                       lang: str | None = None) -> go.Figure:
    """The paper's Figure 6 in two numbers per net: final training error (left) and loss (right, log) against
    depth, plain and residual; a line through the seeds' mean and a dot per seed."""
    tr = TEXT.bind(lang)
    seeds = max((len(p.seeds) for p in points), default=0)
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1,
                        subplot_titles=(tr("sweep_error"), tr("sweep_loss")))
    for residual, colour, kind in ((False, PLAIN_COLOUR, tr("plain_kind")), (True, RESIDUAL_COLOUR, tr("resnet_kind"))):
        chosen = sorted((p for p in points if p.residual == residual), key=lambda p: p.depth)
        if not chosen:
            continue
        for col, values, mean, fmt in ((1, lambda p: [100 * e for e in p.errors], lambda p: 100 * p.mean_error, ".2f"),
                                       (2, lambda p: list(p.losses), lambda p: p.mean_loss, ".4f")):
            fig.add_trace(go.Scatter(
                x=[p.depth for p in chosen], y=[mean(p) for p in chosen], mode="lines+markers", name=kind,
                legendgroup=kind, showlegend=col == 1, line=dict(color=colour, width=2.5),
                hovertemplate=f"{kind}-%{{x}}<br>{tr('mean')} %{{y:{fmt}}}<extra></extra>",
            ), row=1, col=col)
            fig.add_trace(go.Scatter(
                x=[p.depth for p in chosen for _ in p.seeds], y=[v for p in chosen for v in values(p)],
                customdata=[s for p in chosen for s in p.seeds], mode="markers", legendgroup=kind, showlegend=False,
                marker=dict(color=colour, size=7, opacity=0.45), name=kind,
                hovertemplate=f"{kind}-%{{x}}, {tr('seed')} %{{customdata}}<br>%{{y:{fmt}}}<extra></extra>",
            ), row=1, col=col)
    depths = sorted({p.depth for p in points})
    fig.update_xaxes(title_text=tr("sweep_x"), tickvals=depths)
    fig.update_yaxes(title_text=tr("sweep_error"), rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text=tr("sweep_loss"), type="log", row=1, col=2)
    chance_line(fig, chance, tr, row=1, col=1)
    return base_layout(fig, title=tr("sweep_title", seeds=seeds), height=height)


def imagenet_table_figure(errors: Mapping[str, float], *, height: int = 340, lang: str | None = None) -> go.Figure:
    """The paper's Table 2 as bars: top-1 error (%) of plain and residual nets with 18 and 34 layers."""
    tr = TEXT.bind(lang)
    fig = go.Figure()
    for kind, colour in (("plain", PLAIN_COLOUR), ("ResNet", RESIDUAL_COLOUR)):
        labels = [k for k in errors if k.startswith(kind)]
        name = tr("plain_kind") if kind == "plain" else tr("resnet_kind")
        fig.add_trace(go.Bar(
            x=[tr("layers", depth=k.split("-")[1]) for k in labels], y=[errors[k] for k in labels], name=name,
            marker_color=colour, text=[f"{errors[k]:.2f}" for k in labels], textposition="outside",
            hovertemplate=f"%{{x}}: %{{y:.2f}}% {tr('top1_hover')}<extra>{name}</extra>",
        ))
    low = min(errors.values()) - 3
    fig.update_layout(barmode="group")
    fig.update_xaxes(title_text=tr("depth"))
    fig.update_yaxes(title_text=tr("imagenet_y"), range=[low, max(errors.values()) + 1.5])
    return base_layout(fig, title=tr("imagenet_title", low=f"{low:.0f}"), height=height)
