"""The Attributions page's Faithfulness tab: are the maps faithful to the model? Deletion / insertion curves and
cascading randomisation, on a shipped shapes model: the stored default at once, a live recompute on request."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from resnet_viz.analyses.attributions import METHODS
from resnet_viz.analyses.faithfulness import REFERENCES, CascadeResult, FaithfulnessResult, cascade_study
from resnet_viz.analyses.faithfulness import faithfulness_study as measure_curves
from resnet_viz.analyses.faithfulness_store import CASCADE_IMAGES, STEPS, load_stored
from resnet_viz.analyses.trained import build_shapes_model, heldout_shapes, load_shapes_model
from resnet_viz.figures.faithfulness import auc_figure, cascade_study_figure, curves_figure
from ui.charts import figure as cached
from ui.charts import show
from ui.i18n import translator
from ui.params import synced
from ui.text.attributions import TEXT

LIVE_IMAGES = (10, 30, 100)
UNCHANGED = 0.5  # a mean rank correlation above this after fc and layer3 are re-initialised: the map barely changed


@st.cache_data(max_entries=2, show_spinner=False)
def _stored(kind: str):
    return load_stored(kind)


@st.cache_resource(max_entries=4, show_spinner=False)
def _live(kind: str, images: int, device: str, _progress: Callable[[float], None]) -> tuple[FaithfulnessResult,
                                                                                         CascadeResult]:
    model = load_shapes_model(kind).to(device)
    fresh = build_shapes_model(kind, seed=1).eval().to(device)
    data = heldout_shapes(max(images, CASCADE_IMAGES))
    methods = list(METHODS)
    curves = measure_curves(model, data.images[:images], data.labels[:images], data.masks[:images], methods,
                            model_name=kind, steps=STEPS, progress=lambda f: _progress(0.8 * f))
    cascade_count = min(images, CASCADE_IMAGES)
    cascade = cascade_study(model, fresh, data.images[:cascade_count], data.labels[:cascade_count], methods,
                            model_name=kind, progress=lambda f: _progress(0.8 + 0.2 * f))
    return curves, cascade


def _names(names: list[str], titles: dict[str, str]) -> str:
    return ", ".join(titles[name] for name in names) or translator(TEXT)("faith_none")


def summary_row(curves: FaithfulnessResult, name: str, titles: dict[str, str]) -> dict[str, str]:
    tr = translator(TEXT)
    summary = curves.summary(name)
    row = {tr("faith_col_map"): titles[name]}
    for curve in ("deletion", "insertion"):
        mean, half = summary[curve]
        row[tr(f"faith_col_{curve}")] = f"{mean:.3f} ± {half:.3f}"
    return row


def verdict(curves: FaithfulnessResult, titles: dict[str, str]) -> str:
    """Which methods beat the random map on both curves, on one, or on neither (95 % intervals, paired)."""
    tr = translator(TEXT)
    groups: dict[str, list[str]] = {"both": [], "deletion": [], "insertion": [], "neither": []}
    for method in curves.methods:
        beats = curves.beats_random(method)
        key = ("both" if beats["deletion"] and beats["insertion"] else "deletion" if beats["deletion"]
               else "insertion" if beats["insertion"] else "neither")
        groups[key].append(method)
    mask = curves.beats_random("mask") if "mask" in curves.curves else {"deletion": False, "insertion": False}
    return tr("faith_verdict", count=curves.count, both=_names(groups["both"], titles),
              deletion=_names(groups["deletion"], titles), insertion=_names(groups["insertion"], titles),
              neither=_names(groups["neither"], titles),
              mask_deletion=tr("yes_word") if mask["deletion"] else tr("no_word"),
              mask_insertion=tr("yes_word") if mask["insertion"] else tr("no_word"))


def cascade_verdict(cascade: CascadeResult, titles: dict[str, str]) -> str:
    tr = translator(TEXT)
    after = min(2, len(cascade.stages))  # fc and layer3 re-initialised
    unchanged = [m for m in cascade.correlations if cascade.mean(m)[after] > UNCHANGED]
    changed = [m for m in cascade.correlations if m not in unchanged]
    return tr("faith_cascade_verdict", stages=" + ".join(cascade.stages[:after]), threshold=f"{UNCHANGED:g}",
              unchanged=_names(unchanged, titles), changed=_names(changed, titles))


def faithfulness_tab(shapes_kind: str | None, device: str, titles: dict[str, str]) -> None:
    """The tab's body. ``shapes_kind`` is "residual" or "plain" for a shipped shapes model, None for ImageNet."""
    tr = translator(TEXT)
    st.markdown(tr("faith_intro"))
    if shapes_kind is None:
        st.info(tr("faith_imagenet"))
        return
    stored = _stored(shapes_kind)
    images = st.radio(tr("faith_images"), LIVE_IMAGES, horizontal=True,
                      key=synced("attr_faith_images", LIVE_IMAGES[1], options=LIVE_IMAGES))
    run = st.button(tr("faith_run", count=images), key="attr_faith_run")
    if run or stored is None:
        if stored is None and not run:
            st.info(tr("faith_not_stored"))
            return
        bar = st.progress(0.0, text=tr("faith_progress"))
        curves, cascade = _live(shapes_kind, int(images), device,
                                lambda f: bar.progress(min(1.0, f), text=tr("faith_progress")))
        bar.empty()
        st.caption(tr("faith_live_caption", count=curves.count, cascade=next(iter(cascade.correlations.values()))
                      .shape[0]))
    else:
        curves, cascade = stored.curves, stored.cascade
        st.caption(tr("faith_stored_caption", source=stored.source, curves=f"{stored.seconds['curves']:.0f}",
                      cascade=f"{stored.seconds['cascade']:.0f}"))
    names = [*curves.methods, *REFERENCES]
    st.markdown(verdict(curves, titles))
    show(cached(auc_figure, curves, names, titles), key="attr_faith_auc")
    st.dataframe(pd.DataFrame([summary_row(curves, name, titles) for name in names]), hide_index=True,
                 width="stretch")
    show(cached(curves_figure, curves, names, titles), key="attr_faith_curves")
    st.caption(tr("faith_curves_caption", steps=curves.steps))
    st.markdown(cascade_verdict(cascade, titles))
    show(cached(cascade_study_figure, cascade, curves.methods, titles), key="attr_faith_cascade")
    st.caption(tr("faith_cascade_caption"))

