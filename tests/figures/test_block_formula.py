"""The formula figure shows the numbers of the computation, with padding marked."""

import numpy as np

from resnet_viz.analyses.block_formula import conv_terms
from resnet_viz.figures.block_formula import conv_terms_figure


def test_cells_show_window_kernel_and_products_with_padding_marked():
    source = np.arange(1.0, 19.0).reshape(2, 3, 3)
    weight = np.stack([np.full((2, 3, 3), 0.5)])
    terms = conv_terms(source, weight, np.array([0.25]), 0, 0, 2)  # top-right corner
    fig = conv_terms_figure(terms, source="x", layer="conv1", out_channel=0)
    heatmaps = [t for t in fig.data if t.type == "heatmap"]
    assert len(heatmaps) == 6  # 2 input channels x (window, kernel, products)
    window, kernel, products = heatmaps[0], heatmaps[2], heatmaps[4]  # column by column, channel by channel
    np.testing.assert_array_equal(np.asarray(window.z), terms.window[0])
    np.testing.assert_array_equal(np.asarray(products.z), terms.products[0])
    assert np.asarray(window.text)[0].tolist() == ["pad 0"] * 3 and np.asarray(window.text)[1, 2] == "pad 0"
    assert np.asarray(window.text)[1, 0] == "2.000" and np.asarray(products.text)[1, 0] == "1.000"
    assert np.asarray(kernel.text)[1, 1] == "0.500"
    assert len([s for s in fig.layout.shapes]) == 2 * 5  # five padded cells per input channel, greyed
    assert "conv1[0, i, j]" in fig.layout.title.text


def test_chinese_titles_and_padding_label():
    source = np.arange(1.0, 10.0).reshape(1, 3, 3)
    terms = conv_terms(source, np.ones((1, 1, 3, 3)), np.array([0.0]), 0, 0, 0)
    fig = conv_terms_figure(terms, source="x", layer="conv1", out_channel=0, lang="zh")
    assert "27 个乘积" in fig.layout.title.text and "conv1[0, i, j]" in fig.layout.title.text
    titles = [a.text for a in fig.layout.annotations]
    assert "x 的输入窗口" in titles and "卷积核 conv1.weight[0, k]" in titles and "窗口 × 卷积核" in titles
    assert np.asarray(fig.data[0].text)[0, 0] == "填充 0"
