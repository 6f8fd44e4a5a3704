"""Captum attributions of one image for one target class, nine methods behind one verb.

``attribute(model, image, target, method, params)`` runs a Captum method on a (3, H, W) image in
[0, 1] and returns plain numpy data. Methods that hook modules (DeepLift, GuidedBackprop, the Grad-CAM
family) run on a private copy of the model, made once and reused (one call at a time) while the
model's weights stay unchanged, so a model shared by every browser session never carries a hook,
even while another session runs it. Internal steps are batched (``internal_batch_size``,
``nt_samples_batch_size``, ``perturbations_per_eval``); ``progress`` receives the fraction of model
evaluations done, counted as Captum calls the model.
"""

from __future__ import annotations

import contextlib
import copy
import math
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
import torch
from captum.attr import (
    DeepLift,
    GradientShap,
    GuidedBackprop,
    GuidedGradCam,
    IntegratedGradients,
    LayerAttribution,
    LayerGradCam,
    NoiseTunnel,
    Occlusion,
    Saliency,
)
from torch import nn

from resnet_viz.errors import ReportedError
from resnet_viz.models.init import GLOBAL_RNG_LOCK

__all__ = [
    "BASELINES",
    "METHODS",
    "SIGNS",
    "Attribution",
    "AttributionError",
    "MethodSpec",
    "PixelInput",
    "attribute",
    "baseline_images",
    "clean_params",
    "gradcam_layers",
    "hookable",
    "predict",
    "signed_map",
]

Progress = Callable[[float], None]

BASELINES = {
    "black": "a black image (all zeros)",
    "white": "a white image (all ones)",
    "grey": "a uniform mid-grey image (0.5)",
    "blur": "the image itself, heavily blurred (keeps colours, removes shapes)",
    "noise": "uniform random noise (seeded)",
}
SIGNS = {
    "all": "signed: red positive, blue negative. For Integrated Gradients, DeepLift, GradientSHAP and Occlusion the "
           "sign says whether a pixel raised or lowered the score against the baseline; for Saliency and Guided "
           "Backprop it is only the sign of a local derivative",
    "positive": "only the positive values",
    "negative": "only the negative values (shown as magnitudes)",
    "absolute": "magnitude, whatever the sign",
}


@dataclass(frozen=True)
class MethodSpec:
    title: str
    summary: str
    defaults: dict
    bounds: dict = field(default_factory=dict)  # name -> (low, high) for numbers, tuple of choices otherwise
    hooks: bool = False  # registers hooks on modules: runs on a deep copy
    has_delta: bool = False  # Captum returns a convergence delta


METHODS: dict[str, MethodSpec] = {
    "integrated_gradients": MethodSpec(
        "Integrated Gradients",
        "Average gradient along the straight path from a baseline image to the input, times (input - baseline).",
        dict(n_steps=50, method="gausslegendre", baseline="black", internal_batch_size=64),
        dict(n_steps=(2, 1000), method=("gausslegendre", "riemann_trapezoid", "riemann_left", "riemann_right",
                                        "riemann_middle"),
             baseline=tuple(BASELINES), internal_batch_size=(1, 1024)),
        has_delta=True,
    ),
    "saliency": MethodSpec(
        "Saliency", "The gradient of the class score with respect to each input pixel.",
        dict(absolute=False), dict(absolute=(False, True)),
    ),
    "smoothgrad": MethodSpec(
        "SmoothGrad (NoiseTunnel)",
        "Averages a method over noisy copies of the input, which removes much of the gradient's speckle.",
        dict(base="saliency", nt_type="smoothgrad", nt_samples=16, stdevs=0.15, nt_samples_batch_size=16, seed=0),
        dict(base=("saliency", "integrated_gradients"), nt_type=("smoothgrad", "smoothgrad_sq", "vargrad"),
             nt_samples=(1, 256), stdevs=(0.0, 1.0), nt_samples_batch_size=(1, 256), seed=(0, 2**31 - 1)),
    ),
    "gradient_shap": MethodSpec(
        "GradientShap",
        "Expected gradient x (input - baseline) over random baselines and random points between them and a noisy "
        "input: an approximation of SHAP values.",
        dict(n_samples=20, stdevs=0.1, baseline="black+white", seed=0),
        dict(n_samples=(1, 256), stdevs=(0.0, 1.0), baseline=("black+white", "black", "noise", "blur"),
             seed=(0, 2**31 - 1)),
        has_delta=True,
    ),
    "deeplift": MethodSpec(
        "DeepLift",
        "Compares every neuron's activation with its activation on a baseline and propagates the differences "
        "back with the rescale rule (one backward pass).",
        dict(baseline="black", multiply_by_inputs=True),
        dict(baseline=tuple(BASELINES), multiply_by_inputs=(True, False)),
        hooks=True, has_delta=True,
    ),
    "guided_backprop": MethodSpec(
        "Guided Backprop", "The gradient, but every ReLU lets only positive gradients flow back.", {}, hooks=True,
    ),
    "guided_gradcam": MethodSpec(
        "Guided Grad-CAM", "Guided Backprop multiplied pixel by pixel with the upsampled Grad-CAM map.",
        dict(layer="", interpolate_mode="nearest"), dict(interpolate_mode=("nearest", "bilinear", "bicubic")),
        hooks=True,
    ),
    "gradcam": MethodSpec(
        "Grad-CAM (LayerGradCam)",
        "Weights each channel of a stage's output by its average gradient, sums, keeps the positive part, and "
        "upsamples to the input.",
        dict(layer="", relu=True, interpolate_mode="bilinear"),
        dict(relu=(True, False), interpolate_mode=("bilinear", "nearest", "bicubic")),
        hooks=True,
    ),
    "occlusion": MethodSpec(
        "Occlusion",
        "Slides a patch of baseline colour over the image and records how much the class score drops.",
        dict(window=4, stride=2, baseline="grey", perturbations_per_eval=64),
        dict(window=(1, 512), stride=(1, 512), baseline=("black", "white", "grey"),
             perturbations_per_eval=(1, 1024)),
    ),
}


