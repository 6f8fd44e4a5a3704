"""Taking a row of subplots apart: every trace, axis, shape and title lands on its own panel."""

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from resnet_viz.figures.panels import split_panels


def three_panels() -> go.Figure:
    fig = make_subplots(rows=1, cols=3, shared_yaxes=True, subplot_titles=("a", "b", "c"))
    for col in (1, 2, 3):
        fig.add_scatter(x=[0, 1], y=[col, 10 * col], name=f"trace {col}", showlegend=col == 1, row=1, col=col)
    fig.add_hline(y=5, annotation_text="chance", row=1, col=2)
    fig.update_yaxes(type="log", range=[0, 2], title_text="norm")
    fig.update_xaxes(title_text="block", row=1, col=3)
    return fig.update_layout(title_text="three", height=300, legend=dict(orientation="h", y=-0.3))


def test_each_panel_gets_its_traces_title_and_axes():
    title, panels = split_panels(three_panels())
    assert title == "three" and len(panels) == 3
    assert [p.layout.title.text for p in panels] == ["a", "b", "c"]
    assert [[list(t.y) for t in p.data] for p in panels] == [[[1, 10]], [[2, 20]], [[3, 30]]]
    assert all((t.xaxis, t.yaxis) == ("x", "y") for p in panels for t in p.data)
    assert [t.showlegend for p in panels for t in p.data] == [True, False, False]
    # the shared y axis: every panel has the first one's log scale and range, none points at another axis
    assert all(p.layout.yaxis.type == "log" and tuple(p.layout.yaxis.range) == (0, 2) for p in panels)
    assert all(p.layout.yaxis.matches is None and p.layout.yaxis.domain is None for p in panels)
    assert panels[0].layout.yaxis.title.text == "norm" and panels[2].layout.xaxis.title.text == "block"
    assert all(p.layout.height == 300 and p.layout.legend.y == -0.3 for p in panels)


def test_shapes_and_their_labels_follow_their_panel():
    _, (first, second, third) = split_panels(three_panels())
    assert len(first.layout.shapes) == 0 and len(third.layout.shapes) == 0
    (line,) = second.layout.shapes
    assert (line.xref, line.yref, line.y0) == ("x domain", "y", 5)
    (label,) = second.layout.annotations
    assert (label.text, label.xref, label.yref) == ("chance", "x domain", "y")


def test_a_figure_without_subplots_is_its_only_panel():
    fig = go.Figure(go.Bar(y=[1, 2]), layout=dict(title="one"))
    title, (only,) = split_panels(fig)
    assert title == "one" and only.layout.title.text is None and list(only.data[0].y) == [1, 2]


def test_the_degradation_curves_split_into_plain_and_residual():
    from resnet_viz.figures.training import error_figure
    from tests.figures.test_training import NETS

    title, (plain, residual) = split_panels(error_figure(NETS, chance=0.5))
    assert "Training error" in title
    assert plain.layout.title.text == "Plain nets" and residual.layout.title.text == "Residual nets (ResNet)"
    assert {t.name for t in plain.data} == {"plain-20", "plain-20 test", "plain-56", "plain-56 test"}
    assert all(t.name.startswith("ResNet") for t in residual.data)
    assert all(len(p.layout.shapes) == 1 and p.layout.shapes[0].y0 == 50 for p in (plain, residual))
