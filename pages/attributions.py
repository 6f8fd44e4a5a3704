"""Attributions: which pixels does a trained ResNet use, and can we trust the map?"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

import numpy as np
import streamlit as st
import torch

from resnet_viz.analyses import attr_checks as checks
from resnet_viz.analyses import attributions as attr
from resnet_viz.analyses.trained import CLASSES, SHAPES_MODELS, build_shapes_model, heldout_shapes, load_shapes_model
from resnet_viz.data import (
    IMAGENET_MEAN,
    IMAGENET_STD,
    SAMPLE_IMAGES,
    ImageError,
    denormalize,
    imagenet_categories,
    imagenet_preprocess,
    load_image,
    sample_image,
)
from resnet_viz.figures import attributions as figs
from resnet_viz.models import IMAGENET_CONFIGS, imagenet_resnet
from ui.charts import figure as cached
from ui.errors import image_error_text
from ui.faithfulness import faithfulness_tab
from ui.frame import open_tab, open_tab_name, render_notices, routed, section
from ui.i18n import current_lang, translator, translator_or
from ui.models import freeze, imagenet_model, offer_pretrained
from ui.params import store_choices, synced, synced_choices
from ui.settings import current
from ui.source import show_source
from ui.text.attributions import TEXT
from ui.turns import attribution_turns, waiting_turn

routed()  # first, before any output: see ui.frame.routed

HELDOUT_COUNT = 200
MODELS = ("shapes-residual", "shapes-plain", "imagenet")
SHAPES_KINDS = {"shapes-residual": "residual", "shapes-plain": "plain"}  # the shipped shapes models
PHOTO_SOURCES = ("sample", "upload")
VIEWS = ("original", "heatmap", "overlay")
TABS = ("methods", "twins", "sanity", "completeness", "mask", "faithfulness", "how")
# The drawing options each tab's maps follow; the others fix theirs (twins: heat map and overlay on one shared
# scale; sanity: heat maps, one scale per column) or draw no attribution maps.
DRAWING_OPTIONS = {"methods": ("views", "sign", "scale", "percentile"), "twins": ("sign", "percentile"),
                   "sanity": ("sign", "percentile")}
SCALES = ("per_method", "shared")  # per method by default: on one scale Occlusion's large values blank the others
SHAPES_DEFAULT_METHODS = ["integrated_gradients", "saliency", "gradcam", "occlusion"]
IMAGENET_DEFAULT_METHODS = ["integrated_gradients", "saliency", "gradcam"]
IMAGENET_DEFAULTS = {  # 224 x 224 inputs: fewer steps, a bigger occlusion patch, smaller batches
    "integrated_gradients": dict(n_steps=32, internal_batch_size=16),
    "smoothgrad": dict(nt_samples=8, nt_samples_batch_size=4),
    "gradient_shap": dict(n_samples=8),
    "occlusion": dict(window=32, stride=16, perturbations_per_eval=16),
}

lang = current_lang()
tr = translator(TEXT)
text_or = translator_or(TEXT)
state = st.session_state
settings = current()
device = str(settings.device)




def method_title(method: str) -> str:
    return text_or(f"method_{method}", attr.METHODS[method].title)


def method_summary(method: str) -> str:
    return text_or(f"summary_{method}", attr.METHODS[method].summary)


def choice_label(name: str, value: object) -> str:
    """How a method parameter's choice is shown: baselines are translated, other choices are Captum's names."""
    return text_or(f"baseline_{value}", str(value)) if name == "baseline" else str(value)




@st.cache_resource(max_entries=4, show_spinner=False)
def _shapes_model(kind: str, device: str) -> torch.nn.Module:
    return freeze(load_shapes_model(kind), torch.device(device))


def shapes_model(kind: str, device: str) -> torch.nn.Module:
    with st.spinner(tr("spin_shapes")):  # shown only when loading takes longer than half a second
        return _shapes_model(kind, device)


def _randomised(model: torch.nn.Module, fresh: torch.nn.Module, count: int, device: str) -> torch.nn.Module:
    return freeze(checks.randomised_model(model, fresh.to(torch.device(device)), count), torch.device(device))


@st.cache_resource(max_entries=14, show_spinner=False)
def randomised_shapes(kind: str, count: int, seed: int, device: str) -> torch.nn.Module:
    return _randomised(_shapes_model(kind, device), build_shapes_model(kind, seed=seed), count, device)


@st.cache_resource(max_entries=2, show_spinner=False)
def randomised_imagenet(model_key: str, depth: int, count: int, seed: int, device: str,
                        _model: torch.nn.Module) -> torch.nn.Module:
    return _randomised(_model, imagenet_resnet(depth, seed=seed), count, device)


@st.cache_data(max_entries=64, show_spinner=False)
def shapes_images() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    data = heldout_shapes(HELDOUT_COUNT)
    return data.images.numpy(), data.labels.numpy(), data.masks.numpy()


@st.cache_data(max_entries=32, show_spinner=False)
def probabilities(model_key: str, image_key: str, _model, _image: torch.Tensor) -> np.ndarray:
    return attr.predict(_model, _image)


@st.cache_data(max_entries=256, show_spinner=False)
def attribution(model_key: str, image_key: str, method: str, params: tuple, target: int, _model,
                _image: torch.Tensor, _progress_text=None, _waiting_text=None) -> attr.Attribution:
    """Cached for everyone: same model, image, method, parameters and target = one computation (Streamlit's cache
    lets a second identical request wait for the first). Large ones take turns, one at a time server-wide.

    ``_progress_text(fraction)`` and ``_waiting_text(ahead)`` (not part of the cache key) word the progress bar and
    the queue notice in the reader's language.
    """
    slow = method == "occlusion" or (_image.shape[-1] > 64 and method not in ("saliency", "gradcam"))
    words = _progress_text or (lambda fraction: f"{attr.METHODS[method].title}: {fraction:.0%}")
    if not slow:
        return attr.attribute(_model, _image, target, method, dict(params))
    with waiting_turn(attribution_turns(), _waiting_text or (lambda ahead: f"{ahead} ahead of you")):
        bar = st.progress(0.0, text=words(None))
        shown = [0.0]

        def progress(fraction: float) -> None:
            if fraction - shown[0] >= 0.02 or fraction >= 1.0:
                shown[0] = fraction
                bar.progress(fraction, text=words(fraction))

        result = attr.attribute(_model, _image, target, method, dict(params), progress=progress)
        bar.empty()
    return result


def attribution_for(model_key: str, image_key: str, method: str, params: tuple, target: int, model,
                    image: torch.Tensor) -> attr.Attribution:
    title = method_title(method)

    def words(fraction: float | None) -> str:
        return tr("progress", method=title) if fraction is None else tr("progress_done", method=title,
                                                                       percent=f"{fraction:.0%}")

    return attribution(model_key, image_key, method, params, target, model, image, _progress_text=words,
                       _waiting_text=lambda ahead: tr("waiting_turn", method=title, ahead=ahead))


@st.cache_data(max_entries=16, show_spinner=False)
def delta_curve(model_key: str, image_key: str, target: int, method: str, baseline: str, _model,
                _image: torch.Tensor) -> list[tuple[int, float]]:
    steps = (4, 8, 16, 32, 64, 128, 256) if _image.shape[-1] <= 64 else (4, 8, 16, 32)
    return checks.ig_delta_curve(_model, _image, target, steps, method=method, baseline=baseline)


@st.cache_data(max_entries=4, show_spinner=False)
def mask_check(kind: str, device: str) -> checks.MaskCheck:
    return checks.mask_share_check(_shapes_model(kind, device), heldout_shapes(50), 50)


def method_params(method: str, domain: str, model: torch.nn.Module, image_side: int) -> dict:
    """Widgets for one method's main parameters, bounded, defaults for the image size, mirrored into the link."""
    spec = attr.METHODS[method]
    defaults = {**spec.defaults, **(IMAGENET_DEFAULTS.get(method, {}) if domain == "imagenet" else {})}
    values = {}
    columns = st.columns(3)
    for index, (name, default) in enumerate(defaults.items()):
        key, where = f"attr_{domain}_{method}_{name}", columns[index % 3]
        bound, label = spec.bounds.get(name), f"{name}"
        helptext = text_or(f"help_{name}", "") or None
        if name == "layer":  # the key carries the layer count: ResNets with other layer names get a fresh widget
            layers = attr.gradcam_layers(model)
            key = synced(f"{key}_{len(layers)}", layers[0], options=layers)
            values[name] = where.selectbox(label, layers, key=key, help=helptext)
        elif isinstance(default, bool):
            values[name] = where.checkbox(label, key=synced(key, default), help=helptext)
        elif isinstance(default, str):
            values[name] = where.selectbox(label, list(bound), key=synced(key, default, options=list(bound)),
                                           format_func=lambda value, name=name: choice_label(name, value),
                                           help=helptext)
        elif isinstance(default, int):
            high = min(int(bound[1]), image_side) if name in ("window", "stride") else int(bound[1])
            key = synced(key, min(default, high), low=int(bound[0]), high=high)
            values[name] = int(where.number_input(label, min_value=int(bound[0]), max_value=high, step=1, key=key,
                                                  help=helptext))
        else:
            key = synced(key, float(default), low=float(bound[0]), high=float(bound[1]))
            values[name] = float(where.number_input(label, min_value=float(bound[0]), max_value=float(bound[1]),
                                                    step=0.01, key=key, help=helptext))
    return values


