"""All-layer feature extraction (the feature-map page's one forward pass) against a bare forward pass.

Each model is measured twice: first with the C library's default allocator settings, then after
``keep_freed_memory()`` (what the feature-map page sets), which lets one extraction reuse the memory the
previous one freed instead of page-faulting fresh memory in.
"""

from __future__ import annotations

import torch

from bench.harness import Result, compare
from resnet_viz.analyses.features import extract_features
from resnet_viz.analyses.features_alloc import keep_freed_memory
from resnet_viz.models import cifar_resnet, imagenet_resnet

GOAL = "<= 1.15x"


def _cases(device: torch.device) -> list[tuple[str, torch.nn.Module, torch.Tensor]]:
    cases = [("ResNet-18 224x224", imagenet_resnet(18), 224), ("ResNet-50 224x224", imagenet_resnet(50), 224),
             ("CIFAR ResNet-110 32x32", cifar_resnet(110), 32)]
    generator = torch.Generator().manual_seed(0)
    return [(label, model.to(device).eval(), torch.randn(1, 3, size, size, generator=generator).to(device))
            for label, model, size in cases]


def benchmarks(device: torch.device, repeats: int) -> list[Result]:
    cases, results = _cases(device), []
    for setting in ("default allocator", "freed memory kept (as the app)"):
        if setting.startswith("freed") and not keep_freed_memory():
            continue
        for label, model, x in cases:
            def bare(model: torch.nn.Module = model, x: torch.Tensor = x) -> torch.Tensor:
                with torch.no_grad():
                    return model(x)

            def ours(model: torch.nn.Module = model, x: torch.Tensor = x) -> dict:
                return extract_features(model, x)

            results.append(compare(f"feature maps, all layers, {label}, {setting}", ours, bare,
                                   baseline="forward pass (no_grad)", goal=GOAL, repeats=repeats, device=device))
    return results
