"""Charts of the residual idea: the branch turned down to zero, and the seed's order beside the paper's."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from resnet_viz.analyses.block_residual import OrderComparison, Sweep
from resnet_viz.figures._style import RESIDUAL_COLOUR, base_layout, heatmap, symmetric_range
from resnet_viz.figures.block import lock_maps

__all__ = ["diff_maps_figure", "order_comparison_figure", "sweep_figure"]


def sweep_figure(sweep: Sweep, current: float | None = None) -> go.Figure:
    """Mean and largest |out - x| against the branch scale s, from 1 (the full block) down to 0."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=sweep.scales, y=sweep.mean_abs, mode="lines+markers", name="mean |out − x|",
                             line=dict(color=RESIDUAL_COLOUR),
                             hovertemplate="s = %{x:.1f}<br>mean %{y:.4f}<extra></extra>"))
    fig.add_trace(go.Scatter(x=sweep.scales, y=sweep.max_abs, mode="lines+markers", name="largest |out − x|",
                             line=dict(color=RESIDUAL_COLOUR, dash="dot"),
                             hovertemplate="s = %{x:.1f}<br>largest %{y:.4f}<extra></extra>"))
    if current is not None:
        fig.add_vline(x=current, line=dict(color="#ff7f0e", width=2), annotation_text=f"your s = {current:.2f}",
                      annotation_position="top")
    fig.update_xaxes(title_text="branch scale s in out = ReLU(x + s·F(x))", range=[1.04, -0.04], dtick=0.1)
    fig.update_yaxes(title_text="|out − x| (pixel units)", rangemode="tozero")
    base_layout(fig, title="Branch turned down: the block falls back to x", height=380)
    fig.update_layout(legend=dict(orientation="h", y=-0.25))
    return fig


def diff_maps_figure(maps: Sequence[np.ndarray], scales: Sequence[float]) -> go.Figure:
    """|out - x| (mean over channels) at several scales, on one shared sequential colour scale."""
    zrange = (0.0, max(float(np.max(m)) for m in maps) or 1e-12)
    fig = make_subplots(rows=1, cols=len(maps), subplot_titles=[f"s = {s:.2f}" for s in scales],
                        horizontal_spacing=0.04)
    for index, values in enumerate(maps):
        fig.add_trace(heatmap(values, signed=False, zrange=zrange, colorbar_title="|out − x|",
                              showscale=index == len(maps) - 1,
                              hovertemplate="row %{y}, column %{x}<br>|out − x| = %{z:.4f}<extra></extra>"),
                      row=1, col=index + 1)
    lock_maps(fig, [m.shape for m in maps], len(maps))
    fig.update_yaxes(title_text="row i", row=1, col=1)
    fig.update_xaxes(title_text="column j")
    base_layout(fig, title="|out − x| (mean over channels) shrinks to 0", height=380)
    return fig


def order_comparison_figure(cmp: OrderComparison, channel: int) -> go.Figure:
    """Rows: seed order, paper order. Columns: F(x) and out - x, each column on one diverging scale."""
    seed, paper = cmp.seed.tensors, cmp.paper.tensors
    columns = (("F(x)", [seed["F(x)"][channel], paper["F(x)"][channel]]),
               ("out − x", [seed["out"][channel] - seed["x"][channel], paper["out"][channel] - paper["x"][channel]]))
    fig = make_subplots(rows=2, cols=2, horizontal_spacing=0.16, vertical_spacing=0.16,
                        subplot_titles=[f"{order}: {name}" for order in ("seed order", "paper order")
                                        for name, _ in columns])
    for col, (name, (top, bottom)) in enumerate(columns):
        zrange = symmetric_range(top, bottom)
        for row, values in enumerate((top, bottom)):
            trace = heatmap(values, signed=True, zrange=zrange, colorbar_title=name, showscale=row == 0,
                            hovertemplate=f"{name}<br>row %{{y}}, column %{{x}}<br>%{{z:.4f}}<extra></extra>")
            trace.colorbar.update(x=0.43 if col == 0 else 1.0, len=1.0, y=0.5)
            fig.add_trace(trace, row=row + 1, col=col + 1)
    lock_maps(fig, [top.shape] * 4, 2)
    fig.update_yaxes(title_text="row i", col=1)
    fig.update_xaxes(title_text="column j", row=2)
    base_layout(fig, title=f"Same weights, two orders (channel {channel}): red adds to x, blue subtracts", height=640)
    return fig
