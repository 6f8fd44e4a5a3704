"""Figures for why residual nets train: the lesion study, the ensemble of paths and the loss landscape, plain (red)
next to residual (blue). Every text comes from :data:`TEXT` in the language of ``lang``."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from resnet_viz.analyses.landscape import LossSurface
from resnet_viz.analyses.paths import PathGradients, path_counts
from resnet_viz.analyses.shattered import ShatteredPoint
from resnet_viz.analyses.why_residual import NetStudy
from resnet_viz.figures._style import (
    LABEL_BACKGROUND,
    PLAIN_COLOUR,
    RESIDUAL_COLOUR,
    SEQUENTIAL,
    base_layout,
    chance_line,
)
from resnet_viz.i18n import Catalogue

__all__ = [
    "TEXT",
    "deletions_figure",
    "lesion_figure",
    "path_count_figure",
    "path_gradient_figure",
    "reorder_figure",
    "shattered_figure",
    "slice_figure",
    "surface_figure",
]

TEXT = Catalogue("figures.why_residual")


def _colour(study: NetStudy) -> str:
    return RESIDUAL_COLOUR if study.residual else PLAIN_COLOUR


def lesion_figure(plain: NetStudy, residual: NetStudy, *, chance: float | None = None, height: int = 420,
                  lang: str | None = None) -> go.Figure:
    """One bar per deleted block, plain and residual side by side; each net's intact error as a dotted line."""
    tr = TEXT.bind(lang)
    fig = go.Figure()
    for study in (plain, residual):
        names = [f"{s.name}{' ↓' if s.downsamples else ''}" for s in study.lesion.sites]
        fig.add_trace(go.Bar(
            x=names, y=[100 * e for e in study.lesion.errors], name=study.label, marker_color=_colour(study),
            marker_line=dict(color=["#000000" if s.downsamples else _colour(study) for s in study.lesion.sites],
                             width=[2.5 if s.downsamples else 0 for s in study.lesion.sites]),
            hovertemplate=f"%{{x}}: %{{y:.1f}} %<extra>{study.label}</extra>",
        ))
        fig.add_hline(y=100 * study.lesion.intact_error, line=dict(color=_colour(study), dash="dot", width=1.5),
                      annotation_text=tr("intact", net=study.label, value=f"{100 * study.lesion.intact_error:.1f}"),
                      annotation_position="top left", annotation_font_color=_colour(study),
                      annotation_bgcolor=LABEL_BACKGROUND)
    chance_line(fig, chance, tr, position="top left")
    fig.update_layout(barmode="group", bargap=0.15, legend=dict(orientation="h", y=1.02, x=1, xanchor="right",
                                                                  yanchor="bottom"))
    fig.update_xaxes(title_text=tr("lesion_x"), tickangle=-60 if len(plain.lesion.sites) > 12 else 0)
    fig.update_yaxes(title_text=tr("error_y"), range=[0, 100])
    return base_layout(fig, title=tr("lesion_title"), height=height)


def deletions_figure(plain: NetStudy, residual: NetStudy, *, chance: float | None = None, height: int = 380,
                     lang: str | None = None) -> go.Figure:
    """Mean held-out error against the number of random blocks deleted, with the spread over draws."""
    tr = TEXT.bind(lang)
    fig = go.Figure()
    draws = 0
    for study in (plain, residual):
        points = study.deletions
        draws = max(draws, max((len(p.errors) for p in points), default=0))
        fig.add_trace(go.Scatter(
            x=[p.k for p in points], y=[100 * p.mean for p in points], mode="lines+markers", name=study.label,
            line=dict(color=_colour(study), width=2.5),
            error_y=dict(type="data", array=[100 * p.std for p in points], visible=True, thickness=1),
            hovertemplate=f"k = %{{x}}: %{{y:.1f}} %<extra>{study.label}</extra>",
        ))
    chance_line(fig, chance, tr, position="top left")
    fig.update_xaxes(title_text=tr("deletions_x"), dtick=1 if len(plain.deletions) <= 15 else None)
    fig.update_yaxes(title_text=tr("error_y"), range=[0, 100])
    return base_layout(fig, title=tr("deletions_title", draws=draws), height=height)


def reorder_figure(plain: NetStudy, residual: NetStudy, *, chance: float | None = None, height: int = 380,
                   lang: str | None = None) -> go.Figure:
    """Held-out error against Kendall's tau of the reordered net, one dot per reordering."""
    tr = TEXT.bind(lang)
    fig = go.Figure()
    for study in (plain, residual):
        fig.add_trace(go.Scatter(
            x=[p.tau for p in study.reorders], y=[100 * p.error for p in study.reorders], mode="markers",
            name=study.label, marker=dict(color=_colour(study), size=9, opacity=0.8),
            text=[tr("reorder_hover", swaps=p.swaps) for p in study.reorders],
            hovertemplate=f"τ = %{{x:.2f}}: %{{y:.1f}} % (%{{text}})<extra>{study.label}</extra>",
        ))
    chance_line(fig, chance, tr, position="top left")
    fig.update_xaxes(title_text=tr("reorder_x"), autorange="reversed")
    fig.update_yaxes(title_text=tr("error_y"), range=[0, 100])
    return base_layout(fig, title=tr("reorder_title"), height=height)


