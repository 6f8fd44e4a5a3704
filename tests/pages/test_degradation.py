"""The degradation page in AppTest: the stored answer, a live run that is cached for everyone, stop, bad input."""

import time

from streamlit.testing.v1 import AppTest

from resnet_viz.analyses.degradation import (
    IMAGENET_TOP1_ERROR,
    REFERENCE_RUN_PATH,
    claims_over_seeds,
    depth_sweep,
    load_result,
    load_stored_runs,
)
from tests.pages.apptest import assert_clean, open_page
from tests.pages.apptest import open_link as _open_link

STATE = {"settings_device": "cpu", "settings_seed": 0}


def texts(at, kind: str) -> str:
    return " ".join(e.value for e in getattr(at, kind))


def wait_for(at, done, seconds: float = 240):
    deadline = time.time() + seconds
    while not done(at):
        assert time.time() < deadline, "timed out waiting for the page"
        time.sleep(0.5)
        at.run()
        assert_clean(at)
    return at


def test_default_view_opens_on_the_stored_long_run_with_every_number_from_its_files():
    at = open_page("degradation", STATE)
    assert at.title[0].value == "The degradation problem"
    assert at.subheader[0].value == "The measured answer: a stored, longer run"
    runs = load_stored_runs("long")
    assert len(runs) == 3
    seeds = at.dataframe[0].value
    assert seeds["seed"].tolist() == [run.seed for run in runs]
    for label in ("plain-20", "plain-56", "ResNet-20", "ResNet-56"):
        assert seeds[label].tolist() == [f"{100 * run.get(label).final_train_error:.2f}% "
                                         f"(loss {run.get(label).final_train_loss:.4f})" for run in runs]
    body = texts(at, "markdown")
    for name, text in (("plain_degrades", "plain-56 ends with a **higher** training error"),
                       ("residual_beats_plain", "ResNet-56 ends **clearly below** plain-56"),
                       ("residual_deeper_not_worse", "ResNet-56 ends at or below ResNet-20")):
        held, total = claims_over_seeds(runs)[name]
        assert f"{text}" in body and f"Holds for **{held} of {total}** seeds." in body
    for point in depth_sweep(runs):
        assert f"{100 * point.mean_error:.2f}%" in body and f"{point.mean_loss:.4f}" in body
    assert at.radio(key="deg_stored_seed").options == [str(run.seed) for run in runs]
    assert "chance level, 83.3% for 6 classes" in texts(at, "caption")
    # the live preset: its stored seeds' points, and seed 0's curves and table below the controls
    live = claims_over_seeds(load_stored_runs("cpu"))
    info = texts(at, "info")
    assert (f"held for {live['plain_degrades'][0]}, {live['residual_beats_plain'][0]} and "
            f"{live['residual_deeper_not_worse'][0]} of 3 seeds") in info
    reference = load_result(REFERENCE_RUN_PATH)
    table = at.dataframe[2].value
    assert table["net"].tolist() == ["plain-20", "plain-56", "ResNet-20", "ResNet-56"]
    assert table["final training error"].tolist() == [f"{100 * n.final_train_error:.1f}%" for n in reference.nets]
    assert table["final test error"].tolist() == [f"{100 * n.final_test_error:.1f}%" for n in reference.nets]
    imagenet = at.dataframe[1].value
    assert imagenet["plain"].tolist() == [f"{IMAGENET_TOP1_ERROR['plain-18']:.2f}", "28.54"]
    assert imagenet["ResNet"].tolist() == ["27.88", "25.03"]
    assert len(at.get("plotly_chart")) == 10  # the error curves and the depth sweep in two panels each
    assert at.radio(key="deg_schedule").value == "step"
    assert at.button(key="deg_run").label.startswith("Run (4 nets, about ")


def test_choosing_another_stored_seed_redraws_its_curves():
    at = open_page("degradation", {**STATE, "deg_stored_seed": 2})
    assert at.radio(key="deg_stored_seed").value == 2
    at.radio(key="deg_stored_seed").set_value(1).run()
    assert_clean(at)
    assert at.session_state["deg_stored_seed"] == 1


