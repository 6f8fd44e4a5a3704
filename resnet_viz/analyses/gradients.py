"""Gradient flow through plain and residual CIFAR nets: where does dL/dx go on the way back?

Every function builds its *own* nets (never a shared cached model), so hooks and train mode are safe.

- :func:`gradient_profile` measures, for one batch, ||dL/dx_l|| at every block's input x_l (and at the
  last block's output x_L) and ||dL/dW|| for every conv / fc layer.
- :func:`compare_plain_residual` does that for the plain and the residual net of one :class:`FlowConfig`.
- :func:`lambda_law` checks the identity-mappings paper's analysis: with h(x) = lambda * x shortcuts and
  residual branches at zero, x_{l+1} = lambda * x_l, so ||dL/dx_l|| / ||dL/dx_L|| = lambda^(L-l).
- :func:`profiles_during_training` repeats the profile at a few steps of a short training run.

"BN off" nets are built by :func:`without_batchnorm`: a copy with every BatchNorm2d replaced by
``nn.Identity`` (the models package keeps BN in every block, as the paper does).
"""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from resnet_viz.analyses.training import train_classifier
from resnet_viz.data.shapes import make_shapes
from resnet_viz.errors import DepthError, ReportedError
from resnet_viz.models.cifar import CifarResNet, cifar_blocks_per_stage
from resnet_viz.models.init import he_init, seeded
from resnet_viz.models.layers import ZeroPadShortcut

__all__ = [
    "INITS",
    "MAX_BATCH",
    "MAX_DEPTH",
    "MEMORY_BUDGET_BYTES",
    "FlowComparison",
    "FlowConfig",
    "FlowConfigError",
    "GradientProfile",
    "LambdaLaw",
    "TrainingSnapshots",
    "apply_init",
    "build_flow_net",
    "check_config",
    "compare_plain_residual",
    "estimate_memory_bytes",
    "gradient_profile",
    "lambda_law",
    "max_batch_for_budget",
    "norm_status",
    "probe_batch",
    "profiles_during_training",
    "without_batchnorm",
]

INITS = {
    "he": "He (Kaiming normal, fan-out): the paper's",
    "default": "PyTorch default (each layer's reset_parameters)",
    "small": "Small: normal with std 0.01",
}
MEMORY_BUDGET_BYTES = 4 * 2**30
MAX_BATCH = 64
MAX_DEPTH = 2402
DTYPES = {"float32": torch.float32, "float64": torch.float64}


class FlowConfigError(ReportedError):
    """A setting the gradient-flow analysis refuses: ``code`` names it and ``params`` holds its numbers."""

    DOMAIN = "flow"
    MESSAGES: ClassVar[Mapping[str, str]] = {
        "depth": "The depth must be 6n+2 (8, 14, 20, 32, 44, 56, 110, …); {value} is not (nearest: {lower} or "
                 "{upper}).",
        "depth_range": "The depth must be between 8 and {high}; {value} is not.",
        "init": "The initialisation must be one of {choices}; {value} is not.",
        "lambda": "The shortcut scale λ must lie in (0, 4]; {value} does not.",
        "batch": "The batch size must be between 1 and {cap}; {value} is not.",
        "image_size": "The image size must be between 8 and 64 pixels; {value} is not.",
        "dtype": "The precision must be one of {choices}; {value} is not.",
        "memory_batch": "These settings need about {need} GiB for the two nets' activations, above the {budget} GiB "
                        "budget: use a batch of at most {largest}.",
        "memory_smaller": "These settings need about {need} GiB for the two nets' activations, above the {budget} GiB "
                          "budget: choose a smaller depth or image size.",
        "steps": "The training steps must not be negative.",
    }


@dataclass(frozen=True)
class FlowConfig:
    depth: int = 56
    bn: bool = True
    init: str = "he"
    shortcut_scale: float = 1.0
    batch_size: int = 16
    image_size: int = 32
    widths: tuple[int, int, int] = (16, 32, 64)
    preact: bool = False
    dtype: str = "float32"
    seed: int = 0


