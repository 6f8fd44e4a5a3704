"""Heat maps of the worked block: values, scales, the click layer and the pipeline overview."""

import numpy as np

from resnet_viz.figures._style import DIVERGING, SEQUENTIAL
from resnet_viz.figures.block import channel_names, clicked_position, map_scale, pipeline_overview, stage_maps


def test_map_scale_is_diverging_for_signed_and_sequential_from_zero_otherwise():
    assert map_scale(np.array([-1.0, 3.0])) == (True, (-3.0, 3.0))
    assert map_scale(np.array([0.5, 2.0])) == (False, (0.0, 2.0))
    assert map_scale(np.array([0.5]), np.array([-4.0])) == (True, (-4.0, 4.0))
    assert map_scale(np.zeros(3))[1][1] > 0  # never an empty range


def test_stage_maps_show_the_values_on_one_scale_and_carry_click_points():
    values = np.arange(2 * 3 * 4, dtype=np.float32).reshape(2, 3, 4) - 5
    fig = stage_maps(values, title="conv1", marker=(1, 2, 3))
    heatmaps = [t for t in fig.data if t.type == "heatmap"]
    points = [t for t in fig.data if t.type == "scattergl"]
    assert len(heatmaps) == 2 and len(points) == 2
    for c, (hm, pts) in enumerate(zip(heatmaps, points, strict=True)):
        np.testing.assert_array_equal(np.asarray(hm.z), values[c])
        assert (hm.zmin, hm.zmax, hm.zmid) == (-18.0, 18.0, 0.0) and hm.colorscale[0][1] != ""
        np.testing.assert_array_equal(np.asarray(pts.customdata), values[c].ravel())
    assert [hm.showscale for hm in heatmaps] == [False, True]
    assert fig.layout.title.text == "conv1" and fig.layout.xaxis.title.text == "column j"
    rect = fig.layout.shapes[0]
    assert (rect.x0, rect.x1, rect.y0, rect.y1) == (1.5, 4.5, 0.5, 3.5) and rect.xref == "x2"
    positive = stage_maps(np.abs(values), title="relu")
    assert positive.data[0].zmin == 0 and positive.data[0].zmid is None
    assert fig.data[0].colorscale != positive.data[0].colorscale
    assert DIVERGING and SEQUENTIAL  # the shared scales exist under their names


def test_clicked_position_maps_the_point_layer_back_to_channel_row_column():
    shape = (3, 64, 64)
    assert clicked_position([{"curve_number": 3, "x": 16, "y": 47}], shape) == (1, 47, 16)
    assert clicked_position([{"curve_number": 5, "x": 63.0, "y": 0.0}], shape) == (2, 0, 63)
    assert clicked_position([{"curve_number": 2, "x": 1, "y": 1}], shape) is None  # a heat map, not a point
    assert clicked_position([{"curve_number": 7, "x": 1, "y": 1}], shape) is None  # no channel 3
    assert clicked_position([{"curve_number": 1, "x": 64, "y": 1}], shape) is None
    assert clicked_position([{"x": 1}], shape) is None and clicked_position([], shape) is None


def test_pipeline_overview_has_one_image_per_stage_and_channel_and_a_colour_bar_per_stage():
    tensors = {"x": np.random.default_rng(0).random((3, 8, 8)), "conv1": np.linspace(-2, 1, 192).reshape(3, 8, 8)}
    fig = pipeline_overview(tensors, ["x", "conv1"], ["x", "conv1"], title="all", highlight="conv1")
    images = [t for t in fig.data if t.type == "image"]
    bars = [t for t in fig.data if t.type == "scatter"]
    assert len(images) == 6 and all(t.source.startswith("data:image/png;base64,") for t in images)
    assert [(b.marker.cmin, b.marker.cmax) for b in bars] == [(0.0, float(tensors["x"].max())), (-2.0, 2.0)]
    assert [b.marker.colorscale == bars[1].marker.colorscale for b in bars] == [False, True]
    assert len(fig.layout.shapes) == 1  # the highlighted column


def test_chinese_labels_and_english_by_default():
    values = np.ones((3, 4, 4), dtype=np.float32)
    assert channel_names("x", 3) == ["channel 0 (red)", "channel 1 (green)", "channel 2 (blue)"]
    assert channel_names("x", 3, lang="zh")[0] == "通道 0（红）" and channel_names("relu1", 2, lang="zh")[1] == "通道 1"
    fig = stage_maps(values, title="conv1", lang="zh")
    assert fig.layout.xaxis.title.text == "列 j" and fig.layout.yaxis.title.text == "行 i"
    assert "行 i = %{y}" in fig.data[1].hovertemplate and fig.data[-2].colorbar.title.text == "数值"
    overview = pipeline_overview({"x": values}, ["x"], ["x"], title="全部", lang="zh")
    assert "通道 0" in [a.text for a in overview.layout.annotations]
