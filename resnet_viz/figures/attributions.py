"""Figures for the attributions page: panels of maps, class probabilities, and the sanity checks.

Attribution maps have their channels summed into one (H, W) map and the chosen sign applied (see
``resnet_viz.analyses.attributions.signed_map``). Signed maps use the diverging scale centred on 0,
the others the sequential one. The colour range ends at a percentile of |value| (outliers saturate),
either per column or shared by every panel so that methods or models can be compared.

Every text a figure shows comes from :data:`TEXT`, in the language of the ``lang`` argument ("en" by default).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from resnet_viz.analyses.attributions import signed_map
from resnet_viz.figures._style import (
    DIVERGING,
    PLAIN_COLOUR,
    RESIDUAL_COLOUR,
    SEQUENTIAL,
    base_layout,
    colourise,
    png_data_uri,
)
from resnet_viz.i18n import Catalogue

__all__ = [
    "SIGN_TITLES",
    "TEXT",
    "VIEWS",
    "attribution_figure",
    "cascade_figure",
    "colour_limit",
    "delta_curve_figure",
    "mask_check_figure",
    "mask_share_figure",
    "overlay_rgb",
    "probability_figure",
    "view_labels",
]

TEXT = Catalogue("figures.attributions")
VIEWS = {"heatmap": TEXT.text("view_heatmap", "en"), "overlay": TEXT.text("view_overlay", "en")}  # for old callers
SIGN_TITLES = {sign: TEXT.text(f"sign_{sign}", "en") for sign in ("all", "positive", "negative", "absolute")}


def view_labels(lang: str | None = None) -> dict[str, str]:
    """The views a figure can draw (``heatmap``, ``overlay``) and their names in ``lang``."""
    tr = TEXT.bind(lang)
    return {view: tr(f"view_{view}") for view in VIEWS}


MAX_HEATMAP_CELLS = 96 * 96  # larger maps travel as PNG images (a 224x224 heat map is 50,176 numbers)
OVERLAY_ALPHA = 0.85


def colour_limit(*maps: np.ndarray, percentile: float = 99.0) -> float:
    """The end of the colour range: the ``percentile`` of |value| over all maps (> 0)."""
    values = np.abs(np.concatenate([np.asarray(m, dtype=np.float64).ravel() for m in maps]))
    limit = float(np.percentile(values, percentile)) if values.size else 0.0
    if limit <= 0:
        limit = float(values.max()) if values.size else 0.0
    return limit if limit > 0 else 1e-12


def _as_rgb(image: np.ndarray) -> np.ndarray:
    image = np.asarray(image)
    if image.dtype != np.uint8:
        image = np.round(np.clip(image, 0, 1) * 255).astype(np.uint8)
    return image


def overlay_rgb(image: np.ndarray, values: np.ndarray, *, signed: bool, limit: float) -> np.ndarray:
    """The image in grey with the coloured map on top; opacity grows with |value| / limit."""
    grey = _as_rgb(image).astype(np.float64).mean(axis=2, keepdims=True) / 255.0
    low = -limit if signed else 0.0
    colour = colourise(values, signed=signed, zrange=(low, limit)).astype(np.float64) / 255.0
    alpha = OVERLAY_ALPHA * np.clip(np.abs(values) / limit, 0, 1)[..., None]
    return np.round(255 * ((1 - alpha) * (0.35 + 0.65 * grey) + alpha * colour)).astype(np.uint8)


def _colorbar(title: str, x: float | None = None, y: float | None = None, length: float | None = None) -> dict:
    bar = dict(title=dict(text=title, side="right"), thickness=12)
    if x is not None:
        bar.update(x=x, xanchor="left", y=y, yanchor="middle", len=length)
    return bar


def _scale_trace(signed: bool, limit: float, colorbar: dict) -> go.Scatter:
    """A trace that draws nothing but a colour bar (for panels sent as images)."""
    return go.Scatter(x=[None], y=[None], mode="markers", hoverinfo="skip", showlegend=False,
                      marker=dict(color=[0.0], colorscale=DIVERGING if signed else SEQUENTIAL, showscale=True,
                                  cmin=-limit if signed else 0.0, cmax=limit, colorbar=colorbar))


def _mask_trace(mask: np.ndarray, name: str) -> go.Contour:
    return go.Contour(z=np.asarray(mask, dtype=float), contours=dict(start=0.5, end=0.5, size=1, coloring="lines"),
                      colorscale=[[0, "black"], [1, "black"]], line=dict(width=1.5, dash="dot"), showscale=False,
                      hoverinfo="skip", name=name)


def attribution_figure(image: np.ndarray, columns: list[tuple[str, np.ndarray]], *,
                       views: tuple[str, ...] = ("heatmap", "overlay"), show_original: bool = True,
                       sign: str = "all", shared_scale: bool = True, percentile: float = 99.0,
                       mask: np.ndarray | None = None, title: str = "", panel_px: int = 260,
                       lang: str | None = None) -> go.Figure:
    """One column per (title, (C, H, W) attributions), one row per view, the input image first.

    ``image`` is (H, W, 3), float in [0, 1] or uint8. ``mask`` (H, W) draws the object's outline.
    """
    tr = TEXT.bind(lang)
    views = tuple(v for v in views if v in VIEWS) or ("heatmap",)
    signed = sign == "all"
    maps = [signed_map(values, sign) for _, values in columns]
    shared = colour_limit(*maps, percentile=percentile) if maps else 1e-12
    limits = [shared if shared_scale else colour_limit(m, percentile=percentile) for m in maps]
    offset = 1 if show_original else 0
    n_cols, n_rows = len(columns) + offset, len(views)
    # room for each column's colour bar, or (one shared bar) for the row titles beside the first map column
    spacing = (0.035 if show_original else 0.02) if shared_scale else min(0.09, 0.3 / max(n_cols - 1, 1))
    titles = [""] * (n_rows * n_cols)
    if show_original:
        titles[0] = tr("input")
    for index, (name, _) in enumerate(columns):
        titles[offset + index] = name
    fig = make_subplots(rows=n_rows, cols=n_cols, subplot_titles=titles, horizontal_spacing=spacing,
                        vertical_spacing=0.06 if n_rows > 1 else 0.0)
    rgb = _as_rgb(image)
    height, width = rgb.shape[:2]
    if show_original:
        fig.add_trace(go.Image(z=rgb, hovertemplate=tr("hover_image")), 1, 1)
    cbar_title = tr(f"sign_{sign}")
    for index, (amap, limit) in enumerate(zip(maps, limits)):
        col = offset + index + 1
        zrange = (-limit if signed else 0.0, limit)
        for row, view in enumerate(views, start=1):
            axis = fig.get_subplot(row, col)
            if shared_scale:
                show = index == 0 and row == 1
                bar = _colorbar(cbar_title)
            else:
                show = row == 1
                domain_y = axis.yaxis.domain if n_rows == 1 else (0.0, 1.0)
                bar = _colorbar(cbar_title if index == len(maps) - 1 else "", x=axis.xaxis.domain[1] + 0.003,
                                y=sum(domain_y) / 2, length=(domain_y[1] - domain_y[0]))
            if view == "heatmap" and amap.size <= MAX_HEATMAP_CELLS:
                fig.add_trace(go.Heatmap(z=amap, zmin=zrange[0], zmax=zrange[1], zmid=0.0 if signed else None,
                                         colorscale=DIVERGING if signed else SEQUENTIAL, showscale=show,
                                         colorbar=bar, hovertemplate=tr("hover_map")),
                              row, col)
            else:
                pixels = (colourise(amap, signed=signed, zrange=zrange) if view == "heatmap"
                          else overlay_rgb(rgb, amap, signed=signed, limit=limit))
                fig.add_trace(go.Image(source=png_data_uri(pixels), hoverinfo="skip"), row, col)
                if show:
                    fig.add_trace(_scale_trace(signed, limit, bar), row, col)
            if mask is not None:
                fig.add_trace(_mask_trace(mask, tr("outline")), row, col)
    fig.update_xaxes(showticklabels=False, showgrid=False, zeroline=False, range=[-0.5, width - 0.5],
                     constrain="domain")
    fig.update_yaxes(showticklabels=False, showgrid=False, zeroline=False, range=[height - 0.5, -0.5],
                     constrain="domain")
    for row in range(1, n_rows + 1):
        for col in range(1, n_cols + 1):
            axis = fig.get_subplot(row, col)
            fig.update_yaxes(scaleanchor=axis.xaxis.plotly_name.replace("axis", ""), row=row, col=col)
        label = tr(f"view_{views[row - 1]}")
        # beside the first map of every row (not the input image, which sits in row 1 only)
        fig.update_yaxes(title_text=tr("row_title", view=label, height=height, width=width), row=row,
                         col=min(offset + 1, n_cols))
    scale = tr("scale_shared" if shared_scale else "scale_own")
    heading = (tr("map_title", title=title, scale=scale, percentile=f"{percentile:g}") if title
               else tr("map_title_bare", scale=scale, percentile=f"{percentile:g}"))
    extra = 18 * max((name.count("<br>") for name, _ in columns), default=0)  # room for two-line column titles
    base_layout(fig, title=heading, height=int(80 + extra + panel_px * n_rows))
    fig.update_layout(margin=dict(l=70, r=80, t=80 + extra, b=20))
    return fig


def probability_figure(labels: list[str], probabilities: np.ndarray, *, target: int, top: int = 6,
                       title: str | None = None, lang: str | None = None) -> go.Figure:
    """Horizontal bars of the ``top`` most likely classes (%), the target class marked."""
    tr = TEXT.bind(lang)
    probabilities = np.asarray(probabilities, dtype=np.float64)
    order = list(np.argsort(-probabilities)[:top])
    if target not in order:
        order.append(target)
    order = order[::-1]
    names = [f"{'➤ ' if i == target else ''}{labels[i]} ({i})" for i in order]
    values = probabilities[order] * 100
    fig = go.Figure(go.Bar(
        x=values, y=names, orientation="h", text=[f"{v:.1f}%" for v in values], textposition="outside",
        marker=dict(color=[RESIDUAL_COLOUR if i == target else "#9aa5b1" for i in order]),
        hovertemplate="%{y}: %{x:.2f}%<extra></extra>", cliponaxis=False,
    ))
    fig.update_xaxes(title_text=tr("prob_x"), range=[0, 118])
    fig.update_yaxes(title_text=tr("prob_y"), automargin=True)
    return base_layout(fig, title=tr("prob_title_marked", title=title or tr("prob_title")),
                       height=int(140 + 30 * len(order)))


def delta_curve_figure(curve: list[tuple[int, float]], *, chosen: int | None = None,
                       lang: str | None = None) -> go.Figure:
    """|convergence delta| of Integrated Gradients against the number of integration steps (log-log)."""
    tr = TEXT.bind(lang)
    steps = [n for n, _ in curve]
    deltas = [max(d, 1e-12) for _, d in curve]
    fig = go.Figure(go.Scatter(x=steps, y=deltas, mode="lines+markers", line=dict(color=RESIDUAL_COLOUR),
                               hovertemplate=tr("delta_hover"), name=tr("delta_name")))
    if chosen is not None:  # a trace, not add_vline: shapes on log axes take log10 coordinates
        fig.add_trace(go.Scatter(x=[chosen, chosen], y=[min(deltas), max(deltas)], mode="lines",
                                 line=dict(color="grey", dash="dot"), name=tr("delta_chosen", steps=chosen),
                                 hoverinfo="skip"))
    fig.update_xaxes(type="log", title_text=tr("delta_x"))
    fig.update_yaxes(type="log", title_text=tr("delta_y"))
    return base_layout(fig, title=tr("delta_title"), height=340)


def cascade_figure(stages: list[str], signed: list[float], absolute: list[float], *, method: str,
                   lang: str | None = None) -> go.Figure:
    """Spearman correlation between trained and randomised maps as more stages are randomised (top down)."""
    tr = TEXT.bind(lang)
    labels = [f"{i + 1}: +{name}" if i else f"1: {name}" for i, name in enumerate(stages)]
    fig = go.Figure()
    for values, name, colour in ((absolute, tr("cascade_abs"), RESIDUAL_COLOUR),
                                 (signed, tr("cascade_signed"), PLAIN_COLOUR)):
        fig.add_trace(go.Scatter(x=labels, y=values, mode="lines+markers", name=name, line=dict(color=colour),
                                 hovertemplate="%{x}: ρ = %{y:.2f}<extra>" + name + "</extra>"))
    fig.add_hline(y=0, line=dict(color="grey", dash="dot"))
    fig.update_xaxes(title_text=tr("cascade_x"))
    fig.update_yaxes(title_text=tr("cascade_y"), range=[-1.05, 1.05])
    return base_layout(fig, title=tr("cascade_title", method=method), height=360)


def mask_share_figure(names: list[str], shares: list[float], area_share: float, *,
                      lang: str | None = None) -> go.Figure:
    """Per method: % of the positive attribution inside the object, against the object's % of the image."""
    tr = TEXT.bind(lang)
    values = [100 * s for s in shares]
    fig = go.Figure(go.Bar(x=names, y=values, text=[f"{v:.0f}%" for v in values], textposition="outside",
                           marker=dict(color=RESIDUAL_COLOUR), name=tr("share_name"),
                           hovertemplate=tr("share_hover"),
                           cliponaxis=False))
    fig.add_hline(y=100 * area_share, line=dict(color="black", dash="dash"))
    fig.add_hline(y=min(100.0, 200 * area_share), line=dict(color="grey", dash="dot"))
    for y, text in ((100 * area_share, tr("chance")), (min(100.0, 200 * area_share), tr("twice_chance"))):
        fig.add_annotation(x=1.0, xref="paper", xanchor="left", y=y, text=text, showarrow=False,
                           font=dict(size=11))
    fig.update_xaxes(title_text=tr("share_x"))
    fig.update_yaxes(title_text=tr("share_y"), range=[0, 112])
    fig = base_layout(fig, title=tr("share_title", area=f"{100 * area_share:.0f}"), height=380)
    fig.update_layout(margin=dict(r=80))
    return fig


