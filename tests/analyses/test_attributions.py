"""Attribution methods and checks against independent references: autograd, the Grad-CAM formula
written out by hand, analytic values on tiny linear models, and hand-computed rank correlations."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from scipy.stats import spearmanr
from torch import nn

from resnet_viz.analyses.attr_checks import (
    Completeness,
    cascade_stages,
    completeness,
    ig_delta_curve,
    mask_share,
    randomised_model,
    rank_correlation,
)
from resnet_viz.analyses.attributions import (
    METHODS,
    AttributionError,
    PixelInput,
    attribute,
    baseline_images,
    clean_params,
    gradcam_layers,
    occlusion_windows,
    predict,
    signed_map,
)
from resnet_viz.models import cifar_resnet

pytestmark = pytest.mark.filterwarnings("ignore:Setting (forward|backward)")


def _frozen(model: nn.Module) -> nn.Module:
    model.eval()
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    return model


@pytest.fixture(scope="module")
def tiny() -> nn.Module:
    return _frozen(cifar_resnet(8, widths=(4, 8, 8), num_classes=3, seed=3))


@pytest.fixture(scope="module")
def image() -> torch.Tensor:
    return torch.rand(3, 16, 16, generator=torch.Generator().manual_seed(0))


def _hooks(model: nn.Module) -> list[str]:
    found = []
    for name, module in model.named_modules():
        hooks = (module._forward_hooks, module._forward_pre_hooks, module._backward_hooks,
                 getattr(module, "_backward_pre_hooks", {}))
        if any(hooks) or "input" in module.__dict__ or "output" in module.__dict__:
            found.append(name)
    return found


@pytest.mark.parametrize("method", list(METHODS))
def test_every_method_leaves_the_shared_model_untouched(tiny, image, method):
    before = {k: v.clone() for k, v in tiny.state_dict().items()}
    params = dict(window=4, stride=4) if method == "occlusion" else None
    result = attribute(tiny, image, 1, method, params)
    assert result.values.shape[1:] == (16, 16) and result.values.shape[0] in (1, 3)
    assert np.isfinite(result.values).all()
    if "gradcam" not in method:  # a Grad-CAM map may be all zero after its ReLU on a random net
        assert np.abs(result.values).sum() > 0
    assert _hooks(tiny) == []
    assert not tiny.training
    assert not any(p.requires_grad for p in tiny.parameters())
    assert all(torch.equal(before[k], v) for k, v in tiny.state_dict().items())


def test_hook_methods_reuse_a_private_copy_until_the_weights_change(image):
    from resnet_viz.analyses import attributions

    model = _frozen(cifar_resnet(8, widths=(4, 8, 8), num_classes=3, seed=5))
    first = attribute(model, image, 1, "deeplift").values
    copy_a = attributions._PRIVATE[model].model
    attribute(PixelInput(model, (0, 0, 0), (1, 1, 1)), image, 1, "deeplift")  # a wrapper reuses the same copy
    assert attributions._PRIVATE[model].model is copy_a and copy_a is not model
    with torch.no_grad():
        model.fc.weight.mul_(-1)  # in place, as an optimizer step would
    flipped = attribute(model, image, 1, "deeplift").values
    assert attributions._PRIVATE[model].model is not copy_a
    reference = _frozen(cifar_resnet(8, widths=(4, 8, 8), num_classes=3, seed=5))
    with torch.no_grad():
        reference.fc.weight.mul_(-1)
    np.testing.assert_allclose(flipped, attribute(reference, image, 1, "deeplift").values, rtol=1e-5, atol=1e-7)
    assert not np.allclose(first, flipped)


def test_trainable_params_keep_requires_grad(image):
    model = cifar_resnet(8, widths=(4, 8, 8), num_classes=3).eval()
    for method in ("deeplift", "guided_backprop", "gradcam", "integrated_gradients"):
        attribute(model, image, 0, method)
    assert all(p.requires_grad and p.grad is None for p in model.parameters())
    assert _hooks(model) == []


def test_saliency_is_the_input_gradient(tiny, image):
    x = image.clone().unsqueeze(0).requires_grad_(True)
    (grad,) = torch.autograd.grad(tiny(x)[0, 2], x)
    ours = attribute(tiny, image, 2, "saliency").values
    np.testing.assert_allclose(ours, grad[0].numpy(), rtol=1e-5, atol=1e-7)
    absolute = attribute(tiny, image, 2, "saliency", dict(absolute=True)).values
    np.testing.assert_allclose(absolute, grad[0].abs().numpy(), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("baseline", ["black", "blur"])
def test_integrated_gradients_is_complete(tiny, image, baseline):
    result = attribute(tiny, image, 1, "integrated_gradients", dict(n_steps=128, baseline=baseline))
    base = baseline_images(baseline, image.unsqueeze(0))[0]
    with torch.no_grad():
        logits = tiny(torch.stack([image, base]))[:, 1]
    change = float(logits[0] - logits[1])
    assert abs(result.values.sum() - change) < 1e-3 * max(1.0, abs(change))
    check = completeness(tiny, image, base, 1, result.values)
    assert check.score == pytest.approx(float(logits[0]), abs=1e-6)
    assert check.gap == pytest.approx(result.values.sum() - change, abs=1e-5)
    assert result.delta == pytest.approx(abs(check.gap), abs=1e-4)


def test_deeplift_sums_to_the_output_difference(tiny, image):
    # The rescale rule guarantees summation-to-delta exactly on nets without max-pooling.
    result = attribute(tiny, image, 0, "deeplift", dict(baseline="grey"))
    with torch.no_grad():
        logits = tiny(torch.stack([image, torch.full_like(image, 0.5)]))[:, 0]
    assert result.values.sum() == pytest.approx(float(logits[0] - logits[1]), abs=1e-4)


def _gradcam_by_hand(model, x: torch.Tensor, target: int, layer: str) -> torch.Tensor:
    """Grad-CAM written out: A = the layer's output, alpha_k = mean_ij dy/dA^k_ij, ReLU(sum_k alpha_k A^k)."""
    stage_names = ["layer1", "layer2", "layer3"]
    stage, _, block = layer.partition(".")
    out = model.stem(x)
    activation = None
    for name in stage_names:
        blocks = getattr(model, name)
        for index, module in enumerate(blocks):
            out = module(out)
            if name == stage and (block == "" and index == len(blocks) - 1 or block == str(index)):
                activation = out
    y = model.fc(torch.flatten(F.adaptive_avg_pool2d(out, 1), 1))[0, target]
    (grad,) = torch.autograd.grad(y, activation)
    alpha = grad.mean(dim=(2, 3), keepdim=True)
    return torch.relu((alpha * activation).sum(dim=1, keepdim=True))


