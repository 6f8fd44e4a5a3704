"""Run every benchmark and print a table of ratios: ``python -m bench [--repeats N] [--only NAME]``."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import platform
import sys
from pathlib import Path

import torch

from bench.harness import Result
from resnet_viz.device import choose_device


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per measurement (median reported)")
    parser.add_argument("--only", default="", help="run only modules whose name contains this")
    parser.add_argument("--device", default=None, help="cpu, cuda or mps (default: automatic)")
    args = parser.parse_args(argv)
    device = choose_device(args.device)
    torch.set_grad_enabled(True)
    print(f"device: {device} · torch {torch.__version__} · {platform.processor() or platform.machine()} · "
          f"{torch.get_num_threads()} threads · median of {args.repeats}")
    results: list[Result] = []
    folder = Path(__file__).resolve().parent
    for info in sorted(pkgutil.iter_modules([str(folder)]), key=lambda m: m.name):
        if not info.name.startswith("bench_") or args.only not in info.name:
            continue
        module = importlib.import_module(f"bench.{info.name}")
        print(f"running {info.name} ...", file=sys.stderr, flush=True)
        results.extend(module.benchmarks(device, args.repeats))
    width = max((len(r.name) for r in results), default=10)
    print(f"\n{'benchmark':<{width}}  {'ours (s)':>9}  {'bare (s)':>9}  {'ratio':>6}  {'goal':>8}  baseline")
    for r in results:
        print(f"{r.name:<{width}}  {r.ours_s:9.4f}  {r.bare_s:9.4f}  {r.ratio:6.2f}  {r.goal:>8}  {r.baseline}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
