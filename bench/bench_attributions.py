"""Each attribution method through the app's code path (``resnet_viz.analyses.attributions.attribute``)
against the bare Captum call with the same settings on the same model. Goal: <= 1.1x.

    .venv/bin/python -m bench --only attributions
"""

from __future__ import annotations

import warnings

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

from bench.harness import Result, compare
from resnet_viz.analyses.attributions import PixelInput, attribute
from resnet_viz.analyses.trained import heldout_shapes, load_shapes_model
from resnet_viz.data.transforms import IMAGENET_MEAN, IMAGENET_STD
from resnet_viz.models import imagenet_resnet

GOAL = "<= 1.1x"


def _bare(model: nn.Module, x: torch.Tensor, target: int, method: str, p: dict, layer: nn.Module):
    """The Captum call a notebook would write, with the app's default settings spelled out
    (baseline black = zeros, Occlusion fill grey = 0.5, SmoothGrad noise 0.15, GradientShap black+white)."""
    x = x.unsqueeze(0).requires_grad_(method != "occlusion")
    zeros = torch.zeros_like(x)
    if method == "integrated_gradients":
        return IntegratedGradients(model).attribute(x, baselines=zeros, target=target, n_steps=p["n_steps"],
                                                    method="gausslegendre", internal_batch_size=p["batch"],
                                                    return_convergence_delta=True)
    if method == "saliency":
        return Saliency(model).attribute(x, target=target, abs=False)
    if method == "smoothgrad":
        torch.manual_seed(0)
        return NoiseTunnel(Saliency(model)).attribute(x, nt_type="smoothgrad", nt_samples=p["nt_samples"],
                                                      stdevs=0.15, nt_samples_batch_size=p["nt_samples"],
                                                      target=target, abs=False)
    if method == "gradient_shap":
        torch.manual_seed(0)
        return GradientShap(model).attribute(x, baselines=torch.cat([zeros, torch.ones_like(x)]),
                                             n_samples=p["n_samples"], stdevs=0.1, target=target,
                                             return_convergence_delta=True)
    if method == "deeplift":
        return DeepLift(model).attribute(x, baselines=zeros, target=target, return_convergence_delta=True)
    if method == "guided_backprop":
        return GuidedBackprop(model).attribute(x, target=target)
    if method == "guided_gradcam":
        return GuidedGradCam(model, layer).attribute(x, target=target, interpolate_mode="nearest")
    if method == "gradcam":
        cam = LayerGradCam(model, layer).attribute(x, target=target, relu_attributions=True)
        return LayerAttribution.interpolate(cam, tuple(x.shape[-2:]), interpolate_mode="bilinear")
    if method == "occlusion":
        return Occlusion(model).attribute(x, sliding_window_shapes=(3, p["window"], p["window"]),
                                          strides=(3, p["stride"], p["stride"]), baselines=0.5, target=target,
                                          perturbations_per_eval=p["batch"])
    raise ValueError(method)


def _ours(method: str, p: dict, layer: str) -> dict:
    """The same settings as the app's parameters (the rest are the app's defaults, equal to the bare call's)."""
    keys = {"integrated_gradients": dict(n_steps=p.get("n_steps"), internal_batch_size=p.get("batch")),
            "smoothgrad": dict(nt_samples=p.get("nt_samples"), nt_samples_batch_size=p.get("nt_samples")),
            "gradient_shap": dict(n_samples=p.get("n_samples")),
            "guided_gradcam": dict(layer=layer), "gradcam": dict(layer=layer),
            "occlusion": dict(window=p.get("window"), stride=p.get("stride"), perturbations_per_eval=p.get("batch"))}
    return {k: v for k, v in keys.get(method, {}).items() if v is not None}


def _cases(device: torch.device) -> list[tuple[str, nn.Module, torch.Tensor, int, str, dict]]:
    shapes = load_shapes_model("residual").to(device).eval()
    for parameter in shapes.parameters():
        parameter.requires_grad_(False)
    data = heldout_shapes(4)
    image, target = data.images[3].to(device), int(data.labels[3])
    small = dict(n_steps=50, batch=64, nt_samples=16, n_samples=20, window=4, stride=2)
    cases = [(f"{m}, shapes ResNet-20 32x32", shapes, image, target, m, small)
             for m in ("integrated_gradients", "saliency", "smoothgrad", "gradient_shap", "deeplift",
                       "guided_backprop", "guided_gradcam", "gradcam", "occlusion")]
    resnet = imagenet_resnet(18).to(device).eval()
    for parameter in resnet.parameters():
        parameter.requires_grad_(False)
    wrapped = PixelInput(resnet, IMAGENET_MEAN, IMAGENET_STD)
    photo = torch.rand(3, 224, 224, generator=torch.Generator().manual_seed(0)).to(device)
    large = dict(n_steps=16, batch=16, nt_samples=4, n_samples=4, window=32, stride=16)
    cases += [(f"{m}, ResNet-18 224x224", wrapped, photo, 1, m, large)
              for m in ("integrated_gradients", "saliency", "deeplift", "gradcam", "occlusion")]
    return cases


def benchmarks(device: torch.device, repeats: int) -> list[Result]:
    warnings.filterwarnings("ignore", message="Setting (forward|backward)")
    results = []
    for name, model, image, target, method, p in _cases(device):
        inner = model.model if isinstance(model, PixelInput) else model
        layer_name = "layer4" if hasattr(inner, "layer4") else "layer3"
        params, layer = _ours(method, p, layer_name), inner.get_submodule(layer_name)
        ours = lambda m=model, x=image, t=target, k=method, q=params: attribute(m, x, t, k, q)
        bare = lambda m=model, x=image, t=target, k=method, q=p, a=layer: _bare(m, x, t, k, q, a)
        results.append(compare(name, ours, bare, baseline=f"bare captum.attr call, same settings ({method})",
                               goal=GOAL, repeats=repeats, device=device))
    return results