@pytest.mark.parametrize("layer", ["layer3", "layer2.0", "layer1"])
def test_gradcam_equals_the_textbook_formula(tiny, image, layer):
    x = image.unsqueeze(0).clone().requires_grad_(True)
    cam = _gradcam_by_hand(tiny, x, 2, layer).detach()
    up = F.interpolate(cam, size=(16, 16), mode="bilinear", align_corners=False)[0]
    ours = attribute(tiny, image, 2, "gradcam", dict(layer=layer, interpolate_mode="bilinear")).values
    assert ours.shape == (1, 16, 16)
    np.testing.assert_allclose(ours, up.numpy(), rtol=1e-4, atol=1e-6)
    nearest = attribute(tiny, image, 2, "gradcam", dict(layer=layer, interpolate_mode="nearest")).values
    np.testing.assert_allclose(nearest, F.interpolate(cam, size=(16, 16), mode="nearest")[0].numpy(),
                               rtol=1e-4, atol=1e-6)


def test_guided_backprop_by_hand():
    torch.manual_seed(0)
    model = _frozen(nn.Sequential(nn.Flatten(), nn.Linear(12, 5), nn.ReLU(), nn.Linear(5, 2)))
    x = torch.randn(3, 2, 2)
    w1, b1, w2 = model[1].weight, model[1].bias, model[3].weight
    hidden = w1 @ x.flatten() + b1
    upstream = torch.relu(w2[1]) * (hidden > 0)  # only positive gradients pass each ReLU backwards
    expected = (w1.T @ upstream).reshape(3, 2, 2)
    ours = attribute(model, x, 1, "guided_backprop").values
    np.testing.assert_allclose(ours, expected.numpy(), rtol=1e-5, atol=1e-6)


