"""All-layer extraction against torchvision's own intermediate outputs, and the page's helpers."""

import platform

import numpy as np
import pytest
import torch
import torchvision
from PIL import Image
from torchvision.models.feature_extraction import create_feature_extractor

from resnet_viz.analyses import features as feat
from resnet_viz.analyses import features_view as view
from resnet_viz.analyses.features_alloc import keep_freed_memory
from resnet_viz.data import IMAGENET_MEAN, IMAGENET_STD, SHAPE_CLASSES, make_shapes
from resnet_viz.models import cifar_resnet, imagenet_resnet


def torchvision_pair(depth: int):
    reference = getattr(torchvision.models, f"resnet{depth}")()
    with torch.no_grad():  # non-trivial BN statistics, so that BN is not an identity
        for module in reference.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.uniform_(-0.5, 0.5)
                module.running_var.uniform_(0.5, 2.0)
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.2, 0.2)
            if isinstance(module, torch.nn.ReLU):
                module.inplace = False  # torchvision's in-place ReLUs would overwrite the BN outputs we read
    ours = imagenet_resnet(depth)
    ours.load_state_dict(reference.state_dict(), strict=True)
    return ours.eval(), reference.eval()


def node_map(model) -> dict[str, str]:
    """Our key -> torchvision's graph node holding the same tensor."""
    mapping = {"conv1": "conv1", "bn1": "bn1", "relu": "relu", "maxpool": "maxpool", "avgpool": "avgpool", "fc": "fc"}
    for spec in feat.layer_specs(model):
        if spec.block is None:
            continue
        prefix = f"{spec.stage}.{spec.block}"
        part = {"relu1": "relu", "relu2": "relu_1", feat.SUM: "add", feat.BRANCH: None, feat.OUTPUT: ""}.get(spec.part,
                                                                                                            spec.part)
        if spec.part == feat.SHORTCUT:
            block = getattr(model, spec.stage)[spec.block]
            part = "downsample.1" if block.downsample is not None else None
        if part is not None:
            mapping[spec.key] = f"{prefix}.{part}" if part else prefix
    return mapping


@pytest.mark.parametrize("depth", [18, 50])
def test_extracted_maps_equal_torchvision_layers_with_the_same_weights(depth):
    ours, reference = torchvision_pair(depth)
    x = torch.randn(1, 3, 64, 64, generator=torch.Generator().manual_seed(depth))
    mapping = node_map(ours)
    extractor = create_feature_extractor(reference, return_nodes=sorted(set(mapping.values())))
    with torch.no_grad():
        expected = extractor(x)
    got = feat.extract_features(ours, x)
    assert len(mapping) == {18: 6 + 8 * 7 + 3, 50: 6 + 16 * 10 + 4}[depth]  # every tensor torchvision names
    for key, node in mapping.items():
        torch.testing.assert_close(got[key], expected[node], msg=f"{key} vs torchvision's {node}")
    # the parts torchvision has no node for: F(x) is bn2/bn3's output, x the block input where no projection
    for spec in feat.layer_specs(ours):
        prefix = f"{spec.stage}.{spec.block}"
        if spec.part == feat.BRANCH:
            assert got[spec.key] is got[f"{prefix}.{'bn3' if depth >= 50 else 'bn2'}"]
        if spec.part == feat.SHORTCUT and getattr(ours, spec.stage)[spec.block].downsample is None:
            assert torch.equal(got[spec.key], got[feat.block_input_key(feat.layer_specs(ours), prefix)])


