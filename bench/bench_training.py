"""Training steps through ``train_classifier`` against a bare PyTorch training loop on the same net and data.

Both loops do the same tensor work per step (gather a batch, forward, cross-entropy, backward, SGD step with
momentum and weight decay); ours adds the learning-rate schedule, light augmentation, the running loss and
error bookkeeping and the records. Goal: at least 0.9x the bare loop's throughput (time ratio <= 1.11).
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from bench.harness import Result, compare
from resnet_viz.analyses.degradation import PRESETS, build_net, make_data, parse_net
from resnet_viz.analyses.training import train_classifier

STEPS = 24


def benchmarks(device: torch.device, repeats: int) -> list[Result]:
    preset = PRESETS["cpu"]
    train, _ = make_data(preset, seed=0)
    results = []
    for label in ("plain-20", "ResNet-56"):
        spec = parse_net(label)
        model = build_net(spec, preset, 0, len(train.classes)).to(device)
        steps_per_epoch = math.ceil(len(train) / preset.batch_size)

        def ours() -> None:
            train_classifier(model, train, epochs=STEPS / steps_per_epoch, batch_size=preset.batch_size,
                             lr=0.01, seed=0, records_per_epoch=1)

        def bare() -> None:
            optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
            generator = torch.Generator().manual_seed(0)
            model.train()
            for step in range(STEPS):
                index = torch.randint(0, len(train), (preset.batch_size,), generator=generator)
                images, labels = train.images[index].to(device), train.labels[index].to(device)
                loss = F.cross_entropy(model(images), labels)
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()

        results.append(compare(f"training, {label} ({preset.name} preset), {STEPS} steps of "
                               f"{preset.batch_size}", ours, bare, baseline="bare SGD loop", goal="<= 1.11x",
                               repeats=repeats, device=device))
    return results
