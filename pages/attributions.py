"""Attributions: which pixels does a trained ResNet use, and can we trust the map?"""

from __future__ import annotations

import hashlib
import inspect

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
from ui.models import imagenet_model
from ui.settings import current

HELDOUT_COUNT = 200
SHAPES_DEFAULT_METHODS = ["integrated_gradients", "saliency", "gradcam", "occlusion"]
IMAGENET_DEFAULT_METHODS = ["integrated_gradients", "saliency", "gradcam"]
IMAGENET_DEFAULTS = {  # 224 x 224 inputs: fewer steps, a bigger occlusion patch, smaller batches
    "integrated_gradients": dict(n_steps=32, internal_batch_size=16),
    "smoothgrad": dict(nt_samples=8, nt_samples_batch_size=4),
    "gradient_shap": dict(n_samples=8),
    "occlusion": dict(window=32, stride=16, perturbations_per_eval=16),
}
PARAM_HELP = {
    "n_steps": "points on the path from the baseline to the input (more = more exact integral)",
    "method": "the quadrature rule for the path integral",
    "baseline": "the reference image that means 'no information'",
    "internal_batch_size": "how many path points go through the model at once",
    "nt_samples": "noisy copies averaged", "stdevs": "noise standard deviation (pixels are in [0, 1])",
    "nt_samples_batch_size": "noisy copies per model call", "nt_type": "mean, mean of squares, or variance",
    "base": "the method run on every noisy copy", "n_samples": "random baseline/path samples",
    "window": "side of the square patch (pixels)", "stride": "step between patch positions (pixels)",
    "perturbations_per_eval": "occluded copies per model call", "layer": "whose output Grad-CAM weighs",
    "interpolate_mode": "how the coarse map is upsampled to the input", "relu": "keep only the positive part",
    "multiply_by_inputs": "multiply by (input - baseline): global attribution",
    "absolute": "take |gradient|", "seed": "random seed of the noise",
}


def _freeze(model: torch.nn.Module, device: torch.device) -> torch.nn.Module:
    model = model.to(device).eval()
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    return model


@st.cache_resource(max_entries=4, show_spinner="Loading the trained shapes model...")
def shapes_model(kind: str, device: str) -> torch.nn.Module:
    return _freeze(load_shapes_model(kind), torch.device(device))


def _randomised(model: torch.nn.Module, fresh: torch.nn.Module, count: int, device: str) -> torch.nn.Module:
    return _freeze(checks.randomised_model(model, fresh.to(torch.device(device)), count), torch.device(device))


@st.cache_resource(max_entries=14, show_spinner="Randomising a copy of the model...")
def randomised_shapes(kind: str, count: int, seed: int, device: str) -> torch.nn.Module:
    return _randomised(shapes_model(kind, device), build_shapes_model(kind, seed=seed), count, device)


@st.cache_resource(max_entries=2, show_spinner="Randomising a copy of the model...")
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
                _image: torch.Tensor) -> attr.Attribution:
    """Cached for everyone: same model, image, method, parameters and target = one computation."""
    slow = method == "occlusion" or (_image.shape[-1] > 64 and method not in ("saliency", "gradcam"))
    bar = st.progress(0.0, text=f"{attr.METHODS[method].title}...") if slow else None
    shown = [0.0]

    def progress(fraction: float) -> None:
        if bar is not None and (fraction - shown[0] >= 0.02 or fraction >= 1.0):
            shown[0] = fraction
            bar.progress(fraction, text=f"{attr.METHODS[method].title}: {fraction:.0%} of the model evaluations")

    result = attr.attribute(_model, _image, target, method, dict(params), progress=progress)
    if bar is not None:
        bar.empty()
    return result


@st.cache_data(max_entries=16, show_spinner="Integrated Gradients with 4 to 256 steps...")
def delta_curve(model_key: str, image_key: str, target: int, method: str, baseline: str, _model,
                _image: torch.Tensor) -> list[tuple[int, float]]:
    steps = (4, 8, 16, 32, 64, 128, 256) if _image.shape[-1] <= 64 else (4, 8, 16, 32)
    return checks.ig_delta_curve(_model, _image, target, steps, method=method, baseline=baseline)


