import itertools

import pytest
import torch

from resnet_viz.analyses.paths import PathGradients, path_counts, path_gradient, path_gradients, route_blocks

from .test_lesion import images, trained_like


def test_path_counts_are_the_binomial_coefficients():
    assert path_counts(1) == [1, 1]
    assert path_counts(4) == [1, 4, 6, 4, 1]
    assert sum(path_counts(27)) == 2**27


def test_routing_leaves_the_forward_pass_unchanged():
    model = trained_like(14, True)
    x = model.stem(images())
    out = x
    for block in route_blocks(model, {0, 3, 5}):
        out = block(out)
    torch.testing.assert_close(model.head(out), model(images()), rtol=0, atol=0)


def test_the_gradients_of_all_paths_sum_to_the_whole_gradient():
    """relu(F(x) + s(x)) has Jacobian D (J_F + J_s); the product over blocks expands into one term per path."""
    model = trained_like(8, True)  # three blocks: eight paths
    x, labels = images(4), torch.tensor([0, 1, 2, 0])
    start = model.stem(x).detach().requires_grad_(True)
    loss = torch.nn.functional.cross_entropy(model.head(model.layer3(model.layer2(model.layer1(start)))), labels,
                                            reduction="sum")
    (whole,) = torch.autograd.grad(loss, start)
    paths = [path_gradient(model, x, labels, set(chosen))
             for k in range(4) for chosen in itertools.combinations(range(3), k)]
    assert len(paths) == 8
    torch.testing.assert_close(sum(paths), whole, rtol=1e-5, atol=1e-6)


def test_path_gradients_sample_every_length_and_count_its_paths():
    model = trained_like(14, True)  # six blocks
    result = path_gradients(model, images(4), torch.tensor([0, 1, 2, 0]), draws=2, seed=0)
    assert result.lengths == list(range(7)) and result.counts == [1, 6, 15, 20, 15, 6, 1]
    assert all(m > 0 for m in result.magnitudes)
    only = path_gradients(model, images(4), torch.tensor([0, 1, 2, 0]), lengths=[0], draws=3)
    expected = path_gradient(model, images(4), torch.tensor([0, 1, 2, 0]), set()).flatten(1).norm(dim=1).mean()
    assert only.magnitudes[0] == pytest.approx(float(expected))  # length 0: the one all-skip path
    assert only.spreads[0] == pytest.approx(0.0, abs=1e-6)


def test_a_plain_net_is_one_path_through_every_block():
    model = trained_like(14, False)
    result = path_gradients(model, images(4), torch.tensor([0, 1, 2, 0]))
    assert result.lengths == [6] and result.counts == [1] and not result.residual


def test_peak_and_effective_range_by_hand():
    result = PathGradients(blocks=4, residual=True, lengths=[0, 1, 2, 3, 4], magnitudes=[8.0, 4.0, 2.0, 1.0, 0.5],
                           spreads=[0.0] * 5, counts=[1, 4, 6, 4, 1])
    assert result.totals == [8.0, 16.0, 12.0, 4.0, 0.5]
    assert result.peak == 1
    # 90 % of 40.5 is 36.45: lengths 0-2 hold 36, so the shortest run is 0-3 (40); 80 % (32.4): 0-2; 30 %: 1 alone
    assert result.effective_range(0.9) == (0, 3)
    assert result.effective_range(0.8) == (0, 2)
    assert result.effective_range(0.3) == (1, 1)
