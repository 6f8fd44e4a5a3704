"""The formula view of one convolution output: input window, kernel and their products, number by number."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from resnet_viz.analyses.block_formula import ConvTerms
from resnet_viz.figures._style import base_layout, heatmap
from resnet_viz.figures.block import map_scale
from resnet_viz.i18n import Catalogue

__all__ = ["TEXT", "conv_terms_figure"]

TEXT = Catalogue("figures.block_formula")

PAD_COLOUR = "rgba(120, 120, 120, 0.55)"


def _cell(value: float) -> str:
    text = f"{value:.3f}"
    return "0.000" if text == "-0.000" else text


def conv_terms_figure(terms: ConvTerms, *, source: str, layer: str, out_channel: int,
                      lang: str | None = None) -> go.Figure:
    """Rows: input channels k; columns: the 3x3 input window (padding greyed), the kernel, the products."""
    tr = TEXT.bind(lang)
    channels = terms.window.shape[0]
    columns = (
        (tr("window", source=source), terms.window),
        (tr("kernel", layer=layer, out_channel=out_channel), terms.kernel),
        (tr("products"), terms.products),
    )
    fig = make_subplots(rows=channels, cols=3, horizontal_spacing=0.12, vertical_spacing=0.06,
                        column_titles=[title for title, _ in columns], row_titles=[f"k = {k}" for k in range(channels)])
    offsets = np.arange(-1, 2)
    xs = [f"j{o:+d}" if o else "j" for o in offsets]
    ys = [f"i{o:+d}" if o else "i" for o in offsets]
    for col, (title, values) in enumerate(columns):
        signed, zrange = map_scale(values)
        x_centre = (col + 0.5) / 3
        for k in range(channels):
            text = np.vectorize(_cell)(values[k])
            if col == 0:
                text = np.where(terms.padded[k], tr("pad"), text)
            trace = heatmap(values[k], signed=signed, zrange=zrange, showscale=k == channels - 1,
                            x=xs, y=ys,
                            text=text, texttemplate="%{text}", textfont=dict(size=11), xgap=2, ygap=2,
                            hovertemplate=f"{title}<br>k = {k}, {tr('row')} %{{y}}, {tr('column')} %{{x}}<br>"
                                          "%{z:.5f}<extra></extra>")
            trace.colorbar.update(orientation="h", x=x_centre, xanchor="center", y=-0.06, yanchor="top", len=0.25,
                                  thickness=10, tickfont=dict(size=10))
            fig.add_trace(trace, row=k + 1, col=col + 1)
            if col == 0:
                for r in range(3):
                    for c in range(3):
                        if terms.padded[k, r, c]:
                            fig.add_shape(type="rect", x0=c - 0.5, x1=c + 0.5, y0=r - 0.5, y1=r + 0.5, row=k + 1,
                                          col=1, fillcolor=PAD_COLOUR, line=dict(width=0))
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=10))
    fig.update_xaxes(tickfont=dict(size=10))
    base_layout(fig, title=tr("title", layer=layer, out_channel=out_channel), height=620)
    fig.update_layout(margin=dict(l=40, r=40, t=110, b=80))
    return fig