@dataclass(frozen=True)
class Attribution:
    method: str
    target: int
    values: np.ndarray  # (3, H, W) pixel attributions, or (1, H, W) for Grad-CAM
    delta: float | None  # |Captum's convergence delta| (mean over samples) where the method has one
    seconds: float
    params: dict = field(default_factory=dict)


class PixelInput(nn.Module):
    """Normalise (x - mean) / std inside the model, so attributions and baselines live in pixel space."""

    def __init__(self, model: nn.Module, mean: tuple[float, ...], std: tuple[float, ...]) -> None:
        super().__init__()
        self.model = model
        self.mean_values, self.std_values = tuple(mean), tuple(std)
        device = next(model.parameters()).device
        self.register_buffer("mean", torch.tensor(mean, device=device).view(1, -1, 1, 1))
        self.register_buffer("std", torch.tensor(std, device=device).view(1, -1, 1, 1))
        self.training = model.training  # not .train(): that would switch the wrapped (shared) model too

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.model((x - self.mean) / self.std)


@dataclass
class _Private:
    model: nn.Module  # the private copy
    tensors: list[torch.Tensor]  # the original's parameters and buffers, to notice changes cheaply
    state: tuple
    lock: threading.Lock


_PRIVATE: weakref.WeakKeyDictionary[nn.Module, _Private] = weakref.WeakKeyDictionary()
_PRIVATE_LOCK = threading.Lock()


def _state(model: nn.Module, tensors: list[torch.Tensor]) -> tuple:
    # In-place changes (optimizer steps, load_state_dict) bump a tensor's version counter; moving it to
    # another device changes its storage.
    return model.training, *[(t.data_ptr(), t._version) for t in tensors]


@contextlib.contextmanager
def hookable(model: nn.Module) -> Iterator[nn.Module]:
    """A private copy of ``model`` for methods that hook modules: made once, reused while ``model``'s
    tensors are unchanged in place, used by one caller at a time. ``model`` itself never sees a hook.

    (Assigning a new Parameter object to a module is not noticed: pass a new model instead.)"""
    if isinstance(model, PixelInput):  # wrappers are cheap and made per call: copy what they wrap
        with hookable(model.model) as inner:
            yield PixelInput(inner, model.mean_values, model.std_values)
        return
    with _PRIVATE_LOCK:
        entry = _PRIVATE.get(model)
        if entry is None or _state(model, entry.tensors) != entry.state:
            tensors = [*model.parameters(), *model.buffers()]
            entry = _Private(copy.deepcopy(model), tensors, _state(model, tensors), threading.Lock())
            _PRIVATE[model] = entry
    with entry.lock:
        try:
            yield entry.model
        except BaseException:
            with _PRIVATE_LOCK:  # a failure half-way may leave a hook behind: never reuse that copy
                if _PRIVATE.get(model) is entry:
                    del _PRIVATE[model]
            raise


