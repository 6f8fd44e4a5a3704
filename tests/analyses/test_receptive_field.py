"""Receptive fields: hand-computed values, and an independent gradient-based measurement."""

import copy

import pytest
import torch
from torch import nn

from resnet_viz.analyses.receptive_field import ReceptiveField, receptive_fields
from resnet_viz.models import cifar_resnet, imagenet_resnet

# ResNet-18 by hand: r += (k - 1) * j, j *= s. conv1 7x7/2: 7, j 2; max-pool 3x3/2: 7 + 2*2 = 11, j 4;
# each 3x3 conv adds 2*j: layer1 (j 4) 19, 27 | 35, 43; layer2 block 1 conv1 has stride 2 (adds 2*4,
# then j 8): 51, 67 | 83, 99; layer3 (j 16 after its first conv): 115, 147 | 179, 211; layer4: 243, 307 | 371, 435.
RESNET18 = {
    "conv1": (7, 2), "maxpool": (11, 4), "layer1.0.conv1": (19, 4), "layer1.0": (27, 4), "layer1.1": (43, 4),
    "layer2.0.conv1": (51, 8), "layer2.0.x": (43, 8), "layer2.0": (67, 8), "layer2.1": (99, 8),
    "layer3.1": (211, 16), "layer4.0.conv1": (243, 32), "layer4.1": (435, 32),
}
# CIFAR ResNet-20: conv1 3; six 3x3 convs at j 1 -> 15; stage 2: 17 (j 2 after the strided conv), +5*4 -> 37;
# stage 3: 41 (j 4), +5*8 -> 81.
CIFAR20 = {"conv1": (3, 1), "layer1.2": (15, 1), "layer2.0.conv1": (17, 2), "layer2.2": (37, 2), "layer3.2": (81, 4)}


@pytest.mark.parametrize("model, expected", [(imagenet_resnet(18), RESNET18), (cifar_resnet(20), CIFAR20)],
                         ids=["resnet18", "cifar20"])
def test_hand_computed_fields(model, expected):
    fields = receptive_fields(model)
    for key, (size, jump) in expected.items():
        assert (fields[key].size, fields[key].jump, fields[key].start) == (size, jump, 0.0), key


def test_bottleneck_stride_placement_changes_the_field():
    v15, paper = receptive_fields(imagenet_resnet(50)), receptive_fields(imagenet_resnet(50, stride_on_1x1=True))
    # torchvision: layer2.0's 1x1 conv still runs at j 4, the 3x3 conv then adds 2*4; paper: j 8 first, adds 2*8
    assert (v15["layer2.0.conv2"].size, paper["layer2.0.conv2"].size) == (43, 51)
    assert (v15["layer4.2"].size, paper["layer4.2"].size) == (427, 483)


def test_window_union_and_box():
    field = ReceptiveField(5, 2, 0.0)
    assert field.window(3) == (4.0, 8.0) and field.box(1, 2) == (0.0, 2.0, 4.0, 6.0)
    assert field.then(3, 2, 1) == ReceptiveField(9, 4, 0.0)
    assert ReceptiveField(3, 1, 0.0).then(2, 2, 0) == ReceptiveField(4, 2, 0.5)  # even kernel shifts the centre
    assert ReceptiveField(5, 2, 0.0).union(ReceptiveField(1, 2, 0.0)) == ReceptiveField(5, 2, 0.0)
    with pytest.raises(ValueError):
        field.union(ReceptiveField(5, 4, 0.0))


def linearised(model: nn.Module) -> nn.Module:
    """A copy whose every path passes gradient: |weights|, identity for ReLU, average for max pooling.
    The theoretical field only depends on kernels, strides and paddings, which all stay."""
    model = copy.deepcopy(model).eval()
    for module in list(model.modules()):
        for child_name, child in list(module.named_children()):
            if isinstance(child, nn.ReLU):
                setattr(module, child_name, nn.Identity())
            elif isinstance(child, nn.MaxPool2d):
                setattr(module, child_name, nn.AvgPool2d(child.kernel_size, child.stride, child.padding))
    with torch.no_grad():
        for conv in model.modules():
            if isinstance(conv, nn.Conv2d):
                conv.weight.abs_().add_(1e-3)
    return model


def measured_box(model: nn.Module, path: str, size: int, row: int, col: int) -> tuple[int, int, int, int]:
    """Rows and columns of the input whose gradient on unit (row, col) of module ``path`` is non-zero."""
    module = model.get_submodule(path)
    seen = {}

    def stop(m: nn.Module, args: tuple, out: torch.Tensor) -> None:
        seen["out"] = out
        raise StopIteration  # the layers after this one do not matter

    handle = module.register_forward_hook(stop)
    x = torch.ones(1, 3, size, size, requires_grad=True)
    try:
        model(x)
    except StopIteration:
        pass
    finally:
        handle.remove()
    seen["out"][0, :, row, col].sum().backward()
    nonzero = x.grad[0].abs().sum(0) > 0
    rows, cols = nonzero.any(1).nonzero().flatten(), nonzero.any(0).nonzero().flatten()
    return int(rows.min()), int(cols.min()), int(rows.max()), int(cols.max())


@pytest.mark.parametrize("builder, key, size, unit", [
    (lambda: imagenet_resnet(18), "layer1.1", 96, (12, 5)),
    (lambda: imagenet_resnet(18), "layer2.0.conv1", 96, (6, 0)),
    (lambda: imagenet_resnet(18), "layer2.1", 128, (8, 8)),
    (lambda: imagenet_resnet(50, stride_on_1x1=True), "layer2.0.conv2", 96, (5, 6)),
    (lambda: imagenet_resnet(50), "layer2.0.conv2", 96, (5, 6)),
    (lambda: cifar_resnet(20), "layer2.0", 32, (7, 9)),
    (lambda: cifar_resnet(20), "layer3.2", 32, (2, 3)),
], ids=["r18-layer1", "r18-l2conv1-edge", "r18-layer2", "r50paper-l2conv2", "r50-l2conv2", "c20-l2", "c20-l3"])
def test_field_matches_the_gradient_support(builder, key, size, unit):
    model = builder()
    field = receptive_fields(model)[key]
    top, left, bottom, right = field.box(*unit)
    expected = (max(int(top), 0), max(int(left), 0), min(int(bottom), size - 1), min(int(right), size - 1))
    assert measured_box(linearised(model), key, size, *unit) == expected


def test_unknown_modules_are_refused():
    model = cifar_resnet(8)
    model.layer1[0].conv1 = nn.Conv2d(16, 16, 3, padding=2, dilation=2, bias=False)
    with pytest.raises(ValueError, match="dilated"):
        receptive_fields(model)
