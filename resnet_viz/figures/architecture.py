"""Figures and tables of the architecture explorer: the network picture, stage shares, depth curves.

Every public builder takes ``lang`` ("en" or "zh"). The analysis (``resnet_viz.analyses.architecture``)
describes layers, stages and shortcuts as phrases, said here in ``lang``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.subplots import make_subplots

from resnet_viz.analyses.arch_reference import (
    PAPER_CIFAR110_MEAN,
    PAPER_CIFAR_ERROR,
    PAPER_CIFAR_PARAMS_M,
    PAPER_OUTPUT_SIZE,
    PAPER_TABLE1_GFLOPS,
    TORCHVISION_GMACS,
)
from resnet_viz.analyses.architecture import Architecture, Unit
from resnet_viz.figures._style import FONT, base_layout, fmt_int
from resnet_viz.i18n import Catalogue, say

__all__ = [
    "TEXT",
    "cifar_comparison_table",
    "depth_curves",
    "imagenet_comparison_table",
    "network_picture",
    "shape_text",
    "stage_shares",
    "stage_table",
    "table1",
    "unit_table",
    "unit_title",
]

STAGE_COLOURS = qualitative.Safe

TEXT = Catalogue("figures.architecture")

def unit_title(unit: Unit, lang: str | None = None) -> str:
    """'conv4_x, block 6 of 23' in ``lang``."""
    return say(unit.title, lang)


def shape_text(shape: Sequence[int]) -> str:
    """(64, 56, 56) -> '64 × 56 × 56'."""
    return " × ".join(fmt_int(v) for v in shape)


def _unit_geometry(unit: Unit) -> tuple[float, float]:
    """(width, height) of a unit's box: width ∝ √channels, height = side of its output map in pixels."""
    channels = unit.output_shape[0]
    side = unit.output_shape[1] if len(unit.output_shape) == 3 else 1
    return math.sqrt(channels), float(side)


def network_picture(arch: Architecture, selected: str | None = None, *, lang: str | None = None) -> go.Figure:
    """Every unit (stem conv, max-pool, each block, head) as a box; click a box's dot to select it."""
    tr = TEXT.bind(lang)
    fig = go.Figure()
    stage_order = list(dict.fromkeys(u.stage for u in arch.units))
    stage_labels = {row.key: row.label for row in arch.stages}
    x, gap = 0.0, max(4.0, 0.02 * sum(_unit_geometry(u)[0] for u in arch.units))
    centres: list[float] = []
    for s_index, stage in enumerate(stage_order):
        units = [u for u in arch.units if u.stage == stage]
        xs, ys = [], []
        for unit in units:
            width, height = _unit_geometry(unit)
            inner = width * (0.85 if len(units) < 100 else 1.0)
            xs += [x, x + inner, x + inner, x, x, None]
            ys += [0, 0, height, height, 0, None]
            centres.append(x + inner / 2)
            x += width
        colour = STAGE_COLOURS[s_index % len(STAGE_COLOURS)]
        blocks = f", {tr('picture_blocks', n=len(units))}" if len(units) > 1 else ""
        # named in the legend, not over the boxes: a legend row wraps on a phone, where labels over the narrow
        # stem and pooling boxes ran into each other
        fig.add_trace(go.Scatter(x=xs, y=ys, fill="toself", mode="lines", line=dict(color=colour, width=1),
                                 fillcolor=colour, opacity=0.75, hoverinfo="skip", meta=stage,
                                 name=f"<b>{say(stage_labels[stage], lang)}</b> {shape_text(units[-1].output_shape)}"
                                      f"{blocks}"))
        x += gap
    hover = [tr("picture_hover", title=unit_title(u, lang), shape=shape_text(u.output_shape), params=fmt_int(u.params),
                macs=fmt_int(u.macs)) + "<extra></extra>" for u in arch.units]
    heights = [_unit_geometry(u)[1] for u in arch.units]
    fig.add_trace(go.Scatter(
        x=centres, y=[h / 2 for h in heights], mode="markers", customdata=[u.name for u in arch.units],
        marker=dict(size=9 if len(arch.units) < 100 else 5, color="white", line=dict(color="#333", width=1)),
        hovertemplate=hover,
        name="units", showlegend=False,
    ))
    if selected is not None:
        index = next((i for i, u in enumerate(arch.units) if u.name == selected), None)
        if index is not None:
            width, height = _unit_geometry(arch.units[index])
            fig.add_shape(type="rect", x0=centres[index] - width / 2, x1=centres[index] + width / 2, y0=0, y1=height,
                          line=dict(color="black", width=3))
    top = max(heights)
    base_layout(fig, title=tr("picture_title", name=arch.name), height=420)
    fig.update_xaxes(title_text=tr("picture_x"), showticklabels=False, showgrid=False, zeroline=False)
    fig.update_yaxes(title_text=tr("picture_y"), range=[0, top * 1.08],
                     tickvals=sorted({h for h in heights if h > 1}), showgrid=False)
    fig.update_layout(clickmode="event+select", dragmode="pan", legend=dict(itemclick=False, itemdoubleclick=False))
    return fig