def without_batchnorm(model: nn.Module) -> nn.Module:
    """A deep copy of ``model`` with every ``nn.BatchNorm2d`` replaced by ``nn.Identity``."""
    model = copy.deepcopy(model)
    for parent in list(model.modules()):
        for name, child in list(parent.named_children()):
            if isinstance(child, nn.BatchNorm2d):
                setattr(parent, name, nn.Identity())
    return model


def apply_init(model: nn.Module, init: str, seed: int) -> nn.Module:
    """Re-initialise ``model`` in place: "he" (the paper), "default" (PyTorch's) or "small" (std 0.01)."""
    if init not in INITS:
        raise FlowConfigError("init", value=init, choices=", ".join(INITS))
    with seeded(seed):
        if init == "he":
            return he_init(model)
        for module in model.modules():
            if init == "default" and isinstance(module, (nn.Conv2d, nn.Linear, nn.BatchNorm2d)):
                module.reset_parameters()
            elif init == "small" and isinstance(module, (nn.Conv2d, nn.Linear)):
                nn.init.normal_(module.weight, std=0.01)
                if module.bias is not None:
                    nn.init.zeros_(module.bias)
            elif init == "small" and isinstance(module, nn.BatchNorm2d):
                module.reset_parameters()
    return model


def check_config(config: FlowConfig) -> None:
    """Raise :class:`FlowConfigError` (with a message for the page) for settings the analysis refuses."""
    try:
        cifar_blocks_per_stage(config.depth)
    except DepthError as error:
        raise FlowConfigError("depth", **error.params) from None
    if not 8 <= config.depth <= MAX_DEPTH:
        raise FlowConfigError("depth_range", value=config.depth, high=MAX_DEPTH)
    if config.init not in INITS:
        raise FlowConfigError("init", value=config.init, choices=", ".join(INITS))
    if not (math.isfinite(config.shortcut_scale) and 0.0 < config.shortcut_scale <= 4.0):
        raise FlowConfigError("lambda", value=config.shortcut_scale)
    if not 1 <= config.batch_size <= MAX_BATCH:
        raise FlowConfigError("batch", value=config.batch_size, cap=MAX_BATCH)
    if not 8 <= config.image_size <= 64:
        raise FlowConfigError("image_size", value=config.image_size)
    if config.dtype not in DTYPES:
        raise FlowConfigError("dtype", value=config.dtype, choices=", ".join(DTYPES))
    need = estimate_memory_bytes(config)
    if need > MEMORY_BUDGET_BYTES:
        largest = max_batch_for_budget(config)
        raise FlowConfigError("memory_batch" if largest >= 1 else "memory_smaller", need=f"{need / 2**30:.1f}",
                              budget=f"{MEMORY_BUDGET_BYTES / 2**30:.0f}", largest=largest)


def build_flow_net(config: FlowConfig, *, residual: bool, num_classes: int = 6) -> CifarResNet:
    """The net ``config`` describes, freshly built and initialised (the caller owns it)."""
    with seeded(config.seed):
        model: nn.Module = CifarResNet(config.depth, residual=residual, preact=config.preact,
                                       shortcut_scale=config.shortcut_scale if residual else 1.0,
                                       num_classes=num_classes, widths=config.widths)
    if not config.bn:
        model = without_batchnorm(model)
    return apply_init(model, config.init, config.seed).to(DTYPES[config.dtype])


def _saved_bytes(config: FlowConfig, residual: bool, depth: int) -> int:
    """Bytes autograd saves for the backward pass of one image through the net of ``depth`` (measured)."""
    return _saved_bytes_cached(replace(config, depth=depth, batch_size=1, seed=0, init="he"), residual)


@functools.lru_cache(maxsize=64)
def _saved_bytes_cached(small: FlowConfig, residual: bool) -> int:
    model = build_flow_net(small, residual=residual)
    seen: set[tuple[int, int]] = set()
    total = 0

    def pack(tensor: torch.Tensor) -> torch.Tensor:
        nonlocal total
        key = (tensor.untyped_storage().data_ptr(), tensor.numel())
        if not isinstance(tensor, nn.Parameter) and key not in seen:
            seen.add(key)
            total += tensor.numel() * tensor.element_size()
        return tensor

    images = torch.zeros(1, 3, small.image_size, small.image_size, dtype=DTYPES[small.dtype])
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        model.train()(images)
    return total