@pytest.mark.parametrize("kwargs", [dict(), dict(shortcut="B"), dict(preact=True), dict(preact=True, shortcut="C")])
def test_cifar_blocks_agree_with_their_own_forward(kwargs):
    model = cifar_resnet(8, **kwargs).eval()
    x = torch.randn(1, 3, 32, 32, generator=torch.Generator().manual_seed(1))
    got = feat.extract_features(model, x)
    with torch.no_grad():
        torch.testing.assert_close(got["fc"], model(x))
        block_input = got[feat.block_input_key(feat.layer_specs(model), "layer2.0")]
        block = model.layer2[0]
        torch.testing.assert_close(got["layer2.0"], block(block_input))
        torch.testing.assert_close(got["layer2.0.F(x)"], block.residual_branch(block_input))
        assert torch.equal(got["layer2.0.x + F(x)"], got["layer2.0.x"] + got["layer2.0.F(x)"])
        if kwargs.get("shortcut", "A") == "A":  # option A: subsample, then zero channels before and after
            padded = torch.zeros(1, 32, 16, 16)
            padded[:, 8:24] = block_input[:, :, ::2, ::2]
            assert torch.equal(got["layer2.0.x"], padded)
    if kwargs.get("preact"):
        assert torch.equal(got["layer3.0"], got["layer3.0.x + F(x)"])  # v2: nothing after the addition
    else:
        assert torch.equal(got["layer3.0"], got["layer3.0.x + F(x)"].clamp(min=0))


def test_keys_follow_layer_specs_and_the_model_is_left_untouched():
    model = imagenet_resnet(18).eval()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    got = feat.extract_features(model, torch.randn(1, 3, 32, 32))
    assert list(got) == ["input"] + [s.key for s in feat.layer_specs(model)] + ["avgpool", "fc"]
    assert not model.training
    assert all(not m._forward_hooks and not m._forward_pre_hooks for m in model.modules())
    assert all(torch.equal(v, before[k]) for k, v in model.state_dict().items())
    assert not got["layer1.0"].requires_grad


def test_plain_twin_copies_every_matching_weight():
    model = imagenet_resnet(18, seed=3).eval()
    twin, unmatched = feat.plain_twin(model)
    assert sorted({k.rsplit(".", 2)[0] for k in unmatched}) == ["layer2.0.downsample", "layer3.0.downsample",
                                                                 "layer4.0.downsample"]
    reference = imagenet_resnet(18, residual=False, seed=99)
    assert list(twin.state_dict()) == list(reference.state_dict())
    for key, value in twin.state_dict().items():
        assert torch.equal(value, model.state_dict()[key])
    assert not twin.training and not any(p.requires_grad for p in twin.parameters())
    x = torch.randn(1, 3, 64, 64)
    ours, plain = feat.extract_features(model, x), feat.extract_features(twin, x)
    assert torch.equal(ours["layer1.0.conv1"], plain["layer1.0.conv1"])  # same weights, same input
    assert not torch.equal(ours["layer1.0"], plain["layer1.0"])  # the shortcut makes the difference
    assert torch.equal(plain["layer1.0"], plain["layer1.0.F(x)"].clamp(min=0))
    assert "layer1.0.x" not in plain


def test_plain_twin_of_paper_stride_and_cifar_models():
    paper = imagenet_resnet(50, stride_on_1x1=True).eval()
    twin, _ = feat.plain_twin(paper)
    assert twin.layer2[0].conv1.stride == (2, 2) and twin.layer2[0].conv2.stride == (1, 1)
    cifar = cifar_resnet(14, preact=True, shortcut="B").eval()
    twin, unmatched = feat.plain_twin(cifar)
    assert twin.preact and not twin.residual and unmatched == ["layer2.0.downsample.weight",
                                                               "layer3.0.downsample.weight"]


