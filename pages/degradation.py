"""The degradation problem: a deeper plain net trains worse than a shallower one; what the residual twin changes."""

from __future__ import annotations

import dataclasses
import threading
import time
import uuid

import pandas as pd
import streamlit as st

from resnet_viz.analyses import degradation
from resnet_viz.analyses.degradation import (
    DEFAULT_PRESET,
    IMAGENET_TOP1_ERROR,
    PRESETS,
    STORED_SEEDS,
    DegradationJob,
    DegradationResult,
    Preset,
    chance_error,
    claims,
    claims_over_seeds,
    depth_sweep,
    load_result,
    net_label,
    stored_run_path,
)
from resnet_viz.analyses.training import SCHEDULES
from resnet_viz.data.cifar import CIFAR10_BYTES, CifarError, cifar10_root, cifar10_status, download_cifar10
from resnet_viz.figures._style import fmt_int
from resnet_viz.figures.training import (
    depth_sweep_figure,
    error_figure,
    final_errors_figure,
    imagenet_table_figure,
    loss_figure,
    net_name,
)
from resnet_viz.jobs import JobQueue, QueueFull
from ui.charts import CHART
from ui.charts import figure as cached
from ui.frame import render_notices, routed
from ui.i18n import fixed_language, translator
from ui.params import store_choices, synced, synced_choices
from ui.settings import current
from ui.source import show_source
from ui.text.degradation import TEXT

routed()  # first, before any output: see ui.frame.routed

DEPTH_CHOICES = (20, 32, 44, 56, 110)
NET_CHOICES = tuple(net_label(d, r) for r in (False, True) for d in DEPTH_CHOICES)
MAX_FINISHED = 8
STORED_PRESET = "long"
POINTS = (("plain_degrades", "claim_degrades"), ("residual_beats_plain", "claim_beats"),
          ("residual_deeper_not_worse", "claim_deeper"))
POLL_S = 1.0
QUEUE_CAPACITY = 8  # runs waiting behind the one in training
ABANDON_S = 30.0  # a queued or running job nobody has polled for this long is dropped or stopped

settings = current()
device = str(settings.device)
state = st.session_state
tr = translator(TEXT)


@st.cache_resource
def _registry() -> dict:
    """Training jobs shared by every browser session, one at a time in a queue (one job per settings key; finished
    ones are the cache), and the lock of a CIFAR-10 download."""
    return {"queue": JobQueue(workers=1, capacity=QUEUE_CAPACITY, abandon_s=ABANDON_S, keep_finished=MAX_FINISHED),
            "download": threading.Lock()}


def _stored_stamp(preset: str) -> tuple[float, ...]:
    """Modification times of a stored run's seed files (0 for a missing one): the cache key of its contents."""
    paths = [stored_run_path(preset, seed) for seed in STORED_SEEDS]
    return tuple(path.stat().st_mtime if path.is_file() else 0.0 for path in paths)


@st.cache_data(show_spinner=False)
def _stored(preset: str, stamp: tuple[float, ...]) -> list[DegradationResult]:
    return [load_result(stored_run_path(preset, seed)) for seed, mtime in zip(STORED_SEEDS, stamp) if mtime]


def _expected_seconds(preset: Preset, nets: tuple[str, ...]) -> float:
    """Scale the preset's measured time by the nets' depth (cost ~ depth + 12) and the epochs."""
    base = PRESETS[preset.name]
    cost = lambda labels: sum(int(label.split("-")[1]) + 12 for label in labels)  # noqa: E731
    return base.expected_cpu_seconds * cost(nets) / cost(base.nets) * preset.epochs / base.epochs


def _percent(value: float | None) -> str:
    return tr("stopped") if value is None else f"{100 * value:.1f}%"


def preset_title(name: str) -> str:
    return tr(f"preset_{name}") if f"preset_{name}" in TEXT.tables["en"] else PRESETS[name].title


