"""Sentences that state a measurable fact about what the app computes, and are not filled in from the live
computation, are pinned here: each test recomputes the fact and fails when the text and the number disagree.

The other such sentences are live (their numbers or their wording come from the computation on the page):
gradient flow's batch-norm finding (grows / shrinks, with the ratio), its training finding, the λ-law table and
text; the degradation page's three points, per-seed table, depth-sweep lines and the live preset's points; the
block page's orders comparison.
"""

from __future__ import annotations

import math

import pytest

from resnet_viz.analyses.gradients import FlowConfig, compare_plain_residual
from ui.text.block import TEXT as BLOCK
from ui.text.degradation import TEXT as DEGRADATION
from ui.text.gradient_flow import TEXT as FLOW


@pytest.fixture(scope="module")
def he_without_bn():
    return compare_plain_residual(FlowConfig(depth=56, bn=False, init="he", seed=0))


@pytest.fixture(scope="module")
def default_with_bn():
    return compare_plain_residual(FlowConfig(depth=56, bn=True, init="default", seed=0))


def test_he_init_without_bn_makes_the_residual_ratio_about_ten_to_the_four(he_without_bn):
    for lang in ("en", "zh"):
        assert "10^4" in FLOW.text("finding_init", lang)
    assert 3.5 <= math.log10(he_without_bn.residual.input_ratio) <= 4.5


def test_plain_56_with_bn_does_not_vanish_at_initialisation_but_grows(default_with_bn):
    # degradation page, "Not (mainly) vanishing gradients": plain-56 with batch norm grows towards the input
    assert "grows towards the input" in DEGRADATION.text("meaning_2", "en")
    assert "朝输入方向变大" in DEGRADATION.text("meaning_2", "zh")
    assert default_with_bn.plain.input_ratio > 1


def test_untrained_bn_factor_shrinks_each_value_by_about_five_millionths():
    # block page: the gap between the two orders comes from 1/sqrt(1 + eps), eps = 1e-5 (torch's BatchNorm2d)
    import torch

    eps = torch.nn.BatchNorm2d(1).eps
    assert eps == 1e-5 and "5e-6" in BLOCK.text("conv2_negative", "en", gap=0.0, count=1)
    assert 1 - 1 / math.sqrt(1 + eps) == pytest.approx(5e-6, rel=0.01)
