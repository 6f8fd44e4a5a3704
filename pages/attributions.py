"""Attributions: which pixels does a trained ResNet use, and can we trust the map?"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import streamlit as st
import torch

from resnet_viz.analyses import attr_checks as checks
from resnet_viz.analyses import attributions as attr
from resnet_viz.analyses.trained import CLASSES
from resnet_viz.data import (
    IMAGENET_MEAN,
    IMAGENET_STD,
    imagenet_categories,
)
from resnet_viz.figures import attributions as figs
from resnet_viz.models import IMAGENET_CONFIGS
from ui import attr_runs as runs
from ui.attr_controls import method_params, photo_input, shapes_input, target_widget
from ui.attr_tabs import Subject, completeness_tab, how_tab, mask_tab, methods_tab, sanity_check, twin_maps
from ui.charts import figure as cached
from ui.charts import show
from ui.errors import error_text
from ui.faithfulness import faithfulness_tab
from ui.frame import open_tab, open_tab_name, render_notices, routed, section
from ui.i18n import current_lang, translator, translator_or
from ui.models import imagenet_model, offer_pretrained
from ui.params import store_choices, synced, synced_choices
from ui.settings import current
from ui.text.attributions import TEXT

routed()  # first, before any output: see ui.frame.routed

MODELS = ("shapes-residual", "shapes-plain", "imagenet")
SHAPES_KINDS = {"shapes-residual": "residual", "shapes-plain": "plain"}  # the shipped shapes models
VIEWS = ("original", "heatmap", "overlay")
TABS = ("methods", "twins", "sanity", "completeness", "mask", "faithfulness", "how")
# The drawing options each tab's maps follow; the others fix theirs (twins: heat map and overlay on one shared
# scale; sanity: heat maps, one scale per column) or draw no attribution maps.
DRAWING_OPTIONS = {"methods": ("views", "sign", "scale", "percentile"), "twins": ("sign", "percentile"),
                   "sanity": ("sign", "percentile")}
SCALES = ("per_method", "shared")  # per method by default: on one scale Occlusion's large values blank the others
SHAPES_DEFAULT_METHODS = ["integrated_gradients", "saliency", "gradcam", "occlusion"]
IMAGENET_DEFAULT_METHODS = ["integrated_gradients", "saliency", "gradcam"]

lang = current_lang()
tr = translator(TEXT)
text_or = translator_or(TEXT)
state = st.session_state
settings = current()
device = str(settings.device)


def to_rgb(image: torch.Tensor) -> np.ndarray:
    return image.permute(1, 2, 0).clamp(0, 1).numpy()


@section
def explanation(s: Subject, results: dict[str, attr.Attribution]) -> None:
    """How the maps are drawn, and the tabs that show them. A drawing option or another tab reruns only this part
    (the attributions themselves come from the last full run)."""
    uses = DRAWING_OPTIONS.get(open_tab_name("attr_tab", TABS), ())  # the open tab decides which options apply
    st.markdown(tr("drawing"))
    view_cols = st.columns([3.0, 1.9, 1.2, 1.1])
    view_names = {"original": tr("view_original"), **figs.view_labels()}
    # the column is wide enough for all three choices (at 1400 px a narrower one cut the third off)
    views = store_choices("attr_views", view_cols[0].multiselect(
        tr("views"), list(VIEWS), key=synced_choices("attr_views", list(VIEWS), list(VIEWS)),
        format_func=view_names.get, disabled="views" not in uses))
    signs = list(attr.SIGNS)
    sign = view_cols[1].radio(tr("sign"), signs, horizontal=True, key=synced("attr_sign", "all", options=signs),
                              format_func=lambda v: tr(f"sign_{v}"), disabled="sign" not in uses,
                              help=" · ".join(f"{tr(f'sign_{v}')}: {tr(f'sign_help_{v}')}" for v in signs))
    shared_scale = view_cols[2].radio(tr("scale"), SCALES, horizontal=True,
                                      key=synced("attr_scale", SCALES[0], options=SCALES), disabled="scale" not in uses,
                                      format_func=lambda v: tr(f"scale_{v}"), help=tr("scale_help")) == "shared"
    percentile = view_cols[3].slider(tr("percentile"), 90.0, 100.0, step=0.5, help=tr("percentile_help"),
                                     key=synced("attr_percentile", 99.0, low=90.0, high=100.0,
                                                valid=lambda v: float(2 * v).is_integer()),
                                     disabled="percentile" not in uses)
    if len(uses) < 4:
        st.caption(tr("drawing_fixed" if uses else "drawing_none"))
    s = replace(s, sign=sign, percentile=percentile)
    tab, container = open_tab("attr_tab", TABS, lambda name: tr(f"tab_{name}"))
    with container:
        if tab == "methods":
            methods_tab(s, results, views, shared_scale)
        elif tab == "twins":
            st.markdown(tr("twins_intro"))
            twin_maps(s)
        elif tab == "sanity":
            st.markdown(tr("sanity_intro"))
            sanity_check(s)
        elif tab == "completeness":
            completeness_tab(s)
        elif tab == "mask":
            mask_tab(s)
        elif tab == "faithfulness":
            titles = {**{m: runs.method_title(m) for m in attr.METHODS},
                      **{r: tr(f"reference_{r}") for r in ("random", "mask")}}
            faithfulness_tab(s.shapes_kind, device, titles)
        else:
            how_tab()


st.title(tr("title"))
st.markdown(tr("question"))
notice_slot = st.container()

with st.container(border=True):
    top = st.columns([1.2, 1.3, 1.5])
    choice = top[0].radio(tr("model"), MODELS, key=synced("attr_model", MODELS[0], options=MODELS),
                          format_func=lambda m: tr(f"model_{m}"))
    domain = "imagenet" if choice == "imagenet" else "shapes"
    mask, label = None, None
    with top[1]:
        if domain == "shapes":
            kind = SHAPES_KINDS[choice]
            model, model_key, source = runs.shapes_model(kind, device), choice, "shipped"
            image, image_key, mask, label = shapes_input()
            class_names = [text_or(f"class_{name}", name) for name in CLASSES]
        else:
            depths = list(IMAGENET_CONFIGS)
            depth = st.selectbox(tr("depth"), depths, key=synced("attr_depth", depths[0], options=depths),
                                 help=tr("depth_help"))
            picked = photo_input()
            if picked is None:
                render_notices(notice_slot)
                st.stop()
            image, image_key = picked
            shared_model, weights, source = imagenet_model(depth, settings)
            model = attr.PixelInput(shared_model, IMAGENET_MEAN, IMAGENET_STD)
            model_key = f"imagenet-{depth}-{source}-{settings.seed}-{settings.checkpoint_digest[:12]}"
            class_names = list(imagenet_categories())  # ImageNet's 1,000 class names exist in English only
    probs = runs.probabilities(model_key, image_key, model, image)
    order = [int(i) for i in np.argsort(-probs)]
    with top[2]:
        target = target_widget(domain, f"{model_key}|{image_key}", order,
                               lambda i: tr("target_option", name=class_names[i], percent=f"{100 * probs[i]:.1f}"))
        all_methods = list(attr.METHODS)
        key = f"attr_methods_{domain}"
        methods = store_choices(key, st.multiselect(
            tr("methods"), all_methods, format_func=runs.method_title,
            key=synced_choices(key, SHAPES_DEFAULT_METHODS if domain == "shapes" else IMAGENET_DEFAULT_METHODS,
                            all_methods)))
    with st.expander(tr("parameters")):
        params = {}
        for method in methods:
            st.markdown(tr("method_entry", title=runs.method_title(method), summary=runs.method_summary(method)))
            params[method] = method_params(method, domain, model, image.shape[-1])

if domain == "imagenet":
    if source != "random":
        st.info(tr("weights_note", weights=weights))
    else:
        st.warning(tr("weights_warning", weights=weights, note=tr("random_weights")))
        offer_pretrained(depth, key="attr_download_weights")

left, right = st.columns([1, 1.3])
with left:
    predicted = order[0]
    if label is not None:
        st.markdown(tr("verdict_shape", predicted=class_names[predicted], percent=f"{100 * probs[predicted]:.1f}",
                       true=class_names[label]))
    else:
        st.markdown(tr("verdict", predicted=class_names[predicted], percent=f"{100 * probs[predicted]:.1f}"))
    show(cached(figs.probability_figure, class_names, probs, target=target,
                top=5 if domain == "shapes" else 6))

results: dict[str, attr.Attribution] = {}
for method in methods:
    try:
        results[method] = runs.attribution_for(model_key, image_key, method, tuple(sorted(params[method].items())),
                                               target, model, image)
    except ValueError as error:
        st.error(tr("method_failed", method=runs.method_title(method), error=error_text(error)))

with right:
    if mask is not None and results:
        area = float(mask.mean())
        shares = {m: checks.mask_share(r.values, mask) for m, r in results.items()}
        best = max(shares, key=shares.get)
        st.markdown(tr("mask_share", area=f"{100 * area:.0f}", method=runs.method_title(best),
                       share=f"{100 * shares[best]:.0f}", ratio=f"{shares[best] / area:.1f}"))
        show(cached(figs.mask_share_figure, [runs.method_title(m) for m in shares], list(shares.values()),
                    area))
    elif domain == "imagenet":
        st.markdown(tr("no_mask"))

subject = Subject(domain=domain, model_key=model_key, model=model, depth=depth if domain == "imagenet" else None,
                  image_key=image_key, image=image, rgb=to_rgb(image), mask=mask, target=target,
                  class_names=class_names, params=params, trained=source != "random",
                  shapes_kind=kind if domain == "shapes" else None)
explanation(subject, results)

render_notices(notice_slot)  # every setting has been read from the link by now
