"""The degradation page's views of finished runs (the stored long run, a run's verdict and curves, the depth sweep)
and its CIFAR-10 panel."""

from __future__ import annotations

import threading

import pandas as pd
import streamlit as st

from resnet_viz.analyses.degradation import (
    DEFAULT_PRESET,
    PRESETS,
    STORED_SEEDS,
    DegradationResult,
    chance_error,
    claims,
    claims_over_seeds,
    depth_sweep,
    load_result,
    stored_run_path,
)
from resnet_viz.data.cifar import CIFAR10_BYTES, CifarError, cifar10_root, cifar10_status, download_cifar10
from resnet_viz.figures._style import fmt_int
from resnet_viz.figures.training import depth_sweep_figure, error_figure, final_errors_figure, loss_figure, net_name
from ui.charts import figure as cached
from ui.charts import panel_row, panels, show
from ui.i18n import translator
from ui.params import synced
from ui.text.degradation import TEXT

STORED_PRESET = "long"
POINTS = (("plain_degrades", "claim_degrades"), ("residual_beats_plain", "claim_beats"),
          ("residual_deeper_not_worse", "claim_deeper"))


def _stored_stamp(preset: str) -> tuple[float, ...]:
    """Modification times of a stored run's seed files (0 for a missing one): the cache key of its contents."""
    paths = [stored_run_path(preset, seed) for seed in STORED_SEEDS]
    return tuple(path.stat().st_mtime if path.is_file() else 0.0 for path in paths)


@st.cache_data(show_spinner=False)
def _stored(preset: str, stamp: tuple[float, ...]) -> list[DegradationResult]:
    return [load_result(stored_run_path(preset, seed)) for seed, mtime in zip(STORED_SEEDS, stamp) if mtime]


def stored_runs(preset: str) -> list[DegradationResult]:
    """A preset's stored runs, one per seed found (read again when a file changes)."""
    return _stored(preset, _stored_stamp(preset))


def _percent(value: float | None) -> str:
    tr = translator(TEXT)
    return tr("stopped") if value is None else f"{100 * value:.1f}%"


def show_result(result: DegradationResult, *, key: str, live: bool = False, epochs: float | None = None) -> None:
    """One run's verdict, final errors and curves (a live run: the curves only, so far)."""
    tr = translator(TEXT)
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
        with left:
            show(cached(final_errors_figure, nets, chance=chance), key=f"{key}_final")
        right.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        right.caption(tr("final_caption"))
    panel_row(panels(error_figure, nets, epochs=epochs, chance=chance), key=f"{key}_errors")
    show(cached(loss_figure, nets, epochs=epochs), key=f"{key}_loss")


def _verdict(held: int, total: int) -> str:
    tr = translator(TEXT)
    return tr("yes") if held == total else tr("no") if held == 0 else tr("partly")


def _error_and_loss(run: DegradationResult, label: str) -> str:
    tr = translator(TEXT)
    net = run.get(label)
    if net is None or net.final_train_error is None:
        return tr("stopped")
    loss = f"{net.final_train_loss:.4f}" if net.final_train_loss is not None else "–"
    return tr("error_loss", error=f"{100 * net.final_train_error:.2f}%", loss=loss)  # a few images decide point 3


def _trend(errors: list[float], losses: list[float]) -> str:
    """Which way the means move along the depths, as a sentence (strictly, at every step)."""
    tr = translator(TEXT)
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
    tr, state = translator(TEXT), st.session_state
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
    panel_row(panels(error_figure, shown.nets, chance=chance), key="stored_errors")
    st.caption(tr("chance_note", chance=f"{100 * chance:.1f}", classes=len(long.classes)))
    show(cached(loss_figure, shown.nets), key="stored_loss")

    st.markdown(f"#### {tr('sweep_heading')}")
    points = depth_sweep(runs)
    panel_row(panels(depth_sweep_figure, points, chance=chance), key="stored_sweep")
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


def cifar_panel(download_lock: threading.Lock) -> bool:
    """CIFAR-10's state on this machine, with a download (or a fresh one for a damaged folder) on request.
    True when the data is there and intact; the built-in shapes stay the default either way. One download at a time
    per server (``download_lock``)."""
    tr = translator(TEXT)
    root = cifar10_root()
    status = cifar10_status(root)
    if status == "ok":
        st.caption(tr("cifar_ready", root=str(root)))
        return True
    st.warning(tr(f"cifar_{status}", root=str(root), size=f"{CIFAR10_BYTES / 1e6:.0f}"))
    if st.button(tr("cifar_download" if status == "missing" else "cifar_redownload"), key="deg_cifar_download"):
        if not download_lock.acquire(blocking=False):
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
            download_lock.release()
        st.rerun()
    return False


def live_preset_points(runs: list[DegradationResult]) -> None:
    """Which of the three points the live preset's stored seeds show, and why the rest need the long run."""
    tr = translator(TEXT)
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