class AttributionError(ReportedError):
    """Settings or inputs an attribution refuses: ``code`` says why and ``params`` holds the details."""

    DOMAIN = "attribution"
    MESSAGES: ClassVar[Mapping[str, str]] = {
        "method": "There is no method {value}; choose from {choices}.",
        "unknown_param": "This method has no setting {names}.",
        "choice": "The setting {name} must be one of {choices}; {value} is not.",
        "number": "The setting {name} must be a number; {value} is not.",
        "whole": "The setting {name} must be a whole number; {value} is not.",
        "range": "The setting {name} must lie between {low} and {high}; {value} does not.",
        "layer": "The layer must be one of {choices}; {value} is not.",
        "baseline": "There is no baseline {value}; choose from {choices}.",
        "image_shape": "The image must have the shape (3, H, W); this one has {shape}.",
        "target": "The target must be a class index between 0 and {high}; {value} is not.",
        "occlusion_size": "The occlusion window and stride must not exceed the image side ({side} px).",
        "eval": "Put the model in eval mode first (BatchNorm must use its running statistics).",
        "sign": "The sign must be one of {choices}; {value} is not.",
    }


def _listed(values: object) -> str:
    return ", ".join(map(str, values))


def _inner(model: nn.Module) -> nn.Module:
    return model.model if isinstance(model, PixelInput) else model


def gradcam_layers(model: nn.Module) -> list[str]:
    """Names of the stages (``layer1`` ...) and their blocks (``layer1.0`` ...), deepest stage first."""
    inner = _inner(model)
    stages = [name for name, child in inner.named_children() if name.startswith("layer")]
    names: list[str] = []
    for stage in reversed(stages):
        names.append(stage)
        names += [f"{stage}.{index}" for index in reversed(range(len(inner.get_submodule(stage))))]
    return names


def _layer(model: nn.Module, name: str) -> nn.Module:
    names = gradcam_layers(model)
    if name not in names:
        raise AttributionError("layer", value=name, choices=_listed(names))
    return _inner(model).get_submodule(name)


def clean_params(method: str, params: dict | None = None) -> dict:
    """Defaults filled in and every value checked; raises :class:`AttributionError` saying what is wrong."""
    if method not in METHODS:
        raise AttributionError("method", value=method, choices=_listed(METHODS))
    spec = METHODS[method]
    params = dict(params or {})
    unknown = set(params) - set(spec.defaults)
    if unknown:
        raise AttributionError("unknown_param", names=_listed(sorted(unknown)))
    out = {**spec.defaults, **params}
    for name, bound in spec.bounds.items():
        value = out[name]
        default = spec.defaults[name]
        if isinstance(default, bool) or isinstance(bound[0], str):
            if value not in bound:
                raise AttributionError("choice", name=name, value=value, choices=_listed(bound))
            continue
        low, high = bound
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise AttributionError("number", name=name, value=value)
        if isinstance(default, int) and value != int(value):
            raise AttributionError("whole", name=name, value=value)
        if not low <= value <= high:
            raise AttributionError("range", name=name, low=low, high=high, value=value)
        out[name] = int(value) if isinstance(default, int) else float(value)
    return out


