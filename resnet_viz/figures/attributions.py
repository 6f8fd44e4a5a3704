"""Figures for the attributions page: panels of maps, class probabilities, and the sanity checks.

Attribution maps have their channels summed into one (H, W) map and the chosen sign applied (see
``resnet_viz.analyses.attributions.signed_map``). Signed maps use the diverging scale centred on 0,
the others the sequential one. The colour range ends at a percentile of |value| (outliers saturate),
either per column or shared by every panel so that methods or models can be compared.

Every text a figure shows comes from :data:`TEXT`, in the language of the ``lang`` argument ("en" by default).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

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
    "PieceFrame",
    "attribution_heading",
    "attribution_panels",
    "cascade_figure",
    "colour_limit",
    "delta_curve_figure",
    "fit_title",
    "map_side",
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


# Sizes of the map pieces, in pixels. A grid of maps is drawn as one small figure per column (the input, then each
# method), placed side by side by the page in a row that wraps: on a classroom screen they stand in one row, on a
# phone two or one to a row, where one wide figure only shrank until its column titles overlapped.
ROW_PX = 900  # the row the pieces fill on a wide screen (the page is about 940 px wide at 1400 px)
PANEL_GAP_PX = 16  # between two pieces (Streamlit's "small" gap)
MAP_PX = (96, 250)  # a map's side: at least (two pieces still fit side by side on a phone), at most
PAD_PX = 6
ROW_GAP_PX = 14  # between the views (rows) of one piece
TITLE_LINE_PX = 18
TITLE_FONT_PX = 14
LABEL_PX = 46  # the row titles, left of the first piece of maps (two lines, turned)
BAR_PX = 58  # a colour bar with its tick labels
BAR_TITLE_PX = 36  # the colour bar's title (two lines, turned): on the last bar only


@dataclass(frozen=True)
class PieceFrame:
    """Where one piece's maps sit: ``rows`` square maps of ``side`` pixels, one above the other, inside margins."""

    side: int
    rows: int
    left: int
    right: int
    top: int
    bottom: int = PAD_PX

    @property
    def width(self) -> int:
        return self.left + self.side + self.right

    @property
    def height(self) -> int:
        return self.top + self.rows * self.side + (self.rows - 1) * ROW_GAP_PX + self.bottom

    def domain(self, row: int) -> tuple[float, float]:
        """The y domain (paper fraction, 0 at the bottom) of map ``row`` (0 at the top)."""
        plot = self.height - self.top - self.bottom
        top = 1.0 - row * (self.side + ROW_GAP_PX) / plot
        return max(0.0, top - self.side / plot), top


def _text_px(text: str) -> float:
    """A rough width of one line of title text in pixels (CJK characters are about twice as wide)."""
    return sum(TITLE_FONT_PX if ch >= "\u2e80" else 0.55 * TITLE_FONT_PX for ch in text)


def fit_title(text: str, width: int) -> str:
    """``text`` with every line that would be wider than ``width`` pixels broken in two at a space
    (before a parenthesis when there is one)."""
    lines = []
    for line in text.split("<br>"):
        if _text_px(line) <= width or " " not in line:
            lines.append(line)
            continue
        cut = line.rfind(" (") if " (" in line else min(
            (i for i, ch in enumerate(line) if ch == " "), key=lambda i: abs(i - len(line) / 2))
        lines += [line[:cut], line[cut + 1:]]
    return "<br>".join(lines)


