import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from resnet_viz.analyses.gradients import (
    MEMORY_BUDGET_BYTES,
    FlowConfig,
    FlowConfigError,
    LambdaLaw,
    _saved_bytes,
    _saved_bytes_per_image,
    build_flow_net,
    check_config,
    compare_plain_residual,
    estimate_memory_bytes,
    gradient_profile,
    lambda_law,
    max_batch_for_budget,
    norm_status,
    probe_batch,
    profiles_during_training,
    without_batchnorm,
)
from resnet_viz.models import cifar_resnet

TINY = FlowConfig(depth=8, batch_size=4, image_size=8, widths=(4, 8, 8))


def test_without_batchnorm_copies_and_replaces_every_bn():
    model = cifar_resnet(20)
    stripped = without_batchnorm(model)
    assert not any(isinstance(m, nn.BatchNorm2d) for m in stripped.modules())
    bns = sum(isinstance(m, nn.BatchNorm2d) for m in model.modules())
    assert bns == 19 and sum(type(m) is nn.Identity for m in stripped.modules()) == bns  # original untouched
    x = torch.randn(2, 3, 32, 32)
    assert stripped(x).shape == (2, 10)


@pytest.mark.parametrize("init", ["he", "default", "small"])
def test_initialisations(init):
    model = build_flow_net(FlowConfig(depth=20, init=init), residual=True)
    conv = model.layer2[1].conv1  # 32 -> 32 channels, 3x3: fan_in = fan_out = 288
    std = float(conv.weight.detach().std())
    if init == "he":
        assert std == pytest.approx(math.sqrt(2 / 288), rel=0.05)
    elif init == "default":  # kaiming_uniform(a=sqrt(5)): U(-1/sqrt(fan_in), 1/sqrt(fan_in))
        assert float(conv.weight.detach().abs().max()) <= 1 / math.sqrt(288)
        assert std == pytest.approx(1 / math.sqrt(3 * 288), rel=0.05)
    else:
        assert std == pytest.approx(0.01, rel=0.05)
    again = build_flow_net(FlowConfig(depth=20, init=init), residual=True)
    assert torch.equal(conv.weight, again.layer2[1].conv1.weight)  # seeded


