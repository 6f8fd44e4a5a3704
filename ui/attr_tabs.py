"""The attributions page's tabs: methods side by side, residual against plain twin, the randomised-model check,
completeness, the mask check and how each method works. Only the open tab is built (ui.frame.open_tab)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st
import torch

from resnet_viz.analyses import attr_checks as checks
from resnet_viz.analyses import attributions as attr
from resnet_viz.analyses.trained import SHAPES_MODELS
from resnet_viz.figures import attributions as figs
from ui.attr_runs import (
    attribution_for,
    choice_label,
    default_params,
    delta_curve,
    mask_check,
    method_summary,
    method_title,
    probabilities,
    randomised_imagenet,
    randomised_shapes,
    shapes_model,
)
from ui.charts import chart_row, show
from ui.charts import figure as cached
from ui.frame import section
from ui.i18n import current_lang, translator, translator_or
from ui.params import synced
from ui.settings import current
from ui.source import show_source
from ui.text.attributions import TEXT


@dataclass(frozen=True)
class Subject:
    """What the controls at the top picked (the model, image and class to explain), then how the maps are drawn.

    Handed to the parts that rerun on their own (:func:`ui.frame.section`), as of the last full run; the drawing
    options (sign, percentile) are filled in by :func:`explanation`, whose controls they are.
    """

    domain: str
    model_key: str
    model: torch.nn.Module
    depth: int | None  # the ImageNet ResNet's depth; None for the shapes models
    image_key: str
    image: torch.Tensor
    rgb: np.ndarray
    mask: np.ndarray | None
    target: int
    class_names: list[str]
    params: dict[str, dict]  # the parameters set for the methods in the side-by-side list
    shapes_kind: str | None  # "residual" or "plain" for a shipped shapes model, None for ImageNet
    trained: bool  # the model has learnt something (a shapes model, pretrained or uploaded ImageNet weights)
    sign: str = "all"  # how the maps are drawn: set by explanation() from its own controls
    percentile: float = 99.0

    def params_for(self, method: str) -> dict:
        """The parameters set above for a method in the side-by-side list, else its defaults for this image size."""
        return self.params.get(method) or default_params(method, self.domain)


def map_grid(s: Subject, columns: list[tuple[str, np.ndarray]], *, title: str, views: tuple[str, ...],
             shared_scale: bool, show_original: bool = True) -> None:
    """Maps of the subject's image under their heading: one piece per column, in a row that wraps on a phone."""
    pieces = cached(figs.attribution_panels, s.rgb, columns, views=views, show_original=show_original, sign=s.sign,
                    shared_scale=shared_scale, percentile=s.percentile, mask=s.mask)
    chart_row(pieces, heading=figs.attribution_heading(title, shared_scale=shared_scale, percentile=s.percentile))


@section
def twin_maps(s: Subject) -> None:
    """The residual net and its plain twin explained by one method; picking the method reruns only this tab."""
    tr, text_or, device = translator(TEXT), translator_or(TEXT), str(current().device)
    if s.domain != "shapes":
        st.info(tr("twins_need_shapes"))
        return
    all_methods = list(attr.METHODS)
    pick = st.selectbox(tr("method"), all_methods, format_func=method_title,
                        key=synced("attr_pvr_method", all_methods[0], options=all_methods))
    pick_params = tuple(sorted(s.params_for(pick).items()))
    results = {}
    for kind in SHAPES_MODELS:
        twin = shapes_model(kind, device)
        twin_probs = probabilities(f"shapes-{kind}", s.image_key, twin, s.image)
        results[kind] = (twin_probs, attribution_for(f"shapes-{kind}", s.image_key, pick, pick_params, s.target, twin,
                                                     s.image))
    cols = [(tr("twin_column", name=text_or(f"twin_{k}", SHAPES_MODELS[k].title), target=s.class_names[s.target],
                percent=f"{100 * p[s.target]:.1f}"), r.values) for k, (p, r) in results.items()]
    map_grid(s, cols, title=tr("twins_title", method=method_title(pick)), views=("heatmap", "overlay"),
             shared_scale=True)
    a, b = (attr.signed_map(r.values, s.sign) for _, r in results.values())
    shares = [checks.mask_share(r.values, s.mask) for _, r in results.values()]
    st.markdown(tr("twins_result", rho=f"{checks.rank_correlation(a, b):.2f}", residual=f"{100 * shares[0]:.0f}",
                   plain=f"{100 * shares[1]:.0f}", area=f"{100 * s.mask.mean():.0f}"))
    st.caption(tr("twins_caption"))


