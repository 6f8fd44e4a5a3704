"""Article 000's worked example (article 000): one residual block on a (3, 64, 64) input.

Two orderings of the same block:
- ``"article"``: conv1 + ReLU, conv2 + ReLU, add x, final ReLU (as article 000 writes it; ReLU on F(x)
  before the add, so F(x) >= 0 and the block can only ever add to x).
- ``"paper"``: conv1-BN-ReLU-conv2-BN, add x, then ReLU (He et al. 2016; articles 003/004): F(x) is
  signed, so the block can also subtract from x.
"""

from __future__ import annotations

from collections import OrderedDict

import torch
import torch.nn.functional as F
from torch import nn

from resnet_viz.models.layers import Add

__all__ = ["WorkedBlock", "WORKED_ORDERS"]

WORKED_ORDERS = ("article", "paper")


class WorkedBlock(nn.Module):
    def __init__(self, channels: int = 3, *, order: str = "article", branch_scale: float = 1.0) -> None:
        super().__init__()
        if order not in WORKED_ORDERS:
            raise ValueError(f"order must be one of {WORKED_ORDERS}, got {order!r}")
        self.order, self.branch_scale = order, float(branch_scale)
        paper = order == "paper"
        # Article 000's convolutions carry a bias (y = W * x + b); with BN after it the bias is redundant.
        self.conv1 = nn.Conv2d(channels, channels, kernel_size=3, stride=1, padding=1, bias=not paper)
        self.bn1 = nn.BatchNorm2d(channels) if paper else nn.Identity()
        self.relu1 = nn.ReLU()
        self.conv2 = nn.Conv2d(channels, channels, kernel_size=3, stride=1, padding=1, bias=not paper)
        self.bn2 = nn.BatchNorm2d(channels) if paper else nn.Identity()
        self.relu2 = nn.ReLU() if not paper else nn.Identity()
        self.add = Add()
        self.relu_out = nn.ReLU()

    def stages(self, x: torch.Tensor) -> OrderedDict[str, torch.Tensor]:
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

    @property
    def stage_names(self) -> tuple[str, ...]:
        """The keys of :meth:`stages`, in order, without running the block."""
        middle = ("bn1", "relu1", "conv2", "bn2") if self.order == "paper" else ("relu1", "conv2", "relu2")
        return ("x", "conv1", *middle, "F(x)", "x + F(x)", "out")

    @torch.no_grad()
    def set_conv(self, name: str, weight: torch.Tensor, bias: torch.Tensor | None = None) -> None:
        """Load a (C, C, 3, 3) kernel (and bias) into ``conv1``/``conv2``; the paper order's convs have no
        bias (BN's beta takes its place), so a bias given for them is ignored."""
        if name not in ("conv1", "conv2"):
            raise ValueError(f"name must be conv1 or conv2, got {name!r}")
        conv = getattr(self, name)
        conv.weight.copy_(weight.to(conv.weight))
        if conv.bias is not None:
            conv.bias.copy_(bias.to(conv.bias) if bias is not None else torch.zeros_like(conv.bias))

    @torch.no_grad()
    def use_batch_statistics(self, x: torch.Tensor) -> None:
        """Store the statistics BN would use in training for the batch ``x`` as its running statistics.

        Afterwards the block in eval mode computes exactly what training mode computes on ``x`` (BN
        normalises each channel by this batch's mean and biased variance), while staying deterministic
        and free of side effects on later calls. No-op for article 000's order, which has no BN.
        """
        if self.order != "paper":
            return
        h = self.conv1(x)
        _store_batch_statistics(self.bn1, h)
        bn1 = self.bn1
        # bn1 as it will act in eval mode, whatever mode the block is in now.
        h = F.batch_norm(h, bn1.running_mean, bn1.running_var, bn1.weight, bn1.bias, False, 0.0, bn1.eps)
        _store_batch_statistics(self.bn2, self.conv2(self.relu1(h)))


def _store_batch_statistics(bn: nn.BatchNorm2d, h: torch.Tensor) -> None:
    bn.running_mean.copy_(h.mean(dim=(0, 2, 3)))
    bn.running_var.copy_(h.var(dim=(0, 2, 3), unbiased=False))
    bn.num_batches_tracked.fill_(1)