def map_side(margins: list[tuple[int, int]], row_px: int = ROW_PX) -> int:
    """The side of every map when pieces with these (left, right) margins fill one row of ``row_px`` pixels,
    kept within :data:`MAP_PX`."""
    free = row_px - sum(left + right for left, right in margins) - PANEL_GAP_PX * (len(margins) - 1)
    return int(min(MAP_PX[1], max(MAP_PX[0], free // max(len(margins), 1))))


def _colorbar(title: str, frame: PieceFrame) -> dict:
    """A colour bar beside the maps of a piece, as tall as all its rows."""
    return dict(title=dict(text=title, side="right", font=dict(size=12)), thickness=12, tickfont=dict(size=11),
                x=1.0 + 4 / frame.side, xanchor="left", xpad=0, y=0.5, yanchor="middle", len=1.0, ypad=0)


def _scale_trace(signed: bool, limit: float, colorbar: dict, xaxis: str, yaxis: str) -> go.Scatter:
    """A trace that draws nothing but a colour bar (for panels sent as images)."""
    return go.Scatter(x=[None], y=[None], mode="markers", hoverinfo="skip", showlegend=False, xaxis=xaxis,
                      yaxis=yaxis, marker=dict(color=[0.0], colorscale=DIVERGING if signed else SEQUENTIAL,
                                               showscale=True, cmin=-limit if signed else 0.0, cmax=limit,
                                               colorbar=colorbar))


def _mask_trace(mask: np.ndarray, name: str, xaxis: str, yaxis: str) -> go.Contour:
    return go.Contour(z=np.asarray(mask, dtype=float), contours=dict(start=0.5, end=0.5, size=1, coloring="lines"),
                      colorscale=[[0, "black"], [1, "black"]], line=dict(width=1.5, dash="dot"), showscale=False,
                      hoverinfo="skip", name=name, xaxis=xaxis, yaxis=yaxis)


def _axes(row: int) -> tuple[str, str]:
    """The trace references of map ``row`` (0 at the top): ("x", "y"), ("x2", "y2"), ..."""
    suffix = "" if row == 0 else str(row + 1)
    return f"x{suffix}", f"y{suffix}"


def _piece(title: str, frame: PieceFrame, height: int, width: int, labels: list[str] | None = None) -> go.Figure:
    """An empty piece: its title, and one square pair of axes per row for maps of ``height`` x ``width`` pixels;
    ``labels`` are the rows' titles, written left of the maps."""
    fig = go.Figure()
    axes = {}
    for row in range(frame.rows):
        x, y = _axes(row)
        common = dict(showticklabels=False, showgrid=False, zeroline=False, constrain="domain")
        axes[f"xaxis{x[1:]}"] = dict(common, domain=[0.0, 1.0], anchor=y, range=[-0.5, width - 0.5])
        axes[f"yaxis{y[1:]}"] = dict(common, domain=list(frame.domain(row)), anchor=x, scaleanchor=x,
                                     range=[height - 0.5, -0.5],
                                     title=dict(text=labels[row], font=dict(size=12), standoff=4) if labels else None)
    fig.update_layout(**axes)
    base_layout(fig, title="", height=frame.height)
    fig.update_layout(width=frame.width, margin=dict(l=frame.left, r=frame.right, t=frame.top, b=frame.bottom,
                                                     autoexpand=False))
    # An annotation, not the layout's title: Plotly places a title of two lines by its first line only. Centred on
    # the whole piece (x in fractions of the maps' width), just above the maps.
    fig.add_annotation(text=title, xref="paper", x=(frame.width / 2 - frame.left) / frame.side, xanchor="center",
                       yref="paper", y=1.0, yanchor="bottom", yshift=6, showarrow=False,
                       font=dict(size=TITLE_FONT_PX, color="#2a3f5f"))
    return fig


def attribution_heading(title: str = "", *, shared_scale: bool = True, percentile: float = 99.0,
                        lang: str | None = None) -> str:
    """The line above a grid of maps: what it shows and how its colour range is set."""
    tr = TEXT.bind(lang)
    scale = tr("scale_shared" if shared_scale else "scale_own")
    return (tr("map_title", title=title, scale=scale, percentile=f"{percentile:g}") if title
            else tr("map_title_bare", scale=scale, percentile=f"{percentile:g}"))


def attribution_panels(image: np.ndarray, columns: list[tuple[str, np.ndarray]], *,
                       views: tuple[str, ...] = ("heatmap", "overlay"), show_original: bool = True,
                       sign: str = "all", shared_scale: bool = True, percentile: float = 99.0,
                       mask: np.ndarray | None = None, row_px: int = ROW_PX,
                       lang: str | None = None) -> tuple[go.Figure, ...]:
    """One figure per column of a grid of maps: the input image first, then one per (title, (C, H, W) attributions)
    with a map per view, one above the other. Place them side by side in a row that wraps
    (:func:`attribution_heading` is the line above them).

    Every piece has the same map size, chosen so that the pieces fill one row of ``row_px`` pixels. The row titles
    stand left of the first piece of maps; with ``shared_scale`` every map has the same zmin/zmax and the last
    piece carries the one colour bar, otherwise every piece carries its own. ``image`` is (H, W, 3), float in
    [0, 1] or uint8; ``mask`` (H, W) draws the object's outline on every map.
    """
    tr = TEXT.bind(lang)
    views = tuple(v for v in views if v in VIEWS) or ("heatmap",)
    signed = sign == "all"
    maps = [signed_map(values, sign) for _, values in columns]
    shared = colour_limit(*maps, percentile=percentile) if maps else 1e-12
    limits = [shared if shared_scale else colour_limit(m, percentile=percentile) for m in maps]
    rgb = _as_rgb(image)
    height, width = rgb.shape[:2]
    last = len(maps) - 1
    bars = [not shared_scale or index == last for index in range(len(maps))]
    margins = ([(PAD_PX, PAD_PX)] if show_original else []) + [
        (LABEL_PX if index == 0 else PAD_PX, (BAR_PX if bar else PAD_PX) + (BAR_TITLE_PX if index == last else 0))
        for index, bar in enumerate(bars)]
    side = map_side(margins, row_px)
    names = ([tr("input")] if show_original else []) + [name for name, _ in columns]
    titles = [fit_title(name, side + left + right - 8) for name, (left, right) in zip(names, margins)]
    top = PAD_PX + 8 + TITLE_LINE_PX * max(t.count("<br>") + 1 for t in titles) if titles else PAD_PX
    pieces = []
    if show_original:
        frame = PieceFrame(side, 1, PAD_PX, PAD_PX, top)
        fig = _piece(titles[0], frame, height, width)
        fig.add_trace(go.Image(z=rgb, hovertemplate=tr("hover_image")))
        pieces.append(fig)
    labels = [tr("row_title", view=tr(f"view_{view}"), height=height, width=width) for view in views]
    offset = len(pieces)
    cbar_title = tr(f"sign_{sign}")
    for index, (amap, limit) in enumerate(zip(maps, limits)):
        left, right = margins[offset + index]
        frame = PieceFrame(side, len(views), left, right, top)
        fig = _piece(titles[offset + index], frame, height, width, labels if index == 0 else None)
        bar = _colorbar(cbar_title if index == last else "", frame)
        zrange = (-limit if signed else 0.0, limit)
        for row, view in enumerate(views):
            x, y = _axes(row)
            show = bars[index] and row == 0
            if view == "heatmap" and amap.size <= MAX_HEATMAP_CELLS:
                fig.add_trace(go.Heatmap(z=amap, zmin=zrange[0], zmax=zrange[1], zmid=0.0 if signed else None,
                                         colorscale=DIVERGING if signed else SEQUENTIAL, showscale=show,
                                         colorbar=bar, hovertemplate=tr("hover_map"), xaxis=x, yaxis=y))
            else:
                pixels = (colourise(amap, signed=signed, zrange=zrange) if view == "heatmap"
                          else overlay_rgb(rgb, amap, signed=signed, limit=limit))
                fig.add_trace(go.Image(source=png_data_uri(pixels), hoverinfo="skip", xaxis=x, yaxis=y))
                if show:
                    fig.add_trace(_scale_trace(signed, limit, bar, x, y))
            if mask is not None:
                fig.add_trace(_mask_trace(mask, tr("outline"), x, y))
        pieces.append(fig)
    return tuple(pieces)


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
    # under the bars, which then keep their value labels readable where a line crosses them
    fig.add_hline(y=100 * area_share, line=dict(color="black", dash="dash"), layer="below")
    fig.add_hline(y=min(100.0, 200 * area_share), line=dict(color="grey", dash="dot"), layer="below")
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