def default_params(method: str, domain: str) -> dict:
    return attr.clean_params(method, IMAGENET_DEFAULTS.get(method, {}) if domain == "imagenet" else {})


def shapes_input() -> tuple[torch.Tensor, str, np.ndarray, int]:
    images, labels, masks = shapes_images()
    key = synced("attr_shape_index", 3, low=0, high=HELDOUT_COUNT - 1)
    index = int(st.number_input(tr("shape_index", last=HELDOUT_COUNT - 1), min_value=0, max_value=HELDOUT_COUNT - 1,
                                step=1, key=key, help=tr("shape_index_help")))
    return torch.from_numpy(images[index]), f"shapes-{index}", masks[index], int(labels[index])


def photo_input() -> tuple[torch.Tensor, str] | None:
    source = st.radio(tr("photo"), PHOTO_SOURCES, horizontal=True, format_func=lambda s: tr(f"photo_{s}"),
                      key=synced("attr_photo_source", "sample", options=PHOTO_SOURCES))
    if source == "upload":
        upload = st.file_uploader(tr("upload"), type=["png", "jpg", "jpeg", "webp", "bmp", "gif"], key="attr_upload")
        if upload is None:
            st.info(tr("upload_missing"))
            return None
        data = upload.getvalue()
        try:
            image = load_image(data)
        except ImageError as error:
            st.error(tr("upload_bad", error=image_error_text(error)))
            return None
        key = "upload-" + hashlib.sha256(data).hexdigest()[:16]
    else:
        samples = list(SAMPLE_IMAGES)
        name = st.selectbox(tr("sample"), samples, key=synced("attr_sample", samples[0], options=samples),
                            format_func=lambda n: text_or(f"sample_{n}", SAMPLE_IMAGES[n].title))
        image, key = sample_image(name), f"sample-{name}"
    # Resize 256, centre-crop 224 as torchvision does, then back to pixels in [0, 1].
    return denormalize(imagenet_preprocess(image))[0], key