def _saved_bytes_per_image(config: FlowConfig, residual: bool) -> int:
    """Saved bytes per image at ``config.depth``, extrapolated exactly from 8- and 14-layer twins: every extra
    block per stage is an identical identity-shortcut block, so the count is linear in n (depth = 6n + 2)."""
    n = cifar_blocks_per_stage(config.depth)
    one, two = _saved_bytes(config, residual, 8), _saved_bytes(config, residual, 14)
    return one + (n - 1) * (two - one)


def estimate_memory_bytes(config: FlowConfig, batch_size: int | None = None) -> int:
    """Peak memory estimate for :func:`compare_plain_residual`: saved activations of one net at a time
    (plain, then residual), doubled for the gradients flowing back, plus weights and their gradients."""
    batch = config.batch_size if batch_size is None else batch_size
    per_image = max(_saved_bytes_per_image(config, True), _saved_bytes_per_image(config, False))
    n = cifar_blocks_per_stage(config.depth)
    w1, w2, w3 = config.widths
    block_params = 9 * (w1 * w1 + w2 * w2 + w3 * w3)  # two 3x3 convs per block, per stage (upper bound)
    params = 2 * n * block_params + 27 * w1 + 6 * w3
    element = torch.empty((), dtype=DTYPES[config.dtype]).element_size()
    return int(2 * per_image * batch + 4 * params * element)


