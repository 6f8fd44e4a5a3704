"""Feature-map figures: grid pixels by hand, colour scales, payload size, receptive-field drawing."""

import numpy as np
import plotly.graph_objects as go
import pytest

from resnet_viz.analyses.features_view import channel_statistics
from resnet_viz.figures import feature_maps as figs
from resnet_viz.figures._style import DIVERGING, SEQUENTIAL, colourise
from tests.pixels import decode_png as decode


def viridis(fraction: float) -> np.ndarray:
    return colourise(np.array([[fraction]]), signed=False, zrange=(0.0, 1.0))[0, 0]


def test_local_and_global_scales_by_hand():
    # channel 0: 0..3, channel 1: 10..13 (2x2 each); small maps are enlarged 24x without smoothing
    maps = np.stack([np.arange(4.0).reshape(2, 2), 10 + np.arange(4.0).reshape(2, 2)])
    local, layout = figs.grid_picture(maps, [0, 1], signed=False, scale="local", columns=2)
    assert (layout.tile, layout.factor, layout.size) == (48, 24.0, (98, 48))
    x1, _ = layout.origin(1)
    assert x1 == 50 and (local[:, 48:50] == 255).all()  # white gutter
    for x0 in (0, x1):  # each tile spans its own min..max
        assert (local[0, x0] == viridis(0)).all() and (local[47, x0 + 47] == viridis(1)).all()
        assert (local[0:24, x0:x0 + 24] == local[0, x0]).all()  # one map pixel = one 24x24 block
    glob, _ = figs.grid_picture(maps, [0, 1], signed=False, scale="global", columns=2)
    assert (glob[0, 0] == viridis(0)).all() and (glob[47, x1 + 47] == viridis(1)).all()
    assert (glob[0, x1] == viridis(10 / 13)).all()


def test_signed_maps_are_centred_on_zero():
    maps = np.array([[[-2.0, 0.0], [1.0, 2.0]]])
    picture, _ = figs.grid_picture(maps, [0], signed=True)
    centre = colourise(np.array([[0.0]]), signed=True, zrange=(-1, 1))[0, 0]
    assert (picture[30, 0] == colourise(np.array([[1.0]]), signed=True, zrange=(-2, 2))[0, 0]).all()
    assert (picture[0, 30] == centre).all()


def test_large_maps_are_averaged_down():
    maps = np.zeros((64, 112, 112))
    maps[:, :3, :3] = 9.0
    picture, layout = figs.grid_picture(maps, list(range(64)), signed=False, scale="global")
    assert layout.tile == 37 and layout.tile * layout.tile * 64 <= figs.GRID_PIXEL_BUDGET
    assert (picture[0, 0] == viridis(1)).all() and (picture[1, 1] == viridis(0)).all()


def test_channel_grid_figure_parts():
    rng = np.random.default_rng(0)
    maps = rng.standard_normal((8, 7, 7))
    fig = figs.channel_grid(maps, [3, 1, 5], signed=True, scale="local", stats=channel_statistics(maps), title="t")
    image, dots = fig.data
    assert isinstance(image, go.Image) and image.source.startswith("data:image/png;base64,")
    assert list(dots.customdata) == [3, 1, 5] and dots.marker.opacity == 0
    assert dots.marker.colorscale and dots.marker.colorbar.ticktext == ("−max |a|", "0", "+max |a|")
    assert "channel 3" in dots.text[0] and f"mean {maps[3].mean():.4g}" in dots.text[0]
    global_fig = figs.channel_grid(maps, [0, 1], signed=False, scale="global", zrange=(0.0, 4.0))
    assert (global_fig.data[1].marker.cmin, global_fig.data[1].marker.cmax) == (0.0, 4.0)
    bar = global_fig.data[1].marker.colorbar  # under the grid: a bar beside it took a third of a phone's width
    assert bar.orientation == "h" and bar.yanchor == "top" and bar.y < 0
    assert [a.text for a in fig.layout.annotations] == ["3", "1", "5"]
    with pytest.raises(ValueError):
        figs.grid_picture(maps, [0], signed=True, scale="loud")


def test_worst_case_page_stays_under_two_megabytes():
    """Two 64-channel grids of 112x112 noise (the biggest ImageNet map), two full heat maps."""
    rng = np.random.default_rng(1)
    maps = rng.standard_normal((64, 112, 112))
    total = sum(len(figs.channel_grid(maps, list(range(64)), signed=True).to_json()) for _ in range(2))
    total += sum(len(figs.channel_heatmap(maps[0], signed=True).to_json()) for _ in range(2))
    assert total < 1_200_000


