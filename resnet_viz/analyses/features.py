"""Every intermediate feature map of an ImageNet or CIFAR ResNet, collected in one forward pass.

The model is traced once with torchvision's feature-extraction tracer into a graph module that
returns every intermediate tensor; nothing is registered on the model (no hooks), so a model shared
by many browser sessions can be read by all of them at once. Inside a block it also returns the two
operands of the skip addition: ``x`` (the shortcut, after any projection) and ``F(x)`` (the residual
branch), and their sum.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass

import torch
import torch.fx
from torch import nn
from torchvision.models.feature_extraction import NodePathTracer

from resnet_viz.models import Add, BasicBlock, Bottleneck, CifarResNet, ImageNetResNet, PreActBlock, ZeroPadShortcut
from resnet_viz.models.cifar import cifar_resnet
from resnet_viz.models.imagenet import IMAGENET_CONFIGS, imagenet_resnet

__all__ = [
    "BRANCH_ORDER", "LayerSpec", "block_input_key", "counterpart", "extract_features", "layer_specs", "plain_twin",
    "feature_extractor", "describe_key", "skeleton", "stage_label", "stage_names",
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


def _node_names(model: nn.Module, tracer: NodePathTracer, graph: torch.fx.Graph) -> dict[str, torch.fx.Node]:
    """Our keys (:func:`layer_specs` plus input/avgpool/fc) -> the traced graph's nodes."""
    by_name = {tracer.node_to_qualname[n]: n for n in graph.nodes if n in tracer.node_to_qualname}
    nodes: dict[str, torch.fx.Node] = {"input": next(n for n in graph.nodes if n.op == "placeholder")}
    stem, stages, tail = skeleton(model)
    for name in (*stem, *tail, "avgpool", "fc"):
        nodes[name] = by_name[name]
    for stage in stages:
        for index, block in enumerate(getattr(model, stage)):
            prefix = f"{stage}.{index}"
            branch = BRANCH_ORDER[type(block)]
            for name in branch:
                nodes[f"{prefix}.{name}"] = by_name[f"{prefix}.{name}"]
            nodes[f"{prefix}.{BRANCH}"] = by_name[f"{prefix}.{branch[-1]}"]
            output = by_name[f"{prefix}.{branch[-1]}"]
            if block.residual:
                add = by_name[f"{prefix}.add"]
                nodes[f"{prefix}.{SHORTCUT}"] = add.args[0]  # after any projection, zero padding or lambda
                nodes[f"{prefix}.{SUM}"] = output = add
            nodes[prefix] = by_name.get(f"{prefix}.relu_out", output)  # v2 units have no ReLU after the add
    return nodes


_EXTRACTORS: weakref.WeakKeyDictionary[nn.Module, tuple[torch.fx.GraphModule, dict[str, str]]] = (
    weakref.WeakKeyDictionary())
_EXTRACTORS_LOCK = threading.Lock()


def feature_extractor(model: nn.Module) -> tuple[torch.fx.GraphModule, dict[str, str]]:
    """A graph module that returns every intermediate tensor, and our keys -> its output names.

    Traced with torchvision's ``NodePathTracer`` (the tracer behind ``create_feature_extractor``) with
    the skip addition and the zero-padding shortcut kept as leaf modules so their operands are nodes.
    Unlike ``create_feature_extractor``, this never calls ``model.train()``/``eval()`` while tracing:
    the model may be shared with other sessions running at the same moment. The graph module shares
    the model's submodules (no weights are copied); it is cached per model.
    """
    with _EXTRACTORS_LOCK:
        cached = _EXTRACTORS.get(model)
        if cached is not None:
            return cached
        tracer = NodePathTracer(leaf_modules=[Add, ZeroPadShortcut])
        graph = tracer.trace(model)
        nodes = _node_names(model, tracer, graph)
        outputs: dict[str, torch.fx.Node] = {}
        names: dict[str, str] = {}
        for key, node in nodes.items():
            output_name = node.name  # one graph output per node, several of our keys may share it
            outputs[output_name] = node
            names[key] = output_name
        old_output = next(n for n in graph.nodes if n.op == "output")
        with graph.inserting_after(old_output):
            graph.output(outputs)
        graph.erase_node(old_output)
        graph.lint()
        module = torch.fx.GraphModule(model, graph, class_name=f"{type(model).__name__}Features")
        _EXTRACTORS[model] = (module, names)
        return module, names


def extract_features(model: nn.Module, x: torch.Tensor) -> OrderedDict[str, torch.Tensor]:
    """All intermediate tensors of ``model`` on the batch ``x`` (moved to the model's device), one pass.

    Keys are those of :func:`layer_specs` plus ``"input"``, ``"avgpool"`` and ``"fc"`` (the logits,
    equal to ``model(x)``). Runs without autograd; the model is only read.
    """
    extractor, names = feature_extractor(model)
    device = next(model.parameters()).device
    with torch.no_grad():
        values = extractor(x.to(device))
    order = ["input", *(spec.key for spec in layer_specs(model)), "avgpool", "fc"]
    return OrderedDict((key, values[names[key]]) for key in order)


def block_input_key(specs: list[LayerSpec], prefix: str) -> str:
    """The key of the tensor that enters block ``prefix`` ("layer2.0"): the previous block's or stem's output."""
    carrier = "input"
    for spec in specs:
        if spec.block is not None and f"{spec.stage}.{spec.block}" == prefix:
            return carrier
        if spec.stage == "stem" or spec.part == OUTPUT:
            carrier = spec.key
    raise KeyError(f"no block {prefix!r}")


def counterpart(spec: LayerSpec, plain_specs: list[LayerSpec]) -> tuple[str, str]:
    """The plain net's tensor to show beside ``spec`` of the residual net, and what it is.

    The plain net has no shortcut: beside ``x + F(x)`` it shows ``F(x)`` (what its block passes to the final
    ReLU), beside the shortcut operand ``x`` the block's input.
    """
    prefix = f"{spec.stage}.{spec.block}"
    if spec.part == SUM:
        return f"{prefix}.{BRANCH}", "F(x): a plain block has no x to add"
    if spec.part == SHORTCUT:
        return block_input_key(plain_specs, prefix), "the block's input: a plain block has no shortcut"
    return spec.key, "the same layer"


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
