"""The formula view of one convolution output: input window, kernel and their products, number by number."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from resnet_viz.analyses.block_formula import ConvTerms
from resnet_viz.figures._style import base_layout, heatmap
from resnet_viz.figures.block import map_scale
from resnet_viz.i18n import Catalogue

__all__ = ["TEXT", "conv_terms_figures"]

TEXT = Catalogue("figures.block_formula")

PAD_COLOUR = "rgba(120, 120, 120, 0.55)"


def _cell(value: float) -> str:
    text = f"{value:.3f}"
    return "0.000" if text == "-0.000" else text


def conv_terms_figures(terms: ConvTerms, *, source: str, layer: str, out_channel: int,
                       lang: str | None = None) -> tuple[str, tuple[go.Figure, go.Figure, go.Figure]]:
    """The numbers of one convolution output, as three figures side by side: the 3x3 input window (padding
    greyed), the kernel and their products, one row per input channel k.

    Three figures rather than one with three columns: a page puts them in columns that a phone stacks, where
    one figure's nine grids of numbers would shrink past reading.

    Args:
        terms: the window, kernel and products of one output (:func:`resnet_viz.analyses.block_formula.conv_terms`).
        source: the name of the tensor the window is read from (``"x"``, ``"relu1"``).
        layer: the convolution's name (``"conv1"``).
        out_channel: the output channel the kernel belongs to.
        lang: the texts' language; the current one if not given.

    Returns:
        ``(title, (window, kernel, products))``: the title over all three, then one figure per column, each titled.

    Example:
        >>> import numpy as np
        >>> from resnet_viz.analyses.block_formula import conv_terms
        >>> terms = conv_terms(np.ones((1, 3, 3)), np.ones((1, 1, 3, 3)), np.zeros(1), 0, 1, 1)
        >>> title, (window, kernel, products) = conv_terms_figures(terms, source="x", layer="conv1", out_channel=0)
        >>> float(np.asarray(products.data[0].z).sum())
        9.0
    """
    tr = TEXT.bind(lang)
    channels = terms.window.shape[0]
    columns = (
        (tr("window", source=source), terms.window),
        (tr("kernel", layer=layer, out_channel=out_channel), terms.kernel),
        (tr("products"), terms.products),
    )
    offsets = np.arange(-1, 2)
    xs = [f"j{o:+d}" if o else "j" for o in offsets]
    ys = [f"i{o:+d}" if o else "i" for o in offsets]
    figures = []
    for col, (title, values) in enumerate(columns):
        fig = make_subplots(rows=channels, cols=1, vertical_spacing=0.18 / channels,
                            row_titles=[f"k = {k}" for k in range(channels)])
        signed, zrange = map_scale(values)
        for k in range(channels):
            text = np.vectorize(_cell)(values[k])
            if col == 0:
                text = np.where(terms.padded[k], tr("pad"), text)
            trace = heatmap(values[k], signed=signed, zrange=zrange, showscale=k == channels - 1,
                            x=xs, y=ys,
                            text=text, texttemplate="%{text}", textfont=dict(size=12), xgap=2, ygap=2,
                            hovertemplate=f"{title}<br>k = {k}, {tr('row')} %{{y}}, {tr('column')} %{{x}}<br>"
                                          "%{z:.5f}<extra></extra>")
            trace.colorbar.update(orientation="h", x=0.5, xanchor="center", y=-0.3 / channels, yanchor="top",
                                  len=0.8, thickness=10, tickfont=dict(size=10))
            fig.add_trace(trace, row=k + 1, col=1)
            if col == 0:
                for r in range(3):
                    for c in range(3):
                        if terms.padded[k, r, c]:
                            fig.add_shape(type="rect", x0=c - 0.5, x1=c + 0.5, y0=r - 0.5, y1=r + 0.5, row=k + 1,
                                          col=1, fillcolor=PAD_COLOUR, line=dict(width=0))
        fig.update_yaxes(autorange="reversed", tickfont=dict(size=10))
        fig.update_xaxes(tickfont=dict(size=10))
        base_layout(fig, title=title, height=100 + 170 * channels)
        fig.update_layout(margin=dict(l=40, r=30, t=60, b=70))
        figures.append(fig)
    return tr("title", layer=layer, out_channel=out_channel), tuple(figures)
