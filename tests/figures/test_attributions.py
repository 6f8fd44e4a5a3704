"""Attribution figures: the right numbers on the right scales (checked by hand on tiny arrays)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from resnet_viz.figures._style import DIVERGING, SEQUENTIAL
from resnet_viz.figures.attributions import (
    attribution_figure,
    cascade_figure,
    colour_limit,
    delta_curve_figure,
    mask_check_figure,
    mask_share_figure,
    overlay_rgb,
    probability_figure,
)


def _maps(size: int = 8) -> tuple[np.ndarray, list[tuple[str, np.ndarray]]]:
    rng = np.random.default_rng(0)
    image = rng.random((size, size, 3))
    small = rng.normal(size=(3, size, size))
    large = 10 * rng.normal(size=(3, size, size))
    return image, [("A", small), ("B", large)]


def _colour_traces(fig: go.Figure) -> list:
    return [t for t in fig.data if isinstance(t, go.Heatmap)]


def test_colour_limit_is_a_percentile_of_magnitudes():
    values = np.arange(-50, 51, dtype=float)  # |v| = 0..50, each twice except 0
    assert colour_limit(values, percentile=100) == 50
    assert colour_limit(values, percentile=50) == pytest.approx(np.percentile(np.abs(values), 50))
    assert colour_limit(np.zeros(4)) == 1e-12


def test_shared_scale_puts_every_panel_on_one_range():
    image, columns = _maps()
    fig = attribution_figure(image, columns, sign="all", shared_scale=True, percentile=100)
    heat = _colour_traces(fig)
    assert len(heat) == 2  # one heat map per method; the overlays are images
    sums = [c[1].sum(0) for c in columns]
    expected = max(np.abs(s).max() for s in sums)
    for trace in heat:
        assert (trace.zmin, trace.zmax, trace.zmid) == (pytest.approx(-expected), pytest.approx(expected), 0.0)
        assert trace.colorscale[0][1] == go.Heatmap(colorscale=DIVERGING).colorscale[0][1]
    np.testing.assert_allclose(np.asarray(heat[0].z), sums[0])
    assert sum(bool(t.showscale) for t in heat) == 1  # one colour bar for the shared scale
    assert "shared" in fig.layout.title.text


def test_per_column_scale_and_sequential_for_magnitudes():
    image, columns = _maps()
    fig = attribution_figure(image, columns, sign="absolute", shared_scale=False, percentile=100)
    heat = _colour_traces(fig)
    for trace, (_, values) in zip(heat, columns):
        assert trace.zmin == 0 and trace.zmax == pytest.approx(np.abs(values.sum(0)).max())
        assert trace.colorscale[-1][1] == go.Heatmap(colorscale=SEQUENTIAL).colorscale[-1][1]
        assert trace.showscale
    assert heat[0].zmax < heat[1].zmax


def test_views_rows_and_original_column():
    image, columns = _maps()
    fig = attribution_figure(image, columns, views=("heatmap",), show_original=True)
    assert [a.text for a in fig.layout.annotations][:3] == ["Input", "A", "B"]
    assert sum(isinstance(t, go.Image) for t in fig.data) == 1
    # each row's title sits beside the row's first map (column 2), never beside the input image (row 1 only)
    fig = attribution_figure(image, columns, views=("heatmap", "overlay"), show_original=True)
    titles = {name: fig.layout[name].title.text for name in ("yaxis", "yaxis2", "yaxis4", "yaxis5")}
    assert titles["yaxis2"].startswith("Heat map") and titles["yaxis5"].startswith("Blended overlay")
    assert not titles["yaxis"] and not titles["yaxis4"]
    fig = attribution_figure(image, columns, views=("overlay",), show_original=False, mask=np.eye(8, dtype=bool))
    assert fig.layout.yaxis.title.text.startswith("Blended overlay")
    assert sum(isinstance(t, go.Image) for t in fig.data) == 2
    assert sum(isinstance(t, go.Contour) for t in fig.data) == 2


def test_large_maps_travel_as_images_with_a_colour_bar():
    image, columns = _maps(size=120)
    fig = attribution_figure(image, columns, views=("heatmap",), shared_scale=True)
    assert not _colour_traces(fig)
    images = [t for t in fig.data if isinstance(t, go.Image)]
    assert len(images) == 3 and images[1].source.startswith("data:image/png;base64,")
    bars = [t for t in fig.data if isinstance(t, go.Scatter) and t.marker.showscale]
    assert len(bars) == 1 and bars[0].marker.cmin == -bars[0].marker.cmax


def test_overlay_keeps_the_image_where_attribution_is_zero():
    image = np.full((2, 2, 3), 0.5)
    values = np.array([[0.0, 1.0], [-1.0, 0.0]])
    out = overlay_rgb(image, values, signed=True, limit=1.0).astype(int)
    grey = round(255 * (0.35 + 0.65 * 0.5))
    assert (out[0, 0] == grey).all() and (out[1, 1] == grey).all()
    assert out[0, 1, 0] > out[0, 1, 2]  # positive -> red end of RdBu_r
    assert out[1, 0, 2] > out[1, 0, 0]  # negative -> blue end


def test_probability_bars_sorted_with_the_target():
    probabilities = np.array([0.1, 0.6, 0.05, 0.25])
    fig = probability_figure(["a", "b", "c", "d"], probabilities, target=2, top=2)
    bar = fig.data[0]
    assert list(bar.x) == pytest.approx([5.0, 25.0, 60.0])
    assert list(bar.text) == ["5.0%", "25.0%", "60.0%"]
    assert bar.y[0].startswith("➤ c")


def test_delta_curve_is_log_log():
    fig = delta_curve_figure([(4, 0.1), (8, 0.01), (16, 0.0)], chosen=8)
    assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.type == "log"
    assert list(fig.data[0].y) == [0.1, 0.01, 1e-12]


def test_mask_figures():
    fig = mask_share_figure(["IG", "Saliency"], [0.8, 0.4], 0.2)
    assert list(fig.data[0].y) == pytest.approx([80.0, 40.0])
    assert [s.y0 for s in fig.layout.shapes] == pytest.approx([20.0, 40.0])
    fig = mask_check_figure(np.array([0.5, 0.7]), np.array([0.2, 0.1]), np.array([True, False]))
    dots = [t for t in fig.data if t.mode == "markers"]
    assert [list(t.x) for t in dots] == [pytest.approx([20.0]), pytest.approx([10.0])]
    assert [list(t.y) for t in dots] == [pytest.approx([50.0]), pytest.approx([70.0])]


def test_cascade_figure():
    fig = cascade_figure(["fc", "layer3"], [0.5, float("nan")], [0.9, 0.2], method="Saliency")
    assert [t.name for t in fig.data] == ["|maps|", "signed maps"]
    assert list(fig.data[0].x) == ["1: fc", "2: +layer3"] and list(fig.data[0].y) == [0.9, 0.2]
    assert fig.layout.yaxis.range == (-1.05, 1.05)


def test_every_figure_speaks_chinese():
    image, columns = _maps()
    maps = attribution_figure(image, columns, shared_scale=False, title="对“圆形”的归因", mask=np.eye(8, dtype=bool),
                              lang="zh")
    assert maps.layout.title.text.startswith("对“圆形”的归因 · 每列使用各自的色标")
    assert maps.layout.annotations[0].text == "输入"
    assert maps.layout.yaxis2.title.text.startswith("热力图")  # beside the first map, not the input image
    assert any(t.name == "物体轮廓" for t in maps.data if isinstance(t, go.Contour))
    assert any("归因值" in t.colorbar.title.text for t in maps.data if isinstance(t, go.Heatmap))
    probs = probability_figure(["a", "b"], np.array([0.3, 0.7]), target=0, lang="zh")
    assert probs.layout.title.text == "模型的预测\uff08➤ = 被解释的类别\uff09"
    assert probs.layout.xaxis.title.text == "softmax 概率 (%)"
    delta = delta_curve_figure([(4, 0.1), (8, 0.01)], chosen=8, lang="zh")
    assert delta.layout.title.text.startswith("积分梯度") and delta.data[1].name == "当前设置\uff1a8 步"
    cascade = cascade_figure(["fc"], [0.5], [0.9], method="显著图", lang="zh")
    assert cascade.layout.title.text.startswith("显著图\uff1a") and cascade.data[1].name == "带符号的归因图"
    share = mask_share_figure(["积分梯度"], [0.8], 0.2, lang="zh")
    assert "物体占图像的 20%" in share.layout.title.text
    assert [a.text for a in share.layout.annotations] == ["随机水平", "2 倍随机水平"]
    check = mask_check_figure(np.array([0.5]), np.array([0.2]), np.array([True]), lang="zh")
    assert check.layout.title.text == "在 1 张未参与训练的形状图像上的积分梯度"
    assert [t.name for t in check.data] == ["y = x\uff08随机水平\uff09", "y = 2x\uff08目标\uff09", "预测正确"]


def test_english_is_the_default():
    image, columns = _maps()
    fig = attribution_figure(image, columns, title="T")
    assert fig.layout.title.text == "T · one shared colour scale, ends at the 99th percentile of |value|"
    assert probability_figure(["a"], np.array([1.0]), target=0).layout.title.text == \
        "What the model predicts (➤ = the class explained)"
