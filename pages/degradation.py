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
    DegradationJob,
    Preset,
    net_label,
)
from resnet_viz.analyses.training import SCHEDULES
from resnet_viz.figures._style import fmt_int
from resnet_viz.figures.training import (
    imagenet_table_figure,
    net_name,
)
from resnet_viz.jobs import JobQueue, QueueFull
from ui.charts import figure as cached
from ui.charts import show
from ui.degradation_views import STORED_PRESET, cifar_panel, live_preset_points, show_result, stored_run, stored_runs
from ui.errors import error_text
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


def _expected_seconds(preset: Preset, nets: tuple[str, ...]) -> float:
    """Scale the preset's measured time by the nets' depth (cost ~ depth + 12) and the epochs."""
    base = PRESETS[preset.name]
    cost = lambda labels: sum(int(label.split("-")[1]) + 12 for label in labels)  # noqa: E731
    return base.expected_cpu_seconds * cost(nets) / cost(base.nets) * preset.epochs / base.epochs


def preset_title(name: str) -> str:
    return tr(f"preset_{name}") if f"preset_{name}" in TEXT.tables["en"] else PRESETS[name].title


st.title(tr("title"))
st.markdown(tr("question"))
notice_slot = st.container()

registry = _registry()
reference_runs = stored_runs(DEFAULT_PRESET)
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
stored_run(stored_runs(STORED_PRESET))
render_notices(notice_slot)  # every setting has been read from the link by now

# ---------------------------------------------------------------- what it means
st.subheader(tr("meaning"))
st.markdown(tr("meaning_1"))
st.latex(r"H(x) = \mathcal{F}(x) + x")
st.markdown(tr("meaning_2"))
left, right = st.columns([3, 2])
with left:
    show(cached(imagenet_table_figure, IMAGENET_TOP1_ERROR), key="imagenet")
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
    show_result(shown, key="cached")
elif reference is not None and (job is None or not job.running):
    ref_preset = PRESETS[reference.preset]
    st.caption(tr("reference_caption", seed=reference.seed, preset=preset_title(ref_preset.name),
                  count=fmt_int(ref_preset.train_count), epochs=f"{ref_preset.epochs:g}"))
    show_result(reference, key="reference")

if not nets:
    st.warning(tr("choose_net"))
    st.stop()

expected = _expected_seconds(preset, nets)
on_cpu = settings.device.type == "cpu"
gpu_only = preset.for_gpu and on_cpu
data_ready = preset.dataset != "cifar10" or cifar_panel(registry["download"])


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
    show_result(snap, key="live", live=True, epochs=job.preset.epochs)
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
        st.error(tr("failed", error=error_text(job.error, log=False)))
    else:
        done = ", ".join(net_name(n.label) for n in snap.nets if not n.stopped) or tr("none")
        st.warning(tr("was_stopped", done=done))
        show_result(snap, key="stopped", epochs=job.preset.epochs)
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