@section
def sanity_check(s: Subject) -> None:
    """The map of the trained model beside one with its top layers randomised; the method and the number of
    randomised layers rerun only this tab."""
    tr, settings = translator(TEXT), current()
    device = str(settings.device)
    stages = checks.cascade_stages(s.model)
    all_methods = list(attr.METHODS)
    pick = st.selectbox(tr("method"), all_methods, format_func=method_title,
                        key=synced("attr_sanity_method", "guided_backprop", options=all_methods))
    count = st.slider(tr("sanity_count"), 1, len(stages), help=tr("sanity_order", order=" → ".join(stages)),
                      key=synced(f"attr_sanity_count_{s.domain}", 1, low=1, high=len(stages)))
    st.caption(tr("sanity_state", randomised=", ".join(stages[:count]),
                  kept=", ".join(stages[count:]) or tr("nothing")))
    pick_params = tuple(sorted(s.params_for(pick).items()))
    trained_r = attribution_for(s.model_key, s.image_key, pick, pick_params, s.target, s.model, s.image)

    def randomised_attribution(k: int) -> attr.Attribution:
        with st.spinner(tr("spin_randomise")):
            shuffled = (randomised_shapes(s.shapes_kind, k, settings.seed + 1, device)
                        if s.domain == "shapes"
                        else randomised_imagenet(s.model_key, s.depth, k, settings.seed + 1, device, s.model))
        return attribution_for(f"{s.model_key}-random{k}-{settings.seed + 1}", s.image_key, pick, pick_params,
                               s.target, shuffled, s.image)

    def correlations(other: attr.Attribution) -> tuple[float, float]:
        a, b = trained_r.values.sum(0), other.values.sum(0)
        return checks.rank_correlation(a, b), checks.rank_correlation(np.abs(a), np.abs(b))

    random_r = randomised_attribution(count)
    own = tr("own_trained") if s.trained else tr("own_random")
    map_grid(s, [(own, trained_r.values), (tr("randomised_column", count=count), random_r.values)],
             title=tr("sanity_title", method=method_title(pick)), views=("heatmap",), shared_scale=False)
    signed_rho, abs_rho = correlations(random_r)
    c1, c2 = st.columns(2)
    c1.metric(tr("rho_signed"), tr("rho_na") if np.isnan(signed_rho) else f"{signed_rho:.2f}")
    c2.metric(tr("rho_abs"), tr("rho_na") if np.isnan(abs_rho) else f"{abs_rho:.2f}")
    st.caption(tr("sanity_caption"))
    if s.domain == "shapes":  # cheap at 32 x 32: the whole cascade, one randomised model per step
        cascade = [correlations(randomised_attribution(k)) for k in range(1, len(stages) + 1)]
        show(cached(figs.cascade_figure, stages, [c[0] for c in cascade], [c[1] for c in cascade],
                    method=method_title(pick)))


@section
def convergence_curve(s: Subject, ig_params: dict) -> None:
    """How the convergence delta shrinks with more steps: always for the small shapes, on a click for photos
    (the click reruns only this part)."""
    tr = translator(TEXT)
    if s.domain == "shapes" or st.button(tr("curve_button"), key="attr_delta_button"):
        with st.spinner(tr("spin_delta", high=256 if s.image.shape[-1] <= 64 else 32)):
            curve = delta_curve(s.model_key, s.image_key, s.target, ig_params["method"], ig_params["baseline"],
                                s.model, s.image)
        show(cached(figs.delta_curve_figure, curve, chosen=ig_params["n_steps"]))
        st.caption(tr("curve_caption"))


