"""The worked block's run, inputs and weight presets, checked against torch's functional ops."""

import io

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PIL import Image

from resnet_viz.analyses.block import (
    image_input,
    pattern_input,
    run_worked,
    stage_specs,
    upload_input,
)
from resnet_viz.analyses.block_weights import (
    KERNEL_LIMIT,
    PRESETS,
    KernelEdit,
    apply_edits,
    preset_weights,
    validate_kernel,
)
from resnet_viz.data import ImageError


def tensors(weights, name):
    return torch.from_numpy(weights[name].weight), torch.from_numpy(weights[name].bias)


@pytest.fixture(scope="module")
def x():
    return torch.rand(3, 12, 12, generator=torch.Generator().manual_seed(3))


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_article_order_run_equals_functional_reference(x, preset):
    weights = preset_weights(preset, seed=5)
    run = run_worked(x, weights, order="article", branch_scale=0.5)
    w1, b1 = tensors(weights, "conv1")
    w2, b2 = tensors(weights, "conv2")
    y1 = F.relu(F.conv2d(x[None], w1, b1, padding=1))
    y2 = F.relu(F.conv2d(y1, w2, b2, padding=1))
    expected = {"x": x[None], "conv1": F.conv2d(x[None], w1, b1, padding=1), "relu1": y1, "relu2": y2,
                "F(x)": 0.5 * y2, "x + F(x)": x[None] + 0.5 * y2, "out": F.relu(x[None] + 0.5 * y2)}
    for key, value in expected.items():
        np.testing.assert_allclose(run.tensors[key], value[0].numpy(), atol=1e-5, err_msg=key)
    assert run.keys == tuple(s.key for s in stage_specs("article"))
    np.testing.assert_array_equal(run.conv["conv1"].bias, weights["conv1"].bias)


def test_stage_labels_are_unique():
    # the step slider maps its value back through the labels: two stages called "ReLU" would collide
    for order in ("article", "paper"):
        labels = [stage.label for stage in stage_specs(order)]
        assert len(set(labels)) == len(labels)


def test_paper_order_run_normalises_with_this_images_statistics(x):
    weights = preset_weights("he", seed=2)
    run = run_worked(x, weights, order="paper")
    w1, _ = tensors(weights, "conv1")
    w2, _ = tensors(weights, "conv2")
    h1 = F.conv2d(x[None], w1, padding=1)  # no bias in the paper's order
    bn1 = F.batch_norm(h1, None, None, training=True)
    h2 = F.conv2d(F.relu(bn1), w2, padding=1)
    bn2 = F.batch_norm(h2, None, None, training=True)
    np.testing.assert_allclose(run.tensors["bn1"], bn1[0].numpy(), atol=1e-4)
    np.testing.assert_allclose(run.tensors["F(x)"], bn2[0].numpy(), atol=1e-4)
    np.testing.assert_allclose(run.tensors["out"], F.relu(x[None] + bn2)[0].numpy(), atol=1e-4)
    # BN makes every channel of bn1 mean 0, variance 1 (up to eps)
    assert np.allclose(run.tensors["bn1"].mean(axis=(1, 2)), 0, atol=1e-5)
    assert np.allclose(run.tensors["bn1"].var(axis=(1, 2)), 1, atol=1e-3)
    np.testing.assert_array_equal(run.conv["conv1"].bias, np.zeros(3))
    np.testing.assert_allclose(run.bn["bn1"].mean, h1.mean(dim=(0, 2, 3)).numpy(), atol=1e-6)


def test_fresh_bn_only_divides_by_sqrt_one_plus_eps(x):
    run = run_worked(x, preset_weights("identity"), order="paper", bn_mode="fresh")
    np.testing.assert_allclose(run.tensors["bn1"], x.numpy() / np.sqrt(1 + 1e-5), rtol=1e-6)


def test_run_rejects_bad_settings(x):
    weights = preset_weights("he")
    with pytest.raises(ValueError, match="branch_scale"):
        run_worked(x, weights, branch_scale=1.5)
    with pytest.raises(ValueError, match="bn_mode"):
        run_worked(x, weights, bn_mode="nope")
    with pytest.raises(ValueError, match="order"):
        run_worked(x, weights, order="sideways")
    with pytest.raises(ValueError, match="one image"):
        run_worked(torch.rand(2, 3, 4, 4), weights)


def test_identity_preset_copies_and_edges_preset_are_sobel_and_laplacian():
    identity = preset_weights("identity")["conv1"].weight
    x = torch.rand(1, 3, 5, 5)
    assert torch.equal(F.conv2d(x, torch.from_numpy(identity), padding=1), x)
    edges = preset_weights("edges")
    sobel_x = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]) / 3
    np.testing.assert_allclose(edges["conv1"].weight[0, 2], sobel_x, rtol=1e-6)
    np.testing.assert_allclose(edges["conv1"].weight[1, 0], sobel_x.T, rtol=1e-6)
    np.testing.assert_allclose(edges["conv1"].weight[2, 1], np.array([[0, -1, 0], [-1, 4, -1], [0, -1, 0]]) / 3)
    np.testing.assert_array_equal(edges["conv2"].weight, identity)
    # a unit ramp rising to the right: Sobel x gives (1 + 2 + 1) * 2 = 8; each channel contributes a third
    ramp = torch.arange(6.0).repeat(3, 6, 1)[None]
    out = F.conv2d(ramp, torch.from_numpy(edges["conv1"].weight), padding=1)
    assert torch.allclose(out[0, 0, 1:-1, 1:-1], torch.full((4, 4), 8.0))


