"""The formula view: every number it shows is the number the block used, and adds up to the tensor."""

import numpy as np
import pytest
import torch

from resnet_viz.analyses.block import run_worked
from resnet_viz.analyses.block_formula import conv_terms, explain, explanation_latex
from resnet_viz.analyses.block_weights import preset_weights

POSITIONS = [(0, 0, 0), (1, 0, 5), (2, 7, 9), (0, 9, 9), (1, 4, 4)]  # corner, top edge, bottom-right corner, ...


@pytest.fixture(scope="module", params=[("article", "random"), ("paper", "he"), ("article", "edges")])
def run(request):
    order, preset = request.param
    x = torch.rand(3, 10, 10, generator=torch.Generator().manual_seed(11))
    return run_worked(x, preset_weights(preset, seed=1), order=order, branch_scale=0.7)


def test_every_stage_and_position_adds_up_to_the_tensor(run):
    for key in run.keys:
        for c, i, j in POSITIONS:
            expl = explain(run, key, c, i, j)
            assert expl.tensor_value == float(run.tensors[key][c, i, j])
            assert expl.value == pytest.approx(expl.tensor_value, rel=1e-5, abs=1e-5), (key, c, i, j)


def test_conv_terms_show_the_real_window_kernel_and_padding(run):
    expl = explain(run, "conv2", 1, 0, 9)  # top-right corner: the window hangs over two borders
    terms, source = expl.conv, run.tensors["relu1"]
    expected_pad = np.array([[True, True, True], [False, False, True], [False, False, True]])
    assert (terms.padded == expected_pad).all()
    assert (terms.window[terms.padded] == 0).all()
    np.testing.assert_array_equal(terms.window[:, 1:, :2], source[:, 0:2, 8:10])
    np.testing.assert_array_equal(terms.kernel, run.conv["conv2"].weight[1])
    np.testing.assert_allclose(terms.products, terms.window * terms.kernel)
    assert terms.bias == float(run.conv["conv2"].bias[1])
    assert terms.total == pytest.approx(terms.products.sum() + terms.bias)


def test_conv_terms_by_hand_on_a_tiny_input():
    source = np.arange(1.0, 10.0).reshape(1, 3, 3)  # 1 2 3 / 4 5 6 / 7 8 9
    weight = np.ones((1, 1, 3, 3))
    corner = conv_terms(source, weight, np.array([0.5]), 0, 0, 0)
    assert corner.total == 1 + 2 + 4 + 5 + 0.5  # only four taps land inside the image
    assert int(corner.padded.sum()) == 5
    centre = conv_terms(source, weight, np.array([0.0]), 0, 1, 1)
    assert centre.total == 45 and not centre.padded.any()


def test_scalar_stages_name_their_operands(run):
    c, i, j = 2, 3, 4
    add = explain(run, "x + F(x)", c, i, j)
    assert add.operands == {"x": float(run.tensors["x"][c, i, j]), "F(x)": float(run.tensors["F(x)"][c, i, j])}
    scale = explain(run, "F(x)", c, i, j)
    assert scale.operands["s"] == 0.7
    out = explain(run, "out", c, i, j)
    assert out.value == max(0.0, out.operands["h"])
    if run.order == "paper":
        bn = explain(run, "bn2", c, i, j)
        assert bn.operands["mean"] == float(run.bn["bn2"].mean[c]) and bn.operands["eps"] == 1e-5
    with pytest.raises(ValueError, match="outside"):
        explain(run, "out", 3, 0, 0)


def test_latex_shows_the_numbers(run):
    expl = explain(run, "conv1", 0, 0, 0)
    text = explanation_latex(expl, source_name="x", layer_index="1")
    assert f"{expl.conv.total:.4f}" in text and f"{expl.conv.products.sum():.4f}" in text
    add = explain(run, "x + F(x)", 1, 2, 3)
    assert f"{add.value:.4f}" in explanation_latex(add)
    relu = explain(run, "relu1", 1, 2, 3)
    assert rf"\max(0,\ {relu.operands['h']:.4f})" in explanation_latex(relu)
