import math

import numpy as np
import pytest

from resnet_viz.analyses.gradients import (
    FlowComparison,
    FlowConfig,
    GradientProfile,
    LambdaLaw,
    TrainingSnapshots,
)
from resnet_viz.figures._style import PLAIN_COLOUR, RESIDUAL_COLOUR
from resnet_viz.figures.gradients import (
    flow_figure,
    format_norm,
    format_power,
    lambda_law_figure,
    snapshots_figure,
)


def profile(label: str, inputs, weights=(1.0, 0.5, 0.25), dtype="float32") -> GradientProfile:
    inputs = np.array(inputs, dtype=np.float64)
    return GradientProfile(label=label, loss=1.0, block_names=tuple(f"b{i}" for i in range(len(inputs) - 1))
                           + ("output",), block_grad_norms=inputs, layer_names=("conv1", "conv2", "fc"),
                           weight_grad_norms=np.array(weights, dtype=np.float64), dtype=dtype)


def comparison(plain_inputs, residual_inputs) -> FlowComparison:
    return FlowComparison(FlowConfig(depth=8), profile("plain-8", plain_inputs), profile("ResNet-8", residual_inputs))


def all_y(fig):
    return [y for trace in fig.data for y in (trace.y if trace.y is not None else [])]


def x_title(fig) -> str:
    """The one x-axis title centred under a row of panels."""
    (title,) = [a.text for a in fig.layout.annotations if a.name == "x_title"]
    return title


def test_flow_figure_plots_the_norms_on_a_shared_log_axis():
    comp = comparison([1e-6, 1e-3, 1e-1, 1.0], [0.5, 0.6, 0.8, 1.0])
    fig = flow_figure([("without batch norm", comp), ("with batch norm", comp)])
    lines = [t for t in fig.data if t.mode == "lines+markers"]
    assert len(lines) == 4
    np.testing.assert_allclose(lines[0].y, [1e-6, 1e-3, 1e-1, 1.0])
    assert lines[0].line.color == PLAIN_COLOUR and lines[1].line.color == RESIDUAL_COLOUR
    assert fig.layout.yaxis.type == "log" and fig.layout.yaxis2.type == "log"
    assert tuple(fig.layout.yaxis.range) == tuple(fig.layout.yaxis2.range) == (-7.0, 1.0)
    assert "‖∂L/∂x_l‖" in fig.layout.yaxis.title.text and "block" in x_title(fig)
    assert not fig.layout.xaxis.title.text and not fig.layout.xaxis2.title.text  # one title under both panels
    assert "plain-8 vs ResNet-8" in fig.layout.title.text
    weights = flow_figure([("x", comp)], quantity="weights")
    np.testing.assert_allclose(weights.data[0].y, [1.0, 0.5, 0.25])
    with pytest.raises(ValueError):
        flow_figure([("x", comp)], quantity="biases")


def test_underflow_and_overflow_become_pinned_markers_not_numbers():
    comp = comparison([0.0, 1e-40, 1e-3, 1.0], [float("inf"), float("nan"), 0.8, 1.0])
    fig = flow_figure([("t", comp)])
    ys = all_y(fig)
    assert all(math.isfinite(y) and y > 0 for y in ys)
    names = [t.name for t in fig.data]
    assert "plain-8: underflow" in names and "ResNet-8: overflow" in names
    under = next(t for t in fig.data if t.name == "plain-8: underflow")
    over = next(t for t in fig.data if t.name == "ResNet-8: overflow")
    assert list(under.x) == [0, 1] and list(over.x) == [0, 1]
    low, high = fig.layout.yaxis.range
    assert under.y[0] == pytest.approx(10 ** (low + 0.3)) and over.y[0] == pytest.approx(10 ** (high - 0.3))


def law(lam: float, norms, dtype="float64") -> LambdaLaw:
    norms = np.array(norms, dtype=np.float64)
    return LambdaLaw(lam=lam, depth=8, dtype=dtype, block_grad_norms=norms, transition_factor=np.ones(len(norms) - 1),
                     transitions=(1, 2), output_norm=1.0)