def _show_result(result: DegradationResult, *, key: str, live: bool = False, epochs: float | None = None) -> None:
    nets = [net for net in result.nets if net.records]
    if not nets:
        st.info(tr("no_record"))
        return
    chance = chance_error(len(result.config.get("classes") or PRESETS[result.preset].classes))
    if not live:
        verdict = claims(result)
        lines = [tr("claim_line", verdict=tr("yes") if getattr(verdict, name) else tr("no"), text=tr(text))
                 for name, text in POINTS if getattr(verdict, name) is not None]
        if lines:
            st.markdown("\n".join(lines))
        rows = [{tr("col_net"): net_name(n.label), tr("col_params"): fmt_int(n.params),
                 tr("col_final_train"): _percent(n.final_train_error),
                 tr("col_final_test"): _percent(n.final_test_error),
                 tr("col_time"): tr("seconds", value=f"{n.seconds:.1f}")} for n in nets]
        left, right = st.columns(2)
        left.plotly_chart(cached(final_errors_figure, nets, chance=chance), key=f"{key}_final", **CHART)
        right.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        right.caption(tr("final_caption"))
    st.plotly_chart(cached(error_figure, nets, epochs=epochs, chance=chance), key=f"{key}_errors", **CHART)
    st.plotly_chart(cached(loss_figure, nets, epochs=epochs), key=f"{key}_loss", **CHART)


def _verdict(held: int, total: int) -> str:
    return tr("yes") if held == total else tr("no") if held == 0 else tr("partly")


def _error_and_loss(run: DegradationResult, label: str) -> str:
    net = run.get(label)
    if net is None or net.final_train_error is None:
        return tr("stopped")
    loss = f"{net.final_train_loss:.4f}" if net.final_train_loss is not None else "–"
    return tr("error_loss", error=f"{100 * net.final_train_error:.2f}%", loss=loss)  # a few images decide point 3


def _trend(errors: list[float], losses: list[float]) -> str:
    """Which way the means move along the depths, as a sentence (strictly, at every step)."""
    steps = lambda values: list(zip(values, values[1:]))  # noqa: E731
    if len(errors) < 2:
        return ""
    if all(b > a for a, b in steps(errors)):
        return tr("trend_rises")
    if all(b < a for a, b in steps(errors)):
        return tr("trend_error_falls")
    if all(b < a for a, b in steps(losses)):
        return tr("trend_falls")
    return tr("trend_mixed")


def stored_run(runs: list[DegradationResult]) -> None:
    """The stored long run: the three points per seed, Figure 6's curves for one seed, and the depth sweep."""
    long = PRESETS[STORED_PRESET]
    command = (f"python experiments/degradation_preset.py --preset {STORED_PRESET} "
               f"--seeds {','.join(map(str, STORED_SEEDS))} --write-stored")
    minutes = f"{long.expected_cpu_seconds / 60:.0f}"
    st.subheader(tr("stored_heading"))
    if not runs:
        st.info(tr("stored_missing", command=command, minutes=minutes))
        return
    st.caption(tr("stored_caption", seeds=len(runs), steps=fmt_int(long.steps), batch=long.batch_size,
                  epochs=f"{long.epochs:g}", count=fmt_int(long.train_count), size=long.image_size, lr=f"{long.lr:g}",
                  minutes=minutes, command=command))
    counts = claims_over_seeds(runs)
    st.markdown("\n".join([tr("points_heading")] + [
        tr("point_line", verdict=_verdict(*counts[name]), text=tr(text), held=counts[name][0], total=counts[name][1])
        for name, text in POINTS if counts[name][1]]))
    labels = ("plain-20", "plain-56", "ResNet-20", "ResNet-56")
    rows = [{tr("col_seed"): run.seed, **{net_name(label): _error_and_loss(run, label) for label in labels}}
            for run in runs]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.caption(tr("table_caption"))

    chance = chance_error(len(long.classes))
    seeds = tuple(run.seed for run in runs)
    synced("deg_stored_seed", seeds[0], options=seeds)
    if state.get("deg_stored_seed") not in seeds:
        state.deg_stored_seed = seeds[0]
    st.radio(tr("seed_pick"), seeds, key="deg_stored_seed", horizontal=True)
    shown = next(run for run in runs if run.seed == state.deg_stored_seed)
    st.plotly_chart(cached(error_figure, shown.nets, chance=chance), key="stored_errors", **CHART)
    st.caption(tr("chance_note", chance=f"{100 * chance:.1f}", classes=len(long.classes)))
    st.plotly_chart(cached(loss_figure, shown.nets), key="stored_loss", **CHART)

    st.markdown(f"#### {tr('sweep_heading')}")
    points = depth_sweep(runs)
    st.plotly_chart(cached(depth_sweep_figure, points, chance=chance), key="stored_sweep", **CHART)
    lines = []
    for residual in (False, True):
        chosen = [p for p in points if p.residual == residual]
        if chosen:
            errors, losses = [p.mean_error for p in chosen], [p.mean_loss for p in chosen]
            lines.append(tr("sweep_line", kind=tr("kind_residual" if residual else "kind_plain"),
                            depths=", ".join(str(p.depth) for p in chosen),
                            errors=" → ".join(f"{100 * e:.2f}%" for e in errors),
                            losses=" → ".join(f"{v:.4f}" for v in losses), trend=_trend(errors, losses)))
    st.markdown("\n".join(lines))


