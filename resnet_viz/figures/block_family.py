"""Charts of the block family: each member's diagram, its output, and what options A/B/C put on the shortcut."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from resnet_viz.analyses.block_family import FamilyMember
from resnet_viz.figures._style import base_layout, heatmap, symmetric_range
from resnet_viz.figures.block import lock_maps
from resnet_viz.figures.block_diagram import Node, block_diagram

__all__ = ["family_outputs_figure", "member_diagram", "shortcut_channels_figure"]

SHORTCUT_COLOURS = {"option A": "#9467bd", "option B": "#2ca02c", "option C": "#8c564b"}


def _shape(shape: Sequence[int] | None) -> str:
    return "×".join(str(s) for s in shape) if shape else ""


def member_diagram(member: FamilyMember, *, height: int = 200) -> go.Figure:
    spec = member.spec
    main = [Node(name, label, _shape(member.shapes.get(name))) for name, label in spec.main_path]
    after = [Node(spec.after_add[0], spec.after_add[1], _shape(member.shapes.get(spec.after_add[0])))] \
        if spec.after_add else []
    shortcut = Node(spec.shortcut[0], spec.shortcut[1], _shape(member.shapes.get(spec.shortcut[0]))) \
        if spec.shortcut else None
    out_shape = _shape(member.out_shape)
    return block_diagram(Node("input", "input", _shape(member.in_shape)), main, Node("add", "+", out_shape), after,
                         shortcut=shortcut, height=height)


def family_outputs_figure(members: Sequence[FamilyMember]) -> go.Figure:
    """Each member's output averaged over its channels, all on one diverging scale centred on 0."""
    maps = [m.output.mean(axis=0) for m in members]
    zrange = symmetric_range(*maps)
    titles = [f"{m.spec.key}<br>{_shape(m.out_shape)}" for m in members]
    fig = make_subplots(rows=1, cols=len(members), subplot_titles=titles, horizontal_spacing=0.02)
    for index, values in enumerate(maps):
        fig.add_trace(heatmap(values, signed=True, zrange=zrange, colorbar_title="channel mean",
                              showscale=index == len(maps) - 1,
                              hovertemplate="row %{y}, column %{x}<br>mean over channels %{z:.4f}<extra></extra>"),
                      row=1, col=index + 1)
    lock_maps(fig, [m.shape for m in maps], len(maps))
    fig.update_xaxes(title_text="column", title_font=dict(size=11), tickfont=dict(size=9))
    fig.update_yaxes(tickfont=dict(size=9))
    fig.update_yaxes(title_text="row", row=1, col=1)
    base_layout(fig, title="Every block on the same input: output averaged over channels (one shared scale)",
                height=330)
    fig.update_annotations(font=dict(size=11))
    return fig


def shortcut_channels_figure(members: Sequence[FamilyMember]) -> go.Figure:
    """Mean |shortcut(x)| per output channel of the downsampling block, one bar series per option."""
    fig = go.Figure()
    for member in members:
        energy = np.abs(member.skip).mean(axis=(1, 2))
        fig.add_trace(go.Bar(x=np.arange(energy.size), y=energy, name=member.spec.key,
                             marker_color=SHORTCUT_COLOURS.get(member.spec.key),
                             hovertemplate=f"{member.spec.key}<br>channel %{{x}}<br>mean |shortcut| %{{y:.4f}}"
                                           "<extra></extra>"))
    fig.update_xaxes(title_text="output channel of the downsampling block (32 channels)", dtick=2)
    fig.update_yaxes(title_text="mean |shortcut(x)| per channel", rangemode="tozero")
    base_layout(fig, title="What the shortcut carries into each output channel", height=360)
    fig.update_layout(barmode="group", legend=dict(orientation="h", y=1.12, x=1, xanchor="right"))
    return fig