def test_channel_heatmap_scale():
    values = np.array([[-1.0, 0.5], [0.25, 3.0]])
    fig = figs.channel_heatmap(values, signed=True, zrange=(-3.0, 3.0), title="c")
    trace = fig.data[0]
    assert (trace.zmin, trace.zmax, trace.zmid) == (-3.0, 3.0, 0.0) and trace.colorscale
    assert fig.layout.yaxis.autorange == "reversed"
    positive = figs.channel_heatmap(np.abs(values), signed=False)
    assert positive.data[0].zmid is None and positive.data[0].zmin == 0.25
    assert DIVERGING != SEQUENTIAL


def test_receptive_field_drawing_clips_to_the_image():
    picture = np.zeros((32, 32, 3), dtype=np.uint8)
    fig = figs.receptive_field_figure(picture, (-5.0, 10.0, 13.0, 28.0), (4.0, 19.0), title="rf")
    full, clipped = fig.layout.shapes
    assert (full.x0, full.x1, full.y0, full.y1) == (9.5, 28.5, -5.5, 13.5)
    assert (clipped.x0, clipped.x1, clipped.y0, clipped.y1) == (9.5, 28.5, -0.5, 13.5)
    assert list(fig.data[1].x) == [19.0] and list(fig.data[1].y) == [4.0]


def test_overview_growth_and_means():
    picture = np.zeros((8, 8, 3), dtype=np.uint8)
    overview = figs.stage_overview(picture, [("a", np.arange(16.0).reshape(4, 4)), ("b", np.ones((2, 2)))],
                                   title="o")
    assert overview.title == "o" and [p.caption for p in overview.panels] == ["input<br>8 × 8", "a", "b"]
    assert (decode(overview.panels[0].source) == picture).all()
    assert decode(overview.panels[2].source).shape == (96, 96, 3)
    first = decode(overview.panels[1].source)
    assert (first[0, 0] == viridis(0)).all() and (first[-1, -1] == viridis(1)).all()  # each map on its own range
    assert (first[:24, :24] == viridis(0)).all()  # one map pixel = one 24 x 24 block, no smoothing
    assert overview.key.ticks == ("min", "max") and not overview.signed
    assert overview.key.gradient.startswith("linear-gradient(to top, rgb(68,1,84)")  # viridis from the low end up
    signed = figs.stage_overview(picture, [("a", -np.ones((4, 4)))], title="o")
    assert signed.signed and signed.key.ticks == ("−max |a|", "0", "+max |a|")
    growth = figs.receptive_field_growth(["x", "y"], [3, 7], image_size=32, selected="y", title="g")
    assert list(growth.data[0].y) == [3, 7] and list(growth.data[1].x) == ["y"]
    maps = np.arange(12.0).reshape(3, 2, 2)
    stats = channel_statistics(maps)
    means = figs.channel_means({"residual": stats, "plain": stats}, [2], title="m")
    assert list(means.data[0].y) == [1.5, 5.5, 9.5] and list(means.data[2].x) == [2]


def test_chinese_labels_keep_the_pictures():
    rng = np.random.default_rng(2)
    maps = rng.standard_normal((4, 7, 7))
    stats = channel_statistics(maps)
    en = figs.channel_grid(maps, [0, 2], signed=True, stats=stats)
    zh = figs.channel_grid(maps, [0, 2], signed=True, stats=stats, lang="zh")
    assert zh.data[0].source == en.data[0].source  # the same picture, other words
    assert zh.data[1].text[0].startswith("通道 0") and "点击放大" in zh.data[1].text[0]
    assert zh.data[1].marker.colorbar.title.text == "各通道单独" and "2 个通道" in zh.layout.xaxis.title.text
    positive = figs.channel_grid(np.abs(maps), [0], signed=False, lang="zh")
    assert positive.data[1].marker.colorbar.ticktext == ("最小值", "最大值")
    heat = figs.channel_heatmap(maps[0], signed=True, lang="zh")
    assert heat.layout.xaxis.title.text == "列（0…6）" and "行" in heat.data[0].hovertemplate
    means = figs.channel_means({"残差网络": stats}, [1], title="m", lang="zh")
    assert means.data[0].name == "残差网络" and means.data[1].name == "显示在网格中"
    overview = figs.stage_overview(np.zeros((8, 8, 3), dtype=np.uint8), [("a", maps[0])], title="o", lang="zh")
    assert overview.panels[0].caption == "输入<br>8 × 8" and overview.key.title == "各图单独"
    field = figs.receptive_field_figure(np.zeros((8, 8, 3), dtype=np.uint8), (0, 0, 3, 3), (1.5, 1.5), title="r",
                                        lang="zh")
    assert field.layout.xaxis.title.text == "输入的列（像素，0…7）"
    growth = figs.receptive_field_growth(["x"], [3], image_size=32, selected="x", title="g", lang="zh")
    assert growth.layout.annotations[0].text == "输入边长 32 像素"
    assert growth.layout.yaxis.title.text.startswith("感受野")
