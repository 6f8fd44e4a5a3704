"""Figures and tables of the architecture explorer: the network picture, stage shares, depth curves."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.subplots import make_subplots

from resnet_viz.analyses.arch_reference import (
    PAPER_CIFAR_ERROR,
    PAPER_CIFAR_PARAMS_M,
    PAPER_OUTPUT_SIZE,
    PAPER_TABLE1_GFLOPS,
    TORCHVISION_GMACS,
)
from resnet_viz.analyses.architecture import Architecture, Unit
from resnet_viz.figures._style import FONT, base_layout, fmt_int

__all__ = [
    "cifar_comparison_table",
    "depth_curves",
    "imagenet_comparison_table",
    "network_picture",
    "shape_text",
    "stage_shares",
    "stage_table",
    "table1",
    "unit_table",
]

STAGE_COLOURS = qualitative.Safe


def shape_text(shape: Sequence[int]) -> str:
    """(64, 56, 56) -> '64 × 56 × 56'."""
    return " × ".join(fmt_int(v) for v in shape)


def _unit_geometry(unit: Unit) -> tuple[float, float]:
    """(width, height) of a unit's box: width ∝ √channels, height = side of its output map in pixels."""
    channels = unit.output_shape[0]
    side = unit.output_shape[1] if len(unit.output_shape) == 3 else 1
    return math.sqrt(channels), float(side)


def network_picture(arch: Architecture, selected: str | None = None) -> go.Figure:
    """Every unit (stem conv, max-pool, each block, head) as a box; click a box's dot to select it."""
    fig = go.Figure()
    stage_order = list(dict.fromkeys(u.stage for u in arch.units))
    x, gap = 0.0, max(4.0, 0.02 * sum(_unit_geometry(u)[0] for u in arch.units))
    centres: list[float] = []
    labels: list[tuple[float, str]] = []
    for s_index, stage in enumerate(stage_order):
        units = [u for u in arch.units if u.stage == stage]
        xs, ys, stage_start = [], [], x
        for unit in units:
            width, height = _unit_geometry(unit)
            inner = width * (0.85 if len(units) < 100 else 1.0)
            xs += [x, x + inner, x + inner, x, x, None]
            ys += [0, 0, height, height, 0, None]
            centres.append(x + inner / 2)
            x += width
        colour = STAGE_COLOURS[s_index % len(STAGE_COLOURS)]
        fig.add_trace(go.Scatter(x=xs, y=ys, fill="toself", mode="lines", line=dict(color=colour, width=1),
                                 fillcolor=colour, opacity=0.75, hoverinfo="skip", name=stage, showlegend=False))
        blocks = f"<br>{len(units)} blocks" if len(units) > 1 else ""
        labels.append(((stage_start + x) / 2, f"<b>{stage}</b><br>{shape_text(units[-1].output_shape)}{blocks}"))
        x += gap
    hover = [f"<b>{u.title}</b><br>output {shape_text(u.output_shape)}<br>parameters {fmt_int(u.params)}"
             f"<br>multiply-adds {fmt_int(u.macs)}<extra></extra>" for u in arch.units]
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
    for index, (centre, text) in enumerate(labels):
        # two rows of labels above the tallest box, alternating, so that narrow neighbours do not overlap
        fig.add_annotation(x=centre, y=top, yshift=8 + 44 * (index % 2), text=text, showarrow=False,
                           yanchor="bottom", font=dict(size=11))
    base_layout(fig, title=f"{arch.name}: every box is one unit (box width ∝ √channels, height = map side)",
                height=420)
    fig.update_xaxes(title_text="position in the network, input → output (boxes: stem, blocks, head)",
                     showticklabels=False, showgrid=False, zeroline=False)
    fig.update_yaxes(title_text="output feature-map side (pixels)", range=[0, top * 1.75],
                     tickvals=sorted({h for h in heights if h > 1}), showgrid=False)
    fig.update_layout(clickmode="event+select", dragmode="pan")
    return fig


def stage_shares(arch: Architecture) -> go.Figure:
    """Share of the parameters and of the multiply-adds in each table row."""
    labels = [row.label for row in arch.stages]
    fig = go.Figure()
    for name, values, total, colour in (("parameters", [r.params for r in arch.stages], arch.params, "#4c78a8"),
                                        ("multiply-adds", [r.macs for r in arch.stages], arch.macs, "#f58518")):
        fig.add_trace(go.Bar(
            y=labels, x=[100 * v / total for v in values], orientation="h", name=name, marker_color=colour,
            text=[f"{100 * v / total:.1f}%" for v in values], textposition="outside",
            customdata=[fmt_int(v) for v in values],
            hovertemplate="%{y}: %{customdata} " + name + " (%{x:.1f}% of the total)<extra></extra>",
        ))
    base_layout(fig, title=f"{arch.name}: where the parameters and the multiply-adds are", height=360)
    fig.update_layout(barmode="group", legend=dict(orientation="h", y=-0.25))
    fig.update_xaxes(title_text="share of the network total (%)", range=[0, 115])
    fig.update_yaxes(title_text="row of the table", autorange="reversed")
    return fig


