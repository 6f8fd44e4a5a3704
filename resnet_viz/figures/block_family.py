"""Charts of the block family: each member's diagram, its output, and what options A/B/C put on the shortcut."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from resnet_viz.analyses.block_family import NODE_LABELS, FamilyMember
from resnet_viz.figures._style import base_layout, colourbar_trace, image_map, symmetric_range
from resnet_viz.figures.block import lock_maps
from resnet_viz.figures.block_diagram import Node, block_diagram
from resnet_viz.i18n import Catalogue

__all__ = ["TEXT", "family_outputs_figure", "member_diagram", "member_name", "node_label",
           "shortcut_channels_figure"]

SHORTCUT_COLOURS = {"option A": "#9467bd", "option B": "#2ca02c", "option C": "#8c564b"}

TEXT = Catalogue("figures.block_family", library={f"node_{key}": text for key, text in NODE_LABELS.items()})


def node_label(key: str, lang: str | None = None) -> str:
    """What a diagram node does (a key of :data:`resnet_viz.analyses.block_family.NODE_LABELS`), in ``lang``."""
    return TEXT.text(f"node_{key}", lang)


def member_name(key: str, lang: str | None = None) -> str:
    """The short name of a family member ("v1", "option A", ...) in ``lang``."""
    return TEXT.text(f"name_{key}", lang) if f"name_{key}" in TEXT.tables["en"] else key


def _shape(shape: Sequence[int] | None) -> str:
    return "×".join(str(s) for s in shape) if shape else ""


def member_diagram(member: FamilyMember, *, height: int = 200, lang: str | None = None) -> go.Figure:
    spec = member.spec

    def node(name: str, label: str) -> Node:
        return Node(name, node_label(label, lang), _shape(member.shapes.get(name)))

    main = [node(name, label) for name, label in spec.main_path]
    after = [node(*spec.after_add)] if spec.after_add else []
    shortcut = node(*spec.shortcut) if spec.shortcut else None
    out_shape = _shape(member.out_shape)
    return block_diagram(Node("input", TEXT.text("input", lang), _shape(member.in_shape)), main,
                         Node("add", "+", out_shape), after, shortcut=shortcut, height=height, lang=lang)


def family_outputs_figure(members: Sequence[FamilyMember], *, lang: str | None = None) -> go.Figure:
    """Each member's output averaged over its channels, all on one diverging scale centred on 0 (images)."""
    tr = TEXT.bind(lang)
    maps = [m.output.mean(axis=0) for m in members]
    zrange = symmetric_range(*maps)
    titles = [f"{member_name(m.spec.key, lang)}<br>{_shape(m.out_shape)}" for m in members]
    fig = make_subplots(rows=1, cols=len(members), subplot_titles=titles, horizontal_spacing=0.02)
    hover = f"{tr('row')} %{{y}}, {tr('column')} %{{x}}<extra></extra>"
    for index, values in enumerate(maps):
        fig.add_trace(image_map(values, signed=True, zrange=zrange, hovertemplate=hover), row=1, col=index + 1)
    fig.add_trace(colourbar_trace(True, zrange, title=tr("channel_mean")), row=1, col=len(maps))
    lock_maps(fig, [m.shape for m in maps], len(maps))
    fig.update_xaxes(title_text=tr("column"), title_font=dict(size=11), tickfont=dict(size=9))
    fig.update_yaxes(tickfont=dict(size=9))
    fig.update_yaxes(title_text=tr("row"), row=1, col=1)
    base_layout(fig, title=tr("outputs_title"), height=330)
    fig.update_annotations(font=dict(size=11))
    return fig


def shortcut_channels_figure(members: Sequence[FamilyMember], *, lang: str | None = None) -> go.Figure:
    """Mean |shortcut(x)| per output channel of the downsampling block, one bar series per option."""
    tr = TEXT.bind(lang)
    fig = go.Figure()
    for member in members:
        energy = np.abs(member.skip).mean(axis=(1, 2))
        name = member_name(member.spec.key, lang)
        fig.add_trace(go.Bar(x=np.arange(energy.size), y=energy, name=name,
                             marker_color=SHORTCUT_COLOURS.get(member.spec.key),
                             hovertemplate=f"{name}<br>{tr('channel')} %{{x}}<br>{tr('mean_shortcut')} %{{y:.4f}}"
                                           "<extra></extra>"))
    fig.update_xaxes(title_text=tr("shortcut_x"), dtick=2)
    fig.update_yaxes(title_text=tr("shortcut_y"), rangemode="tozero")
    base_layout(fig, title=tr("shortcut_title"), height=360)
    fig.update_layout(barmode="group", legend=dict(orientation="h", y=1.12, x=1, xanchor="right"))
    return fig
