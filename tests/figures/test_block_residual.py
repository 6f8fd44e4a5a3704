"""Charts of the residual idea share scales where they compare the same quantity."""

import numpy as np
import plotly.graph_objects as go
import pytest
import torch

from resnet_viz.analyses.block_residual import compare_orders, scale_sweep
from resnet_viz.analyses.block_weights import preset_weights
from resnet_viz.figures._style import SEQUENTIAL, colourise, symmetric_range
from resnet_viz.figures.block_residual import diff_maps_figure, order_comparison_figure, sweep_figure
from tests.pixels import decode_png

X = torch.rand(3, 8, 8, generator=torch.Generator().manual_seed(0))


def test_sweep_figure_plots_the_sweep():
    sweep = scale_sweep(X, preset_weights("he", 1), order="article")
    fig = sweep_figure(sweep, current=0.5)
    np.testing.assert_array_equal(np.asarray(fig.data[0].y), sweep.mean_abs)
    np.testing.assert_array_equal(np.asarray(fig.data[1].y), sweep.max_abs)
    assert fig.layout.xaxis.range[0] > fig.layout.xaxis.range[1]  # s runs from 1 down to 0
    shown = [sweep.map_at(1.0), sweep.map_at(0.0)]
    maps = diff_maps_figure(shown, [1.0, 0.0])
    first, second, bar = maps.data  # two maps as images, then the one colour bar they share
    zrange = (0.0, float(sweep.maps[0].max()))
    assert (bar.marker.cmin, bar.marker.cmax) == zrange
    assert bar.marker.colorscale == go.scatter.Marker(colorscale=SEQUENTIAL).colorscale
    for trace, values in zip((first, second), shown, strict=True):
        np.testing.assert_array_equal(decode_png(trace.source), colourise(values, signed=False, zrange=zrange))


def test_order_comparison_shares_one_diverging_scale_per_column():
    cmp = compare_orders(X, preset_weights("he", 1))
    fig = order_comparison_figure(cmp, channel=2)
    f_article, f_paper, f_bar, d_article, d_paper, d_bar = fig.data  # column by column: F(x), then out - x
    article, paper = cmp.article.tensors, cmp.paper.tensors
    f_range = symmetric_range(article["F(x)"][2], paper["F(x)"][2])
    d_values = article["out"][2] - article["x"][2], paper["out"][2] - paper["x"][2]
    d_range = (-max(abs(v).max() for v in d_values), max(abs(v).max() for v in d_values))
    assert (f_bar.marker.cmin, f_bar.marker.cmax) == f_range and f_bar.marker.cmid == 0
    assert (d_bar.marker.cmin, d_bar.marker.cmax) == pytest.approx(d_range)
    for trace, values, zrange in ((f_article, article["F(x)"][2], f_range), (f_paper, paper["F(x)"][2], f_range),
                                  (d_article, d_values[0], d_range), (d_paper, d_values[1], d_range)):
        np.testing.assert_array_equal(decode_png(trace.source), colourise(values, signed=True, zrange=zrange))


def test_chinese_titles_axes_and_legends():
    sweep = scale_sweep(X, preset_weights("identity", 0), order="article")
    fig = sweep_figure(sweep, current=0.25, lang="zh")
    assert [t.name for t in fig.data] == ["|out − x| 的平均值", "|out − x| 的最大值"]
    assert fig.layout.annotations[0].text == "当前 s = 0.25" and "分支缩放系数" in fig.layout.xaxis.title.text
    maps = diff_maps_figure([sweep.map_at(1.0)], [1.0], lang="zh")
    assert maps.layout.xaxis.title.text == "列 j" and "缩小到 0" in maps.layout.title.text
    cmp = compare_orders(X, preset_weights("he", 1))
    order = order_comparison_figure(cmp, channel=1, lang="zh")
    assert "通道 1" in order.layout.title.text
    assert [a.text for a in order.layout.annotations][:2] == ["源文章 000 的顺序：F(x)", "源文章 000 的顺序：out − x"]