def test_occlusion_on_a_linear_model_by_hand():
    torch.manual_seed(0)
    model = _frozen(nn.Sequential(nn.Flatten(), nn.Linear(3 * 4 * 4, 2)))
    x = torch.rand(3, 4, 4)
    weight = model[1].weight[1].reshape(3, 4, 4)
    # Hiding pixel (i, j) in all channels behind grey lowers the score by sum_c w_c (x_c - 0.5).
    drop = (weight * (x - 0.5)).sum(0)
    calls = []
    ours = attribute(model, x, 1, "occlusion", dict(window=1, stride=1, perturbations_per_eval=5),
                     progress=calls.append).values
    np.testing.assert_allclose(ours, drop.expand(3, 4, 4).numpy(), rtol=1e-5, atol=1e-6)
    assert calls == sorted(calls) and calls[-1] == 1.0
    assert len(calls) == 1 + math.ceil(16 / 5) + 1  # initial eval + batches, then the final 1.0


def test_occlusion_window_count():
    assert occlusion_windows((32, 32), 4, 2) == 15 * 15
    assert occlusion_windows((224, 224), 16, 8) == 27 * 27
    assert occlusion_windows((5, 7), 2, 2) == 3 * 4  # ceil(3/2)+1, ceil(5/2)+1


def test_stochastic_methods_are_seeded(tiny, image):
    for method in ("smoothgrad", "gradient_shap"):
        a = attribute(tiny, image, 0, method, dict(seed=4)).values
        b = attribute(tiny, image, 0, method, dict(seed=4)).values
        c = attribute(tiny, image, 0, method, dict(seed=5)).values
        np.testing.assert_array_equal(a, b)
        assert not np.allclose(a, c)


def test_smoothgrad_without_noise_is_the_gradient(tiny, image):
    plain = attribute(tiny, image, 1, "saliency").values
    smooth = attribute(tiny, image, 1, "smoothgrad", dict(stdevs=0.0, nt_samples=3, nt_samples_batch_size=2)).values
    np.testing.assert_allclose(smooth, plain, rtol=1e-5, atol=1e-7)


def test_pixel_input_normalises_inside(tiny, image):
    mean, std = (0.5, 0.4, 0.3), (0.2, 0.25, 0.5)
    wrapped = PixelInput(tiny, mean, std)
    assert not wrapped.training and not tiny.training
    normalised = (image - torch.tensor(mean).view(3, 1, 1)) / torch.tensor(std).view(3, 1, 1)
    with torch.no_grad():
        torch.testing.assert_close(wrapped(image.unsqueeze(0)), tiny(normalised.unsqueeze(0)))
    assert gradcam_layers(wrapped) == gradcam_layers(tiny)
    attribute(wrapped, image, 0, "gradcam")  # layer names resolve inside the wrapper
    assert _hooks(wrapped) == []


def test_predict_is_the_softmax(tiny, image):
    probabilities = predict(tiny, image)
    with torch.no_grad():
        expected = torch.softmax(tiny(image.unsqueeze(0))[0].double(), 0).numpy()
    np.testing.assert_allclose(probabilities, expected, rtol=1e-6)
    assert probabilities.sum() == pytest.approx(1.0)


def test_signed_map_by_hand():
    values = np.array([[[1.0, -2.0]], [[0.5, 0.5]], [[-2.0, 0.0]]])  # (3, 1, 2): channel sums -0.5, -1.5
    np.testing.assert_allclose(signed_map(values, "all"), [[-0.5, -1.5]])
    np.testing.assert_allclose(signed_map(values, "positive"), [[0.0, 0.0]])
    np.testing.assert_allclose(signed_map(values, "negative"), [[0.5, 1.5]])
    np.testing.assert_allclose(signed_map(values, "absolute"), [[0.5, 1.5]])
    with pytest.raises(ValueError):
        signed_map(values, "both")


