import json
import math

import pytest
import torch

from resnet_viz.analyses.degradation import load_result, stored_run_path
from resnet_viz.analyses.degradation_models import (
    DEGRADATION_MODEL_NETS,
    degradation_data,
    degradation_model_metadata,
    load_degradation_model,
)
from resnet_viz.analyses.landscape import LossSurface, loss_and_error
from resnet_viz.analyses.lesion import BlockSite, LesionSweep, classification_error
from resnet_viz.analyses.paths import PathGradients
from resnet_viz.analyses.training import evaluate_loss
from resnet_viz.analyses.why_residual import (
    PAIRS,
    NetStudy,
    StudySettings,
    binomial_middle,
    lesion_summary,
    load_pair_model,
    load_shattered,
    load_study,
    pair_data,
    per_branch_factor,
    run_study,
    save_shattered,
    save_study,
    stored_study_path,
    surface_summary,
)


@pytest.mark.parametrize("label", DEGRADATION_MODEL_NETS)
def test_shipped_degradation_nets_reproduce_the_stored_runs_final_errors(label):
    """The weights are seed 0 of the stored long run: its JSON file and the weights' metadata agree with a fresh
    evaluation on the run's own training images."""
    model = load_degradation_model(label)
    train, test = degradation_data()
    error, loss = evaluate_loss(model, train)
    stored = load_result(stored_run_path("long", 0)).get(label)
    assert error == pytest.approx(stored.final_train_error, abs=1e-9)
    assert loss == pytest.approx(stored.final_train_loss, rel=1e-4)
    assert float(degradation_model_metadata(label)["final_train_error"]) == pytest.approx(error, abs=1e-6)
    assert classification_error(model, test.images, test.labels) == pytest.approx(stored.final_test_error)


def test_unknown_degradation_net_is_refused():
    with pytest.raises(KeyError, match="plain-110"):
        load_degradation_model("plain-110")


def test_every_pair_loads_a_plain_and_a_residual_net_of_its_depth():
    for key, pair in PAIRS.items():
        for residual in (False, True):
            model = load_pair_model(key, residual)
            assert (model.depth, model.residual) == (pair.depth, residual)
        data = pair_data(key, train_count=8, heldout_count=8)
        assert data["heldout_images"].shape[-1] == pair.image_size and len(data["train_labels"]) == 8


def test_pair_data_refuses_more_images_than_the_run_has():
    with pytest.raises(ValueError, match="512 held-out"):
        pair_data("20", heldout_count=513)


