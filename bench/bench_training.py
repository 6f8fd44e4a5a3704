"""Training steps through ``train_classifier`` against a bare PyTorch training loop on the same net and data.

Both loops do the same tensor work per step (gather a batch, forward, cross-entropy, backward, SGD step with
momentum and weight decay); ours adds the learning-rate schedule, the light augmentation of the recipe, the
running loss and error bookkeeping and the records. Goal: at least 0.9x the bare loop's throughput, i.e. a time
ratio of at most 1.11.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from bench.harness import Result, compare
from resnet_viz.analyses.degradation import PRESETS, build_net, make_data, parse_net
from resnet_viz.analyses.training import train_classifier
from resnet_viz.data.shapes import ShapesDataset

STEPS = 48


def _case(label: str, train: ShapesDataset, device: torch.device, repeats: int) -> Result:
    preset = PRESETS["cpu"]
    model = build_net(parse_net(label), preset, 0, len(train.classes)).to(device)
    steps_per_epoch = math.ceil(len(train) / preset.batch_size)

    def ours() -> None:
        train_classifier(model, train, epochs=STEPS / steps_per_epoch, batch_size=preset.batch_size, lr=preset.lr,
                         seed=0, records_per_epoch=2)

    def bare() -> None:
        optimizer = torch.optim.SGD(model.parameters(), lr=preset.lr, momentum=0.9, weight_decay=1e-4)
        generator = torch.Generator().manual_seed(0)
        model.train()
        for _ in range(STEPS):
            index = torch.randint(0, len(train), (preset.batch_size,), generator=generator)
            images, labels = train.images[index].to(device), train.labels[index].to(device)
            loss = F.cross_entropy(model(images), labels)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()

    return compare(f"training, {label} (cpu preset), {STEPS} steps of {preset.batch_size}", ours, bare,
                   baseline="bare SGD loop", goal="<= 1.11x", repeats=repeats, device=device)


def benchmarks(device: torch.device, repeats: int) -> list[Result]:
    train, _ = make_data(PRESETS["cpu"], seed=0)
    return [_case(label, train, device, repeats) for label in ("plain-20", "ResNet-56")]