@st.cache_data(max_entries=4, show_spinner="Integrated Gradients on 50 held-out shapes...")
def mask_check(kind: str, device: str) -> checks.MaskCheck:
    return checks.mask_share_check(shapes_model(kind, device), heldout_shapes(50), 50)


def method_params(method: str, domain: str, model: torch.nn.Module, image_side: int) -> dict:
    """Widgets for one method's main parameters, bounded, defaults for the image size."""
    spec = attr.METHODS[method]
    defaults = {**spec.defaults, **(IMAGENET_DEFAULTS.get(method, {}) if domain == "imagenet" else {})}
    values = {}
    columns = st.columns(3)
    for index, (name, default) in enumerate(defaults.items()):
        key, where = f"attr_{domain}_{method}_{name}", columns[index % 3]
        bound, label = spec.bounds.get(name), f"{name}"
        helptext = PARAM_HELP.get(name)
        if name == "layer":  # the key carries the layer count: ResNets with other layer names get a fresh widget
            layers = attr.gradcam_layers(model)
            values[name] = where.selectbox(label, layers, key=f"{key}_{len(layers)}", help=helptext)
        elif isinstance(default, bool):
            values[name] = where.checkbox(label, value=default, key=key, help=helptext)
        elif isinstance(default, str):
            values[name] = where.selectbox(label, list(bound), index=list(bound).index(default), key=key,
                                           help=helptext)
        elif isinstance(default, int):
            high = min(int(bound[1]), image_side) if name in ("window", "stride") else int(bound[1])
            values[name] = int(where.number_input(label, min_value=int(bound[0]), max_value=high,
                                                  value=min(default, high), step=1, key=key, help=helptext))
        else:
            values[name] = float(where.number_input(label, min_value=float(bound[0]), max_value=float(bound[1]),
                                                    value=float(default), step=0.01, key=key, help=helptext))
    return values


def default_params(method: str, domain: str) -> dict:
    return attr.clean_params(method, IMAGENET_DEFAULTS.get(method, {}) if domain == "imagenet" else {})


def shapes_input() -> tuple[torch.Tensor, str, np.ndarray, int]:
    images, labels, masks = shapes_images()
    index = int(st.number_input(f"Held-out shape image (0 to {HELDOUT_COUNT - 1})", min_value=0,
                                max_value=HELDOUT_COUNT - 1, value=3, step=1, key="attr_shape_index",
                                help="Drawn from a seed the models never saw during training."))
    return torch.from_numpy(images[index]), f"shapes-{index}", masks[index], int(labels[index])


def photo_input() -> tuple[torch.Tensor, str] | None:
    source = st.radio("Photo", ["built-in sample", "upload"], horizontal=True, key="attr_photo_source")
    if source == "upload":
        upload = st.file_uploader("An image (PNG or JPEG)", type=["png", "jpg", "jpeg", "webp", "bmp", "gif"],
                                  key="attr_upload")
        if upload is None:
            st.info("Upload a photo, or switch to a built-in sample.")
            return None
        data = upload.getvalue()
        try:
            image = load_image(data)
        except ImageError as error:
            st.error(f"This upload cannot be used: {error}")
            return None
        key = "upload-" + hashlib.sha256(data).hexdigest()[:16]
    else:
        name = st.selectbox("Sample", list(SAMPLE_IMAGES), format_func=lambda n: SAMPLE_IMAGES[n].title,
                            key="attr_sample")
        image, key = sample_image(name), f"sample-{name}"
    # Resize 256, centre-crop 224 as torchvision does, then back to pixels in [0, 1].
    return denormalize(imagenet_preprocess(image))[0], key


def to_rgb(image: torch.Tensor) -> np.ndarray:
    return image.permute(1, 2, 0).clamp(0, 1).numpy()


st.title("Attributions")
st.markdown("**Which pixels does a trained ResNet use for its decision, and is the map about the model "
            "or only about the image?**")
settings = current()
device = str(settings.device)