@pytest.mark.parametrize("pair", list(PAIRS))
def test_stored_studies_exist_and_hold_every_view(pair):
    studies, settings, source = load_study(pair)
    assert set(studies) == {"plain", "residual"} and "experiments/why_residual.py" in source
    for kind, study in studies.items():
        assert study.residual == (kind == "residual") and study.depth == PAIRS[pair].depth
        blocks = (study.depth - 2) // 2
        assert len(study.lesion.errors) == blocks and len(study.sites) == blocks
        assert [p.k for p in study.deletions] == list(range(1, (blocks - 2) // 2 + 1))
        assert all(len(p.errors) == settings.deletion_draws for p in study.deletions)
        assert len(study.reorders) == len(settings.reorder_swaps) * settings.reorder_draws
        assert study.paths.lengths == (list(range(blocks + 1)) if study.residual else [blocks])
        assert len(study.slice.losses[0]) == settings.slice_points
        assert len(study.surface.losses) == settings.surface_points == len(study.surface.losses[0])


def test_the_stored_20_layer_lesions_and_landscape_centre_reproduce():
    studies, settings, _ = load_study("20")
    data = pair_data("20", train_count=settings.train_count, heldout_count=settings.heldout_count)
    for kind in ("plain", "residual"):
        model = load_pair_model("20", kind == "residual")
        fresh = run_study(model, data, settings, label=kind, studies=("lesion",))
        assert fresh.lesion.errors == pytest.approx(studies[kind].lesion.errors)
        loss, _ = loss_and_error(model, data["train_images"], data["train_labels"])
        assert studies[kind].surface.center_loss == pytest.approx(loss, rel=1e-4)
        assert studies[kind].slice.center_loss == pytest.approx(loss, rel=1e-4)


def test_a_study_survives_saving_and_loading(tmp_path):
    model = load_pair_model("20", True)
    data = pair_data("20", train_count=16, heldout_count=32)
    settings = StudySettings(heldout_count=32, train_count=16, deletion_draws=1, reorder_swaps=(1,), reorder_draws=1,
                             path_images=4, path_draws=1, slice_points=3, surface_points=3)
    study = run_study(model, data, settings, label="ResNet-20")
    path = save_study("20", {"residual": study}, settings, "test", path=tmp_path / "s.json")
    loaded, loaded_settings, source = load_study("20", path=path)
    assert loaded["residual"] == study and loaded_settings == settings and source == "test"
    json.loads(path.read_text())  # plain JSON


def test_a_shattered_sweep_survives_saving_and_loading(tmp_path):
    from resnet_viz.analyses.shattered import ShatteredPoint

    points = [ShatteredPoint(8, False, (0.5, -1.25, 2.0), 0.25), ShatteredPoint(8, True, (1.0, 1.0, 1.0), math.nan)]
    path = save_shattered(points, 3, "test", path=tmp_path / "s.json")
    loaded, source = load_shattered(3, path=path)
    assert source == "test" and loaded[0] == points[0] and math.isnan(loaded[1].correlation)
    assert loaded[1].derivative == points[1].derivative and loaded[1].residual
    assert load_shattered(3, path=tmp_path / "missing.json") is None
    stored, _ = load_shattered(0)  # the page's stored default: both kinds at every depth
    assert sorted((p.depth, p.residual) for p in stored) == sorted(
        (d, r) for d in (8, 14, 20, 32, 44, 56, 110) for r in (False, True))


def test_unknown_study_is_refused():
    with pytest.raises(ValueError, match="unknown studies"):
        run_study(load_pair_model("20", True), pair_data("20", train_count=4, heldout_count=4), StudySettings(),
                  label="x", studies=("lesions",))


def _study(errors, downsamples, intact=0.1):
    sites = [BlockSite(f"b{i}", 1, i, i, d) for i, d in enumerate(downsamples)]
    return NetStudy("ResNet-x", True, 8, sites=sites, lesion=LesionSweep(sites, intact, errors))


def test_lesion_summary_by_hand():
    summary = lesion_summary(_study([0.2, 0.9, 0.4, 0.75, 0.3], [False, True, False, False, False]), chance=0.8)
    assert summary.median == 0.4 and summary.worst == 0.75 and summary.worst_block == "b3"
    assert summary.downsampling == (("b1", 0.9),)
    assert summary.near_chance == 2 and summary.blocks == 5  # 0.9 and 0.75 lie within 0.1 of 0.8
    assert (summary.top_block, summary.top_error, summary.top_downsamples) == ("b1", 0.9, True)
    assert lesion_summary(_study([0.1, 0.3], [False, False]), chance=0.8).median == pytest.approx(0.2)


def test_per_branch_factor_is_the_fitted_ratio():
    paths = PathGradients(3, True, [0, 1, 2, 3], [8.0, 4.0, 2.0, 1.0], [0.0] * 4, [1, 3, 3, 1])
    assert per_branch_factor(paths) == pytest.approx(0.5)
    paths = PathGradients(2, True, [0, 1, 2], [1.0, 3.0, 9.0], [0.0] * 3, [1, 2, 1])
    assert per_branch_factor(paths) == pytest.approx(3.0)
    with pytest.raises(ValueError):
        per_branch_factor(PathGradients(2, False, [2], [1.0], [0.0], [1]))


def test_binomial_middle_holds_half_the_paths():
    assert binomial_middle(4) == (1, 2)  # 4 + 6 = 10 of 16
    low, high = binomial_middle(27)
    held = sum(math.comb(27, k) for k in range(low, high + 1))
    assert held >= 2**26 and low <= 13 <= high and high - low <= 4


def test_surface_summary_by_hand():
    bowl = LossSurface([-1, 0, 1], [-1, 0, 1], [[2, 1, 2], [1, 0.5, 1], [2, 1, 2]], [[0] * 3] * 3)
    summary = surface_summary(bowl)
    assert summary.center == 0.5 and summary.edge == pytest.approx(1.5) and (summary.rough, summary.cells) == (0, 1)
    bump = LossSurface([-1, 0, 1], [-1, 0, 1], [[2, 1, 2], [1, 3, 1], [2, 1, 2]], [[0] * 3] * 3)
    assert surface_summary(bump).rough == 1


def test_stored_paths_are_sane():
    studies, _, _ = load_study("56")
    paths = studies["residual"].paths
    assert paths.counts == [math.comb(27, k) for k in range(28)]
    assert all(m > 0 for m in paths.magnitudes)
    low, high = paths.effective_range()
    assert low <= paths.peak <= high
    assert stored_study_path("56").name == "why_residual_56.json"
    assert torch.is_tensor(pair_data("56", train_count=2, heldout_count=2)["train_images"])
