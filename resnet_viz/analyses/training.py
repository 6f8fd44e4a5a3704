"""A small, honest training loop: SGD with momentum 0.9, a learning-rate schedule, light augmentation.

Two schedules (:data:`SCHEDULES`): ``"step"`` is the paper's CIFAR recipe (He et al. 2015, section 4.2: the
learning rate divided by 10 at 32k and 48k of 64k iterations, i.e. at 50 % and 75 % of training); ``"cosine"``
is the later practice article 004 uses (cosine decay to 0). Works on the caller's own model (never a shared cached
one) and reports progress through callbacks so a page can draw live curves and stop early.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

from resnet_viz.data.shapes import ShapesDataset

__all__ = ["SCHEDULES", "TrainingRecord", "TrainingRun", "augment_batch", "evaluate", "evaluate_loss", "learning_rate",
           "train_classifier"]

SCHEDULES = ("step", "cosine")


@dataclass(frozen=True)
class TrainingRecord:
    epoch: float  # fractional epochs completed
    step: int
    lr: float
    train_loss: float  # mean over the steps since the previous record
    train_error: float  # fraction of misclassified training samples over those steps
    test_error: float | None = None


@dataclass
class TrainingRun:
    records: list[TrainingRecord] = field(default_factory=list)
    stopped: bool = False
    seconds: float = 0.0

    @property
    def final_train_error(self) -> float:
        return self.records[-1].train_error if self.records else float("nan")


def augment_batch(images: torch.Tensor, generator: torch.Generator, padding: int = 2) -> torch.Tensor:
    """Random horizontal flips and random crops after zero-padding by ``padding`` pixels."""
    n, _, h, w = images.shape
    flip = torch.rand(n, generator=generator) < 0.5
    images = torch.where(flip.view(n, 1, 1, 1).to(images.device), images.flip(3), images)
    if padding <= 0:
        return images
    padded = F.pad(images, (padding,) * 4)
    dy = torch.randint(0, 2 * padding + 1, (n,), generator=generator).to(images.device)
    dx = torch.randint(0, 2 * padding + 1, (n,), generator=generator).to(images.device)
    # one gather for the rows and one for the columns instead of a Python loop over the batch
    c, wide = images.shape[1], w + 2 * padding
    rows = (dy.view(n, 1) + torch.arange(h, device=images.device)).view(n, 1, h, 1).expand(n, c, h, wide)
    cols = (dx.view(n, 1) + torch.arange(w, device=images.device)).view(n, 1, 1, w).expand(n, c, h, w)
    return padded.gather(2, rows).gather(3, cols)


def learning_rate(step: int, *, lr: float, total_steps: int, warmup_steps: int = 0, schedule: str = "step") -> float:
    """The learning rate at ``step`` (0-based) of ``total_steps``.

    Linear warm-up over ``warmup_steps``; then ``"step"``: ``lr`` until 50 % of the steps after warm-up,
    ``lr / 10`` until 75 %, ``lr / 100`` after (the paper's 32k/48k of 64k); ``"cosine"``: half a cosine from
    ``lr`` to 0 at the last step.

    Example:
        >>> [learning_rate(s, lr=0.1, total_steps=8) for s in (0, 3, 4, 6)]
        [0.1, 0.1, 0.01, 0.001]
    """
    if schedule not in SCHEDULES:
        raise ValueError(f"unknown schedule {schedule!r}; choose from {SCHEDULES}")
    if step < warmup_steps:
        return lr * (step + 1) / warmup_steps
    progress = (step - warmup_steps) / max(1, total_steps - warmup_steps)
    if schedule == "cosine":
        return 0.5 * lr * (1 + math.cos(math.pi * progress))
    return lr * (1.0 if progress < 0.5 else 0.1 if progress < 0.75 else 0.01)


def evaluate(model: nn.Module, data: ShapesDataset, *, batch_size: int = 256) -> float:
    """Classification error (fraction) of ``model`` in eval mode on ``data``."""
    return evaluate_loss(model, data, batch_size=batch_size)[0]


@torch.no_grad()
def evaluate_loss(model: nn.Module, data: ShapesDataset, *, batch_size: int = 256) -> tuple[float, float]:
    """(classification error, mean cross-entropy loss) of ``model`` in eval mode on ``data``."""
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    wrong, loss = 0, 0.0
    try:
        for start in range(0, len(data), batch_size):
            images = data.images[start:start + batch_size].to(device)
            labels = data.labels[start:start + batch_size].to(device)
            logits = model(images)
            wrong += int((logits.argmax(1) != labels).sum())
            loss += float(F.cross_entropy(logits, labels, reduction="sum"))
    finally:
        model.train(was_training)
    count = max(len(data), 1)
    return wrong / count, loss / count


def train_classifier(
    model: nn.Module,
    train: ShapesDataset,
    *,
    epochs: float,
    test: ShapesDataset | None = None,
    batch_size: int = 64,
    lr: float = 0.1,
    momentum: float = 0.9,
    weight_decay: float = 1e-4,
    warmup_steps: int = 0,
    schedule: str = "step",
    augment: bool = True,
    seed: int = 0,
    records_per_epoch: int = 1,
    on_record: Callable[[TrainingRecord], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    before_step: Callable[[int], None] | None = None,
) -> TrainingRun:
    """Train ``model`` in place for ``epochs`` passes over ``train`` (fractions allowed).

    Learning rate: linear warm-up over ``warmup_steps``, then ``schedule`` (see :func:`learning_rate`).
    ``on_record`` receives a :class:`TrainingRecord` ``records_per_epoch`` times per epoch;
    ``should_stop`` is polled every step and ends the run early (``run.stopped``); ``before_step(k)`` is
    called before step k (k steps done), e.g. to measure the model during training.
    """
    if epochs <= 0 or batch_size < 1 or lr <= 0:
        raise ValueError("epochs, batch_size and lr must be positive")
    if schedule not in SCHEDULES:
        raise ValueError(f"unknown schedule {schedule!r}; choose from {SCHEDULES}")
    device = next(model.parameters()).device
    generator = torch.Generator().manual_seed(int(seed))
    steps_per_epoch = max(1, math.ceil(len(train) / batch_size))
    total_steps = max(1, round(epochs * steps_per_epoch))
    record_every = max(1, steps_per_epoch // max(1, records_per_epoch))
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum, weight_decay=weight_decay)

    def lr_at(step: int) -> float:
        return learning_rate(step, lr=lr, total_steps=total_steps, warmup_steps=warmup_steps, schedule=schedule)

    run = TrainingRun()
    start_time = time.perf_counter()
    model.train()
    loss_sum, wrong, seen, order = 0.0, 0, 0, torch.empty(0, dtype=torch.long)
    for step in range(total_steps):
        if should_stop is not None and should_stop():
            run.stopped = True
            break
        if before_step is not None:
            before_step(step)
        position = (step % steps_per_epoch) * batch_size
        if position == 0:
            order = torch.randperm(len(train), generator=generator)
        index = order[position:position + batch_size]
        images = train.images[index]
        if augment:
            images = augment_batch(images, generator)
        images, labels = images.to(device), train.labels[index].to(device)
        for group in optimizer.param_groups:
            group["lr"] = lr_at(step)
        logits = model(images)
        loss = F.cross_entropy(logits, labels)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        if not math.isfinite(loss.item()):
            raise FloatingPointError(f"training diverged at step {step} (loss is {loss.item()})")
        loss_sum += loss.item() * len(index)
        wrong += int((logits.argmax(1) != labels).sum())
        seen += len(index)
        if (step + 1) % record_every == 0 or step + 1 == total_steps:
            record = TrainingRecord(
                epoch=(step + 1) / steps_per_epoch, step=step + 1, lr=lr_at(step),
                train_loss=loss_sum / seen, train_error=wrong / seen,
                test_error=evaluate(model, test) if test is not None else None,
            )
            run.records.append(record)
            if on_record is not None:
                on_record(record)
            loss_sum, wrong, seen = 0.0, 0, 0
    model.eval()
    run.seconds = time.perf_counter() - start_time
    return run
