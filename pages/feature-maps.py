"""Feature maps: what does each layer of a ResNet see, and what does the skip connection change there?"""

from __future__ import annotations

import hashlib

import streamlit as st
from torch import nn

import ui.settings
from resnet_viz.analyses import features as feat
from resnet_viz.analyses import features_view as view
from resnet_viz.analyses.features_alloc import keep_freed_memory
from resnet_viz.analyses.receptive_field import receptive_fields
from resnet_viz.data import SAMPLE_IMAGES, SHAPE_CLASSES, ImageError, load_image, sample_image
from resnet_viz.figures import feature_maps as figs
from resnet_viz.models.cifar import SHORTCUT_OPTIONS
from resnet_viz.models.imagenet import ImageNetResNet
from ui.charts import figure as cached
from ui.errors import error_text
from ui.feature_views import K, chosen_layer, receptive_field
from ui.frame import routed
from ui.i18n import translator, translator_or
from ui.models import cached_cifar_resnet, imagenet_model, offer_pretrained
from ui.overview import stage_overview_html
from ui.params import synced
from ui.source import show_source
from ui.text.feature_maps import TEXT
from ui.text.frame import TEXT as FRAME_TEXT

routed()  # first, before any output: see ui.frame.routed

IMAGENET_DEPTHS, CIFAR_DEPTHS = (18, 34, 50, 101, 152), (20, 32, 44, 56, 110, 1202)
FAMILIES = ("imagenet", "cifar")
BLOCK_KINDS = ("v1", "v2")
SOURCES = ("photo", "upload", "shape")

tr = translator(TEXT)
text_or = translator_or(TEXT)


@st.cache_resource(max_entries=2, show_spinner=False)
def plain_twin_of(model_key: str, _model: nn.Module) -> tuple[nn.Module, list[str]]:
    return feat.plain_twin(_model)


@st.cache_resource(max_entries=2, ttl=3600, show_spinner=False)
def all_layers(model_key: str, image_key: str, _model: nn.Module, _plain: nn.Module, _x) -> tuple[dict, dict]:
    """Every feature map of both nets, on the CPU. Shared read-only by every session with the same settings."""
    residual, plain = feat.extract_features(_model, _x), feat.extract_features(_plain, _x)
    return {k: v.cpu() for k, v in residual.items()}, {k: v.cpu() for k, v in plain.items()}


@st.cache_data(max_entries=16, show_spinner=False)
def uploaded_image(data: bytes):
    return load_image(data)


def stage_name(model: nn.Module, stage: str) -> str:
    """conv2_x … conv5_x, stage 1 … 3, stem, head: in the page's language."""
    if stage in ("stem", "head"):
        return tr(f"stage_{stage}")
    if isinstance(model, ImageNetResNet):
        return feat.stage_label(model, stage)  # conv2_x ... conv5_x read the same in every language
    return tr("stage_n", n=feat.stage_names(model).index(stage) + 1)


def part_name(spec: feat.LayerSpec) -> str:
    return tr("part_output") if spec.part == feat.OUTPUT else spec.part


def layer_label(model: nn.Module, spec: feat.LayerSpec) -> str:
    """'conv3_x, block 2: F(x)' in the page's language."""
    if spec.block is None:
        return tr("stem_label", stage=stage_name(model, spec.stage), part=spec.part)
    return tr("layer_label", stage=stage_name(model, spec.stage), n=spec.block + 1, part=part_name(spec))


keep_freed_memory()  # all-layer extractions reuse freed memory instead of page-faulting new (see its docstring)
settings = ui.settings.current()
frame_tr = translator(FRAME_TEXT)
st.title(tr("title"))
st.markdown(tr("question"))