def stage_shares(arch: Architecture, *, lang: str | None = None) -> go.Figure:
    """Share of the parameters and of the multiply-adds in each table row."""
    tr = TEXT.bind(lang)
    labels = [say(row.label, lang) for row in arch.stages]
    fig = go.Figure()
    for name, values, total, colour in (
            (tr("parameters"), [r.params for r in arch.stages], arch.params, "#4c78a8"),
            (tr("multiply_adds"), [r.macs for r in arch.stages], arch.macs, "#f58518")):
        fig.add_trace(go.Bar(
            y=labels, x=[100 * v / total for v in values], orientation="h", name=name, marker_color=colour,
            text=[f"{100 * v / total:.1f}%" for v in values], textposition="outside",
            customdata=[fmt_int(v) for v in values],
            hovertemplate=tr("shares_hover", what=name) + "<extra></extra>",
        ))
    base_layout(fig, title=tr("shares_title", name=arch.name), height=360)
    fig.update_layout(barmode="group", legend=dict(orientation="h", y=-0.25))
    fig.update_xaxes(title_text=tr("shares_x"), range=[0, 115])
    fig.update_yaxes(title_text=tr("shares_y"), autorange="reversed")
    return fig


def depth_curves(curves: Mapping[str, Sequence[Architecture]], *, lang: str | None = None) -> go.Figure:
    """Parameters and multiply-adds against depth, one line per family (log-log axes)."""
    tr = TEXT.bind(lang)
    fig = make_subplots(rows=1, cols=2, subplot_titles=(tr("parameters"), tr("curves_macs")),
                        horizontal_spacing=0.1)
    for index, (family, archs) in enumerate(curves.items()):
        colour = STAGE_COLOURS[index % len(STAGE_COLOURS)]
        depths = [a.depth for a in archs]
        for col, values in ((1, [a.params for a in archs]), (2, [a.macs for a in archs])):
            fig.add_trace(go.Scatter(
                x=depths, y=values, mode="lines+markers+text", name=family, legendgroup=family,
                showlegend=col == 1, line=dict(color=colour), text=[str(d) for d in depths],
                textposition="top left", customdata=[fmt_int(v) for v in values],
                hovertemplate=tr("curves_hover", family=family) + "<extra></extra>",
            ), row=1, col=col)
    base_layout(fig, title=tr("curves_title"), height=440)
    fig.update_xaxes(type="log", title_text=tr("curves_x"), tickvals=[10, 20, 50, 100, 200, 500, 1000])
    # a tick per power of ten: on a short plot Plotly also labelled 2 ... 9 in between, stacked into each other
    fig.update_yaxes(type="log", title_text=tr("parameters"), exponentformat="SI", dtick=1, row=1, col=1)
    fig.update_yaxes(type="log", title_text=tr("multiply_adds"), exponentformat="SI", dtick=1, row=1, col=2)
    fig.update_layout(legend=dict(orientation="h", y=-0.2), font=FONT)
    return fig


def stage_table(arch: Architecture, *, lang: str | None = None) -> pd.DataFrame:
    """The per-stage table with totals; numbers as text with thousands separators."""
    tr = TEXT.bind(lang)
    rows = [{
        tr("col_stage"): say(row.label, lang), tr("col_output_shape"): shape_text(row.output_shape),
        tr("col_block_type"): say(row.block_type, lang), tr("col_blocks"): str(row.blocks) if row.blocks else "—",
        tr("col_layout"): say(row.layout, lang),
        tr("col_stride_at"): say(row.stride_at, lang), tr("col_shortcut"): say(row.shortcut, lang),
        tr("col_parameters"): fmt_int(row.params), tr("col_macs"): fmt_int(row.macs),
    } for row in arch.stages]
    if arch.family == "ImageNet":
        for row, stage in zip(rows, arch.stages):
            side = PAPER_OUTPUT_SIZE.get(stage.key)
            row[tr("col_paper_size")] = f"{side} × {side}" if side else "1 × 1" if stage.key == "head" else ""
    rows.append({tr("col_stage"): tr("row_total"), tr("col_output_shape"): "", tr("col_block_type"): "",
                 tr("col_blocks"): str(sum(r.blocks for r in arch.stages)),
                 tr("col_layout"): tr("total_layers", n=arch.weighted_layers),
                 tr("col_stride_at"): "", tr("col_shortcut"): "",
                 tr("col_parameters"): fmt_int(arch.params), tr("col_macs"): fmt_int(arch.macs)}
                | ({tr("col_paper_size"): ""} if arch.family == "ImageNet" else {}))
    return pd.DataFrame(rows)


