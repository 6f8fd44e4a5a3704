"""Gradient-norm profile (hooks that take each norm as the gradient passes) against a bare forward + backward
of the same net on the same batch."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from bench.harness import Result, compare
from resnet_viz.analyses.gradients import FlowConfig, build_flow_net, gradient_profile, probe_batch


def _case(depth: int, residual: bool, device: torch.device, repeats: int) -> Result:
    config = FlowConfig(depth=depth, batch_size=16, seed=0)
    model = build_flow_net(config, residual=residual).to(device)
    images, labels = (t.to(device) for t in probe_batch(config))

    def ours() -> None:
        gradient_profile(model, images, labels)

    def bare() -> None:
        model.zero_grad(set_to_none=True)
        F.cross_entropy(model(images), labels).backward()

    kind = "ResNet" if residual else "plain"
    return compare(f"gradient norms, {kind}-{depth}, batch 16 at 32x32", ours, bare, baseline="forward + backward",
                   goal="<= 1.2x", repeats=repeats, device=device)


def benchmarks(device: torch.device, repeats: int) -> list[Result]:
    return [_case(depth, residual, device, repeats) for depth, residual in ((56, False), (56, True), (110, True))]