# ---------------------------------------------------------------- controls
with st.container(border=True):
    col_model, col_image, col_layer = st.columns(3)
    with col_model:
        family = st.radio(tr("model"), FAMILIES, key=synced(K + "family", FAMILIES[0], options=FAMILIES),
                          format_func=lambda f: tr(f"family_{f}"))
        if family == FAMILIES[0]:
            depth = st.selectbox(tr("depth"), IMAGENET_DEPTHS, key=synced(K + "depth", 18, options=IMAGENET_DEPTHS),
                                 format_func=lambda d: f"ResNet-{d}")
            # source: which weights the model really carries (a failed download or checkpoint falls back to random)
            model, weights, source = imagenet_model(depth, settings)
            size, shortcut, preact = 224, "B", False
        else:
            depth = st.selectbox(tr("depth"), CIFAR_DEPTHS, key=synced(K + "cifar_depth", 20, options=CIFAR_DEPTHS),
                                 format_func=lambda d: f"ResNet-{d}")
            preact = st.radio(tr("block_kind"), BLOCK_KINDS, key=synced(K + "preact", "v1", options=BLOCK_KINDS),
                              horizontal=True, format_func=lambda b: tr(f"block_{b}")) == "v2"
            options = list(SHORTCUT_OPTIONS)
            shortcut = st.selectbox(tr("shortcut"), options, key=synced(K + "shortcut", options[0], options=options),
                                    format_func=lambda s: text_or(f"shortcut_{s}", f"{s}: {SHORTCUT_OPTIONS[s]}"))
            model = cached_cifar_resnet(depth, settings.seed, str(settings.device), True, shortcut, preact)
            weights = tr("cifar_weights", depth=depth, block="v2" if preact else "v1", option=shortcut,
                         seed=settings.seed)
            size, source = 32, "random"
        st.caption(tr("weights_note", weights=weights))
    with col_image:
        image_source = st.radio(tr("image"), SOURCES, key=synced(K + "source", SOURCES[0], options=SOURCES),
                                format_func=lambda s: tr(f"source_{s}"))
        image, image_key = None, ""
        if image_source == "upload":
            upload = st.file_uploader(tr("upload"), key=K + "upload",
                                      type=["png", "jpg", "jpeg", "webp", "bmp", "tif", "tiff", "gif"])
            if upload is None:
                st.info(tr("upload_wait"))
            else:
                data = upload.getvalue()
                try:
                    image, image_key = uploaded_image(data), f"upload:{hashlib.sha256(data).hexdigest()}"
                except ImageError as error:
                    st.error(tr("upload_error", error=error_text(error)))
        elif image_source == "shape":
            shape = st.selectbox(tr("shape"), SHAPE_CLASSES, key=synced(K + "shape", SHAPE_CLASSES[0],
                                                                       options=SHAPE_CLASSES),
                                 format_func=lambda n: text_or(f"shape_{n}", n))
            image, image_key = view.synthetic_image(shape, size, settings.seed), f"shape:{shape}:{settings.seed}"
        if image is None:
            samples = list(SAMPLE_IMAGES)
            name = st.selectbox(tr("photo"), samples, key=synced(K + "sample", samples[0], options=samples),
                                format_func=lambda n: text_or(f"photo_{n}", SAMPLE_IMAGES[n].title)
                                ) if image_source == "photo" else "cat"
            image, image_key = sample_image(name), f"sample:{name}"
            st.caption(tr("photo_caption", title=text_or(f"photo_{name}", SAMPLE_IMAGES[name].title),
                          credit=text_or(f"credit_{name}", SAMPLE_IMAGES[name].credit)))
    specs = feat.layer_specs(model)
    by_key = {spec.key: spec for spec in specs}
    blocks = list(dict.fromkeys("stem" if s.block is None else f"{s.stage}.{s.block}" for s in specs
                                if s.stage != "head"))
    with col_layer:
        def block_title(name: str) -> str:
            if name == "stem":
                return tr("stem_choice")
            stage, index = name.split(".")
            return tr("block_choice", stage=stage_name(model, stage), n=int(index) + 1)
        default_block = next(b for b in blocks if b.startswith(feat.stage_names(model)[1] + "."))
        synced(K + "block", default_block, options=blocks)
        if st.session_state.get(K + "block") not in blocks:
            st.session_state[K + "block"] = default_block
        block = st.selectbox(tr("block"), blocks, key=K + "block", format_func=block_title)
        parts = [s for s in specs if (s.block is None and s.stage == "stem" and block == "stem")
                 or (s.block is not None and f"{s.stage}.{s.block}" == block)]
        parts = parts[-1:] + parts[:-1] if block != "stem" else parts  # the block output first
        part_keys = [p.key for p in parts]
        synced(K + "part", part_keys[0], options=part_keys)
        if st.session_state.get(K + "part") not in part_keys:
            st.session_state[K + "part"] = part_keys[0]
        key = st.selectbox(tr("part"), part_keys, key=K + "part", format_func=lambda k: part_name(by_key[k]))

