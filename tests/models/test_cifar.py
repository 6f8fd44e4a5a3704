import pytest
import torch

from resnet_viz.models import Add, PreActBlock, ZeroPadShortcut, cifar_resnet

# The paper's CIFAR-10 nets with option A shortcuts, counts including BN (docs/ARCHITECTURE.md).
REFERENCE_PARAMS = {20: 269_722, 32: 464_154, 44: 658_586, 56: 853_018, 110: 1_727_962, 1202: 19_421_274}


def count(model):
    return sum(p.numel() for p in model.parameters())


@pytest.mark.parametrize("depth", sorted(REFERENCE_PARAMS))
def test_option_a_parameter_counts(depth):
    assert count(cifar_resnet(depth)) == REFERENCE_PARAMS[depth]


def test_plain_net_is_the_same_layers_minus_skips():
    residual, plain = cifar_resnet(20), cifar_resnet(20, residual=False)
    assert count(plain) == count(residual)  # option A adds no parameters
    assert not any(isinstance(m, (Add, ZeroPadShortcut)) for m in plain.modules())
    assert sum(isinstance(m, Add) for m in residual.modules()) == 9
    assert plain(torch.randn(2, 3, 32, 32)).shape == (2, 10)


def test_shortcut_options_b_and_c_add_projections():
    # B: two projections (16->32, 32->64), each 1x1 conv + BN
    b_extra = (16 * 32 + 2 * 32) + (32 * 64 + 2 * 64)
    assert count(cifar_resnet(20, shortcut="B")) == REFERENCE_PARAMS[20] + b_extra
    # C: a projection on every one of the 9 shortcuts
    c_extra = 3 * (16 * 16 + 32) + (16 * 32 + 64) + 2 * (32 * 32 + 64) + (32 * 64 + 128) + 2 * (64 * 64 + 128)
    assert count(cifar_resnet(20, shortcut="C")) == REFERENCE_PARAMS[20] + c_extra


def test_option_a_zero_pads_and_subsamples():
    shortcut = ZeroPadShortcut(2, 4, 2)
    x = torch.arange(32.0).view(1, 2, 4, 4)
    y = shortcut(x)
    assert y.shape == (1, 4, 2, 2)
    assert torch.equal(y[0, 1], x[0, 0, ::2, ::2]) and torch.equal(y[0, 2], x[0, 1, ::2, ::2])
    assert torch.equal(y[0, 0], torch.zeros(2, 2)) and torch.equal(y[0, 3], torch.zeros(2, 2))


def test_preact_units_and_shortcut_scale():
    model = cifar_resnet(20, preact=True, shortcut_scale=0.5).eval()
    blocks = [m for m in model.modules() if isinstance(m, PreActBlock)]
    assert len(blocks) == 9
    block = blocks[1]
    torch.nn.init.zeros_(block.conv2.weight)  # F(x) = 0 -> output = 0.5 x exactly
    x = torch.randn(1, 16, 8, 8)
    with torch.no_grad():
        assert torch.allclose(block(x), 0.5 * x)


@pytest.mark.parametrize("depth", [0, 7, 21, 100, -4, 2])
def test_depth_must_be_6n_plus_2(depth):
    with pytest.raises(ValueError, match="6n\\+2"):
        cifar_resnet(depth)


def test_unknown_shortcut():
    with pytest.raises(ValueError, match="shortcut"):
        cifar_resnet(20, shortcut="D")


def test_deterministic_under_seed():
    a, b = cifar_resnet(32, seed=7), cifar_resnet(32, seed=7)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))
