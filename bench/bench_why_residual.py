"""The "why residual nets train" page's two heaviest live computations against bare loops of forward passes.

- A 2-D loss landscape of the 20-layer pair (21x21 grid, 512 training images, both nets) through
  :func:`~resnet_viz.analyses.landscape.loss_surface`, against a loop that sets the weights to w + a d1 + b d2 and
  runs one forward pass and the cross-entropy per grid point.
- A full single-block lesion sweep of the 56-layer pair (512 held-out images, every block of both nets) through
  :func:`~resnet_viz.analyses.lesion.single_block_lesions`, against a loop that runs each lesioned net from the
  input (ours reuses the intact net's activations up to the deleted block, so it may beat the bare loop).

Goals: at most 1.1x the bare loop, and under a minute of wall time each on the 2-core CPU. Each side runs twice,
alternately; the name carries the process CPU seconds of one run of ours.
"""

from __future__ import annotations

import statistics
import time

import torch
import torch.nn.functional as F

from bench.harness import Result
from resnet_viz.analyses.landscape import filter_normalized_direction, grid, loss_surface
from resnet_viz.analyses.lesion import DeletedBlock, single_block_lesions
from resnet_viz.analyses.why_residual import load_pair_model, pair_data

POINTS = 21
IMAGES = 512


def _alternate(ours, bare, rounds: int = 2) -> tuple[float, float, float]:
    """Median wall seconds of ours and of bare, run alternately, and the process CPU seconds of one run of ours."""
    times = {"ours": [], "bare": []}
    cpu = []
    for _ in range(rounds):
        for side, fn in (("bare", bare), ("ours", ours)):
            wall, process = time.perf_counter(), time.process_time()
            fn()
            times[side].append(time.perf_counter() - wall)
            if side == "ours":
                cpu.append(time.process_time() - process)
    return statistics.median(times["ours"]), statistics.median(times["bare"]), statistics.median(cpu)


def _landscape(device: torch.device) -> Result:
    data = pair_data("20", train_count=IMAGES, heldout_count=8)
    images, labels = data["train_images"].to(device), data["train_labels"].to(device)
    models = [load_pair_model("20", residual).to(device) for residual in (False, True)]
    axis = grid(1.0, POINTS)

    def ours() -> None:
        for model in models:
            loss_surface(model, images, labels, xs=axis, ys=axis)

    def bare() -> None:
        for model in models:
            d1, d2 = filter_normalized_direction(model, seed=0), filter_normalized_direction(model, seed=1)
            params = dict(model.named_parameters())
            original = {name: p.detach().clone() for name, p in params.items()}
            with torch.no_grad():
                for b in axis:
                    for a in axis:
                        for name, p in params.items():
                            p.copy_(original[name] + a * d1[name] + b * d2[name])
                        float(F.cross_entropy(model(images), labels))
                for name, p in params.items():
                    p.copy_(original[name])

    ours_s, bare_s, cpu = _alternate(ours, bare)
    return Result(f"loss landscape 2-D, 20-layer pair, {POINTS}x{POINTS} on {IMAGES} images (CPU {cpu:.0f} s)",
                  ours_s, bare_s, baseline="forward pass per grid point", goal="<= 1.1x")


def _lesions(device: torch.device) -> Result:
    data = pair_data("56", train_count=8, heldout_count=IMAGES)
    images, labels = data["heldout_images"].to(device), data["heldout_labels"].to(device)
    models = [load_pair_model("56", residual).to(device) for residual in (False, True)]

    def ours() -> None:
        for model in models:
            single_block_lesions(model, images, labels)

    def bare() -> None:
        with torch.no_grad():
            for model in models:
                blocks = [block for stage in (model.layer1, model.layer2, model.layer3) for block in stage]
                for deleted in range(len(blocks)):
                    x = model.stem(images)
                    for position, block in enumerate(blocks):
                        x = DeletedBlock(block)(x) if position == deleted else block(x)
                    int((model.head(x).argmax(1) != labels).sum())

    ours_s, bare_s, cpu = _alternate(ours, bare)
    return Result(f"lesion sweep, every single block of the 56-layer pair, {IMAGES} images (CPU {cpu:.0f} s)",
                  ours_s, bare_s, baseline="forward pass per lesioned net", goal="<= 1.1x")


def benchmarks(device: torch.device, repeats: int) -> list[Result]:
    return [_landscape(device), _lesions(device)]
