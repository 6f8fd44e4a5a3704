"""All-layer feature extraction (the feature-map page's one forward pass) against a bare forward pass."""

from __future__ import annotations

import torch

from bench.harness import Result, compare
from resnet_viz.analyses.features import extract_features
from resnet_viz.models import cifar_resnet, imagenet_resnet

GOAL = "<= 1.15x"


def benchmarks(device: torch.device, repeats: int) -> list[Result]:
    cases = [
        ("ResNet-18 224x224", imagenet_resnet(18), 224),
        ("ResNet-50 224x224", imagenet_resnet(50), 224),
        ("CIFAR ResNet-110 32x32", cifar_resnet(110), 32),
    ]
    results = []
    for label, model, size in cases:
        model = model.to(device).eval()
        x = torch.randn(1, 3, size, size, generator=torch.Generator().manual_seed(0)).to(device)

        def bare(model: torch.nn.Module = model, x: torch.Tensor = x) -> torch.Tensor:
            with torch.no_grad():
                return model(x)

        def ours(model: torch.nn.Module = model, x: torch.Tensor = x) -> dict:
            return extract_features(model, x)

        results.append(compare(f"feature maps, all layers, {label}", ours, bare,
                               baseline="forward pass (no_grad)", goal=GOAL, repeats=repeats, device=device))
    return results