def depth_curves(curves: Mapping[str, Sequence[Architecture]]) -> go.Figure:
    """Parameters and multiply-adds against depth, one line per family (log-log axes)."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=("parameters", "multiply-adds (one 224² or 32² image)"),
                        horizontal_spacing=0.1)
    for index, (family, archs) in enumerate(curves.items()):
        colour = STAGE_COLOURS[index % len(STAGE_COLOURS)]
        depths = [a.depth for a in archs]
        for col, values in ((1, [a.params for a in archs]), (2, [a.macs for a in archs])):
            fig.add_trace(go.Scatter(
                x=depths, y=values, mode="lines+markers+text", name=family, legendgroup=family,
                showlegend=col == 1, line=dict(color=colour), text=[str(d) for d in depths],
                textposition="top left", customdata=[fmt_int(v) for v in values],
                hovertemplate=f"{family} ResNet-%{{x}}: %{{customdata}}<extra></extra>",
            ), row=1, col=col)
    base_layout(fig, title="Both families on log-log axes (CIFAR nets: option A, v1)", height=440)
    fig.update_xaxes(type="log", title_text="depth (weighted layers)", tickvals=[10, 20, 50, 100, 200, 500, 1000])
    fig.update_yaxes(type="log", title_text="parameters", exponentformat="SI", row=1, col=1)
    fig.update_yaxes(type="log", title_text="multiply-adds", exponentformat="SI", row=1, col=2)
    fig.update_layout(legend=dict(orientation="h", y=-0.2), font=FONT)
    return fig


def stage_table(arch: Architecture) -> pd.DataFrame:
    """The per-stage table with totals; numbers as text with thousands separators."""
    rows = [{
        "stage": row.label, "output shape (C × H × W)": shape_text(row.output_shape),
        "block type": row.block_type, "blocks": str(row.blocks) if row.blocks else "—",
        "layers (kernel, channels) × blocks": row.layout,
        "resolution halved by": row.stride_at, "shortcut": row.shortcut,
        "parameters": fmt_int(row.params), "multiply-adds": fmt_int(row.macs),
    } for row in arch.stages]
    if arch.family == "ImageNet":
        for row, stage in zip(rows, arch.stages):
            side = PAPER_OUTPUT_SIZE.get(stage.label)
            row["paper output size"] = f"{side} × {side}" if side else "1 × 1" if stage.label.startswith("avg") else ""
    rows.append({"stage": "total", "output shape (C × H × W)": "", "block type": "",
                 "blocks": str(sum(r.blocks for r in arch.stages)), "layers (kernel, channels) × blocks":
                 f"{arch.weighted_layers} weighted layers (convs + fc, shortcuts not counted)",
                 "resolution halved by": "", "shortcut": "",
                 "parameters": fmt_int(arch.params), "multiply-adds": fmt_int(arch.macs)}
                | ({"paper output size": ""} if arch.family == "ImageNet" else {}))
    return pd.DataFrame(rows)


def unit_table(unit: Unit) -> pd.DataFrame:
    return pd.DataFrame([{"layer": r.name, "what it does": r.kind, "output shape": shape_text(r.output_shape),
                          "parameters": fmt_int(r.params), "multiply-adds": fmt_int(r.macs)} for r in unit.layers])


def imagenet_comparison_table(v15: Sequence[Architecture], paper: Sequence[Architecture]) -> pd.DataFrame:
    """Ours (both stride placements) next to the paper's Table 1 "FLOPs" (multiply-adds)."""
    rows = []
    for a, b in zip(v15, paper):
        rows.append({
            "model": a.name, "parameters": fmt_int(a.params),
            "multiply-adds, torchvision stride (G)": f"{a.macs / 1e9:.3f}",
            "torchvision's metadata (G)": f"{TORCHVISION_GMACS[a.depth]:.3f}",
            "multiply-adds, paper stride (G)": f"{b.macs / 1e9:.3f}",
            "paper Table 1 “FLOPs” (×10⁹)": f"{PAPER_TABLE1_GFLOPS[a.depth]:.1f}",
            "torchvision − paper stride": f"{(a.macs - b.macs) / 1e6:+,.0f} M ({100 * (a.macs / b.macs - 1):+.1f}%)",
        })
    return pd.DataFrame(rows)


def _paper_cell(row) -> str:
    """A table row in the paper's notation: '7×7, 64, stride 2', '[3×3, 64 · 3×3, 64] × 2', ..."""
    if row.blocks:
        return row.layout
    if row.label == "conv1":
        return "7×7, 64, stride 2"
    if row.label == "max-pool":
        return "3×3 max pool, stride 2"
    return f"average pool, {row.output_shape[0]}-d fc"


def table1(v15: Sequence[Architecture], paper: Sequence[Architecture]) -> pd.DataFrame:
    """The paper's Table 1 rebuilt from the modules: every depth's layers, then the cost rows."""
    rows = []
    for index, stage in enumerate(v15[0].stages):
        side = PAPER_OUTPUT_SIZE.get(stage.label)
        row = {"layer": stage.label, "output size": f"{side} × {side}" if side else "1 × 1"}
        row.update({a.name: _paper_cell(a.stages[index]) for a in v15})
        rows.append(row)
    rows.append({"layer": "multiply-adds, torchvision stride", "output size": "",
                 **{a.name: f"{a.macs / 1e9:.3f} × 10⁹" for a in v15}})
    rows.append({"layer": "multiply-adds, paper stride", "output size": "",
                 **{b.name: f"{b.macs / 1e9:.3f} × 10⁹" for b in paper}})
    rows.append({"layer": "paper's “FLOPs”", "output size": "",
                 **{a.name: f"{PAPER_TABLE1_GFLOPS[a.depth]} × 10⁹" for a in v15}})
    return pd.DataFrame(rows)


def cifar_comparison_table(archs: Sequence[Architecture]) -> pd.DataFrame:
    return pd.DataFrame([{
        "model": a.name, "n (blocks per stage)": (a.depth - 2) // 6, "parameters": fmt_int(a.params),
        "paper (Table 6)": f"{PAPER_CIFAR_PARAMS_M[a.depth]} M" if a.depth in PAPER_CIFAR_PARAMS_M else "—",
        "multiply-adds": fmt_int(a.macs),
        "paper test error": f"{PAPER_CIFAR_ERROR[a.depth]} %" if a.depth in PAPER_CIFAR_ERROR else "—",
    } for a in archs])
