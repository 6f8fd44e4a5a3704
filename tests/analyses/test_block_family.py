"""The block family: parameter counts by hand, shapes, and outputs against functional references."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from resnet_viz.analyses.block_family import (
    BUILDERS,
    FAMILY,
    SHORTCUT_MEMBERS,
    WIDTH,
    family_input,
    paper_width_params,
    run_family,
)
from resnet_viz.models import BasicBlock, he_init, seeded

C3 = lambda cin, cout: 9 * cin * cout  # noqa: E731  a 3x3 conv without bias
BN = lambda c: 2 * c  # noqa: E731  gamma and beta

HAND_COUNTS = {  # (all parameters, shortcut parameters)
    "v1": (2 * C3(16, 16) + 2 * BN(16), 0),  # 4,672
    "v2": (2 * C3(16, 16) + 2 * BN(16), 0),  # BN on the 16 input channels, then on the 16 of conv1
    "bottleneck": (16 * 4 + BN(4) + C3(4, 4) + BN(4) + 4 * 16 + BN(16), 0),  # 320
    "down": (C3(16, 32) + BN(32) + C3(32, 32) + BN(32) + 16 * 32 + BN(32), 16 * 32 + BN(32)),  # 14,528
}
STAGE = C3(16, 32) + C3(32, 32) + 2 * BN(32) + 2 * C3(32, 32) + 2 * BN(32)  # two blocks, no shortcuts: 32,512
HAND_COUNTS |= {
    "option A": (STAGE, 0),
    "option B": (STAGE + 16 * 32 + BN(32), 16 * 32 + BN(32)),
    "option C": (STAGE + 16 * 32 + BN(32) + 32 * 32 + BN(32), 16 * 32 + BN(32) + 32 * 32 + BN(32)),
}


@pytest.fixture(scope="module")
def x():
    return torch.rand(3, 16, 16, generator=torch.Generator().manual_seed(1))


@pytest.fixture(scope="module")
def members(x):
    return {m.spec.key: m for m in run_family(x, seed=4)}


def test_parameter_counts_match_hand_counts(members):
    assert set(members) == set(HAND_COUNTS) == {s.key for s in FAMILY + SHORTCUT_MEMBERS}
    for key, (total, shortcut) in HAND_COUNTS.items():
        assert (members[key].params, members[key].shortcut_params) == (total, shortcut), key
    assert members["v1"].params == 4_672 and members["bottleneck"].params == 320
    assert members["down"].params == 14_528 and members["option C"].params == 34_176


def test_paper_width_counts():
    counts = list(paper_width_params().values())
    assert counts == [2 * C3(64, 64) + 2 * BN(64), 2 * C3(256, 256) + 2 * BN(256),
                      256 * 64 + C3(64, 64) + 64 * 256 + 2 * BN(64) + BN(256)]
    assert counts == [73_984, 1_180_672, 70_400]


def test_shapes_come_from_the_run(members):
    assert members["v1"].in_shape == (16, 16, 16) and members["v1"].out_shape == (16, 16, 16)
    bottleneck = members["bottleneck"].shapes
    assert bottleneck["conv1"] == (4, 16, 16) and bottleneck["conv3"] == (16, 16, 16)
    assert members["down"].out_shape == (32, 8, 8) and members["down"].shapes["downsample"] == (32, 8, 8)
    for option in "ABC":
        assert members[f"option {option}"].out_shape == (32, 8, 8)
        assert members[f"option {option}"].skip.shape == (32, 8, 8)


def test_v1_output_equals_functional_reference(x, members):
    features = family_input(x, seed=4)
    with seeded(4):
        block = he_init(BUILDERS["v1"](4))
    w1, w2 = block.conv1.weight, block.conv2.weight
    with torch.no_grad():
        h = F.relu(F.batch_norm(F.conv2d(features, w1, padding=1), None, None, training=True))
        ref = F.relu(F.batch_norm(F.conv2d(h, w2, padding=1), None, None, training=True) + features)
    np.testing.assert_allclose(members["v1"].output, ref[0].numpy(), atol=1e-5)
    np.testing.assert_allclose(members["v1"].skip, features[0].numpy())  # identity shortcut


def test_only_v2_can_be_negative_and_option_a_pads_zero_channels(members):
    assert (members["v2"].output < 0).any()
    for key in ("v1", "bottleneck", "down", "option A"):
        assert (members[key].output >= 0).all(), key
    skip_a = members["option A"].skip
    zero = np.abs(skip_a).sum(axis=(1, 2)) == 0
    assert zero.tolist() == [True] * 8 + [False] * 16 + [True] * 8  # 8 zero channels before, 8 after
    assert (np.abs(members["option B"].skip).sum(axis=(1, 2)) > 0).all()


def test_family_input_is_a_stem_of_width_16(x):
    features = family_input(x, seed=0)
    assert features.shape == (1, WIDTH, 16, 16) and (features >= 0).all()
    assert torch.equal(features, family_input(x, seed=0))


def test_downsampling_block_strides_its_first_conv_and_its_projection():
    block = BUILDERS["down"](0)
    assert isinstance(block, BasicBlock) and block.conv1.stride == (2, 2)
    assert block.downsample[0].kernel_size == (1, 1) and block.downsample[0].stride == (2, 2)
