"""Architecture tables against torchvision's metadata, docs/ARCHITECTURE.md's numbers and hand-written formulas."""

import pytest
import torch
from torchvision import models as tv_models

from resnet_viz.analyses.architecture import describe_cifar, describe_imagenet

# docs/ARCHITECTURE.md: multiply-adds with the paper's stride placement (stride on the first 1x1 conv).
PAPER_STRIDE_GMACS = {50: 3.858, 101: 7.570, 152: 11.282}
# docs/ARCHITECTURE.md: CIFAR-10 parameter counts (option A, counts include BN).
CIFAR_PARAMS = {20: 269_722, 32: 464_154, 44: 658_586, 56: 853_018, 110: 1_727_962, 1202: 19_421_274}
LAYERS = {18: (2, 2, 2, 2), 34: (3, 4, 6, 3), 50: (3, 4, 6, 3), 101: (3, 4, 23, 3), 152: (3, 8, 36, 3)}


def conv_macs(c_in: int, c_out: int, k: int, out_side: int) -> int:
    return c_in * c_out * k * k * out_side * out_side


def imagenet_macs_by_hand(depth: int, stride_on_1x1: bool) -> int:
    """Every conv and the fc, written out from the paper's Table 1 (224x224 input)."""
    total = conv_macs(3, 64, 7, 112) + 1000 * (512 if depth < 50 else 2048)
    c_in, side = 64, 56
    for stage, blocks in enumerate(LAYERS[depth]):
        width = 64 * 2**stage
        for index in range(blocks):
            stride = 2 if (index == 0 and stage > 0) else 1
            out = side // stride
            if depth < 50:
                total += conv_macs(c_in, width, 3, out) + conv_macs(width, width, 3, out)
                if c_in != width:
                    total += conv_macs(c_in, width, 1, out)
                c_in = width
            else:
                first_side = out if stride_on_1x1 else side  # where the first 1x1 conv runs
                total += conv_macs(c_in, width, 1, first_side) + conv_macs(width, width, 3, out)
                total += conv_macs(width, 4 * width, 1, out)
                if index == 0:
                    total += conv_macs(c_in, 4 * width, 1, out)
                c_in = 4 * width
            side = out
    return total


def cifar_macs_by_hand(depth: int) -> int:
    n = (depth - 2) // 6
    total = conv_macs(3, 16, 3, 32) + 64 * 10
    c_in = 16
    for width, side in ((16, 32), (32, 16), (64, 8)):
        for _ in range(n):
            total += conv_macs(c_in, width, 3, side) + conv_macs(width, width, 3, side)
            c_in = width
    return total


@pytest.mark.parametrize("depth", sorted(LAYERS))
def test_imagenet_totals_match_torchvision_metadata_and_hand_count(depth):
    arch = describe_imagenet(depth)
    meta = getattr(tv_models, f"ResNet{depth}_Weights").IMAGENET1K_V1.meta
    assert arch.params == meta["num_params"]
    assert abs(arch.macs / 1e9 - meta["_ops"]) / meta["_ops"] < 0.005
    assert arch.macs == imagenet_macs_by_hand(depth, stride_on_1x1=False)
    assert arch.weighted_layers == depth
    assert sum(row.params for row in arch.stages) == arch.params
    assert sum(row.macs for row in arch.stages) == arch.macs


@pytest.mark.parametrize("depth", sorted(PAPER_STRIDE_GMACS))
def test_paper_stride_placement(depth):
    arch = describe_imagenet(depth, stride_on_1x1=True)
    assert abs(arch.macs / 1e9 - PAPER_STRIDE_GMACS[depth]) / PAPER_STRIDE_GMACS[depth] < 0.005
    assert arch.macs == imagenet_macs_by_hand(depth, stride_on_1x1=True)
    assert arch.params == describe_imagenet(depth).params  # same weights, different stride
    assert str(arch.stages[3].stride_at) == "block 1, conv1 (1×1 conv)"
    assert str(describe_imagenet(depth).stages[3].stride_at) == "block 1, conv2 (3×3 conv)"


def test_v15_difference_is_three_1x1_convs_per_stage():
    v15, paper = describe_imagenet(50), describe_imagenet(50, stride_on_1x1=True)
    deltas = [a.macs - b.macs for a, b in zip(v15.stages, paper.stages)]
    one = 256 * 128 * 28 * 28  # conv3_x's first 1x1 conv (256 -> 128) at the halved resolution
    assert deltas == [0, 0, 0, 3 * one, 3 * one, 3 * one, 0]
    assert 3 * one == 77_070_336


