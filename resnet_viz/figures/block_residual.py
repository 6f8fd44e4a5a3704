"""Charts of the residual idea: the branch turned down to zero, and article 000's order beside the paper's."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from resnet_viz.analyses.block_residual import OrderComparison, Sweep
from resnet_viz.figures._style import (
    LABEL_BACKGROUND,
    RESIDUAL_COLOUR,
    base_layout,
    colourbar_trace,
    image_map,
    symmetric_range,
)
from resnet_viz.figures.block import lock_maps
from resnet_viz.i18n import Catalogue

__all__ = ["TEXT", "diff_maps_figure", "order_comparison_figure", "sweep_figure"]

TEXT = Catalogue("figures.block_residual")


def sweep_figure(sweep: Sweep, current: float | None = None, *, lang: str | None = None) -> go.Figure:
    """Mean and largest |out - x| against the branch scale s, from 1 (the full block) down to 0."""
    tr = TEXT.bind(lang)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=sweep.scales, y=sweep.mean_abs, mode="lines+markers", name=tr("mean_abs"),
                             line=dict(color=RESIDUAL_COLOUR),
                             hovertemplate=f"s = %{{x:.1f}}<br>{tr('mean')} %{{y:.4f}}<extra></extra>"))
    fig.add_trace(go.Scatter(x=sweep.scales, y=sweep.max_abs, mode="lines+markers", name=tr("max_abs"),
                             line=dict(color=RESIDUAL_COLOUR, dash="dot"),
                             hovertemplate=f"s = %{{x:.1f}}<br>{tr('largest')} %{{y:.4f}}<extra></extra>"))
    if current is not None:
        # inside the plot, on the wider side of the line (s runs from 1 on the left): above it, the legend's row sat
        fig.add_vline(x=current, line=dict(color="#ff7f0e", width=2),
                      annotation_text=tr("your_s", s=f"{current:.2f}"),
                      annotation_position="top right" if current >= 0.5 else "top left", annotation_yanchor="top",
                      annotation_bgcolor=LABEL_BACKGROUND)
    fig.update_xaxes(title_text=tr("scale_axis"), range=[1.04, -0.04], dtick=0.1)
    top = float(max(sweep.max_abs, default=0.0))
    # headroom over the largest value for the label of your s
    fig.update_yaxes(title_text=tr("diff_axis"), rangemode="tozero", range=[0, 1.2 * top] if top > 0 else None)
    base_layout(fig, title=tr("sweep_title"), height=380)
    fig.update_layout(legend=dict(orientation="h", y=-0.25))
    return fig


def diff_maps_figure(maps: Sequence[np.ndarray], scales: Sequence[float], *, lang: str | None = None) -> go.Figure:
    """|out - x| (mean over channels) at several scales, on one shared sequential colour scale (sent as images)."""
    tr = TEXT.bind(lang)
    zrange = (0.0, max(float(np.max(m)) for m in maps) or 1e-12)
    fig = make_subplots(rows=1, cols=len(maps), subplot_titles=[f"s = {s:.2f}" for s in scales],
                        horizontal_spacing=0.04)
    hover = f"{tr('row')} %{{y}}, {tr('column')} %{{x}}<extra></extra>"
    for index, values in enumerate(maps):
        fig.add_trace(image_map(values, signed=False, zrange=zrange, hovertemplate=hover), row=1, col=index + 1)
    # the colour bar lies under the maps, which then get the whole width (a phone gave each map 65 px beside a
    # standing bar taller than they were); tick labels and axis titles on the first map only, the others' ran together
    fig.add_trace(colourbar_trace(False, zrange, title="|out − x|", orientation="h", x=0.5, xanchor="center", y=-0.3,
                                  yanchor="top", len=0.9, thickness=12, title_side="right"), row=1, col=len(maps))
    lock_maps(fig, [m.shape for m in maps], len(maps))
    fig.update_yaxes(title_text=tr("row_i"), row=1, col=1)
    fig.update_xaxes(title_text=tr("column_j"), row=1, col=1)
    for col in range(2, len(maps) + 1):
        fig.update_xaxes(showticklabels=False, row=1, col=col)
        fig.update_yaxes(showticklabels=False, row=1, col=col)
    base_layout(fig, title=tr("diff_title"), height=330)
    fig.update_layout(margin=dict(b=95))
    return fig


def order_comparison_figure(cmp: OrderComparison, channel: int, *, lang: str | None = None) -> go.Figure:
    """Rows: article 000's order, the paper's. Columns: F(x) and out - x, each on one diverging scale (images)."""
    tr = TEXT.bind(lang)
    article, paper = cmp.article.tensors, cmp.paper.tensors
    columns = (("F(x)", [article["F(x)"][channel], paper["F(x)"][channel]]),
               ("out − x", [run["out"][channel] - run["x"][channel] for run in (article, paper)]))
    fig = make_subplots(rows=2, cols=2, horizontal_spacing=0.16, vertical_spacing=0.16,
                        subplot_titles=[tr("subplot", order=tr(order), name=name)
                                        for order in ("article_order", "paper_order") for name, _ in columns])
    hover = f"{tr('row')} %{{y}}, {tr('column')} %{{x}}<extra></extra>"
    for col, (name, (top, bottom)) in enumerate(columns):
        zrange = symmetric_range(top, bottom)
        for row, values in enumerate((top, bottom)):
            fig.add_trace(image_map(values, signed=True, zrange=zrange, hovertemplate=hover), row=row + 1,
                          col=col + 1)
        fig.add_trace(colourbar_trace(True, zrange, title=name, x=0.43 if col == 0 else 1.0, len=1.0, y=0.5),
                      row=1, col=col + 1)
    lock_maps(fig, [top.shape] * 4, 2)
    fig.update_yaxes(title_text=tr("row_i"), col=1)
    fig.update_xaxes(title_text=tr("column_j"), row=2)
    base_layout(fig, title=tr("order_title", channel=channel), height=640)
    return fig
