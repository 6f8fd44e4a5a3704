import pytest
import torch
import torchvision

from resnet_viz.models import Add, imagenet_resnet

# Parameter counts from torchvision's weights metadata (docs/ARCHITECTURE.md reference table).
REFERENCE_PARAMS = {18: 11_689_512, 34: 21_797_672, 50: 25_557_032, 101: 44_549_160, 152: 60_192_808}


@pytest.mark.parametrize("depth", sorted(REFERENCE_PARAMS))
def test_state_dict_matches_torchvision_and_logits_agree(depth):
    ours = imagenet_resnet(depth)
    reference = getattr(torchvision.models, f"resnet{depth}")()
    assert list(ours.state_dict()) == list(reference.state_dict())
    ours.load_state_dict(reference.state_dict(), strict=True)
    ours.eval(), reference.eval()
    x = torch.randn(2, 3, 64, 64, generator=torch.Generator().manual_seed(depth))
    with torch.no_grad():
        assert (ours(x) - reference(x)).abs().max().item() <= 1e-5


@pytest.mark.parametrize("depth", sorted(REFERENCE_PARAMS))
def test_parameter_counts(depth):
    assert sum(p.numel() for p in imagenet_resnet(depth).parameters()) == REFERENCE_PARAMS[depth]


def test_one_relu_module_per_use_and_add_modules():
    model = imagenet_resnet(18).eval()
    relus = [m for m in model.modules() if isinstance(m, torch.nn.ReLU)]
    assert len(relus) == len({id(m) for m in relus}) == 1 + 8 * 2
    assert sum(isinstance(m, Add) for m in model.modules()) == 8
    calls = []
    handles = [m.register_forward_hook(lambda mod, inp, out: calls.append(id(mod)))
               for m in model.modules() if isinstance(m, torch.nn.ReLU)]
    model(torch.randn(1, 3, 32, 32))
    for handle in handles:
        handle.remove()
    assert len(calls) == len(set(calls)) == 17  # every ReLU module used exactly once


def test_add_hook_sees_identity_residual_and_sum():
    block = imagenet_resnet(18).layer1[0].eval()
    seen = {}
    handle = block.add.register_forward_hook(lambda m, inp, out: seen.update(x=inp[0], fx=inp[1], out=out))
    x = torch.randn(1, 64, 8, 8)
    with torch.no_grad():
        block(x)
        assert torch.equal(seen["x"], x)
        assert torch.allclose(seen["fx"], block.residual_branch(x))
        assert torch.equal(seen["out"], seen["x"] + seen["fx"])
    handle.remove()


def test_he_init_and_determinism():
    a, b = imagenet_resnet(18, seed=3), imagenet_resnet(18, seed=3)
    assert all(torch.equal(p, q) for p, q in zip(a.state_dict().values(), b.state_dict().values()))
    c = imagenet_resnet(18, seed=4)
    assert not torch.equal(a.conv1.weight, c.conv1.weight)
    # kaiming normal, fan_out, relu: std = sqrt(2 / (out_channels * k * k))
    weight = a.layer3[0].conv2.weight
    expected = (2.0 / (256 * 9)) ** 0.5
    assert abs(weight.std().item() - expected) / expected < 0.02


def test_global_rng_untouched():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    imagenet_resnet(18, seed=0)
    assert torch.equal(torch.rand(3), expected)


def test_plain_twin_has_no_skips_and_paper_stride():
    plain = imagenet_resnet(34, residual=False)
    assert not any(isinstance(m, Add) for m in plain.modules())
    assert plain(torch.randn(1, 3, 64, 64)).shape == (1, 1000)
    paper = imagenet_resnet(50, stride_on_1x1=True)
    assert paper.layer2[0].conv1.stride == (2, 2) and paper.layer2[0].conv2.stride == (1, 1)
    assert imagenet_resnet(50).layer2[0].conv2.stride == (2, 2)


def test_bad_depth():
    with pytest.raises(ValueError, match="18, 34, 50, 101, 152"):
        imagenet_resnet(20)
