"""Why residual nets train: the lesion study, the ensemble of paths and the loss landscape, plain next to residual."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import streamlit as st

from resnet_viz.analyses import why_residual as study
from resnet_viz.analyses.degradation_models import degradation_model_metadata
from resnet_viz.analyses.why_residual import PAIRS, SHATTERED_DEPTHS, NetStudy, StudySettings
from resnet_viz.figures import why_residual as figs
from ui.charts import figure as cached
from ui.charts import show
from ui.frame import open_tab, routed
from ui.i18n import translator
from ui.params import synced
from ui.text.why_residual import TEXT
from ui.why_views import show_landscape, show_lesion, show_paths

routed()  # first, before any output: see ui.frame.routed

KEY_PAIR, KEY_TAB, KEY_LIVE, KEY_SEED = "why_pair", "why_tab", "why_live", "why_seed"
KEY_SHATTERED_DEPTH = "why_shattered_depth"
TABS = ("lesion", "paths", "landscape", "shattered")
TAB_STUDIES = {"lesion": ("lesion", "deletions", "reorders"), "paths": ("paths",), "landscape": ("slice", "surface")}
SEED_MAX = 2**31 - 1

tr = translator(TEXT)
state = st.session_state


def _stamp(pair: str) -> float:
    path = study.stored_study_path(pair)
    return path.stat().st_mtime if path.is_file() else 0.0


@st.cache_data(show_spinner=False, max_entries=8)
def stored(pair: str, stamp: float) -> tuple[dict[str, NetStudy], StudySettings, str] | None:
    return study.load_study(pair) if stamp else None


def _label(pair: str, residual: bool) -> str:
    return f"{'ResNet' if residual else 'plain'}-{PAIRS[pair].depth}"


def live_settings(seed: int) -> StudySettings:
    return dataclasses.replace(study.LIVE_SETTINGS, seed=int(seed))


@st.cache_resource(show_spinner=False, max_entries=12)
def live(pair: str, studies: tuple[str, ...], seed: int,
         _progress: Callable[[str, str, int, int], None]) -> dict[str, NetStudy]:
    """Both nets of ``pair`` measured now; each computation loads its own copy of the weights (the landscape moves
    them), so sessions never share a model being changed."""
    settings = live_settings(seed)
    data = study.pair_data(pair, train_count=settings.train_count, heldout_count=settings.heldout_count)
    results = {}
    for kind in ("plain", "residual"):
        label = _label(pair, kind == "residual")
        model = study.load_pair_model(pair, kind == "residual")
        results[kind] = study.run_study(model, data, settings, label=label, studies=studies,
                                        on_progress=lambda s, d, t, label=label: _progress(label, s, d, t))
    return results


@st.cache_resource(show_spinner=False, max_entries=8)
def shattered(seed: int, _progress: Callable[[int, int], None]) -> list:
    return study.shattered_study(seed=seed, on_progress=_progress)


@st.cache_data(show_spinner=False)
def stored_shattered(seed: int) -> tuple[list, str] | None:
    return study.load_shattered(seed)


def pair_caption(pair: str, heldout: int) -> str:
    if PAIRS[pair].source == "shipped":
        return tr("pair_caption_shipped", heldout=heldout)
    metadata = {kind: degradation_model_metadata(_label(pair, kind == "residual")) for kind in ("plain", "residual")}
    errors = {kind: f"{100 * float(data['final_train_error']):.2f}" for kind, data in metadata.items()}
    return tr("pair_caption_long", plain=_label(pair, False), residual=_label(pair, True), heldout=heldout,
              plain_error=errors["plain"], residual_error=errors["residual"])


def show_shattered(seed: int, live_on: bool) -> None:
    """The stored sweep (seed 0) unless measuring live; measured now, with a progress bar, when live or unstored."""
    st.markdown(tr("shattered_intro", points=study.SHATTERED_POINTS))
    depth = st.select_slider(tr("shattered_depth"), SHATTERED_DEPTHS,
                             key=synced(KEY_SHATTERED_DEPTH, 56, options=SHATTERED_DEPTHS))
    found = None if live_on else stored_shattered(0)
    if found is not None:
        points, source = found
        st.caption(tr("stored_caption", source=source))
    else:
        bar = st.progress(0.0)

        def progress(done: int, total: int) -> None:
            depth_now = SHATTERED_DEPTHS[min(done, total - 1) // 2]
            bar.progress(done / total, text=tr("progress", net=f"plain / ResNet-{depth_now}",
                                              study=tr("study_shattered"), done=done, total=total))

        points = shattered(seed if live_on else 0, progress)
        bar.empty()
    show(cached(figs.shattered_figure, points, depth))
    corr = {(p.depth, p.residual): f"{p.correlation:.2f}" for p in points}
    low, high = SHATTERED_DEPTHS[0], SHATTERED_DEPTHS[-1]
    st.markdown("\n".join("- " + line for line in (
        tr("shattered_line", depth=depth, plain=corr[depth, False], residual=corr[depth, True]),
        tr("shattered_trend", low=low, high=high, plain_low=corr[low, False], plain_high=corr[high, False],
           residual_low=corr[low, True], residual_high=corr[high, True]))))
    st.caption(tr("shattered_paper"))


st.title(tr("title"))
st.markdown(tr("question"))
pair = state[synced(KEY_PAIR, "56", options=tuple(PAIRS))]
controls = st.columns([3, 2, 2], vertical_alignment="bottom")
controls[0].selectbox(tr("pair"), tuple(PAIRS), key=KEY_PAIR, format_func=lambda key: tr(f"pair_{key}"))
live_on = controls[1].toggle(tr("live"), key=synced(KEY_LIVE, False), help=tr("live_help"))
seed = controls[2].number_input(tr("seed"), min_value=0, max_value=SEED_MAX, step=1, disabled=not live_on,
                                key=synced(KEY_SEED, 0, low=0, high=SEED_MAX))
tab, container = open_tab(KEY_TAB, TABS, lambda name: tr(f"tab_{name}"))


def show_pair_tab() -> None:
    """The open tab on the chosen pair: its stored result, or measured now when live is on."""
    found = stored(pair, _stamp(pair))
    if live_on:
        bar = st.progress(0.0)

        def progress(net: str, part: str, done: int, total: int) -> None:
            bar.progress(done / total, text=tr("progress", net=net, study=tr(f"study_{part}"), done=done,
                                              total=total))

        studies, settings = live(pair, TAB_STUDIES[tab], int(seed), progress), live_settings(int(seed))
        bar.empty()
        st.caption(tr("live_caption", detail=tr("live_detail", heldout=settings.heldout_count,
                                                draws=settings.deletion_draws, path_draws=settings.path_draws,
                                                surface=settings.surface_points, train=settings.train_count)))
    elif found is None:
        st.info(tr("not_stored", command=f"python experiments/why_residual.py --pairs {pair} --write"))
        return
    else:
        studies, settings, source = found
        st.caption(tr("stored_caption", source=source))
    st.caption(pair_caption(pair, settings.heldout_count))
    plain, residual = studies["plain"], studies["residual"]
    {"lesion": lambda: show_lesion(plain, residual), "paths": lambda: show_paths(plain, residual, settings),
     "landscape": lambda: show_landscape(plain, residual, settings)}[tab]()
    with st.expander(tr("differences")):
        st.markdown(tr("differences_text", blocks=len(residual.sites), count=settings.train_count,
                       points=settings.surface_points))


with container:
    if tab == "shattered":  # fresh nets, not the pair: always measured, with the seed when live
        show_shattered(int(seed), live_on)
    else:
        show_pair_tab()