def cifar_panel() -> bool:
    """CIFAR-10's state on this machine, with a download (or a fresh one for a damaged folder) on request.
    True when the data is there and intact; the built-in shapes stay the default either way."""
    root = cifar10_root()
    status = cifar10_status(root)
    if status == "ok":
        st.caption(tr("cifar_ready", root=str(root)))
        return True
    st.warning(tr(f"cifar_{status}", root=str(root), size=f"{CIFAR10_BYTES / 1e6:.0f}"))
    if st.button(tr("cifar_download" if status == "missing" else "cifar_redownload"), key="deg_cifar_download"):
        if not registry["download"].acquire(blocking=False):
            st.info(tr("cifar_busy"))
            return False
        try:
            bar = st.progress(0.0, text=tr("cifar_progress", done="0", total=f"{CIFAR10_BYTES / 1e6:.0f}"))
            def show(done: int, total: int) -> None:
                bar.progress(min(1.0, done / total),
                             text=tr("cifar_progress", done=f"{done / 1e6:.0f}", total=f"{total / 1e6:.0f}"))

            download_cifar10(root, progress=show)
        except CifarError as error:
            st.error(tr("cifar_failed", reason=error.params.get("reason", error.code)))
            return False
        finally:
            registry["download"].release()
        st.rerun()
    return False


def live_preset_points(runs: list[DegradationResult]) -> None:
    """Which of the three points the live preset's stored seeds show, and why the rest need the long run."""
    if not runs:
        return
    counts = claims_over_seeds(runs)
    cpu, long = PRESETS[DEFAULT_PRESET], PRESETS[STORED_PRESET]
    text = tr("live_points", steps=fmt_int(cpu.steps), ratio=f"{long.steps / cpu.steps:.1f}".rstrip("0").rstrip("."),
              total=len(runs), p1=counts["plain_degrades"][0], p2=counts["residual_beats_plain"][0],
              p3=counts["residual_deeper_not_worse"][0])
    if counts["residual_deeper_not_worse"][0] < counts["residual_deeper_not_worse"][1]:
        text += tr("live_why")
    st.info(text)


st.title(tr("title"))
st.markdown(tr("question"))
notice_slot = st.container()

registry = _registry()
reference_runs = _stored(DEFAULT_PRESET, _stored_stamp(DEFAULT_PRESET))
reference = next((run for run in reference_runs if run.seed == 0), None)

# ---------------------------------------------------------------- run settings (read first: they pick what to show)
_preset_names = tuple(PRESETS)
synced("deg_preset", DEFAULT_PRESET, options=_preset_names)
if state.get("deg_preset") not in _preset_names:
    state.deg_preset = DEFAULT_PRESET