# ---------------------------------------------------------------- computation (cached)
model_key = f"{family}|{depth}|{shortcut}|{preact}|{source}|{settings.seed}|{settings.checkpoint_digest}|" \
            f"{settings.device}"
try:
    with st.spinner(tr("spinner_twin")):
        plain, unmatched = plain_twin_of(model_key, model)
    x = view.model_input(image, size)
    with st.spinner(tr("spinner_pass")):
        residual_maps, plain_maps = all_layers(model_key, image_key, model, plain, x)
except (RuntimeError, TypeError, ValueError) as error:
    st.error(tr("failed", error=error_text(error)))
    st.stop()
fields = receptive_fields(model)
picture = view.input_picture(x)
spec = by_key[key]
plain_key, plain_note = feat.counterpart(spec, feat.layer_specs(plain))
plain_note = tr(f"note_{plain_note}")
ours, twin = view.as_maps(residual_maps[key]), view.as_maps(plain_maps[plain_key])
stats_ours, stats_twin = view.channel_statistics(ours), view.channel_statistics(twin)
label = layer_label(model, spec)
field = fields[key]

# ---------------------------------------------------------------- what each stage sees
st.subheader(tr("stages"))
stage_ends = [f"{stage}.{len(getattr(model, stage)) - 1}" for stage in feat.stage_names(model)]
stage_outputs = [(tr("stage_tile", stage=stage_name(model, by_key[end].stage), channels=residual_maps[end].shape[1],
                     side=residual_maps[end].shape[2], field=fields[end].size),
                  view.channel_mean(residual_maps[end])) for end in stage_ends]
st.html(stage_overview_html(cached(figs.stage_overview, picture, stage_outputs, title=tr("overview_title"))))
first_field, last_field = fields[stage_ends[0]].size, fields[stage_ends[-1]].size
st.markdown(tr("stages_text", first=first_field, size=size, last=last_field,
               beyond=tr("beyond") if last_field > size else ""))
if source == "random":
    st.caption(tr("random_caption"))
    if family == FAMILIES[0]:
        offer_pretrained(depth, key="fm_download_weights")

# ---------------------------------------------------------------- the chosen layer, residual vs plain
st.subheader(tr("layer_title", label=label))
if unmatched:
    st.caption(tr("unmatched", count=len(unmatched), names=", ".join(sorted({u.rsplit(".", 2)[0] for u in unmatched}))))
chosen_layer(ours, twin, (stats_ours, stats_twin), plain_note, label)


# ---------------------------------------------------------------- receptive field
def short(spec: feat.LayerSpec) -> str:
    return spec.key if spec.block is None else tr("short", stage=stage_name(model, spec.stage), n=spec.block + 1)


st.subheader(tr("field"))
growth = [s for s in specs if s.stage == "stem" or s.part == feat.OUTPUT]
growth_chart = cached(figs.receptive_field_growth, [short(s) for s in growth], [fields[s.key].size for s in growth],
                      image_size=size, selected=short(spec), title=tr("growth_title"))
receptive_field(picture, field, ours.shape[1], size, growth_chart)
st.latex(r"r_{out} = r_{in} + (k - 1)\,j_{in}, \qquad j_{out} = j_{in}\,s")

show_source(tr("code"), tr("code_text"), feat.extract_features, feat.run_block, key="fm_code")