def unit_table(unit: Unit, *, lang: str | None = None) -> pd.DataFrame:
    tr = TEXT.bind(lang)
    return pd.DataFrame([{tr("col_layer"): r.name, tr("col_what"): say(r.kind, lang),
                          tr("col_unit_shape"): shape_text(r.output_shape), tr("col_parameters"): fmt_int(r.params),
                          tr("col_macs"): fmt_int(r.macs)} for r in unit.layers])


def imagenet_comparison_table(v15: Sequence[Architecture], paper: Sequence[Architecture], *,
                              lang: str | None = None) -> pd.DataFrame:
    """Ours (both stride placements) next to the paper's Table 1 "FLOPs" (multiply-adds)."""
    tr = TEXT.bind(lang)
    rows = []
    for a, b in zip(v15, paper):
        rows.append({
            tr("col_model"): a.name, tr("col_parameters"): fmt_int(a.params),
            tr("col_macs_tv"): f"{a.macs / 1e9:.3f}",
            tr("col_tv_meta"): f"{TORCHVISION_GMACS[a.depth]:.3f}",
            tr("col_macs_paper"): f"{b.macs / 1e9:.3f}",
            tr("col_paper_flops"): f"{PAPER_TABLE1_GFLOPS[a.depth]:.1f}",
            tr("col_difference"): f"{(a.macs - b.macs) / 1e6:+,.0f} M ({100 * (a.macs / b.macs - 1):+.1f}%)",
        })
    return pd.DataFrame(rows)


def _paper_cell(row, tr: Callable[..., str], lang: str) -> str:
    """A table row in the paper's notation: '7×7, 64, stride 2', '[3×3, 64 · 3×3, 64] × 2', ..."""
    if row.blocks:
        return say(row.layout, lang)
    if row.key == "conv1":
        return tr("cell_conv1")
    if row.key == "maxpool":
        return tr("cell_max_pool")
    return tr("cell_head", n=row.output_shape[0])


def table1(v15: Sequence[Architecture], paper: Sequence[Architecture], *, lang: str | None = None) -> pd.DataFrame:
    """The paper's Table 1 rebuilt from the modules: every depth's layers, then the cost rows."""
    tr = TEXT.bind(lang)
    layer, size = tr("col_layer"), tr("col_output_size")
    rows = []
    for index, stage in enumerate(v15[0].stages):
        side = PAPER_OUTPUT_SIZE.get(stage.key)
        row = {layer: say(stage.label, lang), size: f"{side} × {side}" if side else "1 × 1"}
        row.update({a.name: _paper_cell(a.stages[index], tr, lang) for a in v15})
        rows.append(row)
    rows.append({layer: tr("t1_macs_tv"), size: "", **{a.name: f"{a.macs / 1e9:.3f} × 10⁹" for a in v15}})
    rows.append({layer: tr("t1_macs_paper"), size: "", **{b.name: f"{b.macs / 1e9:.3f} × 10⁹" for b in paper}})
    rows.append({layer: tr("t1_flops"), size: "", **{a.name: f"{PAPER_TABLE1_GFLOPS[a.depth]} × 10⁹" for a in v15}})
    return pd.DataFrame(rows)


def _paper_error(depth: int, tr) -> str:
    if depth not in PAPER_CIFAR_ERROR:
        return "—"
    if depth == 110:
        mean, std = PAPER_CIFAR110_MEAN
        return tr("best_of_five", best=PAPER_CIFAR_ERROR[depth], mean=mean, std=std)
    return f"{PAPER_CIFAR_ERROR[depth]} %"


def cifar_comparison_table(archs: Sequence[Architecture], *, lang: str | None = None) -> pd.DataFrame:
    tr = TEXT.bind(lang)
    return pd.DataFrame([{
        tr("col_model"): a.name, tr("col_n"): (a.depth - 2) // 6, tr("col_parameters"): fmt_int(a.params),
        tr("col_paper_t6"): f"{PAPER_CIFAR_PARAMS_M[a.depth]} M" if a.depth in PAPER_CIFAR_PARAMS_M else "—",
        tr("col_macs"): fmt_int(a.macs),
        tr("col_paper_error"): _paper_error(a.depth, tr),
    } for a in archs])