def target_widget(domain: str, context: str, order: list[int], label_of) -> int:
    """The class to explain: taken from the link once; back to the predicted class when the model or image changes."""
    key, seen_key = f"attr_target_{domain}", f"_attr_target_context_{domain}"
    if state.get(seen_key) not in (None, context):
        state[key] = order[0]
    state[seen_key] = context
    synced(key, order[0], low=0, high=len(order) - 1)
    return st.selectbox(tr("target"), order, key=key, format_func=label_of, help=tr("target_help"))


def to_rgb(image: torch.Tensor) -> np.ndarray:
    return image.permute(1, 2, 0).clamp(0, 1).numpy()




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


@section
def twin_maps(s: Subject) -> None:
    """The residual net and its plain twin explained by one method; picking the method reruns only this tab."""
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
    st.plotly_chart(cached(figs.attribution_figure, s.rgb, cols, views=("heatmap", "overlay"), sign=s.sign,
                           shared_scale=True, percentile=s.percentile, mask=s.mask,
                           title=tr("twins_title", method=method_title(pick))), width="stretch")
    a, b = (attr.signed_map(r.values, s.sign) for _, r in results.values())
    shares = [checks.mask_share(r.values, s.mask) for _, r in results.values()]
    st.markdown(tr("twins_result", rho=f"{checks.rank_correlation(a, b):.2f}", residual=f"{100 * shares[0]:.0f}",
                   plain=f"{100 * shares[1]:.0f}", area=f"{100 * s.mask.mean():.0f}"))
    st.caption(tr("twins_caption"))


