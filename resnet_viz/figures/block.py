"""Heat maps of the worked block's tensors: one stage's channels (clickable), and the whole pipeline."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from resnet_viz.figures._style import FONT, base_layout, colourbar_trace, colourise, heatmap, png_data_uri
from resnet_viz.i18n import Catalogue

__all__ = ["RGB_NAMES", "TEXT", "channel_names", "clicked_position", "lock_maps", "map_scale", "pipeline_overview",
           "stage_maps"]

TEXT = Catalogue("figures.block")
RGB_NAMES = tuple(TEXT.text(f"rgb_{c}", "en") for c in range(3))
HIGHLIGHT = "#ff7f0e"


def channel_names(stage_key: str, channels: int, *, lang: str | None = None) -> list[str]:
    tr = TEXT.bind(lang)
    if stage_key == "x" and channels == 3:
        return [tr(f"rgb_{c}") for c in range(3)]
    return [tr("channel", c=c) for c in range(channels)]


def map_scale(*arrays: np.ndarray) -> tuple[bool, tuple[float, float]]:
    """(signed, range) shared by ``arrays``: symmetric around 0 if any value is negative, else [0, max]."""
    low = min(float(np.min(a)) for a in arrays)
    high = max(float(np.max(np.abs(a))) for a in arrays)
    high = high if high > 0 else 1e-12
    return (True, (-high, high)) if low < 0 else (False, (0.0, high))


def lock_maps(fig: go.Figure, shapes: Sequence[tuple[int, int]], cols: int) -> go.Figure:
    """Square pixels and exact extents for heat-map subplots (row 0 at the top); ``shapes`` lists the
    (height, width) of each subplot in make_subplots order."""
    for index, (height, width) in enumerate(shapes):
        row, col = index // cols + 1, index % cols + 1
        fig.update_xaxes(range=[-0.5, width - 0.5], constrain="domain", showgrid=False, zeroline=False,
                         row=row, col=col)
        fig.update_yaxes(range=[height - 0.5, -0.5], constrain="domain", showgrid=False, zeroline=False,
                         scaleanchor="x" if index == 0 else f"x{index + 1}", row=row, col=col)
    return fig


def stage_maps(values: np.ndarray, *, title: str, names: Sequence[str] | None = None,
               zrange: tuple[float, float] | None = None, signed: bool | None = None,
               marker: tuple[int, int, int] | None = None, colorbar_title: str | None = None,
               height: int = 330, lang: str | None = None) -> go.Figure:
    """One heat map per channel of a (C, H, W) tensor, sharing one colour scale.

    Each map carries an invisible point per pixel so that a click selects (channel, row, column): trace
    ``2c + 1`` is channel c's point layer. The layers are WebGL points: as SVG, 3 × 64 × 64 invisible markers
    took the browser over a second to draw on every change of stage. ``marker`` outlines one position.
    """
    tr = TEXT.bind(lang)
    colorbar_title = tr("value") if colorbar_title is None else colorbar_title
    channels, height_px, width_px = values.shape
    if signed is None or zrange is None:
        signed, zrange = map_scale(values)
    names = list(names or channel_names("", channels, lang=lang))
    fig = make_subplots(rows=1, cols=channels, subplot_titles=names, horizontal_spacing=0.05)
    rows, cols = np.meshgrid(np.arange(height_px), np.arange(width_px), indexing="ij")
    for c in range(channels):
        z = values[c].astype(np.float32)
        fig.add_trace(heatmap(z, signed=signed, zrange=zrange, colorbar_title=colorbar_title,
                              showscale=c == channels - 1, hoverinfo="skip"), row=1, col=c + 1)
        fig.add_trace(go.Scattergl(
            x=cols.ravel(), y=rows.ravel(), mode="markers", customdata=z.ravel(), showlegend=False,
            marker=dict(size=5, opacity=0), selected=dict(marker=dict(opacity=0)),
            unselected=dict(marker=dict(opacity=0)), name=names[c],
            hovertemplate=f"{names[c]}<br>{tr('row_i')} = %{{y}}, {tr('column_j')} = %{{x}}<br>{tr('value')} "
                          "%{customdata:.4f}<extra></extra>",
        ), row=1, col=c + 1)
    lock_maps(fig, [(height_px, width_px)] * channels, channels)
    fig.update_xaxes(title_text=tr("column_j"))
    fig.update_yaxes(title_text=tr("row_i"), row=1, col=1)
    if marker is not None:
        mc, mi, mj = marker
        fig.add_shape(type="rect", x0=mj - 1.5, x1=mj + 1.5, y0=mi - 1.5, y1=mi + 1.5, row=1, col=mc + 1,
                      line=dict(color=HIGHLIGHT, width=2))
    base_layout(fig, title=title, height=height)
    fig.update_layout(margin=dict(l=50, r=20, t=80, b=40), clickmode="event+select", hovermode="closest")
    return fig


def clicked_position(points: Sequence[dict], shape: tuple[int, int, int]) -> tuple[int, int, int] | None:
    """(c, i, j) of the first clicked pixel of a :func:`stage_maps` figure, or None if nothing usable."""
    channels, height, width = shape
    for point in points or ():
        try:
            curve, x, y = int(point["curve_number"]), int(round(float(point["x"]))), int(round(float(point["y"])))
        except (KeyError, TypeError, ValueError):
            continue
        c = (curve - 1) // 2
        if curve % 2 == 1 and 0 <= c < channels and 0 <= y < height and 0 <= x < width:
            return c, y, x
    return None


def pipeline_overview(tensors: dict[str, np.ndarray], keys: Sequence[str], labels: Sequence[str], *,
                      title: str, highlight: str | None = None, lang: str | None = None) -> go.Figure:
    """Every stage at once: one column per stage (left to right), one row per channel.

    Maps are sent as PNG images (small payload); each column has its own colour bar below it, diverging
    when the stage has negative values.
    """
    tr = TEXT.bind(lang)
    channels = tensors[keys[0]].shape[0]
    n = len(keys)
    fig = make_subplots(rows=channels, cols=n, column_titles=list(labels), horizontal_spacing=0.012,
                        vertical_spacing=0.02, row_titles=[tr("channel_short", c=c) for c in range(channels)])
    for k, key in enumerate(keys):
        signed, zrange = map_scale(tensors[key])
        rgb = colourise(tensors[key], signed=signed, zrange=zrange)  # (C, H, W, 3): one colour table per stage
        for c in range(channels):
            fig.add_trace(go.Image(source=png_data_uri(rgb[c]), hoverinfo="skip"), row=c + 1, col=k + 1)
        domain = fig.layout[f"xaxis{k + 1 if k else ''}"].domain
        fig.add_trace(colourbar_trace(signed, zrange, xaxis=f"x{k + 1 if k else ''}", yaxis=f"y{k + 1 if k else ''}",
                                      orientation="h", x=(domain[0] + domain[1]) / 2, xanchor="center", y=-0.02,
                                      yanchor="top", len=domain[1] - domain[0], thickness=10,
                                      tickfont=dict(size=10), nticks=4))
    fig.update_xaxes(showticklabels=False, showgrid=False, zeroline=False)
    fig.update_yaxes(showticklabels=False, showgrid=False, zeroline=False)
    if highlight in keys:
        k = list(keys).index(highlight)
        domain = fig.layout[f"xaxis{k + 1 if k else ''}"].domain
        fig.add_shape(type="rect", xref="paper", yref="paper", x0=domain[0] - 0.004, x1=domain[1] + 0.004,
                      y0=-0.005, y1=1.005, line=dict(color=HIGHLIGHT, width=3))
    base_layout(fig, title=title, height=130 * channels + 140)
    fig.update_layout(margin=dict(l=20, r=40, t=90, b=70), font=FONT)
    fig.update_annotations(font=dict(size=12))
    return fig