def test_cifar_presets_say_what_they_need_and_keep_the_shapes_working(tmp_path, monkeypatch):
    monkeypatch.setenv("RESNET_VIZ_DATA", str(tmp_path / "empty"))
    at = open_page("degradation", {**STATE, "deg_preset": "cifar10-cpu"})
    assert "not on this machine" in texts(at, "warning") and str(tmp_path / "empty") in texts(at, "warning")
    assert at.button(key="deg_run").disabled
    assert at.button(key="deg_cifar_download").label == "Download CIFAR-10"
    from tests.data.test_cifar10 import write_fake_cifar

    write_fake_cifar(tmp_path / "fake", monkeypatch)
    monkeypatch.setenv("RESNET_VIZ_DATA", str(tmp_path / "fake"))
    ready = open_page("degradation", {**STATE, "deg_preset": "cifar10-cpu"})
    assert "on this machine and intact" in texts(ready, "caption")
    assert not ready.button(key="deg_run").disabled
    batch = tmp_path / "fake" / "cifar-10-batches-py" / "data_batch_2"
    batch.write_bytes(batch.read_bytes()[:10])
    damaged = open_page("degradation", {**STATE, "deg_preset": "cifar10-cpu"})
    assert "incomplete or damaged" in texts(damaged, "warning")
    assert damaged.button(key="deg_cifar_download").label == "Download CIFAR-10 again"
    assert damaged.button(key="deg_run").disabled
    shapes = open_page("degradation", STATE)
    assert not shapes.button(key="deg_run").disabled and not [b for b in shapes.button if b.key == "deg_cifar_download"]


def test_a_failed_download_says_so_and_the_page_keeps_working(tmp_path, monkeypatch):
    import resnet_viz.data.cifar as cifar

    monkeypatch.setenv("RESNET_VIZ_DATA", str(tmp_path / "empty"))
    real = cifar.download_cifar10
    # the page looks the function up at every run, so the patched one (a missing file, not the network) is used
    monkeypatch.setattr(cifar, "download_cifar10", lambda root, **kw: real(root, url=(tmp_path / "no").as_uri(), **kw))

    at = open_page("degradation", {**STATE, "deg_preset": "cifar10-cpu"})
    at.button(key="deg_cifar_download").click().run()
    assert_clean(at)
    assert "did not succeed" in texts(at, "error")
    assert at.button(key="deg_run").disabled


def test_a_live_run_finishes_and_is_cached_for_everyone():
    state = {**STATE, "deg_nets": ["plain-20"], "deg_epochs": 1}
    at = open_page("degradation", state)
    at.button(key="deg_run").click().run()
    assert_clean(at)
    wait_for(at, lambda at: "Finished in" in texts(at, "success"))
    table = at.dataframe[-1].value
    assert table["net"].tolist() == ["plain-20"] and table["final training error"][0].endswith("%")
    # a second browser session asking for the same settings gets the finished run at once, without a Run button
    other = open_page("degradation", state)
    assert "Finished in" in texts(other, "success")
    assert other.dataframe[-1].value.equals(table)
    assert not [b for b in other.button if b.key == "deg_run"]


def test_stop_keeps_the_partial_result():
    state = {**STATE, "deg_nets": ["ResNet-56"], "deg_epochs": 40}
    at = open_page("degradation", state)
    at.button(key="deg_run").click().run()
    wait_for(at, lambda at: len(at.get("plotly_chart")) >= 6 and "epoch" in " ".join(
        p.proto.text for p in at.get("progress")))
    at.button(key="deg_stop").click().run()
    wait_for(at, lambda at: "This run was stopped" in texts(at, "warning"))
    assert any(b.key == "deg_rerun" for b in at.button)
    assert len(at.get("plotly_chart")) >= 6  # the stored run's three, the ImageNet table, the partial curves


