import math

import pytest
import torch

from resnet_viz.analyses.shattered import autocorrelation, calibrate_batch_norm, derivative_along_line, shattered_sweep
from resnet_viz.models.cifar import cifar_resnet


@pytest.mark.parametrize(("values", "expected"), [([1, 2, 3, 4, 5], 1.0), ([1, -1, 1, -1, 1, -1], -1.0),
                                                  ([2, 2, 2, 2], 0.0), ([0, 1, 0, -1, 0, 1, 0, -1], 0.0)])
def test_autocorrelation_by_hand(values, expected):
    assert autocorrelation(values) == pytest.approx(expected, abs=1e-12)


def test_autocorrelation_of_white_noise_is_near_zero_and_of_a_slow_sine_near_one():
    noise = torch.randn(4096, generator=torch.Generator().manual_seed(0)).tolist()
    assert abs(autocorrelation(noise)) < 0.05
    sine = [math.sin(0.05 * i) for i in range(400)]
    assert autocorrelation(sine) == pytest.approx(math.cos(0.05), abs=5e-3)
    with pytest.raises(ValueError):
        autocorrelation([1, 2], lag=2)


def test_derivative_along_the_line_matches_a_finite_difference():
    model = cifar_resnet(8, widths=(4, 8, 16), num_classes=3, seed=0).double().eval()
    generator = torch.Generator().manual_seed(1)
    a, b = (torch.rand(3, 8, 8, generator=generator, dtype=torch.float64) for _ in range(2))
    derivative = derivative_along_line(model, a, b, points=5, output=2, batch_size=2)
    h = 1e-6
    for index, t in enumerate(torch.linspace(0, 1, 5, dtype=torch.float64)):
        x_plus, x_minus = (1 - (t + h)) * a + (t + h) * b, (1 - (t - h)) * a + (t - h) * b
        expected = (model(x_plus[None])[0, 2] - model(x_minus[None])[0, 2]) / (2 * h)
        assert float(derivative[index]) == pytest.approx(float(expected), rel=1e-5, abs=1e-8)


def test_a_linear_model_has_a_constant_derivative_along_the_line():
    model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(12, 2))
    a, b = torch.zeros(3, 2, 2), torch.ones(3, 2, 2)
    derivative = derivative_along_line(model, a, b, points=7)
    torch.testing.assert_close(derivative, torch.full((7,), float(model[1].weight[0].sum())))


def test_batch_norm_calibration_sets_running_statistics_from_the_images():
    model = cifar_resnet(8, widths=(4, 8, 16), num_classes=3, seed=0)
    images = torch.rand(32, 3, 8, 8, generator=torch.Generator().manual_seed(2))
    calibrate_batch_norm(model, images)
    assert not model.training
    with torch.no_grad():
        first = model.conv1(images)
    torch.testing.assert_close(model.bn1.running_mean, first.mean((0, 2, 3)), rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(model.bn1.running_var, first.var((0, 2, 3), unbiased=True), rtol=1e-4, atol=1e-6)


def test_sweep_gives_a_plain_and_a_residual_net_per_depth():
    images = torch.rand(16, 3, 8, 8, generator=torch.Generator().manual_seed(3))
    calls = []
    sweep = shattered_sweep([8, 14], images, images[0], images[1], widths=(2, 4, 8), classes=3, points=16,
                            on_progress=lambda d, t: calls.append((d, t)))
    assert [(p.depth, p.residual) for p in sweep] == [(8, False), (8, True), (14, False), (14, True)]
    assert all(len(p.derivative) == 16 and -1 <= p.correlation <= 1 for p in sweep)
    assert calls[-1] == (4, 4)