# ---------------------------------------------------------------- the tabs (only the open one is built)
def methods_tab(s: Subject, results: dict[str, attr.Attribution], views: list[str], shared_scale: bool) -> None:
    tr = translator(TEXT)
    if not results:
        st.info(tr("no_methods"))
        return
    columns = [(method_title(m), r.values) for m, r in results.items()]
    map_grid(s, columns, title=tr("maps_title", target=s.class_names[s.target]),
             views=tuple(v for v in views if v != "original"), shared_scale=shared_scale,
             show_original="original" in views)
    sentences = [tr("maps_caption"), *([tr("maps_outline")] if s.mask is not None else []),
                 tr("maps_shared" if shared_scale else "maps_per_method")]
    st.caption(("" if current_lang() == "zh" else " ").join(sentences))  # Chinese puts no space between sentences
    rows = []
    for m, r in results.items():
        row = {tr("col_method"): method_title(m), tr("col_seconds"): round(r.seconds, 3),
               tr("col_sum"): float(r.values.sum()),
               # only Integrated Gradients has a convergence delta: a dash for the others, where the table said "None"
               tr("col_delta"): f"{r.delta:.3g}" if r.delta is not None else "—"}
        if s.mask is not None:
            row[tr("col_share")] = round(100 * checks.mask_share(r.values, s.mask), 1)
        rows.append(row)
    st.dataframe(rows, width="stretch", hide_index=True)


def completeness_tab(s: Subject) -> None:
    tr = translator(TEXT)
    st.markdown(tr("complete_intro"))
    st.latex(r"\mathrm{IG}_i(x) = (x_i - x'_i)\int_0^1 \frac{\partial f\big(x' + \alpha (x - x')\big)}{\partial x_i}"
             r"\,d\alpha, \qquad \sum_i \mathrm{IG}_i(x) = f(x) - f(x')")
    ig_params = s.params_for("integrated_gradients")
    ig = attribution_for(s.model_key, s.image_key, "integrated_gradients", tuple(sorted(ig_params.items())),
                         s.target, s.model, s.image)
    base = attr.baseline_images(ig_params["baseline"], s.image.unsqueeze(0))[0]
    check = checks.completeness(s.model, s.image, base, s.target, ig.values)
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(tr("sum"), f"{check.attribution_sum:,.4f}")
    c2.metric(tr("score"), f"{check.score:,.4f}")
    c3.metric(tr("baseline_score", baseline=choice_label("baseline", ig_params["baseline"])),
              f"{check.baseline_score:,.4f}")
    c4.metric(tr("gap"), f"{check.gap:,.4f}")
    change = check.score - check.baseline_score
    relative = tr("relative", percent=f"{100 * abs(check.gap) / abs(change):.2f}") if change else ""
    st.caption(tr("complete_caption", steps=f"{ig_params['n_steps']:,}", rule=ig_params["method"], relative=relative,
                  delta=f"{ig.delta:.4f}"))
    convergence_curve(s, ig_params)


def mask_tab(s: Subject) -> None:
    tr = translator(TEXT)
    st.markdown(tr("mask_intro"))
    if s.domain != "shapes":
        st.info(tr("mask_need_shapes"))
        return
    with st.spinner(tr("spin_mask")):
        result = mask_check(s.shapes_kind, str(current().device))
    c1, c2, c3 = st.columns(3)
    c1.metric(tr("mean_share"), f"{100 * result.mean_share:.1f}%")
    c2.metric(tr("mean_area"), f"{100 * result.mean_area_share:.1f}%")
    c3.metric(tr("ratio"), f"{result.ratio:.2f}x")
    show(cached(figs.mask_check_figure, result.shares, result.area_shares, result.correct))


def how_tab() -> None:
    tr = translator(TEXT)
    for method, spec in attr.METHODS.items():
        title = method_title(method)
        if any(char >= "\u2e80" for char in title):  # a Chinese name: add the one the literature and Captum use
            title = f"{title} ({spec.title})"
        st.markdown(tr("method_entry", title=title, summary=method_summary(method)))
    st.latex(r"\text{Grad-CAM: } L = \mathrm{ReLU}\Big(\sum_k \alpha_k A^k\Big),\quad "
             r"\alpha_k = \frac{1}{HW}\sum_{i,j}\frac{\partial y^c}{\partial A^k_{ij}}")
    st.markdown(tr("modules_note"))
    show_source(tr("show_code"), attr._run, key="attr_code")