with st.container(border=True):
    top = st.columns([1.2, 1.3, 1.5])
    choice = top[0].radio("Model", ["shapes-residual", "shapes-plain", "imagenet"], key="attr_model",
                          format_func={"shapes-residual": "Shapes ResNet-20 (trained, residual)",
                                       "shapes-plain": "Shapes plain-20 (trained, no skips)",
                                       "imagenet": "ImageNet ResNet (photos)"}.get)
    domain = "imagenet" if choice == "imagenet" else "shapes"
    mask, label = None, None
    with top[1]:
        if domain == "shapes":
            kind = choice.split("-")[1]
            model, model_key = shapes_model(kind, device), choice
            image, image_key, mask, label = shapes_input()
            class_names = list(CLASSES)
        else:
            depth = st.selectbox("Depth", list(IMAGENET_CONFIGS), key="attr_depth",
                                 help="Deeper nets are slower on a CPU (ResNet-152: about 6x ResNet-18).")
            picked = photo_input()
            if picked is None:
                st.stop()
            image, image_key = picked
            shared_model, weights = imagenet_model(depth, settings)
            model = attr.PixelInput(shared_model, IMAGENET_MEAN, IMAGENET_STD)
            model_key = f"imagenet-{depth}-{settings.model_source}-{settings.seed}-{settings.checkpoint_digest[:12]}"
            class_names = list(imagenet_categories())
    probs = probabilities(model_key, image_key, model, image)
    order = [int(i) for i in np.argsort(-probs)]
    with top[2]:
        target = st.selectbox("Target class to explain", order, key=f"attr_target_{model_key}_{image_key}",
                              format_func=lambda i: f"{class_names[i]} ({100 * probs[i]:.1f}%)",
                              help="Defaults to the predicted class; any class can be explained.")
        methods = st.multiselect("Methods (side by side)", list(attr.METHODS), key=f"attr_methods_{domain}",
                                 default=SHAPES_DEFAULT_METHODS if domain == "shapes" else IMAGENET_DEFAULT_METHODS,
                                 format_func=lambda m: attr.METHODS[m].title)
    view_cols = st.columns([1.4, 1.6, 1.2, 1])
    views = view_cols[0].multiselect("Views", ["original", "heatmap", "overlay"], default=["original", "heatmap",
                                     "overlay"], key="attr_views",
                                     format_func={"original": "Original", **figs.VIEWS}.get)
    sign = view_cols[1].radio("Sign", list(attr.SIGNS), horizontal=True, key="attr_sign", help=" · ".join(
        f"{k}: {v}" for k, v in attr.SIGNS.items()))
    shared_scale = view_cols[2].radio("Colour scale", ["per method", "shared"], horizontal=True,
                                      key="attr_scale", help="Methods measure different things (gradients, "
                                      "changes of the logit), so each has its own scale by default; a shared "
                                      "scale compares raw values.") == "shared"
    percentile = view_cols[3].slider("Scale ends at percentile", 90.0, 100.0, 99.0, 0.5, key="attr_percentile",
                                     help="Brighter pixels saturate: one hot pixel cannot wash out the map.")
    with st.expander("Method parameters"):
        params = {}
        for method in methods:
            st.markdown(f"**{attr.METHODS[method].title}** · {attr.METHODS[method].summary}")
            params[method] = method_params(method, domain, model, image.shape[-1])

if domain == "imagenet":
    (st.info if settings.model_source != "random" else st.warning)(
        f"{weights}. " + ("" if settings.model_source != "random" else
                          "Attributions of a random-weight model are meaningless beyond showing the mechanics: "
                          "the map can only reflect the image and the architecture. Choose pretrained weights in "
                          "the sidebar where they can be downloaded."))

left, right = st.columns([1, 1.3])
with left:
    predicted = order[0]
    verdict = (f"The model says **{class_names[predicted]}** with {100 * probs[predicted]:.1f}% probability"
               + (f"; the true shape is **{class_names[label]}**." if label is not None else "."))
    st.markdown(verdict)
    st.plotly_chart(figs.probability_figure(class_names, probs, target=target, top=5 if domain == "shapes" else 6),
                    width="stretch")

