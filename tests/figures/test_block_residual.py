"""Charts of the residual idea share scales where they compare the same quantity."""

import numpy as np
import torch

from resnet_viz.analyses.block_residual import compare_orders, scale_sweep
from resnet_viz.analyses.block_weights import preset_weights
from resnet_viz.figures.block_residual import diff_maps_figure, order_comparison_figure, sweep_figure

X = torch.rand(3, 8, 8, generator=torch.Generator().manual_seed(0))


def test_sweep_figure_plots_the_sweep():
    sweep = scale_sweep(X, preset_weights("he", 1), order="seed")
    fig = sweep_figure(sweep, current=0.5)
    np.testing.assert_array_equal(np.asarray(fig.data[0].y), sweep.mean_abs)
    np.testing.assert_array_equal(np.asarray(fig.data[1].y), sweep.max_abs)
    assert fig.layout.xaxis.range[0] > fig.layout.xaxis.range[1]  # s runs from 1 down to 0
    maps = diff_maps_figure([sweep.map_at(1.0), sweep.map_at(0.0)], [1.0, 0.0])
    assert maps.data[0].zmin == maps.data[1].zmin == 0 and maps.data[0].zmax == maps.data[1].zmax
    assert float(maps.data[0].zmax) == float(sweep.maps[0].max())


def test_order_comparison_shares_one_diverging_scale_per_column():
    cmp = compare_orders(X, preset_weights("he", 1))
    fig = order_comparison_figure(cmp, channel=2)
    f_seed, f_paper, d_seed, d_paper = fig.data  # column by column: F(x), then out - x
    np.testing.assert_array_equal(np.asarray(f_paper.z), cmp.paper.tensors["F(x)"][2])
    np.testing.assert_allclose(np.asarray(d_seed.z), cmp.seed.tensors["out"][2] - cmp.seed.tensors["x"][2])
    assert (f_seed.zmin, f_seed.zmax) == (f_paper.zmin, f_paper.zmax) and f_seed.zmid == 0
    assert d_seed.zmax == -d_seed.zmin == max(abs(np.asarray(d_seed.z)).max(), abs(np.asarray(d_paper.z)).max())


def test_chinese_titles_axes_and_legends():
    sweep = scale_sweep(X, preset_weights("identity", 0), order="seed")
    fig = sweep_figure(sweep, current=0.25, lang="zh")
    assert [t.name for t in fig.data] == ["|out − x| 的平均值", "|out − x| 的最大值"]
    assert fig.layout.annotations[0].text == "当前 s = 0.25" and "分支缩放系数" in fig.layout.xaxis.title.text
    maps = diff_maps_figure([sweep.map_at(1.0)], [1.0], lang="zh")
    assert maps.layout.xaxis.title.text == "列 j" and "缩小到 0" in maps.layout.title.text
    cmp = compare_orders(X, preset_weights("he", 1))
    order = order_comparison_figure(cmp, channel=1, lang="zh")
    assert "通道 1" in order.layout.title.text
    assert [a.text for a in order.layout.annotations][:2] == ["源文章 000 的顺序：F(x)", "源文章 000 的顺序：out − x"]
