import pytest
import torch

from resnet_viz.analyses.lesion import (
    block_sites,
    classification_error,
    kendall_tau,
    lesioned,
    random_deletions,
    random_reorders,
    single_block_lesions,
    with_blocks,
)
from resnet_viz.models.cifar import cifar_resnet

WIDTHS = (4, 8, 16)


def trained_like(depth: int, residual: bool, seed: int = 0):
    """A small net with non-trivial batch-norm statistics, so deleting a block changes the output."""
    model = cifar_resnet(depth, residual=residual, widths=WIDTHS, num_classes=3, seed=seed)
    generator = torch.Generator().manual_seed(seed)
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.running_mean.copy_(0.1 * torch.randn(module.num_features, generator=generator))
            module.running_var.copy_(0.5 + torch.rand(module.num_features, generator=generator))
            module.weight.data.copy_(0.5 + torch.rand(module.num_features, generator=generator))
            module.bias.data.copy_(0.1 * torch.randn(module.num_features, generator=generator))
    return model.eval()


def images(count: int = 6, seed: int = 1) -> torch.Tensor:
    return torch.randn(count, 3, 8, 8, generator=torch.Generator().manual_seed(seed))


def test_block_sites_name_stage_position_and_the_downsampling_blocks():
    sites = block_sites(cifar_resnet(20, widths=WIDTHS))
    assert [s.name for s in sites[:4]] == ["layer1.0", "layer1.1", "layer1.2", "layer2.0"]
    assert [s.position for s in sites] == list(range(9))
    assert [s.name for s in sites if s.downsamples] == ["layer2.0", "layer3.0"]


@pytest.mark.parametrize("residual", [True, False])
@pytest.mark.parametrize("kept", [(0, 1), (0, 2), (1, 2)])
def test_a_net_with_blocks_deleted_equals_the_net_built_without_them(residual, kept):
    """ResNet-20 (three blocks a stage) less one same-shaped block per stage is a 14-layer net (two a stage)
    holding the kept blocks' weights. The first block of stages 2 and 3 downsamples, so it is always kept there."""
    big = trained_like(20, residual)
    small = cifar_resnet(14, residual=residual, widths=WIDTHS, num_classes=3).eval()
    state = {}
    for name, value in big.state_dict().items():
        parts = name.split(".")
        if parts[0] in ("layer1", "layer2", "layer3"):
            stage_kept = kept if parts[0] == "layer1" else (0, 2)
            if int(parts[1]) not in stage_kept:
                continue
            parts[1] = str(stage_kept.index(int(parts[1])))
        state[".".join(parts)] = value
    small.load_state_dict(state, strict=True)
    deleted = [f"layer1.{i}" for i in range(3) if i not in kept] + ["layer2.1", "layer3.1"]
    x = images()
    torch.testing.assert_close(lesioned(big, deleted)(x), small(x), rtol=0, atol=1e-6)
    assert not torch.allclose(big(x), small(x))  # the deletion did something


def test_deleting_a_downsampling_residual_block_keeps_its_shortcut():
    model = trained_like(8, True)  # one block a stage
    x = torch.relu(torch.randn(2, 4, 8, 8))
    kept = lesioned(model, ["layer2.0"]).layer2[0]
    expected = torch.zeros(2, 8, 4, 4)
    expected[:, 2:6] = x[:, :, ::2, ::2]  # option A: subsample, pad 2 zero channels before and 2 after
    torch.testing.assert_close(kept(x), expected)


def test_deleting_a_downsampling_plain_block_leaves_the_same_subsample_and_pad():
    model = trained_like(8, False)
    x = torch.relu(torch.randn(2, 4, 8, 8))
    torch.testing.assert_close(lesioned(model, ["layer2.0"]).layer2[0](x),
                               lesioned(trained_like(8, True), ["layer2.0"]).layer2[0](x))


