"""Every intermediate feature map of an ImageNet or CIFAR ResNet, collected in one forward pass.

The walk below calls the model's own modules in the order their ``forward`` does and keeps every
result, so nothing is registered on the model (no hooks): a model shared by many browser sessions can
be read by all of them at once. torchvision's ``create_feature_extractor`` is the reference in the
tests, not the implementation, because it is not safe on a server: it flips the model between train
and eval mode while tracing, and torch.fx tracing patches ``nn.Module.__call__`` for the whole process,
which broke other sessions' forward passes in the 10-session load test. Inside a block it also keeps the
two operands of the skip addition: ``x`` (the shortcut, after any projection) and ``F(x)`` (the residual
branch), and their sum.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import torch
from torch import nn

from resnet_viz.models import BasicBlock, Bottleneck, CifarResNet, ImageNetResNet, PreActBlock
from resnet_viz.models.cifar import cifar_resnet
from resnet_viz.models.imagenet import IMAGENET_CONFIGS, imagenet_resnet

__all__ = [
    "BRANCH_ORDER", "PLAIN_NOTES", "LayerSpec", "block_input_key", "counterpart", "extract_features", "layer_specs",
    "plain_twin", "run_block", "describe_key", "skeleton", "stage_label", "stage_names",
]

# The residual branch of each block type, in the order its forward applies the modules.
BRANCH_ORDER: dict[type, tuple[str, ...]] = {
    BasicBlock: ("conv1", "bn1", "relu1", "conv2", "bn2"),
    Bottleneck: ("conv1", "bn1", "relu1", "conv2", "bn2", "relu2", "conv3", "bn3"),
    PreActBlock: ("bn1", "relu1", "conv1", "bn2", "relu2", "conv2"),
}
SHORTCUT, BRANCH, SUM = "x", "F(x)", "x + F(x)"
OUTPUT = "output"


@dataclass(frozen=True)
class LayerSpec:
    """One extracted tensor: ``key`` indexes :func:`extract_features`' result."""

    key: str  # "conv1", "layer2.0.relu1", "layer2.0.F(x)", "layer2.0" (a block's output)
    stage: str  # "stem", "layer1", ...
    block: int | None  # index inside the stage; None for the stem and the head
    part: str  # "conv1", "F(x)", "x", "x + F(x)", "output", ...


def skeleton(model: nn.Module) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(stem module names, stage names, modules between the last stage and the pooling)."""
    if isinstance(model, ImageNetResNet):
        return ("conv1", "bn1", "relu", "maxpool"), ("layer1", "layer2", "layer3", "layer4"), ()
    if isinstance(model, CifarResNet):
        stem = ("conv1",) if model.preact else ("conv1", "bn1", "relu")
        tail = ("bn_final", "relu_final") if model.preact else ()
        return stem, ("layer1", "layer2", "layer3"), tail
    raise TypeError(f"feature extraction knows ImageNetResNet and CifarResNet, not {type(model).__name__}")


def stage_names(model: nn.Module) -> tuple[str, ...]:
    return skeleton(model)[1]


def stage_label(model: nn.Module, stage: str) -> str:
    """The paper's name of a stage: conv2_x...conv5_x (ImageNet) or stage 1...3 (CIFAR)."""
    if stage in ("stem", "head"):
        return stage
    index = stage_names(model).index(stage)
    return f"conv{index + 2}_x" if isinstance(model, ImageNetResNet) else f"stage {index + 1}"


def describe_key(model: nn.Module, spec: LayerSpec) -> str:
    """'conv3_x, block 2: F(x)' for humans."""
    if spec.block is None:
        return f"{spec.stage}: {spec.part}"
    part = "block output" if spec.part == OUTPUT else spec.part
    return f"{stage_label(model, spec.stage)}, block {spec.block + 1}: {part}"


def layer_specs(model: nn.Module) -> list[LayerSpec]:
    """Every key :func:`extract_features` returns for this model, in forward order."""
    stem, stages, tail = skeleton(model)
    specs = [LayerSpec(name, "stem", None, name) for name in stem]
    for stage in stages:
        for index, block in enumerate(getattr(model, stage)):
            prefix = f"{stage}.{index}"
            specs += [LayerSpec(f"{prefix}.{name}", stage, index, name) for name in BRANCH_ORDER[type(block)]]
            parts = (BRANCH, SHORTCUT, SUM) if block.residual else (BRANCH,)
            specs += [LayerSpec(f"{prefix}.{part}", stage, index, part) for part in parts]
            specs.append(LayerSpec(prefix, stage, index, OUTPUT))
    specs += [LayerSpec(name, "head", None, name) for name in tail]
    return specs


def run_block(block: nn.Module, x: torch.Tensor, prefix: str, out: OrderedDict[str, torch.Tensor]) -> torch.Tensor:
    branch = x
    for name in BRANCH_ORDER[type(block)]:
        branch = getattr(block, name)(branch)
        out[f"{prefix}.{name}"] = branch
    out[f"{prefix}.{BRANCH}"] = branch
    y = branch
    if block.residual:
        shortcut = block._skip(x)  # the block's own shortcut: projection / zero padding and lambda
        out[f"{prefix}.{SHORTCUT}"] = shortcut
        y = block.add(shortcut, branch)
        out[f"{prefix}.{SUM}"] = y
    relu_out = getattr(block, "relu_out", None)  # v2 (pre-activation) units have no ReLU after the add
    y = relu_out(y) if relu_out is not None else y
    out[prefix] = y
    return y


