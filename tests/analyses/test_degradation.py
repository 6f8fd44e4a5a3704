import dataclasses
import time

import pytest

from resnet_viz.analyses.degradation import (
    DEFAULT_PRESET,
    IMAGENET_TOP1_ERROR,
    PRESETS,
    REFERENCE_RUN_PATH,
    STORED_SEEDS,
    DegradationJob,
    DegradationResult,
    NetResult,
    NetSpec,
    chance_error,
    claims,
    claims_over_seeds,
    depth_sweep,
    load_result,
    load_stored_runs,
    make_data,
    net_label,
    parse_net,
    run_experiment,
    save_result,
)
from resnet_viz.analyses.training import TrainingRecord
from resnet_viz.models import cifar_resnet

TINY = dataclasses.replace(PRESETS["cpu"], image_size=8, widths=(4, 8, 8), train_count=48, test_count=24,
                           epochs=2, batch_size=16, nets=("plain-8", "ResNet-8"))


def test_net_names_round_trip_and_bad_names_are_refused():
    assert parse_net("plain-56") == NetSpec(56, False) and parse_net("ResNet-20") == NetSpec(20, True)
    assert net_label(110, True) == "ResNet-110" and NetSpec(20, False).label == "plain-20"
    for bad in ("resnet-20", "plain-21", "plain", "ResNet-x", ""):
        with pytest.raises(ValueError):
            parse_net(bad)


