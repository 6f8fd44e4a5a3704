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