def test_random_presets_are_deterministic_under_the_seed():
    he_a, he_b, he_c = preset_weights("he", 4), preset_weights("he", 4), preset_weights("he", 5)
    np.testing.assert_array_equal(he_a["conv2"].weight, he_b["conv2"].weight)
    assert not np.array_equal(he_a["conv2"].weight, he_c["conv2"].weight)
    assert not np.any(he_a["conv1"].bias)
    big = np.concatenate([preset_weights("he", s)["conv1"].weight.ravel() for s in range(40)])
    assert abs(big.std() - np.sqrt(2 / 27)) < 0.02  # He: std = sqrt(2 / (3 * 3 * 3))
    rnd = preset_weights("random", 4)
    assert np.abs(rnd["conv1"].weight).max() <= 1 / np.sqrt(27) and np.any(rnd["conv1"].bias)
    np.testing.assert_array_equal(rnd["conv1"].bias, preset_weights("random", 4)["conv1"].bias)
    with pytest.raises(ValueError, match="unknown preset"):
        preset_weights("sharpen")


def test_kernel_validation_and_edits():
    kernel = validate_kernel([[0, 1, 0], [1, -4, 1], [0, 1, 0]])
    assert kernel.dtype == np.float32 and kernel[1, 1] == -4
    for bad, message, code in (([[1, 2], [3, 4]], "3 × 3", "shape"),
                               ([[np.nan] * 3] * 3, "finite", "finite"),
                               ([[KERNEL_LIMIT + 1] * 3] * 3, "between", "limit"),
                               ([["a"] * 3] * 3, "number", "number")):
        with pytest.raises(ValueError, match=message) as refused:
            validate_kernel(bad)
        assert refused.value.code == code  # pages say it in their own words, by the code
    assert validate_kernel([[KERNEL_LIMIT] * 3] * 3).max() == KERNEL_LIMIT  # the limit itself is allowed
    with pytest.raises(ValueError) as refused:
        validate_kernel([[1, 2], [3, 4]])
    assert refused.value.params == {"shape": "2 × 2"}
    base = preset_weights("identity")
    edited = apply_edits(base, [KernelEdit("conv2", 1, 0, ((1, 2, 3), (4, 5, 6), (7, 8, 9)))])
    np.testing.assert_array_equal(edited["conv2"].weight[1, 0], np.arange(1, 10).reshape(3, 3))
    assert base["conv2"].weight[1, 0].sum() == 0  # the preset itself is untouched
    np.testing.assert_array_equal(edited["conv1"].weight, base["conv1"].weight)
    with pytest.raises(ValueError, match="outside"):
        apply_edits(base, [KernelEdit("conv1", 3, 0, ((0,) * 3,) * 3)])


def test_inputs_are_square_crops_in_unit_range():
    image = Image.fromarray(np.tile(np.arange(100, dtype=np.uint8), (50, 1))[..., None].repeat(3, axis=2))
    x = image_input(image)
    assert x.shape == (3, 64, 64) and 0 <= float(x.min()) and float(x.max()) <= 1
    # the centre square of a 100-wide ramp covers columns 25..74
    assert abs(float(x[0, 0, 0]) * 255 - 25) < 2 and abs(float(x[0, 0, -1]) * 255 - 74) < 2
    pattern = pattern_input(3)
    assert pattern.shape == (3, 64, 64) and torch.equal(pattern, pattern_input(3))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    assert torch.allclose(upload_input(buffer.getvalue()), x)
    with pytest.raises(ImageError, match="not an image"):
        upload_input(b"this is not a picture at all")
    with pytest.raises(ImageError, match="empty"):
        upload_input(b"")


def test_kernel_edits_round_trip_through_link_text_and_bad_text_is_refused():
    from resnet_viz.analyses.block_weights import decode_edits, encode_edits

    edits = {("conv2", 2, 1): ((0.1, -0.25, 0.0), (1.5, 2.0, -3.0), (0.3, 0.0, 9.75)),
             ("conv1", 0, 0): ((0.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 0.0))}
    text = encode_edits(edits)
    assert text == "conv1.0.0:0,0,0,0,1,0,0,0,0;conv2.2.1:0.1,-0.25,0,1.5,2,-3,0.3,0,9.75"  # sorted, shortest
    decoded = decode_edits(text)
    assert decoded.keys() == edits.keys()
    for key, kernel in edits.items():
        np.testing.assert_allclose(decoded[key], kernel, rtol=1e-7)
    assert decode_edits("") == {}
    for bad in ("conv3.0.0:0,0,0,0,1,0,0,0,0", "conv1.3.0:0,0,0,0,1,0,0,0,0", "conv1.0.-1:0,0,0,0,1,0,0,0,0",
                "conv1.0.0:0,0,0", "conv1.0.0:0,0,0,0,x,0,0,0,0", "conv1.0.0:0,0,0,0,10.5,0,0,0,0", "conv1:1"):
        with pytest.raises(ValueError):
            decode_edits(bad)
    assert decode_edits("conv1.0.0:0,0,0,0,10,0,0,0,-10")[("conv1", 0, 0)][1][1] == 10.0  # the limit itself is fine
