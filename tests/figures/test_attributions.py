"""Attribution figures: the right numbers on the right scales (checked by hand on tiny arrays)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from resnet_viz.figures._style import DIVERGING, SEQUENTIAL, colourise
from resnet_viz.figures.attributions import (
    MAP_PX,
    PAD_PX,
    PANEL_GAP_PX,
    ROW_PX,
    attribution_heading,
    attribution_panels,
    cascade_figure,
    colour_limit,
    delta_curve_figure,
    fit_title,
    map_side,
    mask_check_figure,
    mask_share_figure,
    overlay_rgb,
    probability_figure,
)
from tests.pixels import decode_png


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


def _title(piece: go.Figure) -> str:
    return piece.layout.annotations[0].text


def _bars(pieces: tuple[go.Figure, ...]) -> list[int]:
    """The index of every piece that draws a colour bar, once per bar."""
    return [index for index, piece in enumerate(pieces) for t in piece.data
            if (isinstance(t, go.Heatmap) and t.showscale) or (isinstance(t, go.Scatter) and t.marker.showscale)]


def test_shared_scale_puts_every_panel_on_one_range():
    image, columns = _maps()
    pieces = attribution_panels(image, columns, sign="all", shared_scale=True, percentile=100)
    assert [_title(p) for p in pieces] == ["Input", "A", "B"]  # the input image, then one piece per method
    sums = [c[1].sum(0) for c in columns]
    expected = max(np.abs(s).max() for s in sums)
    for piece, total in zip(pieces[1:], sums):
        heat = _colour_traces(piece)
        assert len(heat) == 1  # one heat map per method; the overlay is an image
        trace = heat[0]
        assert (trace.zmin, trace.zmax, trace.zmid) == (pytest.approx(-expected), pytest.approx(expected), 0.0)
        assert trace.colorscale[0][1] == go.Heatmap(colorscale=DIVERGING).colorscale[0][1]
        np.testing.assert_allclose(np.asarray(trace.z), total)
    assert _bars(pieces) == [2]  # one colour bar for the shared scale, in the last piece
    assert "shared" in attribution_heading("T", shared_scale=True)


def test_per_column_scale_and_sequential_for_magnitudes():
    image, columns = _maps()
    pieces = attribution_panels(image, columns, sign="absolute", shared_scale=False, percentile=100)
    heat = [t for piece in pieces for t in _colour_traces(piece)]
    for trace, (_, values) in zip(heat, columns):
        assert trace.zmin == 0 and trace.zmax == pytest.approx(np.abs(values.sum(0)).max())
        np.testing.assert_allclose(np.asarray(trace.z), np.abs(values.sum(0)))
        assert trace.colorscale[-1][1] == go.Heatmap(colorscale=SEQUENTIAL).colorscale[-1][1]
    assert heat[0].zmax < heat[1].zmax
    assert _bars(pieces) == [1, 2]  # every method piece carries its own colour bar
    assert "own colour scale" in attribution_heading(shared_scale=False)


def test_views_rows_and_original_column():
    image, columns = _maps()
    pieces = attribution_panels(image, columns, views=("heatmap",), show_original=True)
    assert [_title(p) for p in pieces] == ["Input", "A", "B"]
    assert [sum(isinstance(t, go.Image) for t in p.data) for p in pieces] == [1, 0, 0]
    np.testing.assert_array_equal(np.asarray(pieces[0].data[0].z), np.round(image * 255).astype(np.uint8))
    # each row's title sits beside the row's first map (the first method's piece), never beside the input image
    input_piece, first, second = attribution_panels(image, columns, views=("heatmap", "overlay"), show_original=True)
    assert first.layout.yaxis.title.text.startswith("Heat map")
    assert first.layout.yaxis2.title.text.startswith("Blended overlay")
    assert not input_piece.layout.yaxis.title.text and not second.layout.yaxis.title.text
    assert "yaxis2" not in input_piece.layout.to_plotly_json()  # the input is drawn once, in the first row
    only, = [p for p in attribution_panels(image, columns[:1], views=("overlay",), show_original=False,
                                           mask=np.eye(8, dtype=bool))]
    assert only.layout.yaxis.title.text.startswith("Blended overlay")
    assert sum(isinstance(t, go.Image) for t in only.data) == 1
    contours = [t for t in only.data if isinstance(t, go.Contour)]
    assert len(contours) == 1 and np.array_equal(np.asarray(contours[0].z), np.eye(8))


def test_pieces_share_one_map_size_and_fill_a_row():
    """Every map is the same square in every piece, and the pieces (with the gaps between them) fill one row."""
    image, columns = _maps()
    columns = columns * 2  # four methods, as the page's default
    pieces = attribution_panels(image, columns, views=("heatmap", "overlay"), shared_scale=False)
    sides = set()
    for piece in pieces:
        margin = piece.layout.margin
        side = piece.layout.width - margin.l - margin.r
        plot = piece.layout.height - margin.t - margin.b
        for name, axis in piece.layout.to_plotly_json().items():
            if name.startswith("yaxis"):
                sides.add(round((axis["domain"][1] - axis["domain"][0]) * plot))
        sides.add(side)
        assert [t.xaxis for t in piece.data if isinstance(t, go.Heatmap)] in ([], ["x"])  # heat maps in the top row
    assert len(sides) == 1
    total = sum(p.layout.width for p in pieces) + PANEL_GAP_PX * (len(pieces) - 1)
    assert ROW_PX - len(pieces) < total <= ROW_PX
    assert len({p.layout.height for p in pieces[1:]}) == 1  # the methods' pieces line up
    # few columns get large maps, many get the smallest that still lets two pieces share a phone's row
    assert map_side([(PAD_PX, PAD_PX)] * 2) == MAP_PX[1] and map_side([(PAD_PX, PAD_PX)] * 12) == MAP_PX[0]


def test_long_titles_are_broken_to_fit_their_piece():
    assert fit_title("Grad-CAM (LayerGradCam)", 120) == "Grad-CAM<br>(LayerGradCam)"
    assert fit_title("Guided Grad-CAM", 200) == "Guided Grad-CAM"
    assert fit_title("ResNet-20<br>p(circle) = 100.0%", 150) == "ResNet-20<br>p(circle) = 100.0%"
    image, columns = _maps()
    pieces = attribution_panels(image, [("Grad-CAM (LayerGradCam)", columns[0][1])] * 4, shared_scale=False)
    assert _title(pieces[1]) == "Grad-CAM (LayerGradCam)"  # the first piece is wider: the row titles stand in it
    assert _title(pieces[2]) == "Grad-CAM<br>(LayerGradCam)"
    assert {p.layout.margin.t for p in pieces} == {pieces[0].layout.margin.t}  # room for two lines in each piece


def test_large_maps_travel_as_images_with_a_colour_bar():
    image, columns = _maps(size=120)
    pieces = attribution_panels(image, columns, views=("heatmap",), shared_scale=True)
    assert not any(_colour_traces(p) for p in pieces)
    images = [t for p in pieces for t in p.data if isinstance(t, go.Image)]
    assert len(images) == 3 and images[1].source.startswith("data:image/png;base64,")
    limit = colour_limit(*(c[1].sum(0) for c in columns))
    pixels = decode_png(images[1].source)
    np.testing.assert_array_equal(pixels, colourise(columns[0][1].sum(0), signed=True, zrange=(-limit, limit)))
    bars = [t for p in pieces for t in p.data if isinstance(t, go.Scatter) and t.marker.showscale]
    assert len(bars) == 1 and bars[0].marker.cmin == -bars[0].marker.cmax == pytest.approx(-limit)
    assert _bars(pieces) == [2]


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
    pieces = attribution_panels(image, columns, shared_scale=False, mask=np.eye(8, dtype=bool), lang="zh")
    assert attribution_heading("对“圆形”的归因", shared_scale=False, lang="zh").startswith(
        "对“圆形”的归因 · 每列使用各自的色标")
    assert _title(pieces[0]) == "输入"
    assert pieces[1].layout.yaxis.title.text.startswith("热力图")  # beside the first map, not the input image
    assert any(t.name == "物体轮廓" for t in pieces[1].data if isinstance(t, go.Contour))
    assert any("归因值" in t.colorbar.title.text for t in pieces[-1].data if isinstance(t, go.Heatmap))
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
    assert attribution_heading("T") == "T · one shared colour scale, ends at the 99th percentile of |value|"
    assert _title(attribution_panels(image, columns)[0]) == "Input"
    assert probability_figure(["a"], np.array([1.0]), target=0).layout.title.text == \
        "What the model predicts (➤ = the class explained)"
