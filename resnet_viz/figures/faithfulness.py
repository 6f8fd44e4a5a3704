"""Figures for the faithfulness of attribution maps: deletion / insertion curves, their areas, and cascading
randomisation by stage. ``titles`` maps each method or reference name to the label shown (the page translates
them); every other text comes from :data:`TEXT` in the language of ``lang``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from resnet_viz.analyses.faithfulness import REFERENCES, CascadeResult, FaithfulnessResult
from resnet_viz.figures._style import base_layout
from resnet_viz.i18n import Catalogue

__all__ = ["TEXT", "auc_figure", "cascade_study_figure", "curves_figure"]

# Qualitative colours for the methods (Plotly's "D3"); the references are grey (random) and black (mask).
_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf")
_REFERENCE_STYLE = {"random": dict(color="#888888", dash="dash"), "mask": dict(color="#000000", dash="dot")}

TEXT = Catalogue("figures.faithfulness")


def _style(name: str, index: int) -> dict:
    return _REFERENCE_STYLE.get(name, dict(color=_COLOURS[index % len(_COLOURS)]))


def curves_figure(result: FaithfulnessResult, names: Sequence[str], titles: Mapping[str, str], *,
                  height: int = 420, lang: str | None = None) -> go.Figure:
    """Mean deletion (left) and insertion (right) curves of the chosen maps."""
    tr = TEXT.bind(lang)
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.06,
                        subplot_titles=(tr("deletion"), tr("insertion")))
    x = [100 * k / result.steps for k in range(result.steps + 1)]
    for index, name in enumerate(names):
        curves = result.curves[name]
        for col, values in ((1, curves.deletion), (2, curves.insertion)):
            fig.add_trace(go.Scatter(
                x=x, y=values.mean(axis=0), mode="lines", name=titles.get(name, name), legendgroup=name,
                showlegend=col == 1, line=dict(width=3 if name in REFERENCES else 2, **_style(name, index)),
                hovertemplate=f"%{{x:.0f}}%: %{{y:.3f}}<extra>{titles.get(name, name)}</extra>",
            ), row=1, col=col)
    fig.update_xaxes(title_text=tr("fraction"), range=[0, 100])
    fig.update_yaxes(title_text=tr("probability"), range=[0, 1.02], row=1, col=1)
    return base_layout(fig, title=tr("curves_title", count=result.count), height=height)


def auc_figure(result: FaithfulnessResult, names: Sequence[str], titles: Mapping[str, str], *,
               height: int = 420, lang: str | None = None) -> go.Figure:
    """Deletion and insertion AUC per map with 95 % intervals; the random map's mean as a dashed line."""
    tr = TEXT.bind(lang)
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.04,
                        subplot_titles=(tr("auc_deletion"), tr("auc_insertion")))
    labels = [titles.get(name, name) for name in names]
    for col, curve in ((1, "deletion"), (2, "insertion")):
        summaries = [result.summary(name)[curve] for name in names]
        fig.add_trace(go.Bar(
            y=labels, x=[mean for mean, _ in summaries], orientation="h", showlegend=False,
            marker_color=[_style(name, index)["color"] for index, name in enumerate(names)],
            error_x=dict(type="data", array=[half for _, half in summaries], visible=True),
            hovertemplate="%{y}: %{x:.3f}<extra></extra>",
        ), row=1, col=col)
        if "random" in result.curves:
            fig.add_vline(x=result.summary("random")[curve][0], line=dict(color="#888888", dash="dash"),
                          row=1, col=col)
    fig.update_xaxes(range=[0, 1])
    fig.update_yaxes(autorange="reversed")
    return base_layout(fig, title=tr("auc_title", count=result.count), height=height)


def cascade_study_figure(cascade: CascadeResult, methods: Sequence[str], titles: Mapping[str, str], *,
                         height: int = 420, lang: str | None = None) -> go.Figure:
    """Mean rank correlation with the trained map after re-initialising the stages from the output back."""
    tr = TEXT.bind(lang)
    ticks = [tr("none")] + [f"+ {stage}" if k else stage for k, stage in enumerate(cascade.stages)]
    count = next(iter(cascade.correlations.values())).shape[0] if cascade.correlations else 0
    fig = go.Figure()
    for index, method in enumerate(methods):
        fig.add_trace(go.Scatter(
            x=ticks, y=cascade.mean(method), mode="lines+markers", name=titles.get(method, method),
            line=dict(color=_COLOURS[index % len(_COLOURS)], width=2),
            hovertemplate=f"%{{x}}: %{{y:.2f}}<extra>{titles.get(method, method)}</extra>",
        ))
    fig.add_hline(y=0, line=dict(color="#888888", width=1))
    fig.update_xaxes(title_text=tr("cascade_x"))
    fig.update_yaxes(title_text=tr("cascade_y"), range=[-0.2, 1.05])
    return base_layout(fig, title=tr("cascade_title", count=count), height=height)