def extract_features(model: nn.Module, x: torch.Tensor) -> OrderedDict[str, torch.Tensor]:
    """All intermediate tensors of ``model`` on the batch ``x`` (moved to the model's device).

    Runs without autograd; the model is only read.

    Args:
        model: a ResNet of this package (CIFAR or ImageNet family, plain or residual), in eval mode for
            batch norm's running statistics.
        x: a batch (N, 3, H, W).

    Returns:
        Tensors by name, in the order computed: the keys of :func:`layer_specs` plus ``"input"``, ``"avgpool"``
        and ``"fc"`` (the logits, equal to ``model(x)``).

    Example:
        >>> from resnet_viz.models import cifar_resnet
        >>> model = cifar_resnet(8, widths=(4, 8, 8), num_classes=3).eval()
        >>> x = torch.rand(2, 3, 32, 32)
        >>> features = extract_features(model, x)
        >>> list(features)[:4], features["layer1.0"].shape
        (['input', 'conv1', 'bn1', 'relu'], torch.Size([2, 4, 32, 32]))
        >>> torch.equal(features["fc"], model(x))
        True
    """
    stem, stages, tail = skeleton(model)
    device = next(model.parameters()).device
    out: OrderedDict[str, torch.Tensor] = OrderedDict()
    with torch.no_grad():
        x = x.to(device)
        out["input"] = x
        for name in stem:
            x = getattr(model, name)(x)
            out[name] = x
        for stage in stages:
            for index, block in enumerate(getattr(model, stage)):
                x = run_block(block, x, f"{stage}.{index}", out)
        for name in tail:
            x = getattr(model, name)(x)
            out[name] = x
        out["avgpool"] = model.avgpool(x)
        out["fc"] = model.fc(torch.flatten(out["avgpool"], 1))
    return out


def block_input_key(specs: list[LayerSpec], prefix: str) -> str:
    """The key of the tensor that enters block ``prefix`` ("layer2.0"): the previous block's or stem's output."""
    carrier = "input"
    for spec in specs:
        if spec.block is not None and f"{spec.stage}.{spec.block}" == prefix:
            return carrier
        if spec.stage == "stem" or spec.part == OUTPUT:
            carrier = spec.key
    raise KeyError(f"no block {prefix!r}")


PLAIN_NOTES = {  # what the plain net's tensor beside a residual one is, by the code counterpart() returns
    "sum": "F(x): a plain block has no x to add",
    "shortcut": "the block's input: a plain block has no shortcut",
    "same": "the same layer",
}


def counterpart(spec: LayerSpec, plain_specs: list[LayerSpec]) -> tuple[str, str]:
    """The plain net's tensor to show beside ``spec`` of the residual net, and what it is (a key of
    :data:`PLAIN_NOTES`).

    The plain net has no shortcut: beside ``x + F(x)`` it shows ``F(x)`` (what its block passes to the final
    ReLU), beside the shortcut operand ``x`` the block's input.
    """
    prefix = f"{spec.stage}.{spec.block}"
    if spec.part == SUM:
        return f"{prefix}.{BRANCH}", "sum"
    if spec.part == SHORTCUT:
        return block_input_key(plain_specs, prefix), "shortcut"
    return spec.key, "same"


def plain_twin(model: nn.Module) -> tuple[nn.Module, list[str]]:
    """The plain net of the same depth carrying ``model``'s weights wherever a layer exists in both.

    Returns (plain model in eval mode on ``model``'s device, the state-dict keys of ``model`` that
    have no counterpart: the projection shortcuts, which a plain net does not have). ``model`` is only
    read; the twin owns copies of the weights.
    """
    device = next(model.parameters()).device
    with torch.device("meta"):  # skip the random initialisation: every tensor is overwritten below
        if isinstance(model, ImageNetResNet):
            depth = next(d for d, c in IMAGENET_CONFIGS.items() if tuple(c["layers"]) == model.blocks_per_stage
                         and c["block"] is model.block_type)
            stride_on_1x1 = model.layer2[0].conv1.stride == (2, 2)  # the paper's bottleneck placement
            twin = imagenet_resnet(depth, residual=False, stride_on_1x1=stride_on_1x1,
                                   num_classes=model.fc.out_features)
        elif isinstance(model, CifarResNet):
            twin = cifar_resnet(model.depth, residual=False, preact=model.preact, widths=model.widths,
                                num_classes=model.fc.out_features)
        else:
            raise TypeError(f"plain_twin knows ImageNetResNet and CifarResNet, not {type(model).__name__}")
    twin = twin.to_empty(device=device)
    result = twin.load_state_dict(model.state_dict(), strict=False)
    if result.missing_keys:  # every plain layer exists in the residual net; anything else is a bug
        raise RuntimeError(f"plain twin has layers the residual net lacks: {result.missing_keys}")
    for parameter in twin.parameters():
        parameter.requires_grad_(False)
    return twin.eval(), list(result.unexpected_keys)