synced("deg_schedule", SCHEDULES[0], options=SCHEDULES)
if state.get("deg_schedule") not in SCHEDULES:
    state.deg_schedule = SCHEDULES[0]
synced("deg_epochs", int(PRESETS[state.deg_preset].epochs), low=1, high=60)
try:
    _epochs = int(state.get("deg_epochs", PRESETS[state.deg_preset].epochs))
except (TypeError, ValueError):
    _epochs = int(PRESETS[state.deg_preset].epochs)
state.deg_epochs = min(max(_epochs, 1), 60)
nets_widget = synced_choices("deg_nets", PRESETS[state.deg_preset].nets, NET_CHOICES)
store_choices("deg_nets", state[nets_widget])  # the widget's current choice, as the link holds it

preset = dataclasses.replace(PRESETS[state.deg_preset], epochs=float(state.deg_epochs), schedule=state.deg_schedule)
nets = tuple(sorted(state[nets_widget], key=NET_CHOICES.index))
job_key = (preset, settings.seed, nets, device)
queue: JobQueue = registry["queue"]
watcher = state.setdefault("_deg_watcher", uuid.uuid4().hex)  # this browser session, as the queue knows it
job: DegradationJob | None = queue.get(job_key)
dropped = job is not None and queue.abandoned(job_key) and not (job.running or job.done)
if dropped:  # left the queue before it started: as if never asked, with a word why
    queue.forget(job_key)
    job = None
waiting = queue.ahead(job_key)

# ---------------------------------------------------------------- the answer, before any click: the stored long run
stored_run(_stored(STORED_PRESET, _stored_stamp(STORED_PRESET)))
render_notices(notice_slot)  # every setting has been read from the link by now

# ---------------------------------------------------------------- what it means
st.subheader(tr("meaning"))
st.markdown(tr("meaning_1"))
st.latex(r"H(x) = \mathcal{F}(x) + x")
st.markdown(tr("meaning_2"))
left, right = st.columns([3, 2])
left.plotly_chart(cached(imagenet_table_figure, IMAGENET_TOP1_ERROR), key="imagenet", **CHART)
with right:
    table = pd.DataFrame({tr("col_layers"): ["18", "34"],
                          tr("col_plain"): [f"{IMAGENET_TOP1_ERROR['plain-18']:.2f}",
                                            f"{IMAGENET_TOP1_ERROR['plain-34']:.2f}"],
                          tr("col_resnet"): [f"{IMAGENET_TOP1_ERROR['ResNet-18']:.2f}",
                                             f"{IMAGENET_TOP1_ERROR['ResNet-34']:.2f}"]})
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption(tr("imagenet_caption"))

# ---------------------------------------------------------------- run it live
st.subheader(tr("run_yourself"))
st.markdown(tr("recipe", lr=f"{preset.lr:g}", batch=preset.batch_size, classes=len(preset.classes)))
live_preset_points(reference_runs)
c1, c2, c3, c4 = st.columns([2, 2, 4, 1])
c1.selectbox(tr("preset"), _preset_names, key="deg_preset", format_func=preset_title)
c2.radio(tr("schedule"), SCHEDULES, key="deg_schedule", format_func=lambda name: tr(f"schedule_{name}"))
picked = c3.multiselect(tr("nets"), NET_CHOICES, key=nets_widget, format_func=fixed_language(net_name))
store_choices("deg_nets", picked)
c4.number_input(tr("epochs"), min_value=1, max_value=60, step=1, key="deg_epochs")
st.caption(tr("preset_caption", preset=preset_title(preset.name), train=fmt_int(preset.train_count),
              test=fmt_int(preset.test_count), size=preset.image_size, batch=preset.batch_size,
              steps=fmt_int(preset.steps), seed=settings.seed, device=device))