def path_count_figure(blocks: int, *, residual_label: str = "ResNet", plain_label: str | None = None,
                      height: int = 340, lang: str | None = None) -> go.Figure:
    """The binomial distribution of path lengths in a net of ``blocks`` residual blocks; the plain net's single
    path of length ``blocks`` as a red marker."""
    tr = TEXT.bind(lang)
    counts = path_counts(blocks)
    fig = go.Figure(go.Bar(x=list(range(blocks + 1)), y=counts, marker_color=RESIDUAL_COLOUR, name=residual_label,
                           hovertemplate="k = %{x}: %{y:,}<extra></extra>"))
    if plain_label:
        fig.add_trace(go.Scatter(x=[blocks], y=[1], mode="markers", marker=dict(color=PLAIN_COLOUR, size=12,
                                                                                 symbol="diamond"),
                                 name=tr("plain_path", net=plain_label, blocks=blocks),
                                 hovertemplate=f"k = {blocks}: 1<extra>{plain_label}</extra>"))
    fig.update_xaxes(title_text=tr("counts_x"))
    fig.update_yaxes(title_text=tr("counts_y", blocks=blocks), type="log" if blocks > 12 else "linear")
    fig.update_layout(legend=dict(orientation="h", y=1.02, x=1, xanchor="right", yanchor="bottom"))
    return base_layout(fig, title=tr("counts_title", blocks=blocks, total=f"{2 ** blocks:,}"), height=height)


def path_gradient_figure(residual: PathGradients, plain: PathGradients | None = None, *, residual_label: str,
                         plain_label: str = "", height: int = 400, lang: str | None = None) -> go.Figure:
    """Left: the gradient magnitude through one path of each length (log scale; the plain net's single path as a
    red marker). Right: number of paths times that magnitude, with the shortest run of lengths holding 90 % of
    the sum shaded and the peak marked."""
    tr = TEXT.bind(lang)
    fig = make_subplots(rows=1, cols=2, subplot_titles=(tr("magnitude_title"), tr("total_title")),
                        horizontal_spacing=0.1)
    fig.add_trace(go.Scatter(
        x=residual.lengths, y=residual.magnitudes, mode="lines+markers", name=residual_label,
        line=dict(color=RESIDUAL_COLOUR, width=2.5), customdata=residual.spreads,
        hovertemplate=f"k = %{{x}}: %{{y:.3g}} (SD %{{customdata:.2g}})<extra>{residual_label}</extra>",
    ), row=1, col=1)
    if plain is not None:
        fig.add_trace(go.Scatter(
            x=plain.lengths, y=plain.magnitudes, mode="markers", name=plain_label,
            marker=dict(color=PLAIN_COLOUR, size=12, symbol="diamond"),
            hovertemplate=f"k = %{{x}}: %{{y:.3g}}<extra>{plain_label}</extra>",
        ), row=1, col=1)
    low, high = residual.effective_range()
    fig.add_vrect(x0=low - 0.5, x1=high + 0.5, fillcolor=RESIDUAL_COLOUR, opacity=0.12, line_width=0,
                  annotation_text=tr("effective"), annotation_position="top left", row=1, col=2)
    fig.add_trace(go.Bar(
        x=residual.lengths, y=residual.totals, marker_color=RESIDUAL_COLOUR, showlegend=False,
        hovertemplate=f"k = %{{x}}: %{{y:.3g}}<extra>{residual_label}</extra>",
    ), row=1, col=2)
    fig.add_annotation(x=residual.peak, y=max(t for t in residual.totals if math.isfinite(t)),
                       text=tr("peak", k=residual.peak), showarrow=True, arrowhead=2, row=1, col=2)
    fig.update_xaxes(title_text=tr("counts_x"))
    fig.update_yaxes(title_text=tr("magnitude_y"), type="log", row=1, col=1)
    fig.update_yaxes(title_text=tr("total_y"), row=1, col=2)
    fig.update_layout(legend=dict(orientation="h", y=-0.25, x=0))
    return base_layout(fig, title="", height=height)