def test_lesioning_leaves_the_original_model_alone():
    model = trained_like(20, True)
    x = images()
    before = model(x)
    lesioned(model, ["layer1.1", "layer3.0"])(x)
    torch.testing.assert_close(model(x), before, rtol=0, atol=0)
    assert len(model.layer1) == 3 and type(model.layer1[1]).__name__ == "BasicBlock"


def test_unknown_block_names_are_refused():
    with pytest.raises(ValueError, match="layer4.0"):
        lesioned(cifar_resnet(8, widths=WIDTHS), ["layer4.0"])


@pytest.mark.parametrize("residual", [True, False])
def test_single_block_sweep_equals_lesioning_each_block_separately(residual):
    model = trained_like(14, residual)
    x = images(40)
    labels = model(x).argmax(1)  # the intact net is right on every image
    labels[:5] = (labels[:5] + 1) % 3  # ... but five
    calls = []
    sweep = single_block_lesions(model, x, labels, batch_size=16, on_progress=lambda d, t: calls.append((d, t)))
    assert sweep.intact_error == pytest.approx(5 / 40)
    expected = [classification_error(lesioned(model, [site.name]), x, labels) for site in sweep.sites]
    assert sweep.errors == pytest.approx(expected)
    assert calls[-1] == (3 * 6, 3 * 6)  # three batches of six blocks


def test_classification_error_counts_wrong_images():
    model = trained_like(8, True)
    x = images(10)
    labels = model(x).argmax(1)
    assert classification_error(model, x, labels) == 0.0
    assert classification_error(model, x, (labels + 1) % 3, batch_size=3) == 1.0


@pytest.mark.parametrize(("order", "tau"), [((0, 1, 2), 1.0), ((2, 1, 0), -1.0), ((1, 0, 2), 1 / 3),
                                            ((0, 1, 3, 2), 2 / 3), ((5,), 1.0)])
def test_kendall_tau_by_hand(order, tau):
    assert kendall_tau(order) == pytest.approx(tau)


def test_kendall_tau_matches_scipy():
    stats = pytest.importorskip("scipy.stats")
    generator = torch.Generator().manual_seed(3)
    for _ in range(5):
        order = torch.randperm(12, generator=generator).tolist()
        assert kendall_tau(order) == pytest.approx(stats.kendalltau(range(12), order).statistic)


def test_random_deletions_draw_k_distinct_same_shaped_blocks():
    model = trained_like(20, True)
    x = images(12)
    labels = model(x).argmax(1)
    points = random_deletions(model, x, labels, ks=[0, 1, 7], draws=3, seed=4)
    assert [p.k for p in points] == [0, 1, 7]
    assert points[0].errors == [0.0, 0.0, 0.0]  # nothing deleted: the intact net
    assert all(0 <= e <= 1 for p in points for e in p.errors) and len(points[2].errors) == 3
    assert random_deletions(model, x, labels, ks=[1, 7], draws=3, seed=4)[1].errors == points[2].errors  # seeded
    with pytest.raises(ValueError, match="between 0 and 7"):
        random_deletions(model, x, labels, ks=[8])


def test_reorders_keep_downsampling_blocks_in_place_and_report_tau():
    model = trained_like(20, True)
    x = images(12)
    labels = model(x).argmax(1)
    points = random_reorders(model, x, labels, swaps=[0, 2], draws=2, seed=1)
    assert points[0].order == tuple(range(9)) and points[0].tau == 1.0 and points[0].error == 0.0
    for point in points:
        assert point.order[3] == 3 and point.order[6] == 6  # layer2.0 and layer3.0
        assert sorted(point.order) == list(range(9))
        assert {point.order[i] // 3 for i in range(9) if i // 3 == 0} <= {0}  # blocks stay in their stage
        assert point.tau == pytest.approx(kendall_tau(point.order))
    stages = [[model.layer1[i] for i in (1, 0, 2)], list(model.layer2), list(model.layer3)]
    swapped = with_blocks(model, stages)
    assert swapped.layer1[0] is model.layer1[1]