def test_a_second_run_waits_in_the_queue_and_can_leave_it():
    """One training at a time: a student asking for other settings while one trains is told how many runs are
    ahead, not started beside it; leaving the queue brings the Run button back."""
    first = open_page("degradation", {**STATE, "deg_nets": ["ResNet-56"], "deg_epochs": 39})  # a key of its own
    first.button(key="deg_run").click().run()
    wait_for(first, lambda at: any(b.key == "deg_stop" for b in at.button))
    second = open_page("degradation", {**STATE, "deg_nets": ["plain-56"], "deg_epochs": 39})
    second.button(key="deg_run").click().run()
    assert_clean(second)
    assert "Waiting in the queue: **1** ahead of you" in texts(second, "info")
    assert not [b for b in second.button if b.key in ("deg_run", "deg_stop")]
    second.button(key="deg_leave").click().run()
    assert "Waiting in the queue" not in texts(second, "info")
    assert any(b.key == "deg_run" for b in second.button)
    first.button(key="deg_stop").click().run()
    wait_for(first, lambda at: "This run was stopped" in texts(at, "warning"))


def test_bad_settings_are_cleaned_and_the_gpu_preset_is_not_run_on_a_cpu():
    at = open_page("degradation", {**STATE, "deg_preset": "bogus", "deg_nets": "x", "deg_epochs": 10_000})
    assert at.session_state["deg_preset"] == "cpu" and at.session_state["deg_epochs"] == 60
    assert at.session_state["deg_nets"] == "plain-20,plain-56,ResNet-20,ResNet-56"
    assert at.multiselect(key="deg_nets_pick").value == ["plain-20", "plain-56", "ResNet-20", "ResNet-56"]
    paper = open_page("degradation", {**STATE, "deg_preset": "paper"})
    assert paper.button(key="deg_run").disabled and "meant for a GPU" in texts(paper, "warning")
    empty = open_page("degradation", {**STATE, "deg_nets": []})
    assert "Choose at least one net" in texts(empty, "warning")


def test_page_renders_in_chinese():
    at = open_page("degradation", {**STATE, "lang": "zh"})
    assert at.title[0].value == "退化问题"
    assert at.subheader[0].value == "实测结果：一次存储的、更长的训练"
    nets = ["普通网络-20", "普通网络-56", "ResNet-20", "ResNet-56"]
    assert at.dataframe[0].value.columns.tolist() == ["随机种子", *nets]
    table = at.dataframe[2].value
    assert table["网络"].tolist() == ["普通网络-20", "普通网络-56", "ResNet-20", "ResNet-56"]
    assert "退化问题" in texts(at, "markdown") and len(at.get("plotly_chart")) == 10
    assert at.button(key="deg_run").label.startswith("运行（4 个网络")


def open_link(query: dict) -> AppTest:
    return _open_link("degradation", {"settings_device": "cpu", "settings_seed": "0", **query})


def test_preset_link_sets_every_widget_and_refuses_bad_values():
    at = open_link({"deg_preset": "paper", "deg_nets": "ResNet-20,plain-20", "deg_epochs": "999"})
    assert at.selectbox(key="deg_preset").value == "paper"
    assert at.multiselect(key="deg_nets_pick").value == ["ResNet-20", "plain-20"]
    assert at.number_input(key="deg_epochs").value == 30  # refused: the paper preset's default
    assert "'999'" in texts(at, "warning")
    assert at.button(key="deg_run").label.startswith("Run (2 nets, about ")
    assert at.button(key="deg_run").disabled  # the GPU preset on a CPU


def test_bad_net_list_in_the_link_falls_back():
    at = open_link({"deg_nets": "plain-20,plain-7", "deg_epochs": "3"})
    assert at.multiselect(key="deg_nets_pick").value == ["plain-20", "plain-56", "ResNet-20", "ResNet-56"]
    assert at.number_input(key="deg_epochs").value == 3
    assert "plain-20,plain-7" in texts(at, "warning")
