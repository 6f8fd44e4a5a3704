"""Shared look of every chart: colour scales and small helpers (docs/ARCHITECTURE.md, the page pattern).

Signed quantities (F(x), gradients, attributions) use a diverging scale centred on 0; non-negative
ones (images after ReLU, norms) a sequential scale; the same quantity compared side by side shares
one range.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable

import numpy as np
import plotly.graph_objects as go

DIVERGING = "RdBu_r"
SEQUENTIAL = "Viridis"
RESIDUAL_COLOUR = "#1f77b4"
PLAIN_COLOUR = "#d62728"
LABEL_BACKGROUND = "rgba(255,255,255,0.85)"  # behind a line's label, which bars and other lines may cross
FONT = dict(family="Inter, Source Sans Pro, Noto Sans CJK SC, sans-serif", size=13)


def fmt_int(value: float) -> str:
    """12345678 -> '12,345,678' (numbers a student may copy are shown with separators)."""
    return f"{int(round(value)):,}"


def symmetric_range(*arrays: np.ndarray) -> tuple[float, float]:
    """(-m, m) with m the largest |value| over all arrays (1e-12 if all are zero)."""
    m = max((float(np.nanmax(np.abs(a))) for a in arrays if np.size(a)), default=0.0)
    m = m if m > 0 else 1e-12
    return -m, m


def value_range(*arrays: np.ndarray, signed: bool) -> tuple[float, float]:
    """A shared colour range: symmetric around 0 for signed data, [min, max] otherwise."""
    if signed:
        return symmetric_range(*arrays)
    low = min(float(np.nanmin(a)) for a in arrays)
    high = max(float(np.nanmax(a)) for a in arrays)
    return (low, high if high > low else low + 1e-12)


def heatmap(values: np.ndarray, *, signed: bool, zrange: tuple[float, float] | None = None,
            colorbar_title: str = "", showscale: bool = True, **kwargs) -> go.Heatmap:
    """A heat map of a 2-D array (row 0 at the top), on the conventional scale for its sign."""
    low, high = zrange or value_range(values, signed=signed)
    return go.Heatmap(
        z=values, zmin=low, zmax=high, zmid=0.0 if signed else None,
        colorscale=DIVERGING if signed else SEQUENTIAL, showscale=showscale,
        colorbar=dict(title=dict(text=colorbar_title)), **kwargs,
    )


def png_data_uri(rgb: np.ndarray) -> str:
    """An (H, W, 3) uint8 array as a PNG data URI: large grids go to the browser as one compressed image."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgb, dtype=np.uint8)).save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def colourise(values: np.ndarray, *, signed: bool, zrange: tuple[float, float] | None = None) -> np.ndarray:
    """Map a 2-D array to RGB uint8 with the same scale as :func:`heatmap` (for image-based grids)."""
    from plotly.colors import sample_colorscale

    low, high = zrange or value_range(values, signed=signed)
    scaled = np.clip((np.asarray(values, dtype=np.float64) - low) / (high - low), 0, 1)
    lut = np.array([[int(c) for c in s[4:-1].split(",")] for s in
                    sample_colorscale(DIVERGING if signed else SEQUENTIAL, list(np.linspace(0, 1, 256)),
                                      colortype="rgb")], dtype=np.uint8)
    return lut[np.round(scaled * 255).astype(np.int64)]


def css_gradient(*, signed: bool, zrange: tuple[float, float], direction: str = "to right", stops: int = 11) -> str:
    """The colour scale from ``zrange[0]`` to ``zrange[1]`` as a CSS linear gradient (a colour bar drawn in HTML)."""
    low, high = zrange
    colours = colourise(np.linspace(low, high, stops)[None, :], signed=signed, zrange=zrange)[0]
    return f"linear-gradient({direction}, " + ", ".join(f"rgb({r},{g},{b})" for r, g, b in colours) + ")"


def image_map(values: np.ndarray, *, signed: bool, zrange: tuple[float, float],
              hovertemplate: str | None = None) -> go.Image:
    """A 2-D array drawn as one PNG on the scale :func:`heatmap` would use (pixel centres at 0, 1, ...).

    A 64×64 heat map travels as about 44 KB of JSON and is drawn by Plotly; its PNG is a few KB. The pixels
    carry no values, so hover shows the position only; pair it with :func:`colourbar_trace` for the scale.
    """
    rgb = colourise(values, signed=signed, zrange=zrange)
    return go.Image(source=png_data_uri(rgb), hovertemplate=hovertemplate,
                    hoverinfo="skip" if hovertemplate is None else None)


def colourbar_trace(signed: bool, zrange: tuple[float, float], *, xaxis: str = "x", yaxis: str = "y",
                    title: str = "", **colorbar) -> go.Scatter:
    """An empty trace that only draws a colour bar, for maps sent as images (their pixels carry no values)."""
    return go.Scatter(
        x=[None], y=[None], mode="markers", showlegend=False, hoverinfo="skip", xaxis=xaxis, yaxis=yaxis,
        marker=dict(colorscale=DIVERGING if signed else SEQUENTIAL, cmin=zrange[0], cmax=zrange[1],
                    cmid=0.0 if signed else None, color=[zrange[0]], showscale=True,
                    colorbar=dict(title=dict(text=title), **colorbar)),
    )


def shared_x_title(fig: go.Figure, text: str, *, below_px: int = 28) -> go.Figure:
    """One x-axis title centred under a row of panels, ``below_px`` under the plot area, instead of the same title
    under every panel (side by side on a phone, the copies ran into each other)."""
    fig.update_xaxes(title_text=None)
    fig.add_annotation(text=text, xref="paper", x=0.5, xanchor="center", yref="paper", y=0.0, yanchor="top",
                       yshift=-below_px, showarrow=False, font=dict(size=14), name="x_title")
    return fig


def chance_line(fig: go.Figure, chance: float | None, tr: Callable[..., str], *, position: str = "top right",
                **where) -> None:
    """A dashed line at the error of guessing (``chance``, a fraction; none if None), labelled by the figure's
    catalogue (``tr("chance", value=...)``): under the bars and lines it crosses, its label on a white ground.
    ``where`` picks subplots (``row=``, ``col=``)."""
    if chance is not None:
        fig.add_hline(y=100 * chance, line=dict(color="#555555", dash="dash", width=1), layer="below",
                      annotation_text=tr("chance", value=f"{100 * chance:.1f}"), annotation_position=position,
                      annotation_bgcolor=LABEL_BACKGROUND, **where)


def base_layout(fig: go.Figure, *, title: str, height: int | None = None) -> go.Figure:
    fig.update_layout(title=dict(text=title), font=FONT, margin=dict(l=50, r=20, t=60, b=50),
                      template="plotly_white", height=height)
    return fig
