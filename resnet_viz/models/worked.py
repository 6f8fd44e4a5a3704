"""The seed's worked example (seed 000): one residual block on a (3, 64, 64) input.

Two orderings of the same block:
- ``"seed"``: conv1 + ReLU, conv2 + ReLU, add x, final ReLU (as seed 000 writes it; ReLU on F(x)
  before the add, so F(x) >= 0 and the block can only ever add to x).
- ``"paper"``: conv1-BN-ReLU-conv2-BN, add x, then ReLU (He et al. 2016; seeds 003/004): F(x) is
  signed, so the block can also subtract from x.
"""

from __future__ import annotations

from collections import OrderedDict

import torch
from torch import nn

from resnet_viz.models.layers import Add

__all__ = ["WorkedBlock", "WORKED_ORDERS"]

WORKED_ORDERS = ("seed", "paper")


class WorkedBlock(nn.Module):
    def __init__(self, channels: int = 3, *, order: str = "seed", branch_scale: float = 1.0) -> None:
        super().__init__()
        if order not in WORKED_ORDERS:
            raise ValueError(f"order must be one of {WORKED_ORDERS}, got {order!r}")
        self.order, self.branch_scale = order, float(branch_scale)
        paper = order == "paper"
        # The seed's convolutions carry a bias (y = W * x + b); with BN after it the bias is redundant.
        self.conv1 = nn.Conv2d(channels, channels, kernel_size=3, stride=1, padding=1, bias=not paper)
        self.bn1 = nn.BatchNorm2d(channels) if paper else nn.Identity()
        self.relu1 = nn.ReLU()
        self.conv2 = nn.Conv2d(channels, channels, kernel_size=3, stride=1, padding=1, bias=not paper)
        self.bn2 = nn.BatchNorm2d(channels) if paper else nn.Identity()
        self.relu2 = nn.ReLU() if not paper else nn.Identity()
        self.add = Add()
        self.relu_out = nn.ReLU()

    def stages(self, x: torch.Tensor) -> "OrderedDict[str, torch.Tensor]":
        """Every intermediate tensor, in order; keys name the stage."""
        out: OrderedDict[str, torch.Tensor] = OrderedDict(x=x)
        out["conv1"] = self.conv1(x)
        if self.order == "paper":
            out["bn1"] = self.bn1(out["conv1"])
        out["relu1"] = self.relu1(out["bn1" if self.order == "paper" else "conv1"])
        out["conv2"] = self.conv2(out["relu1"])
        if self.order == "paper":
            out["bn2"] = self.bn2(out["conv2"])
            branch = out["bn2"]
        else:
            out["relu2"] = self.relu2(out["conv2"])
            branch = out["relu2"]
        out["F(x)"] = branch * self.branch_scale
        out["x + F(x)"] = self.add(x, out["F(x)"])
        out["out"] = self.relu_out(out["x + F(x)"])
        return out

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.stages(x)["out"]