def test_lambda_law_figure_draws_analytic_lines_in_log_space():
    fig = lambda_law_figure([law(0.5, [0.125, 0.25, 0.5, 1.0]), law(2.0, [8.0, 4.0, 2.0, 1.0])])
    analytic = [t for t in fig.data if t.mode == "lines"]
    np.testing.assert_allclose(analytic[0].y, [3 * math.log10(0.5), 2 * math.log10(0.5), math.log10(0.5), 0])
    measured = [t for t in fig.data if t.mode == "markers" and "measured" in t.name]
    np.testing.assert_allclose(measured[0].y, analytic[0].y)
    np.testing.assert_allclose(measured[1].y, analytic[1].y)
    assert "log" in fig.layout.yaxis.title.text and fig.layout.yaxis.ticktext
    assert [t.name for t in fig.data if t.showlegend is not False] == ["λ = 0.5", "λ = 2"]  # one entry per λ
    assert "lines: analytic" in fig.layout.title.text and "circles: measured" in fig.layout.title.text


def test_lambda_law_figure_with_underflow_has_no_nan():
    gone = law(0.1, [0.0, 0.0, 1e-310, 1e-3, 1.0])
    fig = lambda_law_figure([gone])
    assert all(math.isfinite(y) for y in all_y(fig))
    under = next(t for t in fig.data if "underflow" in t.name)
    assert list(under.x) == [0, 1, 2]
    everything = law(0.1, [0.0, 0.0, 0.0])  # dL/dx_L itself is 0: every unit is underflow
    fig = lambda_law_figure([everything])
    assert all(math.isfinite(y) for y in all_y(fig))


def test_snapshots_figure_has_one_panel_per_step():
    p = {s: profile("plain-8", [1e-3, 1e-2, 1.0]) for s in (0, 10, 100)}
    r = {s: profile("ResNet-8", [0.5, 0.7, 1.0]) for s in (0, 10)}
    snaps = TrainingSnapshots(steps=(0, 10, 100), plain=p, residual=r, diverged_at={"plain": None, "residual": 50},
                              train_losses={"plain": [], "residual": []})
    fig = snapshots_figure(snaps)
    assert [a.text for a in fig.layout.annotations] == [f"after {s} training steps" for s in (0, 10, 100)]
    assert len([t for t in fig.data if t.mode == "lines+markers"]) == 5


def test_formatting():
    assert format_power(math.log10(0.5**54)) == "5.6 × 10⁻¹⁷"
    assert format_power(math.log10(0.9**54)) == "0.00338"
    assert format_power(math.log10(1.1**54)) == "172"
    assert format_power(-600.0) == "10⁻⁶⁰⁰" and format_power(0.0) == "1"
    assert format_norm(0.0) == "0 (underflow)" and format_norm(float("inf")) == "overflow (inf)"
    assert format_norm(float("nan")).startswith("overflow") and "subnormal" in format_norm(1e-40, "float32")
    assert format_norm(9.67e-22) == "9.67e-22" and format_norm(28.8) == "28.8"


def test_figures_speak_chinese():
    comp = comparison([0.0, 1e-3, 1e-1, 1.0], [0.5, 0.6, 0.8, float("inf")])
    fig = flow_figure([("无批归一化", comp)], lang="zh")
    assert "普通网络-8" in fig.layout.title.text and "梯度" in fig.layout.title.text
    assert "残差块" in x_title(fig)
    names = [t.name for t in fig.data]
    assert "普通网络-8: 下溢" in names and "ResNet-8: 上溢" in names
    weights = flow_figure([("x", comp)], quantity="weights", lang="zh")
    assert "权重" in weights.layout.title.text and "层" in x_title(weights)
    assert format_norm(0.0, lang="zh") == "0（下溢）" and format_norm(float("inf"), lang="zh") == "上溢（inf）"
    assert format_power(float("inf"), lang="zh") == "上溢（inf）"
    gone = lambda_law_figure([law(0.1, [0.0, 0.0, 1e-310, 1e-3, 1.0])], lang="zh")
    assert "预激活" in gone.layout.title.text and "单元" in gone.layout.xaxis.title.text
    assert any("下溢" in t.name for t in gone.data) and any("实测值" in t.name for t in gone.data)
    snaps = TrainingSnapshots(steps=(0, 10), plain={0: profile("plain-8", [1e-3, 1.0])},
                              residual={0: profile("ResNet-8", [0.5, 1.0])},
                              diverged_at={"plain": None, "residual": None},
                              train_losses={"plain": [], "residual": []})
    fig = snapshots_figure(snaps, lang="zh")
    assert [a.text for a in fig.layout.annotations] == ["训练 0 步后", "训练 10 步后"]