def max_batch_for_budget(config: FlowConfig, budget: int = MEMORY_BUDGET_BYTES) -> int:
    """The largest batch (<= MAX_BATCH) whose estimate fits ``budget``; 0 if not even one image fits."""
    fixed = estimate_memory_bytes(config, 0)
    per = estimate_memory_bytes(config, 1) - fixed
    return int(max(0, min(MAX_BATCH, (budget - fixed) // max(per, 1))))


def norm_status(value: float, dtype: str = "float64") -> str:
    """'ok', 'underflow' (exactly 0 or subnormal: precision lost) or 'overflow' (inf or NaN)."""
    if not math.isfinite(value):
        return "overflow"
    if abs(value) < torch.finfo(DTYPES[dtype]).tiny:
        return "underflow"
    return "ok"


@dataclass(frozen=True)
class GradientProfile:
    label: str
    loss: float
    block_names: tuple[str, ...]  # the input of every block, then "output" (x_L, the last block's output)
    block_grad_norms: np.ndarray  # float64, ||dL/dx_l|| for l = 0..L
    layer_names: tuple[str, ...]  # every conv, then the fc
    weight_grad_norms: np.ndarray  # float64, ||dL/dW|| per layer
    dtype: str = "float32"

    @property
    def input_ratio(self) -> float:
        """||dL/dx_0|| / ||dL/dx_L||: gradient at the first block's input over that at the last block's output."""
        return _ratio(self.block_grad_norms[0], self.block_grad_norms[-1])

    @property
    def weight_ratio(self) -> float:
        """||dL/dW|| of the first conv over that of the last conv (the layer before the classifier)."""
        return _ratio(self.weight_grad_norms[0], self.weight_grad_norms[-2])


def _ratio(a: float, b: float) -> float:
    with np.errstate(all="ignore"):
        return float(np.float64(a) / np.float64(b))


def _blocks(model: nn.Module) -> list[tuple[str, nn.Module]]:
    return [(name, module) for name, module in model.named_modules() if hasattr(module, "residual_branch")]


def _norm(tensor: torch.Tensor | None) -> float:
    if tensor is None:
        return 0.0
    return float(torch.linalg.vector_norm(tensor.detach().to(torch.float64)))


def gradient_profile(model: nn.Module, images: torch.Tensor, labels: torch.Tensor, *,
                     label: str = "") -> GradientProfile:
    """One forward and backward of cross-entropy on (images, labels) in train mode (BN uses batch statistics).

    Works on ``model`` itself: pass your own copy. Hooks are removed before returning; ``.grad`` fields
    are left set on the model's parameters.

    Args:
        model: a CIFAR-family ResNet or plain net of this package.
        images: a batch (N, 3, H, W).
        labels: the N class indices.
        label: a name for the profile ("ResNet-56").

    Returns:
        A :class:`GradientProfile`: ||dL/dx_l|| at every block's input and the last block's output, and
        ||dL/dW|| of every layer.

    Example:
        >>> from resnet_viz.models import cifar_resnet
        >>> profile = gradient_profile(cifar_resnet(20), torch.rand(4, 3, 32, 32), torch.tensor([0, 1, 2, 3]))
        >>> profile.block_names[0], profile.block_names[-1], len(profile.block_grad_norms)  # 9 blocks + output
        ('layer1.0', 'output', 10)
    """
    blocks = _blocks(model)
    if not blocks:
        raise ValueError("the model has no residual/plain blocks to measure")
    layers = [(name, m) for name, m in model.named_modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    norms: dict[int, float] = {}

    def watch(tensor: torch.Tensor) -> None:
        # the norm is taken as the gradient passes (summed over the branch and the skip), nothing is retained
        index = len(norms)
        norms[index] = 0.0
        tensor.register_hook(lambda grad: norms.__setitem__(index, _norm(grad)))

    handles = [module.register_forward_pre_hook(lambda _m, args: watch(args[0])) for _, module in blocks]
    handles.append(blocks[-1][1].register_forward_hook(lambda _m, _args, output: watch(output)))
    model.train()
    model.zero_grad(set_to_none=True)
    try:
        loss = F.cross_entropy(model(images), labels)
        loss.backward()
    finally:
        for handle in handles:
            handle.remove()
    dtype = "float64" if next(model.parameters()).dtype == torch.float64 else "float32"
    return GradientProfile(
        label=label, loss=float(loss.detach()),
        block_names=tuple(name for name, _ in blocks) + ("output",),
        block_grad_norms=np.array([norms[i] for i in range(len(norms))], dtype=np.float64),
        layer_names=tuple(name for name, _ in layers),
        weight_grad_norms=np.array([_norm(m.weight.grad) for _, m in layers], dtype=np.float64),
        dtype=dtype,
    )


def probe_batch(config: FlowConfig) -> tuple[torch.Tensor, torch.Tensor]:
    """The fixed batch of built-in shapes every profile of ``config`` is measured on."""
    data = make_shapes(config.batch_size, size=config.image_size, seed=10_000 + config.seed)
    return data.images.to(DTYPES[config.dtype]), data.labels


@dataclass(frozen=True)
class FlowComparison:
    config: FlowConfig
    plain: GradientProfile
    residual: GradientProfile


def compare_plain_residual(config: FlowConfig, device: torch.device | str = "cpu") -> FlowComparison:
    """Gradient profiles of the plain and the residual net of ``config`` on the same batch and seed.

    Args:
        config: depth, batch norm, initialisation, lambda, batch and image size, widths, dtype and seed.
            Settings it refuses raise :class:`FlowConfigError` (with a code and the numbers).
        device: where to compute.

    Returns:
        A :class:`FlowComparison` with the ``plain`` and ``residual`` profiles.

    Example:
        >>> comparison = compare_plain_residual(FlowConfig(depth=20, batch_size=4, image_size=16))
        >>> comparison.plain.label, comparison.residual.label
        ('plain-20', 'ResNet-20')
    """
    check_config(config)
    device = torch.device(device)
    images, labels = probe_batch(config)
    images, labels = images.to(device), labels.to(device)
    profiles = {}
    for residual in (False, True):
        model = build_flow_net(config, residual=residual).to(device)
        name = f"{'ResNet' if residual else 'plain'}-{config.depth}"
        profiles[residual] = gradient_profile(model, images, labels, label=name)
        del model
    return FlowComparison(config=config, plain=profiles[False], residual=profiles[True])


@dataclass(frozen=True)
class LambdaLaw:
    lam: float
    depth: int
    dtype: str
    block_grad_norms: np.ndarray  # ||dL/dx_l||, l = 0..L (L = number of units)
    transition_factor: np.ndarray  # c_l = ||S^T g_{l+1}|| / ||g_{l+1}|| at option-A units, 1 elsewhere
    transitions: tuple[int, ...]  # indices l of the units whose shortcut subsamples and zero-pads
    output_norm: float  # ||x_L||, the forward signal reaching the head (0 or inf when it under/overflowed)

    @property
    def units(self) -> int:
        return len(self.block_grad_norms) - 1

    @property
    def measured(self) -> np.ndarray:
        """||dL/dx_l|| / ||dL/dx_L|| as measured (0 = underflow, inf/NaN = overflow)."""
        with np.errstate(all="ignore"):
            return self.block_grad_norms / self.block_grad_norms[-1]

    @property
    def corrected(self) -> np.ndarray:
        """The measured ratio divided by the option-A shortcuts' own factors between l and L."""
        with np.errstate(all="ignore"):
            return self.measured / self._suffix_product(self.transition_factor)

    @property
    def log10_measured(self) -> np.ndarray:
        """log10 of the measured ratio, from the logs of the norms so the ratio itself cannot overflow."""
        with np.errstate(all="ignore"):
            return np.log10(self.block_grad_norms) - np.log10(self.block_grad_norms[-1])

    @property
    def log10_corrected(self) -> np.ndarray:
        """log10 of :attr:`corrected`: the measurement with the option-A shortcuts' own factors divided out."""
        return self.log10_measured - np.log10(self._suffix_product(self.transition_factor))

    @property
    def log10_analytic(self) -> np.ndarray:
        """log10 lambda^(L-l), exact in log space (never overflows)."""
        return (self.units - np.arange(self.units + 1)) * math.log10(self.lam)

    @property
    def status(self) -> tuple[str, ...]:
        """Per unit: 'ok', 'underflow' or 'overflow'. When dL/dx_L itself under/overflowed (e.g. the forward
        signal already did), every ratio is undefined and every unit carries that status."""
        top = norm_status(self.block_grad_norms[-1], self.dtype)
        if top != "ok":
            return (top,) * (self.units + 1)
        return tuple(norm_status(v, self.dtype) for v in self.block_grad_norms)

    @staticmethod
    def _suffix_product(factors: np.ndarray) -> np.ndarray:
        # product of c_i for i in [l, L-1]; entry L is the empty product 1
        out = np.ones(len(factors) + 1)
        out[:-1] = np.cumprod(factors[::-1])[::-1]
        return out


def lambda_law(depth: int, lam: float, *, dtype: str = "float64", batch_size: int = 2, image_size: int = 8,
               seed: int = 0) -> LambdaLaw:
    """Measure ||dL/dx_l|| in a pre-activation net (x_{l+1} = lambda * h(x_l) + F(x_l), no ReLU after the
    add) whose residual branches are zero (every unit's last conv zeroed), so x_{l+1} = lambda * h(x_l).

    h is the identity inside a stage; at the two stage transitions it is option A (subsample by 2, zero-pad
    the new channels), whose own factor c_l is computed separately from the shortcut module alone.

    Args:
        depth: 6n + 2 layers, as for :func:`cifar_resnet`.
        lam: lambda, the shortcut's scale.
        dtype: "float64" (the default) keeps lambda^L readable far below float32's range.
        batch_size, image_size, seed: the probe batch.

    Returns:
        A :class:`LambdaLaw`: the measured ||dL/dx_l||, the transition factors, and the analytic law to compare.

    Example:
        >>> law = lambda_law(20, 0.9)
        >>> law.units, law.transitions
        (9, (3, 6))
        >>> round(float(law.block_grad_norms[0] / law.block_grad_norms[-1]), 6), round(0.9 ** 9, 6)
        (0.38742, 0.38742)
    """
    config = FlowConfig(depth=depth, shortcut_scale=lam, batch_size=batch_size, image_size=image_size,
                        preact=True, dtype=dtype, seed=seed)
    check_config(config)
    model = build_flow_net(config, residual=True)
    for _, block in _blocks(model):
        nn.init.zeros_(block.conv2.weight)
    images, labels = probe_batch(config)
    blocks = [module for _, module in _blocks(model)]
    inputs: list[torch.Tensor] = []
    handles = [b.register_forward_pre_hook(lambda _m, args: inputs.append(args[0])) for b in blocks]
    handles.append(blocks[-1].register_forward_hook(lambda _m, _a, out: inputs.append(out)))
    model.eval()  # BN with its (fresh) running statistics: the head is a fixed map, the law is about the body
    try:
        logits = model(images)
    finally:
        for handle in handles:
            handle.remove()
    loss = F.cross_entropy(logits, labels)
    grads = torch.autograd.grad(loss, inputs)
    norms = np.array([_norm(g) for g in grads], dtype=np.float64)
    factors = np.ones(len(blocks))
    transitions = []
    for index, block in enumerate(blocks):
        if isinstance(block.downsample, ZeroPadShortcut):
            transitions.append(index)
            x = inputs[index].detach()
            (pulled,) = torch.autograd.functional.vjp(block.downsample, x, grads[index + 1])[1:]
            factors[index] = _ratio(_norm(pulled), _norm(grads[index + 1]))
            if not math.isfinite(factors[index]):
                factors[index] = 1.0
        elif block.downsample is not None:
            raise ValueError("the lambda law is measured with option-A (identity) shortcuts only")
    return LambdaLaw(lam=float(lam), depth=depth, dtype=dtype, block_grad_norms=norms,
                     transition_factor=factors, transitions=tuple(transitions), output_norm=_norm(inputs[-1]))


@dataclass(frozen=True)
class TrainingSnapshots:
    steps: tuple[int, ...]
    plain: dict[int, GradientProfile]
    residual: dict[int, GradientProfile]
    diverged_at: dict[str, int | None]  # "plain"/"residual" -> step at which the loss became non-finite
    train_losses: dict[str, list[float]]  # per recorded step, mean training loss


def profiles_during_training(config: FlowConfig, steps: Sequence[int] = (0, 10, 100), *, lr: float = 0.1,
                             device: torch.device | str = "cpu") -> TrainingSnapshots:
    """Train the plain and the residual net of ``config`` for ``max(steps)`` SGD steps and measure the
    gradient profile (on the fixed probe batch, on a copy of the model) before each step in ``steps``."""
    check_config(config)
    steps = tuple(sorted({int(s) for s in steps}))
    if not steps or steps[0] < 0:
        raise FlowConfigError("steps")
    total = max(steps[-1], 1)
    device = torch.device(device)
    images, labels = probe_batch(config)
    images, labels = images.to(device), labels.to(device)
    train = make_shapes(config.batch_size * 20, size=config.image_size, seed=20_000 + config.seed)
    train = replace(train, images=train.images.to(DTYPES[config.dtype]))
    steps_per_epoch = math.ceil(len(train) / config.batch_size)
    snapshots: dict[bool, dict[int, GradientProfile]] = {False: {}, True: {}}
    diverged: dict[str, int | None] = {}
    losses: dict[str, list[float]] = {}
    for residual in (False, True):
        key = "residual" if residual else "plain"
        model = build_flow_net(config, residual=residual).to(device)
        name = f"{'ResNet' if residual else 'plain'}-{config.depth}"

        def snap(step: int, model: nn.Module = model, residual: bool = residual, name: str = name) -> None:
            if step in steps:
                snapshots[residual][step] = gradient_profile(copy.deepcopy(model), images, labels, label=name)

        diverged[key] = None
        records = []
        try:
            train_classifier(model, train, epochs=total / steps_per_epoch, batch_size=config.batch_size, lr=lr,
                             schedule="cosine", seed=config.seed, records_per_epoch=steps_per_epoch, before_step=snap,
                             on_record=records.append)
        except FloatingPointError:
            diverged[key] = len(records)
        else:
            snap(total)
        losses[key] = [r.train_loss for r in records]
    return TrainingSnapshots(steps=steps, plain=snapshots[False], residual=snapshots[True], diverged_at=diverged,
                             train_losses=losses)