results: dict[str, attr.Attribution] = {}
for method in methods:
    try:
        results[method] = attribution(model_key, image_key, method, tuple(sorted(params[method].items())), target,
                                      model, image)
    except ValueError as error:
        st.error(f"{attr.METHODS[method].title}: {error}")

with right:
    if mask is not None and results:
        area = float(mask.mean())
        shares = {m: checks.mask_share(r.values, mask) for m, r in results.items()}
        best = max(shares, key=shares.get)
        st.markdown(f"The shape covers **{100 * area:.0f}%** of the image. {attr.METHODS[best].title} puts "
                    f"**{100 * shares[best]:.0f}%** of its positive attribution on it "
                    f"({shares[best] / area:.1f}x chance).")
        st.plotly_chart(figs.mask_share_figure([attr.METHODS[m].title for m in shares], list(shares.values()), area),
                        width="stretch")
    elif domain == "imagenet":
        st.markdown("Photos have no object mask, so here only your eyes judge whether a map sits on the object. "
                    "The shapes models (top left) come with masks and a measured answer.")

tabs = st.tabs(["Methods side by side", "Plain vs residual", "Sanity check: randomised model",
                "Integrated Gradients completeness", "50-image check", "How the methods work"])
rgb = to_rgb(image)
title_of = {m: attr.METHODS[m].title for m in attr.METHODS}


def params_for(method: str) -> dict:
    """The parameters set above for a method in the side-by-side list, else its defaults for this image size."""
    return params.get(method) or default_params(method, domain)


with tabs[0]:
    if not results:
        st.info("Choose at least one method above.")
    else:
        columns = [(title_of[m], r.values) for m, r in results.items()]
        st.plotly_chart(figs.attribution_figure(
            rgb, columns, views=tuple(v for v in views if v != "original"), show_original="original" in views,
            sign=sign, shared_scale=shared_scale, percentile=percentile, mask=mask,
            title=f"Attributions for '{class_names[target]}'"), width="stretch")
        st.caption("Channels are summed into one number per pixel. Red pushes the class score up, blue pushes it "
                   "down (Grad-CAM is positive by construction)."
                   + (" The dotted line is the shape's outline." if mask is not None else "")
                   + " With one shared scale the methods' raw values are compared directly; they are in different "
                   "units (gradients vs. logit changes), so the per-method scale shows each map's own structure.")
        rows = []
        for m, r in results.items():
            row = {"method": title_of[m], "compute time (s)": round(r.seconds, 3),
                   "sum of attributions": float(r.values.sum()),
                   "|convergence delta|": r.delta if r.delta is not None else float("nan")}
            if mask is not None:
                row["positive share on object (%)"] = round(100 * checks.mask_share(r.values, mask), 1)
            rows.append(row)
        st.dataframe(rows, width="stretch", hide_index=True)

with tabs[1]:
    st.markdown("**Same image, same method, both trained nets.** Both learnt the task (held-out accuracy over 90% "
                "each); do they look at the same pixels?")
    if domain != "shapes":
        st.info("Only the shapes models come with a trained plain twin; a plain ImageNet ResNet would need days of "
                "training. Choose a shapes model at the top.")
    else:
        pick = st.selectbox("Method", list(attr.METHODS), index=0, key="attr_pvr_method", format_func=title_of.get)
        pick_params = tuple(sorted(params_for(pick).items()))
        twins = {}
        for kind in SHAPES_MODELS:
            twin = shapes_model(kind, device)
            twin_probs = probabilities(f"shapes-{kind}", image_key, twin, image)
            twins[kind] = (twin_probs, attribution(f"shapes-{kind}", image_key, pick, pick_params, target, twin,
                                                   image))
        cols = [(f"{SHAPES_MODELS[k].title.split(' (')[0]}<br>p({class_names[target]}) = {100 * p[target]:.1f}%",
                 r.values) for k, (p, r) in twins.items()]
        st.plotly_chart(figs.attribution_figure(rgb, cols, views=("heatmap", "overlay"), sign=sign,
                                                shared_scale=True, percentile=percentile, mask=mask,
                                                title=f"{title_of[pick]}: residual vs plain"), width="stretch")
        a, b = (attr.signed_map(r.values, sign) for _, r in twins.values())
        shares = [checks.mask_share(r.values, mask) for _, r in twins.values()]
        st.markdown(f"Rank correlation (Spearman) between the two maps: **{checks.rank_correlation(a, b):.2f}**. "
                    f"Positive attribution on the shape: residual **{100 * shares[0]:.0f}%**, plain "
                    f"**{100 * shares[1]:.0f}%** (the shape covers {100 * mask.mean():.0f}%).")
        st.caption("One shared colour scale: the same quantity from two models. "
                   "Same depth, widths, data and training recipe; the only difference is the identity shortcut. "
                   "Two nets that agree on the answer can still disagree on the reason: a low rank correlation "
                   "means they weigh different pixels.")

