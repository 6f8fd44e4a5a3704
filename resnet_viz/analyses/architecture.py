r"""Per-stage tables of a ResNet (shapes, parameters, multiply-adds), measured on the modules themselves.

The model is built on PyTorch's ``meta`` device (shapes only, no memory, no arithmetic), run once under
``torch.utils.flop_counter.FlopCounterMode`` and watched by forward hooks that record every module's
output shape. The counter reports FLOPs = 2 x multiply-adds for convolutions and matrix products and
nothing for BN, ReLU, pooling or the skip addition; every number here is FLOPs / 2, the multiply-adds
that the ResNet paper calls "FLOPs".

Descriptions (row labels, layer kinds, block types, shortcuts, variants) are :class:`~resnet_viz.i18n.Phrase`\ s of
the ``analyses.architecture`` catalogue: ``str()`` gives the English, ``.say(lang)`` any language.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from resnet_viz.errors import DepthError
from resnet_viz.i18n import Catalogue, Phrase
from resnet_viz.models import (
    IMAGENET_CONFIGS,
    Add,
    Bottleneck,
    CifarResNet,
    ImageNetResNet,
    PreActBlock,
    ZeroPadShortcut,
)

__all__ = ["TEXT", "Architecture", "LayerRow", "StageRow", "Unit", "describe", "describe_cifar", "describe_imagenet"]

TEXT = Catalogue("analyses.architecture")
words = TEXT.phrase


@dataclass(frozen=True)
class LayerRow:
    """One leaf module, in the order the forward pass calls it."""

    name: str  # "layer2.0.conv1"
    kind: Phrase  # "conv 3×3, 64→128, stride 2"
    stride: int  # how much the layer shrinks the map (1 for most)
    output_shape: tuple[int, ...]  # without the batch dimension
    params: int
    macs: int


@dataclass(frozen=True)
class Unit:
    """A clickable piece of the network picture: the stem conv, the max-pool, one block, or the head."""

    name: str  # module path: "conv1", "layer3.5", "head"
    stage: str  # the key of the table row it belongs to: "conv1", "conv4_x", "stage2", ...
    title: Phrase  # "conv4_x, block 6 of 23"
    output_shape: tuple[int, ...]
    params: int
    macs: int
    layers: tuple[LayerRow, ...]


@dataclass(frozen=True)
class StageRow:
    key: str  # "conv1", "maxpool", "conv3_x", "stage2", "head"
    label: Phrase  # "conv3_x", "max-pool", "stage 2", "avg pool, fc"
    modules: tuple[str, ...]  # module paths making up the row: ("layer2",)
    output_shape: tuple[int, ...]
    block_type: Phrase  # "—" outside the stages
    blocks: int
    layout: Phrase  # the paper's notation, e.g. "[3×3, 128 · 3×3, 128] × 2"
    stride_at: Phrase  # which layer halves the resolution
    shortcut: Phrase
    params: int
    macs: int


@dataclass(frozen=True)
class Architecture:
    family: str  # "ImageNet" or "CIFAR-10"
    depth: int
    variant: Phrase  # e.g. "torchvision “V1.5”: stride on the 3×3 conv"
    input_shape: tuple[int, int, int]
    stages: tuple[StageRow, ...]
    units: tuple[Unit, ...]
    params: int
    macs: int
    weighted_layers: int  # convs + fc on the main path: the "18" in ResNet-18

    @property
    def name(self) -> str:
        return f"{'CIFAR ' if self.family != 'ImageNet' else ''}ResNet-{self.depth}"


def _params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def _kind(module: nn.Module) -> Phrase:
    if isinstance(module, nn.Conv2d):
        k, s = module.kernel_size[0], module.stride[0]
        shape = dict(k=f"{k}×{k}", channels=f"{module.in_channels}→{module.out_channels}")
        return words("kind_conv_stride", **shape, s=s) if s != 1 else words("kind_conv", **shape)
    if isinstance(module, nn.BatchNorm2d):
        return words("kind_bn")
    if isinstance(module, nn.ReLU):
        return words("kind_relu")
    if isinstance(module, Add):
        return words("kind_add")
    if isinstance(module, nn.MaxPool2d):
        return words("kind_max_pool", k=f"{module.kernel_size}×{module.kernel_size}", s=module.stride)
    if isinstance(module, nn.AdaptiveAvgPool2d):
        return words("kind_gap")
    if isinstance(module, nn.Linear):
        return words("kind_fc", channels=f"{module.in_features}→{module.out_features}")
    if isinstance(module, ZeroPadShortcut):
        return words("kind_zero_pad", channels=f"{module.in_channels}→{module.out_channels}", s=module.stride)
    return words("kind_other", name=type(module).__name__)


def _stride(module: nn.Module) -> int:
    stride = getattr(module, "stride", 1)
    return int(stride[0] if isinstance(stride, tuple) else stride)


def _block_type(block: nn.Module) -> Phrase:
    if isinstance(block, Bottleneck):
        return words("block_bottleneck")
    if isinstance(block, PreActBlock):
        return words("block_preact")
    return words("block_basic")


def _convs(module: nn.Module) -> list[tuple[str, nn.Conv2d]]:
    """The convolutions of the main path (projection shortcuts excluded), in registration order."""
    return [(n, m) for n, m in module.named_modules() if isinstance(m, nn.Conv2d) and "downsample" not in n]


def _layout(stage: nn.Sequential) -> Phrase:
    first = stage[0]
    inner = " · ".join(f"{m.kernel_size[0]}×{m.kernel_size[0]}, {m.out_channels}" for _, m in _convs(first))
    return words("layout_blocks", inner=inner, blocks=len(stage))


def _stride_at(stage: nn.Sequential) -> Phrase:
    for index, block in enumerate(stage):
        for name, conv in _convs(block):
            if conv.stride[0] > 1:
                k = conv.kernel_size[0]
                return words("stride_block", n=index + 1, layer=name, k=f"{k}×{k}")
    return words("stride_none_kept")


def _shortcut_kind(block: nn.Module) -> str:
    down = getattr(block, "downsample", None)
    if not getattr(block, "residual", True):
        return "short_plain"
    if down is None:
        return "short_identity"
    return "short_zero_pad" if isinstance(down, ZeroPadShortcut) else "short_projection"


def _shortcut(stage: nn.Sequential) -> Phrase:
    kinds = [_shortcut_kind(block) for block in stage]
    if len(set(kinds)) == 1:
        return words("short_every", kind=words(kinds[0]))
    rest = sorted(set(kinds[1:]), key=kinds.index)
    return words("short_first_then", first=words(kinds[0]), rest=tuple(words(kind) for kind in rest))


class _Recorder:
    """Forward hooks on a private meta model: output shapes and call order of every leaf module."""

    def __init__(self, model: nn.Module) -> None:
        self.shapes: dict[str, tuple[int, ...]] = {}
        self.order: list[str] = []
        self.handles = [m.register_forward_hook(self._hook(name)) for name, m in model.named_modules() if name]

    def _hook(self, name: str):
        def record(module: nn.Module, args: tuple, output: torch.Tensor) -> None:
            self.shapes[name] = tuple(output.shape[1:])
            if not any(True for _ in module.children()):
                self.order.append(name)
        return record

    def remove(self) -> None:
        for handle in self.handles:
            handle.remove()


class _ModelTracker:
    """Stands in for FlopCounterMode's ``ModuleTracker``, which tells the counter which modules are running.

    ``ModuleTracker`` registers *global* ``nn.Module`` hooks: while one session counts FLOPs they fire in
    every other thread's forward pass too, and broke a concurrent Captum attribution in the load test
    ("A leaf node was passed to _will_engine_execute_node"). This tracker hooks only the caller's own model.
    The counting itself (a TorchDispatchMode) is thread-local already.
    """

    def __init__(self, model: nn.Module) -> None:
        self.model, self.parents, self.handles = model, {"Global"}, []

    def __enter__(self) -> _ModelTracker:
        root = type(self.model).__name__
        for name, module in self.model.named_modules():
            path = f"{root}.{name}" if name else root
            self.handles.append(module.register_forward_pre_hook(lambda m, a, path=path: self.parents.add(path)))
            self.handles.append(module.register_forward_hook(lambda m, a, o, path=path: self.parents.discard(path)))
        return self

    def __exit__(self, *exc: object) -> None:
        for handle in self.handles:
            handle.remove()
        self.handles.clear()
        self.parents = {"Global"}


def describe(model: nn.Module, input_shape: tuple[int, int, int], rows: list[tuple[str, Phrase, tuple[str, ...]]],
             *, family: str, depth: int, variant: Phrase) -> Architecture:
    """Measure ``model`` and group its modules into table ``rows``.

    ``rows`` are (key, label, module paths); a row made of one ``nn.Sequential`` of blocks is a stage. Pass the
    caller's own model, ideally built on the meta device: it is put in eval mode and hooked for one pass
    (the hooks are removed afterwards). Never pass a model shared with other users.
    """
    device = next(model.parameters()).device
    recorder = _Recorder(model)
    try:
        counter = FlopCounterMode(display=False)
        counter.mod_tracker = _ModelTracker(model)
        with torch.no_grad(), counter:
            model.eval()(torch.zeros(1, *input_shape, device=device))
    finally:
        recorder.remove()
    root = type(model).__name__
    flops = {key.split(".", 1)[1] if key.startswith(root + ".") else key: sum(ops.values())
             for key, ops in counter.get_flop_counts().items()}
    modules = dict(model.named_modules())

    def macs(name: str) -> int:
        return int(flops.get(name, 0)) // 2

    def leaves(prefix: str) -> tuple[LayerRow, ...]:
        return tuple(LayerRow(n, _kind(modules[n]), _stride(modules[n]), recorder.shapes[n], _params(modules[n]),
                              macs(n)) for n in recorder.order if n == prefix or n.startswith(prefix + "."))

    stages, units = [], []
    for key, label, names in rows:
        target = modules[names[0]]
        is_stage = len(names) == 1 and isinstance(target, nn.Sequential) and hasattr(target[0], "residual_branch")
        shape = recorder.shapes[names[-1]]
        params, row_macs = sum(_params(modules[n]) for n in names), sum(macs(n) for n in names)
        if is_stage:
            stages.append(StageRow(key, label, names, shape, _block_type(target[0]), len(target), _layout(target),
                                   _stride_at(target), _shortcut(target), params, row_macs))
            for index, block in enumerate(target):
                name = f"{names[0]}.{index}"
                units.append(Unit(name, key, words("unit_title", stage=label, n=index + 1, count=len(target)),
                                  recorder.shapes[name], _params(block), macs(name), leaves(name)))
        else:
            layers = tuple(row for n in names for row in leaves(n))
            layout = words("layout_list", parts=tuple(row.kind for row in layers
                                                      if row.kind.key not in ("kind_bn", "kind_relu")))
            halving = next((row.name for row in layers if row.stride == 2), None)
            stride = words("stride_layer", layer=halving) if halving else words("stride_none")
            stages.append(StageRow(key, label, names, shape, words("none_mark"), 0, layout, stride, words("none_mark"),
                                   params, row_macs))
            units.append(Unit("head" if "fc" in names else names[0], key, label, shape, params, row_macs, layers))
    weighted = sum(1 for n, m in model.named_modules()
                   if isinstance(m, (nn.Conv2d, nn.Linear)) and "downsample" not in n)
    total_macs = int(counter.get_total_flops()) // 2
    if total_macs != sum(row.macs for row in stages) or _params(model) != sum(row.params for row in stages):
        raise RuntimeError("the table rows do not cover the whole model")
    return Architecture(family, depth, variant, input_shape, tuple(stages), tuple(units), _params(model),
                        total_macs, weighted)


def describe_imagenet(depth: int, *, stride_on_1x1: bool = False) -> Architecture:
    """ResNet-``depth`` for a 224x224 input; ``stride_on_1x1`` moves the bottleneck stride as in the paper."""
    if depth not in IMAGENET_CONFIGS:
        raise DepthError("imagenet", value=depth, choices=", ".join(map(str, sorted(IMAGENET_CONFIGS))))
    config = IMAGENET_CONFIGS[depth]
    with torch.device("meta"):  # no initialisation needed: only shapes are measured
        model = ImageNetResNet(config["block"], config["layers"], stride_on_1x1=stride_on_1x1)
    bottleneck = model.block_type is Bottleneck
    variant = words(("variant_paper" if stride_on_1x1 else "variant_v15") if bottleneck else "variant_basic")
    rows = [("conv1", words("row_name", name="conv1"), ("conv1", "bn1", "relu")),
            ("maxpool", words("row_max_pool"), ("maxpool",)),
            *((f"conv{i + 2}_x", words("row_name", name=f"conv{i + 2}_x"), (f"layer{i + 1}",)) for i in range(4)),
            ("head", words("row_avg_fc"), ("avgpool", "fc"))]
    return describe(model, (3, 224, 224), rows, family="ImageNet", depth=depth, variant=variant)


def describe_cifar(depth: int, *, shortcut: str = "A", preact: bool = False) -> Architecture:
    """CIFAR-10 ResNet-``depth`` (6n+2) for a 32x32 input; option A/B/C shortcuts, v1 or v2 (pre-activation)."""
    with torch.device("meta"):
        model = CifarResNet(depth, shortcut=shortcut, preact=preact)
    stem = ("conv1",) if preact else ("conv1", "bn1", "relu")
    head = (("bn_final", "relu_final") if preact else ()) + ("avgpool", "fc")
    rows = [("conv1", words("row_name", name="conv1"), stem),
            *((f"stage{n}", words("row_stage", n=n), (f"layer{n}",)) for n in (1, 2, 3)),
            ("head", words("row_bn_avg_fc" if preact else "row_avg_fc"), head)]
    variant = words("variant_cifar", block=words("variant_v2" if preact else "variant_v1"),
                    option=str(shortcut).upper())
    return describe(model, (3, 32, 32), rows, family="CIFAR-10", depth=depth, variant=variant)