@section
def sanity_check(s: Subject) -> None:
    """The map of the trained model beside one with its top layers randomised; the method and the number of
    randomised layers rerun only this tab."""
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
    st.plotly_chart(cached(figs.attribution_figure, s.rgb, [(own, trained_r.values),
                                                            (tr("randomised_column", count=count), random_r.values)],
                           views=("heatmap",), sign=s.sign, shared_scale=False, percentile=s.percentile,
                           mask=s.mask, title=tr("sanity_title", method=method_title(pick))),
                    width="stretch")
    signed_rho, abs_rho = correlations(random_r)
    c1, c2 = st.columns(2)
    c1.metric(tr("rho_signed"), tr("rho_na") if np.isnan(signed_rho) else f"{signed_rho:.2f}")
    c2.metric(tr("rho_abs"), tr("rho_na") if np.isnan(abs_rho) else f"{abs_rho:.2f}")
    st.caption(tr("sanity_caption"))
    if s.domain == "shapes":  # cheap at 32 x 32: the whole cascade, one randomised model per step
        cascade = [correlations(randomised_attribution(k)) for k in range(1, len(stages) + 1)]
        st.plotly_chart(cached(figs.cascade_figure, stages, [c[0] for c in cascade], [c[1] for c in cascade],
                               method=method_title(pick)), width="stretch")


@section
def convergence_curve(s: Subject, ig_params: dict) -> None:
    """How the convergence delta shrinks with more steps: always for the small shapes, on a click for photos
    (the click reruns only this part)."""
    if s.domain == "shapes" or st.button(tr("curve_button"), key="attr_delta_button"):
        with st.spinner(tr("spin_delta", high=256 if s.image.shape[-1] <= 64 else 32)):
            curve = delta_curve(s.model_key, s.image_key, s.target, ig_params["method"], ig_params["baseline"],
                                s.model, s.image)
        st.plotly_chart(cached(figs.delta_curve_figure, curve, chosen=ig_params["n_steps"]), width="stretch")
        st.caption(tr("curve_caption"))


# ---------------------------------------------------------------- the tabs (only the open one is built)
def methods_tab(s: Subject, results: dict[str, attr.Attribution], views: list[str], shared_scale: bool) -> None:
    if not results:
        st.info(tr("no_methods"))
        return
    columns = [(method_title(m), r.values) for m, r in results.items()]
    st.plotly_chart(cached(figs.attribution_figure,
        s.rgb, columns, views=tuple(v for v in views if v != "original"), show_original="original" in views,
        sign=s.sign, shared_scale=shared_scale, percentile=s.percentile, mask=s.mask,
        title=tr("maps_title", target=s.class_names[s.target])), width="stretch")
    sentences = [tr("maps_caption"), *([tr("maps_outline")] if s.mask is not None else []),
                 tr("maps_shared" if shared_scale else "maps_per_method")]
    st.caption(("" if lang == "zh" else " ").join(sentences))  # Chinese puts no space between sentences
    rows = []
    for m, r in results.items():
        row = {tr("col_method"): method_title(m), tr("col_seconds"): round(r.seconds, 3),
               tr("col_sum"): float(r.values.sum()),
               tr("col_delta"): r.delta if r.delta is not None else float("nan")}
        if s.mask is not None:
            row[tr("col_share")] = round(100 * checks.mask_share(r.values, s.mask), 1)
        rows.append(row)
    st.dataframe(rows, width="stretch", hide_index=True)


