"""Timing helpers shared by every ``bench/bench_*.py`` module.

A benchmark module defines ``benchmarks(device: torch.device, repeats: int) -> list[Result]``; the
runner (``python -m bench``) collects them all and prints one table.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class Result:
    name: str  # what the app does, e.g. "feature maps, all layers, ResNet-50 224x224"
    ours_s: float  # median seconds through the app's code path
    bare_s: float  # median seconds of the bare library call doing the same tensor work
    baseline: str  # what the bare call is, e.g. "forward pass"
    goal: str = ""  # e.g. "<= 1.15x"; informative only

    @property
    def ratio(self) -> float:
        return self.ours_s / self.bare_s if self.bare_s > 0 else float("inf")


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def median_seconds(fn: Callable[[], object], *, repeats: int = 5, warmup: int = 1,
                   device: torch.device | None = None) -> float:
    """Median wall time of ``fn()`` over ``repeats`` runs after ``warmup`` untimed runs."""
    device = device or torch.device("cpu")
    for _ in range(warmup):
        fn()
    _sync(device)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        _sync(device)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def compare(name: str, ours: Callable[[], object], bare: Callable[[], object], *, baseline: str,
            goal: str = "", repeats: int = 5, device: torch.device | None = None) -> Result:
    """Time both sides alternately (bare, ours, bare, ours, ...) after one warm-up each, so that a
    change in machine load affects both medians alike."""
    device = device or torch.device("cpu")
    bare(), ours()
    _sync(device)
    times: dict[str, list[float]] = {"bare": [], "ours": []}
    for _ in range(repeats):
        for side, fn in (("bare", bare), ("ours", ours)):
            start = time.perf_counter()
            fn()
            _sync(device)
            times[side].append(time.perf_counter() - start)
    return Result(name, statistics.median(times["ours"]), statistics.median(times["bare"]), baseline, goal)
