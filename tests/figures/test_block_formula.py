"""The formula figure shows the numbers of the computation, with padding marked."""

import numpy as np

from resnet_viz.analyses.block_formula import conv_terms
from resnet_viz.figures.block_formula import conv_terms_figures


def test_cells_show_window_kernel_and_products_with_padding_marked():
    source = np.arange(1.0, 19.0).reshape(2, 3, 3)
    weight = np.stack([np.full((2, 3, 3), 0.5)])
    terms = conv_terms(source, weight, np.array([0.25]), 0, 0, 2)  # top-right corner
    title, (window_fig, kernel_fig, products_fig) = conv_terms_figures(terms, source="x", layer="conv1",
                                                                       out_channel=0)
    assert [len(f.data) for f in (window_fig, kernel_fig, products_fig)] == [2, 2, 2]  # one grid per input channel
    window, kernel, products = window_fig.data[0], kernel_fig.data[0], products_fig.data[0]
    np.testing.assert_array_equal(np.asarray(window.z), terms.window[0])
    np.testing.assert_array_equal(np.asarray(products.z), terms.products[0])
    assert np.asarray(window.text)[0].tolist() == ["pad 0"] * 3 and np.asarray(window.text)[1, 2] == "pad 0"
    assert np.asarray(window.text)[1, 0] == "2.000" and np.asarray(products.text)[1, 0] == "1.000"
    assert np.asarray(kernel.text)[1, 1] == "0.500"
    np.testing.assert_array_equal(np.asarray(products_fig.data[1].z), terms.products[1])
    assert len(window_fig.layout.shapes) == 2 * 5 and not products_fig.layout.shapes  # five padded cells per channel
    assert "conv1[0, i, j]" in title
    assert [a.text for a in kernel_fig.layout.annotations] == ["k = 0", "k = 1"]


def test_chinese_titles_and_padding_label():
    source = np.arange(1.0, 10.0).reshape(1, 3, 3)
    terms = conv_terms(source, np.ones((1, 1, 3, 3)), np.array([0.0]), 0, 0, 0)
    title, figures = conv_terms_figures(terms, source="x", layer="conv1", out_channel=0, lang="zh")
    assert "27 个乘积" in title and "conv1[0, i, j]" in title
    titles = [f.layout.title.text for f in figures]
    assert titles == ["x 的输入窗口", "卷积核 conv1.weight[0, k]", "窗口 × 卷积核"]
    assert np.asarray(figures[0].data[0].text)[0, 0] == "填充 0"