def test_counterpart_and_labels():
    model = imagenet_resnet(18)
    plain_specs = feat.layer_specs(imagenet_resnet(18, residual=False))
    spec = {s.key: s for s in feat.layer_specs(model)}
    assert feat.counterpart(spec["layer2.0.x + F(x)"], plain_specs)[0] == "layer2.0.F(x)"
    assert feat.counterpart(spec["layer2.0.x"], plain_specs)[0] == "layer1.1"
    assert feat.counterpart(spec["layer1.0.x"], plain_specs)[0] == "maxpool"
    assert feat.counterpart(spec["layer3.1.conv2"], plain_specs)[0] == "layer3.1.conv2"
    keys = ("layer2.0.x + F(x)", "layer2.0.x", "layer3.1.conv2")
    notes = [feat.counterpart(spec[key], plain_specs)[1] for key in keys]
    assert notes == ["sum", "shortcut", "same"] and set(notes) == set(feat.PLAIN_NOTES)
    assert feat.describe_key(model, spec["layer2.1.F(x)"]) == "conv3_x, block 2: F(x)"
    last = feat.layer_specs(cifar_resnet(20))[-1]
    assert feat.describe_key(cifar_resnet(20), last) == "stage 3, block 3: block output"


def test_channel_statistics_match_torch():
    maps = torch.randn(5, 7, 7, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    stats = view.channel_statistics(maps.numpy())
    flat = maps.flatten(1)
    np.testing.assert_allclose(stats.mean, flat.mean(1).numpy())
    np.testing.assert_allclose(stats.std, flat.std(1, unbiased=False).numpy())
    np.testing.assert_allclose(stats.min, flat.amin(1).numpy())
    np.testing.assert_allclose(stats.max, flat.amax(1).numpy())
    np.testing.assert_allclose(stats.positive, (flat > 0).double().mean(1).numpy())


def test_select_channels_by_hand():
    maps = np.stack([np.full((2, 2), v) for v in (0.5, 3.0, -1.0, 2.0)])
    assert view.select_channels(maps, 2, "first") == [0, 1]
    assert view.select_channels(maps, 3, "top") == [1, 3, 0]
    assert view.select_channels(maps, 99, "first") == [0, 1, 2, 3]
    with pytest.raises(ValueError):
        view.select_channels(maps, 2, "random")


def test_model_input_and_picture_round_trip():
    image = make_shapes(1, size=32, seed=4).images[0]
    batch = view.model_input(image, 32)
    mean, std = torch.tensor(IMAGENET_MEAN).view(3, 1, 1), torch.tensor(IMAGENET_STD).view(3, 1, 1)
    torch.testing.assert_close(batch[0], (image - mean) / std)
    picture = view.input_picture(batch)
    assert picture.shape == (32, 32, 3) and picture.dtype == np.uint8
    assert np.abs(picture.astype(int) - (image.permute(1, 2, 0).numpy() * 255).round()).max() <= 1
    photo = view.model_input(Image.new("RGB", (300, 200), (255, 0, 0)), 224)
    assert photo.shape == (1, 3, 224, 224)
    torch.testing.assert_close(photo[0, :, 0, 0], (torch.tensor([1.0, 0, 0]) - mean.flatten()) / std.flatten(),
                               atol=1e-2, rtol=0)
    with pytest.raises(ValueError):
        view.model_input(torch.zeros(1, 32, 32), 32)


def test_synthetic_image_shows_the_chosen_shape():
    for index, shape in enumerate(SHAPE_CLASSES):
        data = make_shapes(len(SHAPE_CLASSES), size=32, seed=2)
        position = int((data.labels == index).nonzero()[0, 0])
        assert torch.equal(view.synthetic_image(shape, 32, 2), data.images[position])
    with pytest.raises(ValueError):
        view.synthetic_image("hexagon", 32, 0)


def test_as_maps_wants_one_map():
    assert view.as_maps(torch.ones(1, 2, 3, 3)).shape == (2, 3, 3)
    tensor = torch.arange(18.0).reshape(1, 2, 3, 3)
    np.testing.assert_allclose(view.channel_mean(tensor), tensor[0].mean(0).numpy())
    with pytest.raises(ValueError):
        view.as_maps(torch.ones(2, 2, 3, 3))


def test_keep_freed_memory_applies_once_on_glibc():
    expected = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"
    assert keep_freed_memory() is expected and keep_freed_memory() is expected