finished = job is not None and job.done and not job.error and not job.snapshot().stopped
if finished:
    shown = job.snapshot()
    st.caption(tr("cached_caption", seed=shown.seed, preset=preset_title(preset.name), epochs=f"{preset.epochs:g}"))
    _show_result(shown, key="cached")
elif reference is not None and (job is None or not job.running):
    ref_preset = PRESETS[reference.preset]
    st.caption(tr("reference_caption", seed=reference.seed, preset=preset_title(ref_preset.name),
                  count=fmt_int(ref_preset.train_count), epochs=f"{ref_preset.epochs:g}"))
    _show_result(reference, key="reference")

if not nets:
    st.warning(tr("choose_net"))
    st.stop()

expected = _expected_seconds(preset, nets)
on_cpu = settings.device.type == "cpu"
gpu_only = preset.for_gpu and on_cpu
data_ready = preset.dataset != "cifar10" or cifar_panel()


@st.fragment(run_every=POLL_S)
def _waiting() -> None:
    """Polls the queue while this run waits: how many are ahead; the whole page reruns when it starts."""
    queue.watch(job_key, watcher)
    ahead = queue.ahead(job_key)
    if ahead is None:
        st.rerun(scope="app")
    st.info(tr("waiting", ahead=ahead, seconds=f"{ABANDON_S:.0f}"))
    if st.button(tr("leave_queue"), key="deg_leave"):
        queue.leave(job_key, watcher)
        st.rerun(scope="app")


@st.fragment(run_every=POLL_S)
def _live(job: DegradationJob) -> None:
    """Polls the background job: progress, live curves and the stop button."""
    queue.watch(job_key, watcher)
    snap = job.snapshot()
    current_net = snap.nets[-1] if snap.nets else None
    where = (tr("where", net=net_name(current_net.label), epoch=f"{current_net.records[-1].epoch:.1f}",
                epochs=f"{job.preset.epochs:g}")
             if current_net and current_net.records else tr("starting"))
    elapsed = time.time() - (job.started_at or time.time())
    st.progress(job.progress(), text=tr("progress", done=len(snap.nets), total=len(job.nets), where=where,
                                        elapsed=f"{elapsed:.0f}"))
    if st.button(tr("stop"), key="deg_stop", type="primary"):
        job.stop()
        st.info(tr("stopping"))
    _show_result(snap, key="live", live=True, epochs=job.preset.epochs)
    if job.done:
        st.rerun(scope="app")


if dropped:
    st.warning(tr("abandoned"))
if waiting is not None:
    _waiting()
elif job is not None and job.running:
    _live(job)
elif job is not None and job.done and (job.error or job.snapshot().stopped):
    snap = job.snapshot()
    if job.error:
        st.error(tr("failed", error=job.error))
    else:
        done = ", ".join(net_name(n.label) for n in snap.nets if not n.stopped) or tr("none")
        st.warning(tr("was_stopped", done=done))
        _show_result(snap, key="stopped", epochs=job.preset.epochs)
    if st.button(tr("run_again"), key="deg_rerun"):
        queue.forget(job_key)
        st.rerun()
elif finished:
    st.success(tr("finished", seconds=f"{job.snapshot().seconds:.0f}"))
else:
    if gpu_only:
        short = f"preset_{preset.name}_short"
        st.warning(tr("gpu_only", preset=tr(short) if short in TEXT.tables["en"] else preset.name,
                      minutes=f"{expected / 60:.0f}"))
    label = (tr("run_cpu", count=len(nets), seconds=f"{expected:.0f}") if on_cpu
             else tr("run_gpu", count=len(nets)))
    if st.button(label, key="deg_run", type="primary", disabled=gpu_only or not data_ready):
        try:
            queue.submit(job_key, lambda: DegradationJob(preset, seed=settings.seed, nets=nets, device=settings.device),
                         watcher=watcher)
        except QueueFull as full:
            st.error(tr("queue_full", capacity=full.params["capacity"]))
        else:
            st.rerun()

show_source(tr("code"), tr("code_intro"), degradation.run_experiment, key="deg_code")
