"""Compute the "why residual nets train" studies of each model pair and store them for the page.

    .venv/bin/python experiments/why_residual.py --threads 1 --write            # every pair, stored defaults
    .venv/bin/python experiments/why_residual.py --pairs 20 --studies lesion    # one pair, one study, printed
    .venv/bin/python experiments/why_residual.py --shattered --write            # the shattered-gradients sweep

Prints each net's headline numbers (intact error, error with each block deleted, error against k deletions, the
path length that carries the most gradient, the loss at the centre and the edges of the landscape).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from resnet_viz.analyses.why_residual import (  # noqa: E402
    PAIRS,
    STUDIES,
    StudySettings,
    load_pair_model,
    pair_data,
    run_study,
    save_shattered,
    save_study,
    shattered_study,
)


def report(study) -> None:
    if study.lesion is not None:
        marks = ["*" if s.downsamples else "" for s in study.sites]
        errors = ", ".join(f"{100 * e:.1f}{m}" for e, m in zip(study.lesion.errors, marks))
        print(f"  {study.label}: intact {100 * study.lesion.intact_error:.2f}%; one block deleted (%, * downsampling):"
              f" {errors}")
    if study.deletions:
        print(f"  {study.label}: k deleted -> mean error %: "
              + ", ".join(f"{p.k}:{100 * p.mean:.1f}" for p in study.deletions))
    if study.reorders:
        print(f"  {study.label}: reorders (tau, error %): "
              + ", ".join(f"({p.tau:.2f}, {100 * p.error:.1f})" for p in study.reorders))
    if study.paths is not None:
        low, high = study.paths.effective_range()
        print(f"  {study.label}: paths of {study.paths.blocks} blocks: peak at {study.paths.peak}, 90 % of the "
              f"gradient in lengths {low}-{high}; magnitudes " + ", ".join(f"{m:.3g}" for m in study.paths.magnitudes))
    for name in ("slice", "surface"):
        surface = getattr(study, name)
        if surface is not None:
            flat = [v for row in surface.losses for v in row]
            print(f"  {study.label}: {name} loss at centre {surface.center_loss:.4f}, max {max(flat):.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", default=",".join(PAIRS))
    parser.add_argument("--studies", default=",".join(STUDIES))
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--write", action="store_true", help="store the results where the page reads them")
    parser.add_argument("--shattered", action="store_true",
                        help="the shattered-gradients sweep at seed 0 (fresh nets) instead of the pairs")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    if args.shattered:
        start = time.perf_counter()
        points = shattered_study(seed=0)
        print(f"  shattered gradients: {time.perf_counter() - start:.0f} s; lag-1 autocorrelation by depth: "
              + ", ".join(f"{p.depth}{'R' if p.residual else 'P'} {p.correlation:.2f}" for p in points), flush=True)
        if args.write:
            source = (f"experiments/why_residual.py --shattered --write --threads {args.threads} "
                      f"(torch {torch.__version__})")
            print(f"wrote {save_shattered(points, 0, source)}", flush=True)
        return 0
    settings = StudySettings()
    studies = tuple(args.studies.split(","))
    for pair in args.pairs.split(","):
        data = pair_data(pair, train_count=settings.train_count, heldout_count=settings.heldout_count)
        results = {}
        for kind in ("plain", "residual"):
            model = load_pair_model(pair, kind == "residual")
            label = f"{'ResNet' if kind == 'residual' else 'plain'}-{PAIRS[pair].depth}"
            start = time.perf_counter()
            last = {}

            def progress(name, done, total, last=last, label=label):
                if last.get(name) != done * 10 // total:
                    last[name] = done * 10 // total
                    print(f"    {label} {name}: {done}/{total}", flush=True)

            results[kind] = run_study(model, data, settings, label=label, studies=studies, on_progress=progress)
            print(f"  {label}: {time.perf_counter() - start:.0f} s", flush=True)
            report(results[kind])
        if args.write:
            source = (f"experiments/why_residual.py --pairs {pair} --write --threads {args.threads} "
                      f"(torch {torch.__version__})")
            print(f"wrote {save_study(pair, results, settings, source)}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