def _blur(image: torch.Tensor) -> torch.Tensor:
    from torchvision.transforms.v2 import functional as TF

    size = image.shape[-1]
    sigma = max(1.0, size / 8)
    kernel = min(int(4 * sigma) * 2 + 1, (size // 2) * 2 - 1)
    return TF.gaussian_blur(image, [kernel, kernel], [sigma, sigma])


def baseline_images(kind: str, image: torch.Tensor, *, seed: int = 0) -> torch.Tensor:
    """Baseline(s) for a (1, 3, H, W) input: one image, or several for ``black+white`` (GradientShap)."""
    if kind == "black":
        return torch.zeros_like(image)
    if kind == "white":
        return torch.ones_like(image)
    if kind == "grey":
        return torch.full_like(image, 0.5)
    if kind == "blur":
        return _blur(image)
    if kind == "noise":
        generator = torch.Generator().manual_seed(int(seed))
        return torch.rand(image.shape, generator=generator).to(image.device)
    if kind == "black+white":
        return torch.cat([torch.zeros_like(image), torch.ones_like(image)])
    raise AttributionError("baseline", value=kind, choices=_listed([*BASELINES, "black+white"]))


@contextlib.contextmanager
def _seeded(seed: int):
    """Seed torch's and numpy's global generators (Captum draws from both), restoring them afterwards.

    Holds the process-wide RNG lock meanwhile, so concurrent sessions cannot interleave their draws."""
    with GLOBAL_RNG_LOCK:
        torch_state, numpy_state = torch.random.get_rng_state(), np.random.get_state()
        torch.manual_seed(seed)
        np.random.seed(seed)
        try:
            yield
        finally:
            torch.random.set_rng_state(torch_state)
            np.random.set_state(numpy_state)


class _Counted:
    """The model as a forward function that reports progress each time Captum evaluates it."""

    def __init__(self, model: nn.Module, expected: int, progress: Progress | None) -> None:
        self.model, self.expected, self.progress, self.calls = model, max(1, expected), progress, 0

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        out = self.model(x)
        self.calls += 1
        if self.progress is not None:
            self.progress(min(1.0, self.calls / self.expected))
        return out


def _ig_calls(n_steps: int, batch: int) -> int:
    return math.ceil(n_steps / max(1, batch)) + 2  # + the two forward passes of the convergence delta


def occlusion_windows(size: tuple[int, int], window: int, stride: int) -> int:
    """How many patch positions Occlusion evaluates (Captum's ceil((size - window) / stride) + 1 per axis)."""
    return math.prod(math.ceil((side - window) / stride) + 1 for side in size)


def _run(model: nn.Module, x: torch.Tensor, target: int, method: str, p: dict,
         progress: Progress | None) -> tuple[torch.Tensor, torch.Tensor | None]:
    if method == "integrated_gradients":
        forward = _Counted(model, _ig_calls(p["n_steps"], p["internal_batch_size"]), progress)
        return IntegratedGradients(forward).attribute(
            x, baselines=baseline_images(p["baseline"], x), target=target, n_steps=p["n_steps"], method=p["method"],
            internal_batch_size=p["internal_batch_size"], return_convergence_delta=True)
    if method == "saliency":
        return Saliency(model).attribute(x, target=target, abs=p["absolute"]), None
    if method == "smoothgrad":
        batches = math.ceil(p["nt_samples"] / p["nt_samples_batch_size"])
        inner_calls = _ig_calls(50, 64) - 2 if p["base"] == "integrated_gradients" else 1
        forward = _Counted(model, batches * inner_calls, progress)
        base = Saliency(forward) if p["base"] == "saliency" else IntegratedGradients(forward)
        extra = dict(abs=False) if p["base"] == "saliency" else dict(internal_batch_size=64)
        with _seeded(p["seed"]):
            return NoiseTunnel(base).attribute(
                x, nt_type=p["nt_type"], nt_samples=p["nt_samples"], stdevs=p["stdevs"],
                nt_samples_batch_size=p["nt_samples_batch_size"], target=target, **extra), None
    if method == "gradient_shap":
        if p["baseline"] == "noise":  # a distribution of 8 noise images
            baselines = torch.cat([baseline_images("noise", x, seed=p["seed"] + i) for i in range(8)])
        else:
            baselines = baseline_images(p["baseline"], x)
        with _seeded(p["seed"]):
            return GradientShap(_Counted(model, 3, progress)).attribute(
                x, baselines=baselines, n_samples=p["n_samples"], stdevs=p["stdevs"], target=target,
                return_convergence_delta=True)
    if method == "deeplift":
        return DeepLift(model, multiply_by_inputs=p["multiply_by_inputs"]).attribute(
            x, baselines=baseline_images(p["baseline"], x), target=target, return_convergence_delta=True)
    if method == "guided_backprop":
        return GuidedBackprop(model).attribute(x, target=target), None
    if method == "guided_gradcam":
        return GuidedGradCam(model, _layer(model, p["layer"])).attribute(
            x, target=target, interpolate_mode=p["interpolate_mode"]), None
    if method == "gradcam":
        cam = LayerGradCam(model, _layer(model, p["layer"])).attribute(x, target=target, relu_attributions=p["relu"])
        return LayerAttribution.interpolate(cam, tuple(x.shape[-2:]), interpolate_mode=p["interpolate_mode"]), None
    if method == "occlusion":
        window, stride = p["window"], p["stride"]
        expected = 1 + math.ceil(occlusion_windows(tuple(x.shape[-2:]), window, stride) / p["perturbations_per_eval"])
        fill = {"black": 0.0, "white": 1.0, "grey": 0.5}[p["baseline"]]
        return Occlusion(_Counted(model, expected, progress)).attribute(
            x, sliding_window_shapes=(x.shape[1], window, window), strides=(x.shape[1], stride, stride),
            baselines=fill, target=target, perturbations_per_eval=p["perturbations_per_eval"]), None
    raise AttributionError("method", value=method, choices=_listed(METHODS))


def _check_inputs(model: nn.Module, image: torch.Tensor, target: int, method: str, p: dict) -> None:
    if image.dim() != 3 or image.shape[0] != 3:
        raise AttributionError("image_shape", shape=tuple(image.shape))
    classes = _num_classes(model)
    if not isinstance(target, int) or isinstance(target, bool) or not 0 <= target < classes:
        raise AttributionError("target", high=classes - 1, value=target)
    if method == "occlusion" and max(p["window"], p["stride"]) > min(image.shape[-2:]):
        raise AttributionError("occlusion_size", side=min(image.shape[-2:]))


def _num_classes(model: nn.Module) -> int:
    fc = getattr(_inner(model), "fc", None)
    return int(fc.out_features) if isinstance(fc, nn.Linear) else 2**31 - 1


def attribute(model: nn.Module, image: torch.Tensor, target: int, method: str, params: dict | None = None, *,
              progress: Progress | None = None) -> Attribution:
    """Attributions of ``image`` for class ``target`` by one Captum method.

    Args:
        model: maps a (N, 3, H, W) pixel batch to logits (wrap a net that expects normalised input in
            :class:`PixelInput`); must be in eval mode; it is never modified.
        image: (3, H, W), pixels in [0, 1].
        target: the class whose score is explained.
        method: a key of ``METHODS`` ("integrated_gradients", "saliency", "deeplift", "gradcam", "occlusion", ...).
        params: the method's settings (see :func:`clean_params`); missing ones take their defaults, bad ones raise
            :class:`AttributionError` (a ValueError with a code and its details).
        progress: called with the fraction done, for the slow methods.

    Returns:
        An :class:`Attribution`: (3, H, W) values per pixel and channel, (1, H, W) for Grad-CAM, and Captum's
        convergence delta where the method has one.

    Example:
        >>> from resnet_viz.models import cifar_resnet
        >>> model = cifar_resnet(8, widths=(4, 8, 8), num_classes=3).eval()
        >>> result = attribute(model, torch.rand(3, 32, 32), target=1, method="saliency")
        >>> result.values.shape
        (3, 32, 32)
    """
    p = clean_params(method, params)
    if method in ("gradcam", "guided_gradcam") and not p["layer"]:
        p["layer"] = gradcam_layers(model)[0]
    _check_inputs(model, image, target, method, p)
    if model.training:
        raise AttributionError("eval")
    device = next(model.parameters()).device
    x = image.detach().to(device=device, dtype=torch.float32).unsqueeze(0).requires_grad_(method != "occlusion")
    start = time.perf_counter()
    with hookable(model) if METHODS[method].hooks else contextlib.nullcontext(model) as runner, torch.enable_grad():
        values, delta = _run(runner, x, target, method, p, progress)
    seconds = time.perf_counter() - start
    if progress is not None:
        progress(1.0)
    return Attribution(method=method, target=target, values=values[0].detach().float().cpu().numpy(),
                       delta=None if delta is None else float(delta.detach().abs().mean()),
                       seconds=seconds, params=p)


@torch.no_grad()
def predict(model: nn.Module, image: torch.Tensor) -> np.ndarray:
    """Softmax class probabilities (float64, summing to 1) for one (3, H, W) image."""
    device = next(model.parameters()).device
    logits = model(image.detach().to(device=device, dtype=torch.float32).unsqueeze(0))[0]
    return torch.softmax(logits.double(), 0).cpu().numpy()


def signed_map(values: np.ndarray, sign: str) -> np.ndarray:
    """One (H, W) map: the channels summed, then the chosen sign (negative parts become magnitudes)."""
    if sign not in SIGNS:
        raise AttributionError("sign", value=sign, choices=_listed(SIGNS))
    summed = np.asarray(values, dtype=np.float64).sum(axis=0)
    if sign == "positive":
        return np.maximum(summed, 0.0)
    if sign == "negative":
        return np.maximum(-summed, 0.0)
    if sign == "absolute":
        return np.abs(summed)
    return summed