def test_presets_are_valid_and_the_default_set_is_the_papers():
    assert PRESETS[DEFAULT_PRESET].nets == ("plain-20", "plain-56", "ResNet-20", "ResNet-56")
    assert PRESETS["paper"].widths == (16, 32, 64) and PRESETS["paper"].image_size == 32
    for preset in PRESETS.values():
        for label in preset.nets:
            parse_net(label)
        assert preset.steps == round(preset.epochs * -(-preset.train_count // preset.batch_size))
    # the narrow nets really are narrower: parameter count of plain-56 at the CPU widths
    narrow = cifar_resnet(56, widths=PRESETS["cpu"].widths, num_classes=6)
    assert sum(p.numel() for p in narrow.parameters()) < 853_018 / 3


def test_imagenet_table_is_the_papers():
    assert IMAGENET_TOP1_ERROR == {"plain-18": 27.94, "plain-34": 28.54, "ResNet-18": 27.88, "ResNet-34": 25.03}


def test_make_data_is_deterministic_and_train_differs_from_test():
    train, test = make_data(TINY, seed=3)
    again, _ = make_data(TINY, seed=3)
    assert len(train) == 48 and len(test) == 24 and train.images.shape[-1] == 8
    assert (train.images == again.images).all()
    assert not (train.images[:24] == test.images).all()


def test_run_experiment_trains_every_net_and_reports_consistent_errors():
    seen = []
    result = run_experiment(TINY, seed=0, records_per_epoch=2, on_record=lambda net, rec: seen.append(net.label))
    assert [n.label for n in result.nets] == ["plain-8", "ResNet-8"] and not result.stopped
    assert seen == ["plain-8"] * 6 + ["ResNet-8"] * 6
    for net in result.nets:
        assert [r.step for r in net.records] == [1, 2, 3, 4, 5, 6]  # 3 steps per epoch: 2 records/epoch -> every step
        assert 0 <= net.final_train_error <= 1
        # the last record's test error was evaluated on the final weights: it equals the final test error
        assert net.records[-1].test_error == pytest.approx(net.final_test_error)
        assert net.params == sum(p.numel() for p in cifar_resnet(8, widths=(4, 8, 8), num_classes=6).parameters())
    assert result.config["widths"] == (4, 8, 8)


def test_stopping_keeps_the_partial_result():
    calls = []

    def stop() -> bool:
        calls.append(1)
        return len(calls) > 3

    result = run_experiment(TINY, seed=0, should_stop=stop)
    assert result.stopped and len(result.nets) == 1 and result.nets[0].stopped
    assert result.nets[0].final_train_error is None and result.nets[0].records


def record(error: float) -> TrainingRecord:
    return TrainingRecord(epoch=1.0, step=1, lr=0.1, train_loss=1.0, train_error=error)


def fake(errors: dict[str, float]) -> DegradationResult:
    nets = []
    for label, error in errors.items():
        spec = parse_net(label)
        nets.append(NetResult(label, spec.depth, spec.residual, 1, [record(error)], final_train_error=error))
    return DegradationResult(preset="cpu", seed=0, nets=nets)


def test_claims():
    good = claims(fake({"plain-20": 0.10, "plain-56": 0.20, "ResNet-20": 0.08, "ResNet-56": 0.07}))
    assert (good.plain_degrades, good.residual_beats_plain, good.residual_deeper_not_worse) == (True, True, True)
    close = claims(fake({"plain-20": 0.10, "plain-56": 0.09, "ResNet-20": 0.05, "ResNet-56": 0.08}))
    assert (close.plain_degrades, close.residual_beats_plain, close.residual_deeper_not_worse) == (False, False, False)
    partial = claims(fake({"plain-20": 0.1}))
    assert partial.plain_degrades is None and partial.residual_beats_plain is None


def test_save_and_load_round_trip(tmp_path):
    result = fake({"plain-20": 0.1, "ResNet-20": 0.05})
    save_result(result, tmp_path / "run.json")
    loaded = load_result(tmp_path / "run.json")
    assert loaded.nets == result.nets and loaded.preset == "cpu"


def _stored_config(run) -> dict:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in run.config.items()}


def _preset_config(name: str) -> dict:
    preset = PRESETS[name]
    return dataclasses.asdict(preset) | {"widths": preset.widths, "nets": preset.nets, "classes": preset.classes}


def test_stored_live_preset_runs_match_the_preset_and_show_the_first_two_points():
    runs = load_stored_runs("cpu")
    assert [run.seed for run in runs] == list(STORED_SEEDS) and load_result(REFERENCE_RUN_PATH).seed == 0
    for run in runs:
        assert run.preset == "cpu" and not run.stopped
        assert _stored_config(run) == _preset_config("cpu")  # rerun the experiment after changing the preset
        assert [n.label for n in run.nets] == list(PRESETS["cpu"].nets)
        assert all(len(net.records) == 2 * PRESETS["cpu"].epochs for net in run.nets)
    counts = claims_over_seeds(runs)
    assert counts["plain_degrades"] == (3, 3) and counts["residual_beats_plain"] == (3, 3)


def test_stored_long_run_has_every_seed_and_depth_of_the_sweep():
    runs = load_stored_runs("long")
    assert [run.seed for run in runs] == list(STORED_SEEDS)
    for run in runs:
        assert _stored_config(run) == _preset_config("long") and not run.stopped
        assert sorted(n.label for n in run.nets) == sorted(PRESETS["long"].nets)
        for net in run.nets:
            assert net.records[-1].step == PRESETS["long"].steps and net.final_train_loss is not None
    sweep = depth_sweep(runs)
    assert [(p.residual, p.depth) for p in sweep] == [(r, d) for r in (False, True) for d in (20, 32, 44, 56)]
    assert all(p.seeds == STORED_SEEDS for p in sweep)


def test_depth_sweep_and_counts_over_seeds_by_hand():
    runs = [fake({"plain-20": 0.1, "plain-56": 0.3, "ResNet-20": 0.05, "ResNet-56": 0.04}),
            fake({"plain-20": 0.2, "plain-56": 0.1, "ResNet-20": 0.05, "ResNet-56": 0.06})]
    runs[1].seed = 1
    counts = claims_over_seeds(runs)
    assert counts == {"plain_degrades": (1, 2), "residual_beats_plain": (2, 2), "residual_deeper_not_worse": (1, 2)}
    plain20 = depth_sweep(runs)[0]
    assert (plain20.label, plain20.seeds, plain20.errors) == ("plain-20", (0, 1), (0.1, 0.2))
    assert plain20.mean_error == pytest.approx(0.15)
    assert chance_error(6) == pytest.approx(5 / 6)


def test_equal_residual_errors_are_decided_by_the_training_loss():
    run = fake({"ResNet-20": 0.0, "ResNet-56": 0.0})
    run.get("ResNet-20").final_train_loss, run.get("ResNet-56").final_train_loss = 0.02, 0.01
    assert claims(run).residual_deeper_not_worse is True
    run.get("ResNet-56").final_train_loss = 0.03
    assert claims(run).residual_deeper_not_worse is False


def test_background_job_finishes_and_can_be_stopped():
    job = DegradationJob(TINY, seed=0).start()
    deadline = time.time() + 120
    while job.running and time.time() < deadline:
        time.sleep(0.1)
    assert job.done and job.error is None and job.progress() == 1.0
    snap = job.snapshot()
    assert [n.label for n in snap.nets] == ["plain-8", "ResNet-8"] and not snap.stopped
    stopped = DegradationJob(dataclasses.replace(TINY, epochs=50), seed=0).start()
    stopped.stop()
    while stopped.running and time.time() < deadline:
        time.sleep(0.1)
    assert stopped.snapshot().stopped and stopped.progress() < 1.0


def test_job_refuses_unknown_nets():
    with pytest.raises(ValueError):
        DegradationJob(TINY, nets=("plain-9",))


def test_a_failing_job_keeps_the_error_for_the_page(monkeypatch, caplog):
    """The job never raises into its thread: the page gets the exception itself (to word it) and the log the
    traceback."""
    def broken(*args, **kwargs):
        raise RuntimeError("out of memory in a detail only developers need")

    monkeypatch.setattr("resnet_viz.analyses.degradation.run_experiment", broken)
    job = DegradationJob(TINY, seed=0).start()
    deadline = time.time() + 60
    while job.running and time.time() < deadline:
        time.sleep(0.05)
    assert job.done and isinstance(job.error, RuntimeError)
    assert "degradation run failed" in caplog.text
