"""Figures of the feature-map page. Channel grids travel as ONE compressed PNG per chart, not as a heat map
per channel, so a page of grids stays far below 2 MB in the browser. Every builder takes ``lang`` ("en" or
"zh") for its labels; titles come from the caller."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from resnet_viz.analyses.features_view import ChannelStats
from resnet_viz.figures._style import (
    DIVERGING,
    PLAIN_COLOUR,
    RESIDUAL_COLOUR,
    SEQUENTIAL,
    base_layout,
    colourise,
    css_gradient,
    heatmap,
    png_data_uri,
    value_range,
)
from resnet_viz.i18n import Catalogue

__all__ = [
    "TEXT",
    "ColourKey",
    "GridLayout",
    "PicturePanel",
    "StageOverview",
    "channel_grid",
    "channel_heatmap",
    "channel_means",
    "grid_layout",
    "grid_picture",
    "receptive_field_figure",
    "receptive_field_growth",
    "stage_overview",
]

SCALES = ("local", "global")
GRID_PIXEL_BUDGET = 160_000  # pixels of one grid PNG (before gutters): keeps a grid well under 1 MB
MIN_TILE_PX = 48  # small maps (7×7) are enlarged by an integer factor, without smoothing
GUTTER = 2

TEXT = Catalogue("figures.feature_maps")


def _ticks(signed: bool, tr) -> dict:
    """Colour-bar ticks of a scale normalised per map: ±max|a| around 0, or min..max."""
    if signed:
        return dict(tickvals=[-1, 0, 1], ticktext=[tr("tick_neg"), "0", tr("tick_pos")])
    return dict(tickvals=[0, 1], ticktext=[tr("tick_min"), tr("tick_max")])


@dataclass(frozen=True)
class GridLayout:
    columns: int
    rows: int
    tile: int  # side of one tile in PNG pixels
    factor: float  # tile pixels per feature-map pixel (>1 enlarged, <1 averaged down)

    def origin(self, index: int) -> tuple[int, int]:
        """(x, y) of the top-left pixel of tile ``index`` in the PNG."""
        row, col = divmod(index, self.columns)
        return col * (self.tile + GUTTER), row * (self.tile + GUTTER)

    @property
    def size(self) -> tuple[int, int]:
        return self.columns * (self.tile + GUTTER) - GUTTER, self.rows * (self.tile + GUTTER) - GUTTER


def grid_layout(count: int, side: int, columns: int | None = None) -> GridLayout:
    columns = columns or max(1, min(count, math.ceil(math.sqrt(count))))
    rows = math.ceil(count / columns)
    if side < MIN_TILE_PX:
        tile = side * max(1, round(MIN_TILE_PX / side))
    else:
        down = max(1, math.ceil(side / math.sqrt(GRID_PIXEL_BUDGET / count)))
        tile = side // down
    return GridLayout(columns, rows, tile, tile / side)


def _resize_tile(values: np.ndarray, tile: int) -> np.ndarray:
    side = values.shape[0]
    if tile >= side:
        return np.repeat(np.repeat(values, tile // side, axis=0), tile // side, axis=1)
    down = side // tile  # average non-overlapping down x down squares (crop the remainder)
    cropped = values[: tile * down, : tile * down]
    return cropped.reshape(tile, down, tile, down).mean(axis=(1, 3))


def grid_picture(
    maps: np.ndarray, channels: Sequence[int], *, signed: bool, scale: str = "local",
    zrange: tuple[float, float] | None = None, columns: int | None = None,
) -> tuple[np.ndarray, GridLayout]:
    """The chosen channels of a (C, H, W) array as one RGB uint8 picture and its tile layout.

    ``scale="local"`` gives every tile its own colour range (signed: ±max|value|; else min..max);
    ``"global"`` uses ``zrange`` (or the range over all shown channels) for every tile.
    """
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {SCALES}, got {scale!r}")
    if maps.ndim != 3 or maps.shape[1] != maps.shape[2]:
        raise ValueError(f"expected square (C, H, W) maps, got {maps.shape}")
    layout = grid_layout(len(channels), maps.shape[1], columns)
    width, height = layout.size
    # Scale every tile to a common [low, high] first, then colour the whole mosaic in one call.
    low, high = (-1.0, 1.0) if signed else (0.0, 1.0)
    canvas = np.full((height, width), low)
    gutter = np.ones((height, width), dtype=bool)
    shared = zrange or value_range(maps[list(channels)], signed=signed)
    for index, channel in enumerate(channels):
        values = maps[channel]
        tile_low, tile_high = shared if scale == "global" else value_range(values, signed=signed)
        scaled = low + (values - tile_low) / (tile_high - tile_low) * (high - low)
        x, y = layout.origin(index)
        canvas[y:y + layout.tile, x:x + layout.tile] = _resize_tile(np.clip(scaled, low, high), layout.tile)
        gutter[y:y + layout.tile, x:x + layout.tile] = False
    picture = colourise(canvas, signed=signed, zrange=(low, high))
    picture[gutter] = 255
    return picture, layout


def channel_grid(maps: np.ndarray, channels: Sequence[int], *, signed: bool, scale: str = "local",
                 zrange: tuple[float, float] | None = None, title: str = "", stats: ChannelStats | None = None,
                 columns: int | None = None, colorbar_title: str | None = None, lang: str | None = None) -> go.Figure:
    """A channel grid as one PNG, with an invisible dot on every tile for hovering and clicking."""
    tr = TEXT.bind(lang)
    picture, layout = grid_picture(maps, channels, signed=signed, scale=scale, zrange=zrange, columns=columns)
    width, height = layout.size
    fig = go.Figure(go.Image(source=png_data_uri(picture), x0=0, y0=0, dx=1, dy=1, hoverinfo="skip"))
    shared = zrange or value_range(maps[list(channels)], signed=signed)
    # The colour bar lies under the grid: on a phone, where the chart is as narrow as the screen, a bar beside it
    # took a third of the width from the tiles.
    under = dict(thickness=10, orientation="h", x=0.5, xanchor="center", len=0.7, y=-0.16, yanchor="top", ypad=0)
    if scale == "global":
        cmin, cmax = shared
        colorbar = dict(title=dict(text=tr("activation") if colorbar_title is None else colorbar_title,
                                   side="top", font=dict(size=12)), **under)
    else:
        cmin, cmax = (-1.0, 1.0) if signed else (0.0, 1.0)
        colorbar = dict(title=dict(text=tr("per_channel"), side="top", font=dict(size=12)), **_ticks(signed, tr),
                        **under)
    xs, ys, text = [], [], []
    for index, channel in enumerate(channels):
        x, y = layout.origin(index)
        xs.append(x + layout.tile / 2)
        ys.append(y + layout.tile / 2)
        line = tr("channel", channel=channel)
        if stats is not None:
            row = stats.row(channel)
            line += "<br>" + tr("channel_stats", mean=f"{row['mean']:.4g}", std=f"{row['std']:.4g}",
                                min=f"{row['min']:.4g}", max=f"{row['max']:.4g}",
                                positive=f"{100 * row['positive']:.1f}")
        text.append(line + f"<br><i>{tr('click')}</i>")
    fig.add_trace(go.Scatter(
        x=xs, y=ys, mode="markers", customdata=list(channels), hovertemplate="%{text}<extra></extra>", text=text,
        marker=dict(size=max(8, min(40, layout.tile // 2)), opacity=0.0, color=[cmin] * len(xs), cmin=cmin, cmax=cmax,
                    colorscale=DIVERGING if signed else SEQUENTIAL, showscale=True, colorbar=colorbar),
        showlegend=False, name="channels",
    ))
    if len(channels) <= 64:
        for index, channel in enumerate(channels):
            x, y = layout.origin(index)
            fig.add_annotation(x=x + 1, y=y + 1, text=str(channel), showarrow=False, xanchor="left", yanchor="top",
                               font=dict(size=9, color="white"), bgcolor="rgba(0,0,0,0.45)", borderpad=1)
    base_layout(fig, title=title, height=480)
    fig.update_xaxes(range=[-0.5, width - 0.5], showticklabels=False, showgrid=False, zeroline=False,
                     constrain="domain",
                     title_text=tr("grid_x", count=len(channels), height=maps.shape[1], width=maps.shape[2]))
    fig.update_yaxes(range=[height - 0.5, -0.5], showticklabels=False, showgrid=False, zeroline=False,
                     scaleanchor="x", constrain="domain", title_text="")
    fig.update_layout(clickmode="event+select", hovermode="closest", hoverdistance=-1, dragmode=False,
                      margin=dict(l=10, r=10, t=60, b=110, autoexpand=False))  # the grid centred, bar below
    return fig


def channel_heatmap(values: np.ndarray, *, signed: bool, zrange: tuple[float, float] | None = None,
                    title: str = "", lang: str | None = None) -> go.Figure:
    """One channel at full resolution, every value on hover."""
    tr = TEXT.bind(lang)
    fig = go.Figure(heatmap(values, signed=signed, zrange=zrange, colorbar_title=tr("activation"),
                            hovertemplate=tr("heat_hover") + "<extra></extra>"))
    base_layout(fig, title=title, height=420)
    fig.update_xaxes(title_text=tr("heat_x", last=values.shape[1] - 1), constrain="domain")
    # both axes give up room rather than range: on a plot taller than wide (a phone) the y axis had grown empty bands
    fig.update_yaxes(title_text=tr("heat_y", last=values.shape[0] - 1), autorange="reversed", scaleanchor="x",
                     constrain="domain")
    return fig


def channel_means(stats: Mapping[str, ChannelStats], shown: Sequence[int], *, title: str,
                  lang: str | None = None) -> go.Figure:
    """Mean activation of every channel, one bar series per network (keys: legend names); the shown channels
    marked."""
    tr = TEXT.bind(lang)
    fig = go.Figure()
    colours = [RESIDUAL_COLOUR, PLAIN_COLOUR]
    for index, (label, s) in enumerate(stats.items()):
        channels = np.arange(len(s.mean))
        fig.add_trace(go.Bar(
            x=channels, y=s.mean, name=label, marker_color=colours[index % 2], opacity=0.8,
            customdata=np.stack([s.std, s.min, s.max, 100 * s.positive], axis=1),
            hovertemplate=tr("means_hover", net=label) + "<extra></extra>",
        ))
    first = next(iter(stats.values()))
    fig.add_trace(go.Scatter(x=list(shown), y=[0.0] * len(shown), mode="markers", name=tr("shown"),
                             marker=dict(symbol="triangle-up", size=7, color="black"),
                             hovertemplate=tr("shown_hover") + "<extra></extra>"))
    base_layout(fig, title=title, height=340)
    fig.update_layout(barmode="group", bargap=0.1, legend=dict(orientation="h", y=-0.3))
    fig.update_xaxes(title_text=tr("means_x", last=len(first.mean) - 1))
    fig.update_yaxes(title_text=tr("means_y"), zeroline=True)
    return fig


def _enlarge(picture: np.ndarray, minimum: int) -> np.ndarray:
    factor = max(1, round(minimum / picture.shape[0]))
    return np.repeat(np.repeat(picture, factor, axis=0), factor, axis=1)


@dataclass(frozen=True)
class PicturePanel:
    """One picture of a row of panels that wraps: its caption (lines joined by ``<br>``) and a PNG data URI."""

    caption: str
    source: str


@dataclass(frozen=True)
class ColourKey:
    """A colour bar drawn in HTML: its title, the scale as a CSS gradient from the low end up, and its ticks
    from low to high."""

    title: str
    gradient: str
    ticks: tuple[str, ...]


@dataclass(frozen=True)
class StageOverview:
    """The input and every stage's channel-mean map as pictures with one colour key: panels that wrap on a
    narrow screen (``ui.overview.stage_overview_html`` draws them)."""

    title: str
    panels: tuple[PicturePanel, ...]
    key: ColourKey
    signed: bool


def stage_overview(picture: np.ndarray, maps: Sequence[tuple[str, np.ndarray]], *, title: str,
                   lang: str | None = None) -> StageOverview:
    """The input, then the channel-mean map after every stage, each map on its own range (one colour key
    explains them all: sequential when every map is >= 0, else diverging around 0)."""
    tr = TEXT.bind(lang)
    signed = any(bool(values.min() < 0) for _, values in maps)
    panels = [PicturePanel(tr("input", height=picture.shape[0], width=picture.shape[1]), png_data_uri(picture))]
    panels += [PicturePanel(caption, png_data_uri(_enlarge(colourise(values, signed=signed), 96)))
               for caption, values in maps]
    ticks = _ticks(signed, tr)["ticktext"]
    key = ColourKey(tr("each_map"), css_gradient(signed=signed, zrange=(-1.0 if signed else 0.0, 1.0),
                                                 direction="to top"), tuple(ticks))
    return StageOverview(title, tuple(panels), key, signed)


def receptive_field_figure(picture: np.ndarray, box: tuple[float, float, float, float],
                           centre: tuple[float, float], *, title: str, lang: str | None = None) -> go.Figure:
    """The model's input with one unit's theoretical receptive field: solid inside the image, dashed beyond."""
    tr = TEXT.bind(lang)
    height, width = picture.shape[:2]
    top, left, bottom, right = box
    fig = go.Figure(go.Image(source=png_data_uri(picture), x0=0, y0=0, dx=1, dy=1, hoverinfo="skip"))
    fig.add_shape(type="rect", x0=left - 0.5, x1=right + 0.5, y0=top - 0.5, y1=bottom + 0.5,
                  line=dict(color="#ffd60a", width=2, dash="dash"))
    clipped = (max(top, 0), max(left, 0), min(bottom, height - 1), min(right, width - 1))
    fig.add_shape(type="rect", x0=clipped[1] - 0.5, x1=clipped[3] + 0.5, y0=clipped[0] - 0.5, y1=clipped[2] + 0.5,
                  line=dict(color="#ffd60a", width=3), fillcolor="rgba(255,214,10,0.15)")
    fig.add_trace(go.Scatter(x=[centre[1]], y=[centre[0]], mode="markers", marker=dict(symbol="x", size=10,
                             color="#ffd60a", line=dict(color="black", width=1)), showlegend=False,
                             hovertemplate=tr("centre_hover") + "<extra></extra>"))
    pad = max(0.0, -top, -left, bottom - (height - 1), right - (width - 1)) + 4
    base_layout(fig, title=title, height=430)
    fig.update_xaxes(range=[-pad, width - 1 + pad], title_text=tr("input_x", last=width - 1),
                     showgrid=False, zeroline=False)
    fig.update_yaxes(range=[height - 1 + pad, -pad], title_text=tr("input_y", last=height - 1),
                     scaleanchor="x", showgrid=False, zeroline=False)
    return fig


def receptive_field_growth(labels: Sequence[str], sizes: Sequence[int], *, image_size: int,
                           selected: str | None, title: str, lang: str | None = None) -> go.Figure:
    """Receptive-field side against position in the network, with the input size for scale."""
    tr = TEXT.bind(lang)
    fig = go.Figure(go.Scatter(x=list(labels), y=list(sizes), mode="lines+markers",
                               marker=dict(color=RESIDUAL_COLOUR, size=6), name=tr("field"),
                               hovertemplate="%{x}: %{y} px<extra></extra>"))
    fig.add_hline(y=image_size, line=dict(color="grey", dash="dot"),
                  annotation_text=tr("input_side", size=image_size), annotation_position="top left")
    if selected in labels:
        index = list(labels).index(selected)
        fig.add_trace(go.Scatter(x=[selected], y=[sizes[index]], mode="markers", name=tr("chosen"),
                                 marker=dict(size=13, color="#ffd60a", line=dict(color="black", width=1)),
                                 hovertemplate=tr("chosen_hover") + "<extra></extra>"))
    base_layout(fig, title=title, height=430)
    fig.update_xaxes(title_text=tr("growth_x"), type="category",
                     tickangle=-60)
    fig.update_yaxes(title_text=tr("growth_y"), rangemode="tozero")
    fig.update_layout(showlegend=False)
    return fig
