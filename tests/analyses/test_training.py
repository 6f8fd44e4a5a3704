import math

import pytest
import torch
from torch import nn

from resnet_viz.analyses.training import augment_batch, evaluate, evaluate_loss, learning_rate, train_classifier
from resnet_viz.data import make_shapes
from resnet_viz.data.shapes import ShapesDataset
from resnet_viz.models import cifar_resnet


def tiny_net(seed: int = 0) -> nn.Module:
    return cifar_resnet(8, widths=(4, 8, 8), num_classes=6, seed=seed)


def test_short_training_run_lowers_the_loss():
    data = make_shapes(96, size=8, seed=0)
    run = train_classifier(tiny_net(), data, epochs=8, batch_size=32, lr=0.1, seed=0, records_per_epoch=1,
                           augment=False)
    assert len(run.records) == 8 and not run.stopped
    losses = [r.train_loss for r in run.records]
    assert losses[-1] < 0.8 * losses[0] and losses[-1] == min(losses)


def test_cosine_schedule_and_record_bookkeeping():
    data = make_shapes(40, size=8, seed=1)
    records = []
    run = train_classifier(tiny_net(), data, epochs=2, batch_size=10, lr=0.2, seed=0, records_per_epoch=4,
                           schedule="cosine", on_record=records.append)
    assert records == run.records and [r.step for r in records] == list(range(1, 9))
    for r in records:  # lr_at(step - 1): 0.5 * lr * (1 + cos(pi * (step - 1) / 8))
        assert r.lr == pytest.approx(0.1 * (1 + math.cos(math.pi * (r.step - 1) / 8)))
        assert r.epoch == pytest.approx(r.step / 4)
        assert 0 <= r.train_error <= 1 and r.test_error is None


def test_step_schedule_divides_by_ten_at_half_and_three_quarters():
    # the paper's 32k / 48k of 64k iterations, on 8 steps: lr for steps 0-3, lr/10 for 4-5, lr/100 for 6-7
    data = make_shapes(40, size=8, seed=1)
    run = train_classifier(tiny_net(), data, epochs=2, batch_size=10, lr=0.2, seed=0, records_per_epoch=4)
    assert [r.lr for r in run.records] == pytest.approx([0.2] * 4 + [0.02] * 2 + [0.002] * 2)
    assert learning_rate(0, lr=1.0, total_steps=10, warmup_steps=2) == 0.5  # warm-up first, then the steps
    assert learning_rate(5, lr=1.0, total_steps=10, warmup_steps=2) == 1.0  # 3 of 8 steps after warm-up
    assert learning_rate(6, lr=1.0, total_steps=10, warmup_steps=2) == pytest.approx(0.1)  # 4 of 8
    assert learning_rate(8, lr=1.0, total_steps=10, warmup_steps=2) == pytest.approx(0.01)  # 6 of 8
    with pytest.raises(ValueError, match="schedule"):
        train_classifier(tiny_net(), data, epochs=1, schedule="linear")


def test_evaluate_loss_is_the_mean_cross_entropy():
    data = make_shapes(12, size=8, seed=2)
    model = tiny_net().eval()
    with torch.no_grad():
        logits = model(data.images)
    error, loss = evaluate_loss(model, data, batch_size=5)
    assert error == pytest.approx(float((logits.argmax(1) != data.labels).float().mean()))
    assert loss == pytest.approx(float(torch.nn.functional.cross_entropy(logits, data.labels)), rel=1e-5)


def test_before_step_and_should_stop():
    data = make_shapes(40, size=8, seed=1)
    seen = []
    run = train_classifier(tiny_net(), data, epochs=2, batch_size=10, seed=0, before_step=seen.append,
                           should_stop=lambda: len(seen) >= 3)
    assert run.stopped and seen == [0, 1, 2]


def test_training_is_reproducible_for_a_seed():
    data = make_shapes(40, size=8, seed=1)
    a = train_classifier(tiny_net(), data, epochs=1, batch_size=10, seed=3, records_per_epoch=4)
    b = train_classifier(tiny_net(), data, epochs=1, batch_size=10, seed=3, records_per_epoch=4)
    assert [r.train_loss for r in a.records] == [r.train_loss for r in b.records]


def test_augment_batch_flips_and_crops():
    images = torch.arange(2 * 3 * 4 * 4, dtype=torch.float32).view(2, 3, 4, 4)
    flipped_only = augment_batch(images, torch.Generator().manual_seed(0), padding=0)
    for original, out in zip(images, flipped_only):
        assert torch.equal(out, original) or torch.equal(out, original.flip(2))
    cropped = augment_batch(images, torch.Generator().manual_seed(0), padding=2)
    assert cropped.shape == images.shape
    # every crop is a window of the zero-padded (and maybe flipped) image: its values come from the image or 0
    for original, out in zip(images, cropped):
        assert set(out.unique().tolist()) <= set(original.unique().tolist()) | {0.0}


class Constant(nn.Module):
    def __init__(self, label: int, classes: int = 6) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(1))
        self.label, self.classes = label, classes

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        logits = torch.zeros(x.shape[0], self.classes)
        logits[:, self.label] = 1
        return logits


def test_evaluate_counts_errors_and_restores_mode():
    labels = torch.tensor([0, 1, 2, 2, 2, 5])
    data = ShapesDataset(images=torch.zeros(6, 3, 8, 8), labels=labels, masks=torch.zeros(6, 8, 8, dtype=torch.bool))
    model = Constant(2).train()
    assert evaluate(model, data, batch_size=4) == pytest.approx(3 / 6)
    assert model.training


def test_bad_arguments_are_refused():
    data = make_shapes(12, size=8)
    with pytest.raises(ValueError):
        train_classifier(tiny_net(), data, epochs=0)
    with pytest.raises(ValueError):
        train_classifier(tiny_net(), data, epochs=1, batch_size=0)


def test_augment_batch_matches_a_per_image_loop():
    images = torch.rand(16, 3, 8, 8)
    out = augment_batch(images, torch.Generator().manual_seed(5), padding=2)
    generator = torch.Generator().manual_seed(5)  # the same draws, applied one image at a time
    flip = torch.rand(16, generator=generator) < 0.5
    dy = torch.randint(0, 5, (16,), generator=generator).tolist()
    dx = torch.randint(0, 5, (16,), generator=generator).tolist()
    padded = torch.nn.functional.pad(torch.where(flip.view(16, 1, 1, 1), images.flip(3), images), (2,) * 4)
    expected = torch.stack([padded[i, :, y:y + 8, x:x + 8] for i, (y, x) in enumerate(zip(dy, dx))])
    assert torch.equal(out, expected)