with tabs[2]:
    st.markdown("**Does the map depend on what the model learnt?** Adebayo et al. (2018) replace the trained weights "
                "with random ones, from the top layer down. A method whose map stays the same is showing the image "
                "(edges, colours), not the model's reasoning.")
    stages = checks.cascade_stages(model)
    pick = st.selectbox("Method", list(attr.METHODS), index=list(attr.METHODS).index("guided_backprop"),
                        key="attr_sanity_method", format_func=title_of.get)
    count = st.slider("Stages randomised, from the output down", 1, len(stages), 1,
                      key=f"attr_sanity_count_{domain}", help="Order: " + " → ".join(stages))
    st.caption(f"Randomised: {', '.join(stages[:count])}. Kept: {', '.join(stages[count:]) or 'nothing'}.")
    pick_params = tuple(sorted(params_for(pick).items()))
    trained_r = attribution(model_key, image_key, pick, pick_params, target, model, image)

    def randomised_attribution(k: int) -> attr.Attribution:
        shuffled = (randomised_shapes(choice.split("-")[1], k, settings.seed + 1, device) if domain == "shapes"
                    else randomised_imagenet(model_key, depth, k, settings.seed + 1, device, model))
        return attribution(f"{model_key}-random{k}-{settings.seed + 1}", image_key, pick, pick_params, target,
                           shuffled, image)

    def correlations(other: attr.Attribution) -> tuple[float, float]:
        a, b = trained_r.values.sum(0), other.values.sum(0)
        return checks.rank_correlation(a, b), checks.rank_correlation(np.abs(a), np.abs(b))

    random_r = randomised_attribution(count)
    own = "trained" if domain == "shapes" or settings.model_source != "random" else "sidebar's model (random)"
    st.plotly_chart(figs.attribution_figure(rgb, [(own, trained_r.values), (f"top {count} randomised",
                                                                            random_r.values)],
                                            views=("heatmap",), sign=sign, shared_scale=False, percentile=percentile,
                                            mask=mask, title=f"{title_of[pick]}: trained vs randomised"),
                    width="stretch")
    signed_rho, abs_rho = correlations(random_r)
    c1, c2 = st.columns(2)
    c1.metric("Spearman rank correlation (signed maps)", "n/a (a map is constant)" if np.isnan(signed_rho)
              else f"{signed_rho:.2f}")
    c2.metric("Spearman rank correlation (|maps|)", "n/a (a map is constant)" if np.isnan(abs_rho)
              else f"{abs_rho:.2f}")
    st.caption("Near 1: the map barely changed, so it cannot be explaining the learnt weights. Near 0: the method "
               "is sensitive to the model, as it should be. Each panel has its own colour scale because random "
               "weights change the size of the logits. Adebayo et al. found Guided Backprop (the default here) "
               "nearly blind to the top layers: it mostly redraws the image's edges.")
    if domain == "shapes":  # cheap at 32 x 32: the whole cascade, one randomised model per step
        cascade = [correlations(randomised_attribution(k)) for k in range(1, len(stages) + 1)]
        st.plotly_chart(figs.cascade_figure(stages, [c[0] for c in cascade], [c[1] for c in cascade],
                                            method=title_of[pick]), width="stretch")