def test_profile_matches_autograd_on_retained_intermediates():
    model = build_flow_net(TINY, residual=True)
    images, labels = probe_batch(TINY)
    profile = gradient_profile(model, images, labels, label="ResNet-8")
    # independent reference: run the net by hand and ask autograd for each intermediate's gradient
    reference = build_flow_net(TINY, residual=True).train()
    xs = [reference.stem(images)]
    for block in [*reference.layer1, *reference.layer2, *reference.layer3]:
        xs.append(block(xs[-1]))
    logits = reference.fc(torch.flatten(reference.avgpool(xs[-1]), 1))
    loss = F.cross_entropy(logits, labels)
    convs = [m for m in reference.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    grads = torch.autograd.grad(loss, xs + [m.weight for m in convs])
    expected_inputs = [float(g.norm()) for g in grads[: len(xs)]]
    expected_weights = [float(g.norm()) for g in grads[len(xs):]]
    assert profile.loss == pytest.approx(float(loss.detach()), rel=1e-6)
    assert profile.block_names == ("layer1.0", "layer2.0", "layer3.0", "output")
    np.testing.assert_allclose(profile.block_grad_norms, expected_inputs, rtol=1e-5)
    np.testing.assert_allclose(profile.weight_grad_norms, expected_weights, rtol=1e-5)
    assert profile.input_ratio == pytest.approx(expected_inputs[0] / expected_inputs[-1], rel=1e-5)
    assert profile.weight_ratio == pytest.approx(expected_weights[0] / expected_weights[-2], rel=1e-5)
    assert not model._forward_pre_hooks and all(not m._forward_pre_hooks and not m._forward_hooks
                                                for m in model.modules())


@pytest.mark.parametrize("init", ["he", "default"])
def test_plain56_without_bn_first_block_gradient_far_below_residual(init):
    result = compare_plain_residual(FlowConfig(depth=56, bn=False, init=init, batch_size=4))
    plain, residual = result.plain.block_grad_norms[0], result.residual.block_grad_norms[0]
    assert 0 < plain < 1e-3 * residual
    assert len(result.plain.block_grad_norms) == 28 and len(result.plain.weight_grad_norms) == 56


def test_small_init_without_bn_underflows_in_the_plain_net_only():
    result = compare_plain_residual(FlowConfig(depth=56, bn=False, init="small", batch_size=2, image_size=16))
    assert norm_status(result.plain.block_grad_norms[0], "float32") == "underflow"
    assert all(norm_status(v, "float32") == "ok" for v in result.residual.block_grad_norms)


@pytest.mark.parametrize("depth", [20, 56, 110])
@pytest.mark.parametrize("lam", [0.5, 0.9, 1.1])
def test_lambda_law(depth, lam):
    law = lambda_law(depth, lam)
    units = 3 * (depth - 2) // 6
    assert law.units == units and law.transitions == (units // 3, 2 * units // 3)
    expected = lam ** np.arange(units, -1, -1, dtype=np.float64)
    np.testing.assert_allclose(law.corrected, expected, rtol=1e-4)
    np.testing.assert_allclose(10 ** law.log10_corrected, expected, rtol=1e-4)
    np.testing.assert_allclose(10 ** law.log10_analytic, expected, rtol=1e-9)
    # unit by unit: an identity unit multiplies the gradient by lambda, a transition by lambda * c
    steps = law.block_grad_norms[:-1] / law.block_grad_norms[1:]
    np.testing.assert_allclose(steps, lam * law.transition_factor, rtol=1e-4)
    assert set(law.status) == {"ok"}


def test_lambda_law_reference_values_for_resnet110():
    # docs/ARCHITECTURE.md: 54 units, lambda^54 = 5.6e-17, 3.4e-3, 172
    for lam, reference in ((0.5, 5.6e-17), (0.9, 3.4e-3), (1.1, 172)):
        law = lambda_law(110, lam)
        assert law.units == 54
        assert law.corrected[0] == pytest.approx(reference, rel=0.02)
        assert law.measured[0] == pytest.approx(lam**54, rel=1e-4)  # the option-A factors are exactly 1 here


def test_transition_factor_is_one_because_padded_channels_carry_no_gradient():
    law = lambda_law(20, 1.0)
    np.testing.assert_allclose(law.transition_factor, np.ones(9), rtol=1e-12)
    assert np.all(law.block_grad_norms > 0)


def test_suffix_product():
    np.testing.assert_allclose(LambdaLaw._suffix_product(np.array([2.0, 3.0, 5.0])), [30.0, 15.0, 5.0, 1.0])


def test_overflow_and_underflow_are_reported_not_nan():
    over = lambda_law(200, 4.0, dtype="float32")  # 4^99 > float32 max: the forward signal itself overflows
    assert set(over.status) == {"overflow"}
    assert not math.isfinite(over.output_norm)
    gone = lambda_law(200, 0.1, dtype="float32")  # 0.1^99: the signal reaching the head is exactly 0
    assert set(gone.status) == {"underflow"} and gone.output_norm == 0
    partial = lambda_law(110, 0.2, dtype="float32")  # 0.2^54 = 1.8e-38: the first units fall below float32's tiny
    assert partial.status[0] == "underflow" and partial.status[-1] == "ok"
    assert "ok" in partial.status[:10] or partial.status.count("underflow") < 10
    same64 = lambda_law(110, 0.2, dtype="float64")  # float64 represents it
    assert set(same64.status) == {"ok"}
    assert same64.corrected[0] == pytest.approx(0.2**54, rel=1e-4)


def test_norm_status():
    assert norm_status(1.0) == "ok" and norm_status(0.0) == "underflow" and norm_status(1e-310) == "underflow"
    assert norm_status(1e-40, "float32") == "underflow" and norm_status(1e-40, "float64") == "ok"
    assert norm_status(float("inf")) == "overflow" and norm_status(float("nan")) == "overflow"


def test_memory_estimate_is_exact_extrapolation_and_bounds_the_budget():
    config = FlowConfig(depth=20)
    assert _saved_bytes_per_image(config, True) == _saved_bytes(config, True, 20)
    assert _saved_bytes_per_image(config, False) == _saved_bytes(config, False, 20)
    per = _saved_bytes_per_image(config, True)
    # hand count for the stem alone would be too fiddly; instead: linear in the batch, and about
    # 7 saved (C, H, W) maps per block: 1.5 MB per 32x32 image for ResNet-20
    assert 1.2e6 < per < 1.8e6
    assert estimate_memory_bytes(config, 10) - estimate_memory_bytes(config, 0) == 10 * 2 * per
    big = FlowConfig(depth=1202, batch_size=64)
    with pytest.raises(FlowConfigError, match="GiB") as caught:
        check_config(big)
    largest = max_batch_for_budget(big)
    assert caught.value.code == "memory_batch" and caught.value.params["largest"] == largest
    assert 1 <= largest < 64
    assert estimate_memory_bytes(big, largest) <= MEMORY_BUDGET_BYTES < estimate_memory_bytes(big, largest + 1)
    check_config(FlowConfig(depth=1202, batch_size=largest))


@pytest.mark.parametrize(("change", "code"), [
    (dict(depth=21), "depth"), (dict(depth=7202), "depth_range"), (dict(shortcut_scale=0.0), "lambda"),
    (dict(shortcut_scale=float("nan")), "lambda"), (dict(shortcut_scale=5.0), "lambda"), (dict(batch_size=0), "batch"),
    (dict(batch_size=65), "batch"), (dict(init="xavier"), "init"), (dict(dtype="float16"), "dtype"),
    (dict(image_size=4), "image_size")])
def test_check_config_refuses_bad_settings_with_a_code(change, code):
    from dataclasses import replace

    with pytest.raises(FlowConfigError) as caught:
        check_config(replace(FlowConfig(), **change))
    assert caught.value.code == code


def test_profiles_during_training_start_from_the_init_profile():
    config = FlowConfig(depth=8, batch_size=8, image_size=8, widths=(4, 8, 8))
    snaps = profiles_during_training(config, steps=(0, 2, 5))
    assert snaps.steps == (0, 2, 5) and set(snaps.plain) == {0, 2, 5} and set(snaps.residual) == {0, 2, 5}
    at_init = compare_plain_residual(config)
    np.testing.assert_allclose(snaps.plain[0].block_grad_norms, at_init.plain.block_grad_norms, rtol=1e-5)
    np.testing.assert_allclose(snaps.residual[0].block_grad_norms, at_init.residual.block_grad_norms, rtol=1e-5)
    assert not np.allclose(snaps.residual[5].block_grad_norms, at_init.residual.block_grad_norms)
    assert len(snaps.train_losses["plain"]) == 5 and snaps.diverged_at == {"plain": None, "residual": None}


def test_profiles_during_training_report_divergence():
    config = FlowConfig(depth=8, batch_size=8, image_size=8, widths=(4, 8, 8), bn=False)
    snaps = profiles_during_training(config, steps=(0, 3, 30), lr=1e4)
    assert snaps.diverged_at["plain"] is not None or snaps.diverged_at["residual"] is not None
    assert 0 in snaps.plain and 0 in snaps.residual