def test_baselines():
    x = torch.rand(1, 3, 8, 8)
    assert baseline_images("black", x).sum() == 0 and baseline_images("white", x).mean() == 1
    assert baseline_images("grey", x).unique().tolist() == [0.5]
    assert baseline_images("black+white", x).shape == (2, 3, 8, 8)
    torch.testing.assert_close(baseline_images("noise", x, seed=2), baseline_images("noise", x, seed=2))
    blurred = baseline_images("blur", x)
    assert blurred.shape == x.shape and blurred.std() < x.std()
    with pytest.raises(ValueError):
        baseline_images("sky", x)


@pytest.mark.parametrize("method, params, code, details", [
    ("integrated_gradients", dict(n_steps=0), "range", dict(name="n_steps", low=2, high=1000, value=0)),
    ("integrated_gradients", dict(n_steps=2.5), "whole", dict(name="n_steps", value=2.5)),
    ("integrated_gradients", dict(baseline="sky"), "choice", dict(name="baseline", value="sky")),
    ("smoothgrad", dict(stdevs=float("nan")), "number", dict(name="stdevs")),
    ("occlusion", dict(window="4"), "number", dict(name="window", value="4")),
    ("saliency", dict(steps=3), "unknown_param", dict(names="steps")),
    ("nonsense", {}, "method", dict(value="nonsense")),
])
def test_bad_parameters_are_refused_with_a_code(method, params, code, details):
    """The error names what is wrong by code and details, and its English sentence is filled in."""
    with pytest.raises(AttributionError) as caught:
        clean_params(method, params)
    assert caught.value.code == code and details.items() <= caught.value.params.items()
    assert str(caught.value) == AttributionError.MESSAGES[code].format(**caught.value.params)


def test_bad_inputs_are_refused(tiny, image):
    with pytest.raises(ValueError, match="target"):
        attribute(tiny, image, 3, "saliency")
    with pytest.raises(ValueError, match=r"\(3, H, W\)"):
        attribute(tiny, image[:1], 0, "saliency")
    with pytest.raises(ValueError, match="window"):
        attribute(tiny, image, 0, "occlusion", dict(window=32))
    with pytest.raises(ValueError, match="layer"):
        attribute(tiny, image, 0, "gradcam", dict(layer="fc"))
    training = cifar_resnet(8, widths=(4, 8, 8), num_classes=3)
    with pytest.raises(ValueError, match="eval"):
        attribute(training, image, 0, "saliency")


def test_gradcam_layers_and_cascade_order(tiny):
    assert gradcam_layers(tiny) == ["layer3", "layer3.0", "layer2", "layer2.0", "layer1", "layer1.0"]
    assert cascade_stages(tiny) == ["fc", "layer3", "layer2", "layer1", "bn1", "conv1"]


def test_randomised_model_swaps_only_the_top_stages(tiny, image):
    fresh = _frozen(cifar_resnet(8, widths=(4, 8, 8), num_classes=3, seed=99))
    before = {k: v.clone() for k, v in tiny.state_dict().items()}
    same = randomised_model(tiny, fresh, 0)
    with torch.no_grad():
        torch.testing.assert_close(same(image[None]), tiny(image[None]))
    top2 = randomised_model(tiny, fresh, 2).state_dict()
    for key, value in top2.items():
        source = fresh if key.startswith(("fc.", "layer3.")) else tiny
        assert torch.equal(value, source.state_dict()[key]), key
    assert all(torch.equal(before[k], v) for k, v in tiny.state_dict().items())
    with pytest.raises(ValueError):
        randomised_model(tiny, fresh, 7)