def slice_figure(plain: NetStudy, residual: NetStudy, *, height: int = 360, lang: str | None = None) -> go.Figure:
    """The 1-D loss slices of both nets on one log axis."""
    tr = TEXT.bind(lang)
    fig = go.Figure()
    for study in (plain, residual):
        fig.add_trace(go.Scatter(
            x=study.slice.xs, y=study.slice.losses[0], mode="lines", name=study.label,
            line=dict(color=_colour(study), width=2.5),
            hovertemplate=f"α = %{{x:.2f}}: %{{y:.4f}}<extra>{study.label}</extra>",
        ))
    fig.update_xaxes(title_text=tr("slice_x"))
    fig.update_yaxes(title_text=tr("loss_y"), type="log")
    return base_layout(fig, title=tr("slice_title"), height=height)


def _log_losses(surface: LossSurface) -> np.ndarray:
    return np.log10(np.maximum(np.asarray(surface.losses, dtype=float), 1e-6))


def surface_figure(plain: NetStudy, residual: NetStudy, *, height: int = 440, lang: str | None = None) -> go.Figure:
    """Side-by-side contour maps of log10 training loss on the same axes and the same colour scale; the trained
    weights sit at (0, 0)."""
    tr = TEXT.bind(lang)
    grids = {study.label: _log_losses(study.surface) for study in (plain, residual)}
    low = min(float(g.min()) for g in grids.values())
    high = max(float(g.max()) for g in grids.values())
    fig = make_subplots(rows=1, cols=2, subplot_titles=(plain.label, residual.label), horizontal_spacing=0.08,
                        shared_yaxes=True)
    for col, study in enumerate((plain, residual), start=1):
        fig.add_trace(go.Contour(
            x=study.surface.xs, y=study.surface.ys, z=grids[study.label], zmin=low, zmax=high,
            colorscale=SEQUENTIAL, ncontours=20, showscale=col == 2, contours=dict(coloring="heatmap"),
            colorbar=dict(title=dict(text=tr("log_loss"))), line=dict(width=0.5, color="rgba(255,255,255,0.6)"),
            customdata=np.asarray(study.surface.losses),
            hovertemplate=f"α %{{x:.2f}}, β %{{y:.2f}}: %{{customdata:.4f}}<extra>{study.label}</extra>",
        ), row=1, col=col)
        fig.add_trace(go.Scatter(x=[0], y=[0], mode="markers", marker=dict(color="white", size=9, symbol="x",
                                                                         line=dict(color="black", width=1)),
                                 showlegend=False, hoverinfo="skip"), row=1, col=col)
        fig.update_xaxes(title_text=tr("surface_x"), scaleanchor=f"y{'' if col == 1 else col}", row=1, col=col)
    fig.update_yaxes(title_text=tr("surface_y"), row=1, col=1)
    return base_layout(fig, title=tr("surface_title"), height=height)


def shattered_figure(points: list[ShatteredPoint], depth: int, *, height: int = 420,
                     lang: str | None = None) -> go.Figure:
    """Left: the derivative along the line for the plain and residual net of ``depth`` layers, each scaled to its
    largest absolute value. Right: the lag-1 autocorrelation against depth for both."""
    tr = TEXT.bind(lang)
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1, column_widths=[0.58, 0.42],
                        subplot_titles=(tr("shattered_line_title", depth=depth), tr("shattered_depth_title")))
    for residual in (False, True):
        colour = RESIDUAL_COLOUR if residual else PLAIN_COLOUR
        label = f"{'ResNet' if residual else 'plain'}-{depth}"
        chosen = next(p for p in points if p.depth == depth and p.residual == residual)
        values = np.asarray(chosen.derivative)
        scale = float(np.max(np.abs(values))) or 1.0
        fig.add_trace(go.Scatter(
            x=np.linspace(0, 1, len(values)), y=values / scale, mode="lines", name=label,
            line=dict(color=colour, width=1.5), customdata=values,
            hovertemplate=f"t = %{{x:.3f}}: %{{customdata:.3g}}<extra>{label}</extra>",
        ), row=1, col=1)
        series = sorted((p for p in points if p.residual == residual), key=lambda p: p.depth)
        fig.add_trace(go.Scatter(
            x=[p.depth for p in series], y=[p.correlation for p in series], mode="lines+markers",
            name="ResNet" if residual else "plain", line=dict(color=colour, width=2.5), showlegend=False,
            hovertemplate="%{x}: %{y:.2f}<extra>" + ("ResNet" if residual else "plain") + "</extra>",
        ), row=1, col=2)
    fig.update_xaxes(title_text=tr("shattered_t"), row=1, col=1)
    fig.update_yaxes(title_text=tr("shattered_scaled"), range=[-1.05, 1.05], row=1, col=1)
    depths = sorted({p.depth for p in points})
    fig.update_xaxes(title_text=tr("shattered_depth_x"), type="log", tickvals=depths, ticktext=[str(d) for d in depths],
                     row=1, col=2)
    fig.update_yaxes(title_text=tr("shattered_corr_y"), range=[-0.2, 1.05], row=1, col=2)
    fig.update_layout(legend=dict(orientation="h", y=-0.22, x=0))
    return base_layout(fig, title="", height=height)