def completeness_tab(s: Subject) -> None:
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
    st.markdown(tr("mask_intro"))
    if s.domain != "shapes":
        st.info(tr("mask_need_shapes"))
        return
    with st.spinner(tr("spin_mask")):
        result = mask_check(s.shapes_kind, device)
    c1, c2, c3 = st.columns(3)
    c1.metric(tr("mean_share"), f"{100 * result.mean_share:.1f}%")
    c2.metric(tr("mean_area"), f"{100 * result.mean_area_share:.1f}%")
    c3.metric(tr("ratio"), f"{result.ratio:.2f}x")
    st.plotly_chart(cached(figs.mask_check_figure, result.shares, result.area_shares, result.correct),
                    width="stretch")


def how_tab() -> None:
    for method, spec in attr.METHODS.items():
        title = method_title(method)
        if any(char >= "\u2e80" for char in title):  # a Chinese name: add the one the literature and Captum use
            title = f"{title} ({spec.title})"
        st.markdown(tr("method_entry", title=title, summary=method_summary(method)))
    st.latex(r"\text{Grad-CAM: } L = \mathrm{ReLU}\Big(\sum_k \alpha_k A^k\Big),\quad "
             r"\alpha_k = \frac{1}{HW}\sum_{i,j}\frac{\partial y^c}{\partial A^k_{ij}}")
    st.markdown(tr("modules_note"))
    show_source(tr("show_code"), attr._run, key="attr_code")


@section
def explanation(s: Subject, results: dict[str, attr.Attribution]) -> None:
    """How the maps are drawn, and the tabs that show them. A drawing option or another tab reruns only this part
    (the attributions themselves come from the last full run)."""
    uses = DRAWING_OPTIONS.get(open_tab_name("attr_tab", TABS), ())  # the open tab decides which options apply
    st.markdown(tr("drawing"))
    view_cols = st.columns([1.8, 2.0, 1.3, 1.1])
    view_names = {"original": tr("view_original"), **figs.view_labels()}
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
            titles = {**{m: method_title(m) for m in attr.METHODS},
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
            model, model_key, source = shapes_model(kind, device), choice, "shipped"
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
    probs = probabilities(model_key, image_key, model, image)
    order = [int(i) for i in np.argsort(-probs)]
    with top[2]:
        target = target_widget(domain, f"{model_key}|{image_key}", order,
                               lambda i: tr("target_option", name=class_names[i], percent=f"{100 * probs[i]:.1f}"))
        all_methods = list(attr.METHODS)
        key = f"attr_methods_{domain}"
        methods = store_choices(key, st.multiselect(
            tr("methods"), all_methods, format_func=method_title,
            key=synced_choices(key, SHAPES_DEFAULT_METHODS if domain == "shapes" else IMAGENET_DEFAULT_METHODS,
                            all_methods)))
    with st.expander(tr("parameters")):
        params = {}
        for method in methods:
            st.markdown(tr("method_entry", title=method_title(method), summary=method_summary(method)))
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
    st.plotly_chart(cached(figs.probability_figure, class_names, probs, target=target,
                           top=5 if domain == "shapes" else 6), width="stretch")

results: dict[str, attr.Attribution] = {}
for method in methods:
    try:
        results[method] = attribution_for(model_key, image_key, method, tuple(sorted(params[method].items())), target,
                                          model, image)
    except ValueError as error:
        st.error(tr("method_failed", method=method_title(method), error=error))

with right:
    if mask is not None and results:
        area = float(mask.mean())
        shares = {m: checks.mask_share(r.values, mask) for m, r in results.items()}
        best = max(shares, key=shares.get)
        st.markdown(tr("mask_share", area=f"{100 * area:.0f}", method=method_title(best),
                       share=f"{100 * shares[best]:.0f}", ratio=f"{shares[best] / area:.1f}"))
        st.plotly_chart(cached(figs.mask_share_figure, [method_title(m) for m in shares], list(shares.values()), area),
                        width="stretch")
    elif domain == "imagenet":
        st.markdown(tr("no_mask"))

subject = Subject(domain=domain, model_key=model_key, model=model, depth=depth if domain == "imagenet" else None,
                  image_key=image_key, image=image, rgb=to_rgb(image), mask=mask, target=target,
                  class_names=class_names, params=params, trained=source != "random",
                  shapes_kind=kind if domain == "shapes" else None)
explanation(subject, results)

render_notices(notice_slot)  # every setting has been read from the link by now