def test_rank_correlation_by_hand():
    # d = (0, 1, 1, 0): rho = 1 - 6 * 2 / (4 * (16 - 1)) = 0.8
    assert rank_correlation(np.array([1, 2, 3, 4]), np.array([10, 30, 20, 40])) == pytest.approx(0.8)
    # ties share their average rank: ranks (1.5, 1.5, 3) vs (1, 2, 3): 1.5 / sqrt(1.5 * 2)
    assert rank_correlation(np.array([5, 5, 9]), np.array([1, 2, 3])) == pytest.approx(1.5 / math.sqrt(3))
    assert rank_correlation(np.array([[1, 2], [3, 4]]), -np.array([[1, 2], [3, 4]])) == pytest.approx(-1)
    assert math.isnan(rank_correlation(np.ones(4), np.arange(4)))
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=50), rng.normal(size=50)
    assert rank_correlation(a, b) == pytest.approx(spearmanr(a, b).statistic)


def test_mask_share_by_hand():
    values = np.array([[[3.0, -1.0], [1.0, 0.0]]])  # positive part 3 + 1 = 4
    mask = np.array([[True, True], [False, False]])
    assert mask_share(values, mask) == pytest.approx(0.75)
    assert mask_share(-np.abs(values), mask) == 0.0


def test_completeness_gap():
    assert Completeness(attribution_sum=2.5, score=4.0, baseline_score=1.0).gap == pytest.approx(-0.5)


def test_ig_delta_curve_matches_the_completeness_gap(tiny, image):
    curve = ig_delta_curve(tiny, image, 1, steps=(2, 64))
    for n, delta in curve:
        values = attribute(tiny, image, 1, "integrated_gradients", dict(n_steps=n)).values
        gap = completeness(tiny, image, torch.zeros_like(image), 1, values).gap
        assert delta == pytest.approx(abs(gap), rel=1e-3, abs=1e-6)
    assert curve[1][1] <= curve[0][1]


def test_deeplift_explains_the_target_it_is_given():
    """On a linear model DeepLift (rescale rule, multiplied by the input) is w_target * (x - baseline) exactly;
    at a target other than 0 it must use that class's weights."""
    torch.manual_seed(0)
    model = _frozen(nn.Sequential(nn.Flatten(), nn.Linear(3 * 4 * 4, 3)))
    x = torch.rand(3, 4, 4)
    for target in (2, 1):
        expected = model[1].weight[target].reshape(3, 4, 4) * (x - 0.5)
        ours = attribute(model, x, target, "deeplift", dict(baseline="grey")).values
        np.testing.assert_allclose(ours, expected.numpy(), rtol=1e-5, atol=1e-6)


def test_deeplift_sums_to_the_target_logits_difference_at_every_target(tiny, image):
    with torch.no_grad():
        logits = tiny(torch.stack([image, torch.full_like(image, 0.5)]))
    for target in (1, 2):
        result = attribute(tiny, image, target, "deeplift", dict(baseline="grey"))
        assert result.values.sum() == pytest.approx(float(logits[0, target] - logits[1, target]), abs=1e-4)


@pytest.mark.parametrize("target", [1, 2])
def test_guided_gradcam_is_guided_backprop_times_the_upsampled_gradcam(tiny, image, target):
    x = image.unsqueeze(0).clone().requires_grad_(True)
    cam = _gradcam_by_hand(tiny, x, target, "layer3").detach()
    upsampled = F.interpolate(cam, size=(16, 16), mode="nearest")[0]
    guided = attribute(tiny, image, target, "guided_backprop").values
    ours = attribute(tiny, image, target, "guided_gradcam", dict(layer="layer3", interpolate_mode="nearest")).values
    np.testing.assert_allclose(ours, guided * upsampled.numpy(), rtol=1e-4, atol=1e-7)
    other = attribute(tiny, image, 0, "guided_gradcam", dict(layer="layer3", interpolate_mode="nearest")).values
    assert not np.allclose(ours, other)  # the target matters


def test_every_gradient_method_uses_the_target_it_is_given(tiny, image):
    x = image.unsqueeze(0).clone().requires_grad_(True)
    for target in (1, 2):
        (grad,) = torch.autograd.grad(tiny(x)[0, target], x)
        for method, params in (("saliency", {}), ("smoothgrad", dict(stdevs=0.0, nt_samples=2))):
            np.testing.assert_allclose(attribute(tiny, image, target, method, params).values, grad[0].numpy(),
                                       rtol=1e-5, atol=1e-7)