def test_resnet18_rows_by_hand():
    arch = describe_imagenet(18)
    assert [str(r.label) for r in arch.stages] == ["conv1", "max-pool", "conv2_x", "conv3_x", "conv4_x", "conv5_x",
                                                   "avg pool, fc"]
    assert [r.key for r in arch.stages] == ["conv1", "maxpool", "conv2_x", "conv3_x", "conv4_x", "conv5_x", "head"]
    assert [r.output_shape for r in arch.stages] == [(64, 112, 112), (64, 56, 56), (64, 56, 56), (128, 28, 28),
                                                     (256, 14, 14), (512, 7, 7), (1000,)]
    conv1, pool, conv2 = arch.stages[:3]
    assert conv1.params == 3 * 64 * 49 + 2 * 64 and conv1.macs == 3 * 64 * 49 * 112 * 112
    assert pool.params == 0 and pool.macs == 0
    assert conv2.params == 4 * (64 * 64 * 9 + 2 * 64) and conv2.blocks == 2
    assert str(conv2.layout) == "[3×3, 64 · 3×3, 64] × 2"
    assert arch.stages[-1].params == 512 * 1000 + 1000
    assert str(arch.stages[3].shortcut) == "1×1 projection in block 1, then identity"
    assert str(arch.stages[2].shortcut) == "identity in every block"
    assert str(arch.stages[1].layout) == "max-pool 3×3, stride 2" and str(arch.stages[1].stride_at) == "maxpool"
    assert str(arch.stages[-1].layout) == "global average pool, fully connected 512→1000"
    assert str(arch.variant) == "basic blocks: paper = torchvision"


def test_units_list_every_block_with_its_layers():
    arch = describe_imagenet(50)
    blocks = [u for u in arch.units if u.name.startswith("layer")]
    assert len(blocks) == 16 and len(arch.units) == 16 + 3
    first = next(u for u in arch.units if u.name == "layer2.0")
    names = [row.name for row in first.layers]
    assert names[:3] == ["layer2.0.conv1", "layer2.0.bn1", "layer2.0.relu1"] and names[-1] == "layer2.0.relu_out"
    rows = {row.name: row for row in first.layers}
    assert rows["layer2.0.conv1"].macs == 256 * 128 * 56 * 56 and rows["layer2.0.conv1"].output_shape == (128, 56, 56)
    assert str(rows["layer2.0.conv2"].kind) == "conv 3×3, 128→128, stride 2" and rows["layer2.0.conv2"].stride == 2
    assert str(first.title) == "conv3_x, block 1 of 4" and first.stage == "conv3_x"
    assert rows["layer2.0.downsample.0"].params == 256 * 512 and rows["layer2.0.add"].macs == 0
    assert first.params == sum(row.params for row in first.layers)
    assert first.macs == sum(row.macs for row in first.layers)


@pytest.mark.parametrize("depth", sorted(CIFAR_PARAMS))
def test_cifar_counts(depth):
    arch = describe_cifar(depth)
    assert arch.params == CIFAR_PARAMS[depth]
    assert arch.macs == cifar_macs_by_hand(depth)
    assert arch.weighted_layers == depth
    assert [r.output_shape for r in arch.stages[1:4]] == [(16, 32, 32), (32, 16, 16), (64, 8, 8)]


def test_cifar_options_and_preact():
    # option B adds two projections with BN: 16->32 (512 + 64) and 32->64 (2048 + 128)
    assert describe_cifar(20, shortcut="B").params == 269_722 + 576 + 2176
    a, c = describe_cifar(20), describe_cifar(20, shortcut="C")
    assert c.params > a.params and c.weighted_layers == 20
    v2 = describe_cifar(20, preact=True)
    assert str(v2.stages[1].block_type).startswith("pre-activation") and v2.weighted_layers == 20
    assert str(v2.stages[-1].label) == "BN, ReLU, avg pool, fc" and str(v2.stages[1].label) == "stage 1"
    assert str(v2.variant) == "v2 pre-activation, shortcut option A"
    assert str(a.stages[2].shortcut) == "zero-padding (option A) in block 1, then identity"
    assert v2.macs == a.macs  # BN moves around; the convolutions stay


def test_bad_depths_are_refused():
    with pytest.raises(ValueError):
        describe_imagenet(42)
    with pytest.raises(ValueError, match="6n\\+2"):
        describe_cifar(21)


def test_measuring_leaves_the_global_random_state_alone():
    torch.manual_seed(0)
    expected = torch.randn(3)
    torch.manual_seed(0)
    describe_imagenet(18)  # built on the meta device without initialisation: no random numbers drawn
    assert torch.equal(torch.randn(3), expected)
