"""The residual idea: a zeroed branch gives the identity; the two orders differ where theory says."""

import numpy as np
import pytest
import torch

from resnet_viz.analyses.block import run_worked
from resnet_viz.analyses.block_residual import SWEEP_SCALES, compare_orders, scale_sweep
from resnet_viz.analyses.block_weights import preset_weights


@pytest.fixture(scope="module")
def x():
    return torch.rand(3, 16, 16, generator=torch.Generator().manual_seed(7))


@pytest.mark.parametrize("order", ["article", "paper"])
@pytest.mark.parametrize("preset", ["random", "he"])
def test_zero_branch_gives_exactly_the_identity(x, order, preset):
    run = run_worked(x, preset_weights(preset, 3), order=order, branch_scale=0.0)
    assert np.array_equal(run.tensors["out"], x.numpy())  # ReLU(x + 0) = x because x >= 0
    assert not np.any(run.tensors["F(x)"])


def test_sweep_shrinks_to_zero_and_matches_single_runs(x):
    weights = preset_weights("he", 3)
    sweep = scale_sweep(x, weights, order="paper")
    assert tuple(sweep.scales) == SWEEP_SCALES and sweep.size == x.numel()
    assert sweep.mean_abs[-1] == 0 and sweep.max_abs[-1] == 0 and sweep.clipped[-1] == 0
    assert sweep.mean_abs[0] > 0.1
    run = run_worked(x, weights, order="paper", branch_scale=0.3)
    diff = np.abs(run.tensors["out"].astype(np.float64) - x.numpy())
    index = SWEEP_SCALES.index(0.3)
    assert sweep.mean_abs[index] == pytest.approx(diff.mean())
    np.testing.assert_allclose(sweep.map_at(0.3), diff.mean(axis=0), rtol=1e-6)
    with pytest.raises(KeyError):
        sweep.map_at(0.35)


@pytest.mark.parametrize("preset", ["he", "random", "edges"])
def test_article_order_only_adds_and_paper_order_differs_where_theory_says(x, preset):
    cmp = compare_orders(x, preset_weights(preset, 2))
    article, paper = cmp.article.tensors, cmp.paper.tensors
    # Article 000: F(x) >= 0, so out >= x everywhere and the final ReLU never acts.
    assert (article["F(x)"] >= 0).all() and (article["out"] >= article["x"]).all()
    assert np.array_equal(article["out"], article["x + F(x)"])
    assert cmp.article_counts.lowered == 0 and cmp.article_counts.clipped == 0
    # Paper: the block lowers x exactly where F(x) < 0 (and x > 0), the ReLU acts exactly where x + F(x) < 0.
    xs, f, total, out = paper["x"], paper["F(x)"], paper["x + F(x)"], paper["out"]
    assert np.array_equal(out < xs, (f < 0) & (xs > 0))
    assert np.array_equal(out != total, total < 0)
    assert cmp.paper_counts.lowered == int(((f < 0) & (xs > 0)).sum()) > 0
    assert cmp.paper_counts.clipped == int((total < 0).sum())
    assert cmp.paper_counts.branch_negative == int((f < 0).sum())


def test_without_bn_the_orders_differ_exactly_where_conv2_is_negative(x):
    weights = preset_weights("he", 2)  # zero biases, so both orders use the same convolutions
    cmp = compare_orders(x, weights)
    bare = run_worked(x, weights, order="paper", bn_mode="fresh")
    negative = cmp.article.tensors["conv2"] < 0
    assert cmp.conv2_negative == int(negative.sum()) > 0
    assert (cmp.article.tensors["F(x)"][negative] == 0).all() and (bare.tensors["F(x)"][negative] < 0).all()
    # untrained BN divides by sqrt(1 + eps) twice on the way (BN1, BN2): a relative gap of 1e-5, nothing more
    np.testing.assert_allclose(cmp.article.tensors["F(x)"][~negative], bare.tensors["F(x)"][~negative], rtol=2e-5)
    assert cmp.max_gap_elsewhere < 1e-4
    # with biases the two branches are not the same convolutions: no such statement is made
    assert compare_orders(x, preset_weights("random", 2)).conv2_negative is None