def mask_check_figure(shares: np.ndarray, area_shares: np.ndarray, correct: np.ndarray, *,
                      lang: str | None = None) -> go.Figure:
    """One dot per image: object's share of the image (x) vs share of positive IG attribution on it (y)."""
    tr = TEXT.bind(lang)
    fig = go.Figure()
    top = 100.0
    fig.add_trace(go.Scatter(x=[0, top], y=[0, top], mode="lines", line=dict(color="black", dash="dash"),
                             name=tr("check_chance"), hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=[0, top / 2], y=[0, top], mode="lines", line=dict(color="grey", dash="dot"),
                             name=tr("check_goal"), hoverinfo="skip"))
    for ok, name, colour in ((True, tr("check_correct"), RESIDUAL_COLOUR), (False, tr("check_wrong"), PLAIN_COLOUR)):
        pick = np.asarray(correct, dtype=bool) == ok
        if pick.any():
            fig.add_trace(go.Scatter(x=100 * np.asarray(area_shares)[pick], y=100 * np.asarray(shares)[pick],
                                     mode="markers", name=name, marker=dict(color=colour, size=8),
                                     hovertemplate=tr("check_hover")))
    fig.update_xaxes(title_text=tr("check_x"), range=[0, 60])
    fig.update_yaxes(title_text=tr("check_y"), range=[0, 102])
    return base_layout(fig, title=tr("check_title", count=len(shares)), height=420)