with tabs[3]:
    st.markdown("Integrated Gradients is *complete*: the attributions add up to how much the class score (the "
                "logit, before softmax) changes between the baseline and the input.")
    st.latex(r"\mathrm{IG}_i(x) = (x_i - x'_i)\int_0^1 \frac{\partial f\big(x' + \alpha (x - x')\big)}{\partial x_i}"
             r"\,d\alpha, \qquad \sum_i \mathrm{IG}_i(x) = f(x) - f(x')")
    ig_params = params_for("integrated_gradients")
    ig = attribution(model_key, image_key, "integrated_gradients", tuple(sorted(ig_params.items())), target,
                     model, image)
    base = attr.baseline_images(ig_params["baseline"], image.unsqueeze(0))[0]
    check = checks.completeness(model, image, base, target, ig.values)
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("sum of attributions", f"{check.attribution_sum:,.4f}")
    c2.metric("f(x)", f"{check.score:,.4f}")
    c3.metric(f"f(baseline: {ig_params['baseline']})", f"{check.baseline_score:,.4f}")
    c4.metric("gap = convergence delta", f"{check.gap:,.4f}")
    change = check.score - check.baseline_score
    relative = f" ({100 * abs(check.gap) / abs(change):.2f}% of f(x) − f(baseline))" if change else ""
    st.caption(f"{ig_params['n_steps']:,} steps, rule '{ig_params['method']}'. The gap is recomputed here from two "
               f"forward passes{relative}; Captum reports |delta| = {ig.delta:.4f}.")
    if domain == "shapes" or st.button("Compute the convergence curve (several Integrated Gradients runs)",
                                       key="attr_delta_button"):
        curve = delta_curve(model_key, image_key, target, ig_params["method"], ig_params["baseline"], model, image)
        st.plotly_chart(figs.delta_curve_figure(curve, chosen=ig_params["n_steps"]), width="stretch")
        st.caption("The integral is approximated by a sum over the path, so more steps give a smaller gap, but "
                   "not smoothly: a ReLU network is piecewise linear, and its gradient jumps wherever the path "
                   "crosses a kink. The delta is the honest error bar of the map.")

with tabs[4]:
    st.markdown("**Is the object test passed on average, not only on a lucky image?** Integrated Gradients (32 "
                "steps, black baseline) for the true class on 50 held-out shapes.")
    if domain != "shapes":
        st.info("Needs object masks: choose a shapes model at the top.")
    else:
        result = mask_check(choice.split("-")[1], device)
        c1, c2, c3 = st.columns(3)
        c1.metric("mean share of positive attribution on the object", f"{100 * result.mean_share:.1f}%")
        c2.metric("mean share of the image the object covers", f"{100 * result.mean_area_share:.1f}%")
        c3.metric("ratio (goal: at least 2x)", f"{result.ratio:.2f}x")
        st.plotly_chart(figs.mask_check_figure(result.shares, result.area_shares, result.correct), width="stretch")

with tabs[5]:
    for spec in attr.METHODS.values():
        st.markdown(f"**{spec.title}.** {spec.summary}")
    st.latex(r"\text{Grad-CAM: } L = \mathrm{ReLU}\Big(\sum_k \alpha_k A^k\Big),\quad "
             r"\alpha_k = \frac{1}{HW}\sum_{i,j}\frac{\partial y^c}{\partial A^k_{ij}}")
    st.markdown("DeepLift and Guided Backprop change how gradients pass through each ReLU, so they need every ReLU "
                "to be its own module. The PyTorch block in seed article 004 writes `nn.ReLU()(out)` inline, which "
                "creates a new, invisible ReLU on every call; our blocks keep one `nn.ReLU` per use and the addition "
                "as its own `Add` module. Captum Insights (its old web UI) is deprecated; this page calls "
                "`captum.attr` directly.")
    with st.expander("Show the code"):
        st.code(inspect.getsource(attr._run), language="python")
