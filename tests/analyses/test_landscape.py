import pytest
import torch

from resnet_viz.analyses.landscape import filter_normalized_direction, grid, loss_and_error, loss_surface

from .test_lesion import images, trained_like


def test_each_filter_of_the_direction_has_its_weight_filters_norm_and_bn_and_biases_are_zero():
    model = trained_like(14, True)
    direction = filter_normalized_direction(model, seed=3)
    assert set(direction) == {name for name, _ in model.named_parameters()}
    for name, weight in model.named_parameters():
        d = direction[name]
        if weight.dim() <= 1:  # batch norm's scale and shift, fc's bias
            assert torch.count_nonzero(d) == 0, name
        else:  # conv filters (out, in, 3, 3) and fc rows (classes, features)
            torch.testing.assert_close(d.flatten(1).norm(dim=1), weight.detach().flatten(1).norm(dim=1),
                                       rtol=0, atol=1e-6)
    assert "fc.bias" in direction and "bn1.weight" in direction


def test_directions_are_seeded_and_differ_between_seeds():
    model = trained_like(8, False)
    a, b, c = (filter_normalized_direction(model, seed=s) for s in (1, 1, 2))
    assert torch.equal(a["conv1.weight"], b["conv1.weight"])
    assert not torch.equal(a["conv1.weight"], c["conv1.weight"])


def test_grid_is_symmetric_and_holds_zero():
    assert grid(1.0, 5) == [-1.0, -0.5, 0.0, 0.5, 1.0]
    with pytest.raises(ValueError):
        grid(1.0, 1)


@pytest.mark.parametrize("residual", [True, False])
def test_the_surface_at_the_origin_is_the_models_loss_and_the_weights_come_back(residual):
    model = trained_like(14, residual)
    x, labels = images(16), torch.tensor([0, 1, 2, 0] * 4)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    loss, error = loss_and_error(model, x, labels)
    expected = float(torch.nn.functional.cross_entropy(model(x), labels))
    assert loss == pytest.approx(expected, rel=1e-5)
    surface = loss_surface(model, x, labels, xs=grid(1.0, 3), ys=grid(1.0, 3), batch_size=5)
    assert len(surface.losses) == 3 and len(surface.losses[0]) == 3
    assert surface.losses[1][1] == pytest.approx(expected, rel=1e-5) and surface.center_loss == surface.losses[1][1]
    assert surface.errors[1][1] == error
    assert surface.losses[0][0] != pytest.approx(expected)  # moving changes the loss
    for key, value in model.state_dict().items():
        assert torch.equal(value, before[key]), key


def test_a_point_of_the_surface_is_the_model_moved_by_hand():
    model = trained_like(8, True)
    x, labels = images(8), torch.tensor([0, 1, 2, 0, 1, 2, 0, 1])
    d1, d2 = filter_normalized_direction(model, seed=0), filter_normalized_direction(model, seed=1)
    moved = trained_like(8, True)
    with torch.no_grad():
        for name, p in moved.named_parameters():
            p.add_(0.5 * d1[name] - 0.25 * d2[name])
    expected = float(torch.nn.functional.cross_entropy(moved(x), labels))
    surface = loss_surface(model, x, labels, xs=[0.5], ys=[-0.25], seed=0)
    assert surface.losses[0][0] == pytest.approx(expected, rel=1e-5)


def test_a_one_dimensional_slice_has_one_row():
    model = trained_like(8, True)
    calls = []
    surface = loss_surface(model, images(4), torch.tensor([0, 1, 2, 0]), xs=grid(0.5, 5),
                           on_progress=lambda d, t: calls.append((d, t)))
    assert surface.ys == [] and len(surface.losses) == 1 and len(surface.losses[0]) == 5
    assert calls[-1] == (5, 5)
