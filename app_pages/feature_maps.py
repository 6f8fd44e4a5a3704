"""Feature maps: what does each layer of a ResNet see, and what does the skip connection change there?"""

from __future__ import annotations

import hashlib
import inspect

import streamlit as st
from torch import nn

import ui.settings
from resnet_viz.analyses import features as feat
from resnet_viz.analyses import features_view as view
from resnet_viz.analyses.features_alloc import keep_freed_memory
from resnet_viz.analyses.receptive_field import receptive_fields
from resnet_viz.data import SAMPLE_IMAGES, SHAPE_CLASSES, ImageError, load_image, sample_image
from resnet_viz.figures import feature_maps as figs
from resnet_viz.figures._style import fmt_int, value_range
from resnet_viz.models.cifar import SHORTCUT_OPTIONS
from ui.models import cached_cifar_resnet, imagenet_model

IMAGENET_DEPTHS, CIFAR_DEPTHS = (18, 34, 50, 101, 152), (20, 32, 44, 56, 110, 1202)
FAMILIES = ("ImageNet ResNet (224 × 224 input)", "CIFAR-10 ResNet (32 × 32 input)")
SOURCES = ("built-in photo", "my own image (upload)", "synthetic shape")
K = "fm_"  # session_state prefix of this page's widgets


@st.cache_resource(max_entries=2, show_spinner="Building the plain twin (same weights, no shortcuts)...")
def plain_twin_of(model_key: str, _model: nn.Module) -> tuple[nn.Module, list[str]]:
    return feat.plain_twin(_model)


@st.cache_resource(max_entries=2, ttl=3600, show_spinner="One forward pass through both nets, keeping every layer...")
def all_layers(model_key: str, image_key: str, _model: nn.Module, _plain: nn.Module, _x) -> tuple[dict, dict]:
    """Every feature map of both nets, on the CPU. Shared read-only by every session with the same settings."""
    residual, plain = feat.extract_features(_model, _x), feat.extract_features(_plain, _x)
    return {k: v.cpu() for k, v in residual.items()}, {k: v.cpu() for k, v in plain.items()}


@st.cache_data(max_entries=16, show_spinner=False)
def uploaded_image(data: bytes):
    return load_image(data)


def pick_channel(chart_key: str, shown: list[int]) -> None:
    """A click on a grid tile selects that channel for the enlarged view."""
    points = ((st.session_state.get(chart_key) or {}).get("selection") or {}).get("points") or []
    if points and points[0].get("customdata") in shown:
        st.session_state[K + "channel"] = int(points[0]["customdata"])


keep_freed_memory()  # all-layer extractions reuse freed memory instead of page-faulting new (see its docstring)
settings = ui.settings.current()
st.title("Feature maps")
st.markdown("**What does each layer of a ResNet see, and what does the skip connection change there?**")

# ---------------------------------------------------------------- controls
with st.container(border=True):
    col_model, col_image, col_layer = st.columns(3)
    with col_model:
        family = st.radio("Model", FAMILIES, key=K + "family")
        if family == FAMILIES[0]:
            depth = st.selectbox("Depth", IMAGENET_DEPTHS, key=K + "depth", format_func=lambda d: f"ResNet-{d}")
            model, weights = imagenet_model(depth, settings)
            size, shortcut, preact = 224, "B", False
        else:
            depth = st.selectbox("Depth", CIFAR_DEPTHS, key=K + "cifar_depth", format_func=lambda d: f"ResNet-{d}")
            preact = st.radio("Block", ("v1", "v2 (pre-activation)"), key=K + "preact", horizontal=True) != "v1"
            shortcut = st.selectbox("Shortcut where the shape changes", list(SHORTCUT_OPTIONS), key=K + "shortcut",
                                    format_func=lambda s: f"{s}: {SHORTCUT_OPTIONS[s]}")
            model = cached_cifar_resnet(depth, settings.seed, str(settings.device), True, shortcut, preact)
            weights = (f"CIFAR ResNet-{depth} ({'v2' if preact else 'v1'}, option {shortcut}) with random "
                       f"He-initialised weights (seed {settings.seed})")
            size = 32
        st.caption(weights + ". Weights for the ImageNet nets come from the sidebar's model source.")
    with col_image:
        source = st.radio("Image", SOURCES, key=K + "source")
        image, image_key = None, ""
        if source == SOURCES[1]:
            upload = st.file_uploader("PNG, JPEG, WebP, BMP or TIFF (at most 20 MB)", key=K + "upload",
                                      type=["png", "jpg", "jpeg", "webp", "bmp", "tif", "tiff", "gif"])
            if upload is None:
                st.info("No file yet: the cat is shown until you upload one.")
            else:
                data = upload.getvalue()
                try:
                    image, image_key = uploaded_image(data), f"upload:{hashlib.sha256(data).hexdigest()}"
                except ImageError as error:
                    st.error(f"{error} The cat is shown instead.")
        elif source == SOURCES[2]:
            shape = st.selectbox("Shape", SHAPE_CLASSES, key=K + "shape")
            image, image_key = view.synthetic_image(shape, size, settings.seed), f"shape:{shape}:{settings.seed}"
        if image is None:
            name = st.selectbox("Photo", list(SAMPLE_IMAGES), key=K + "sample",
                                format_func=lambda n: SAMPLE_IMAGES[n].title) if source == SOURCES[0] else "cat"
            image, image_key = sample_image(name), f"sample:{name}"
            st.caption(f"{SAMPLE_IMAGES[name].title}, {SAMPLE_IMAGES[name].credit}.")
    specs = feat.layer_specs(model)
    by_key = {spec.key: spec for spec in specs}
    blocks = list(dict.fromkeys("stem" if s.block is None else f"{s.stage}.{s.block}" for s in specs
                                if s.stage != "head"))
    with col_layer:
        def block_title(name: str) -> str:
            if name == "stem":
                return "stem (conv1 … before the first block)"
            stage, index = name.split(".")
            return f"{feat.stage_label(model, stage)}, block {int(index) + 1}"
        default_block = next(b for b in blocks if b.startswith(feat.stage_names(model)[1] + "."))
        if st.session_state.get(K + "block") not in blocks:
            st.session_state[K + "block"] = default_block
        block = st.selectbox("Block", blocks, key=K + "block", format_func=block_title)
        parts = [s for s in specs if (s.block is None and s.stage == "stem" and block == "stem")
                 or (s.block is not None and f"{s.stage}.{s.block}" == block)]
        parts = parts[-1:] + parts[:-1] if block != "stem" else parts  # the block output first
        part_keys = [p.key for p in parts]
        if st.session_state.get(K + "part") not in part_keys:
            st.session_state[K + "part"] = part_keys[0]
        key = st.selectbox("Layer inside it", part_keys, key=K + "part",
                           format_func=lambda k: "block output" if by_key[k].part == feat.OUTPUT else by_key[k].part)
        c1, c2 = st.columns(2)
        order = c1.radio("Channels", view.CHANNEL_ORDERS, key=K + "order", index=1,
                         format_func=lambda o: "first k" if o == "first" else "top k by mean")
        scale = c2.radio("Colour scale", figs.SCALES, key=K + "scale",
                         format_func=lambda s: "per channel" if s == "local" else "one for all")
        k = st.slider("k (channels shown)", min_value=1, max_value=64, value=16, key=K + "k")

# ---------------------------------------------------------------- computation (cached)
model_key = f"{family}|{depth}|{shortcut}|{preact}|{weights}|{settings.checkpoint_digest}|{settings.device}"
plain, unmatched = plain_twin_of(model_key, model)
x = view.model_input(image, size)
residual_maps, plain_maps = all_layers(model_key, image_key, model, plain, x)
fields = receptive_fields(model)
picture = view.input_picture(x)
spec = by_key[key]
plain_key, plain_note = feat.counterpart(spec, feat.layer_specs(plain))
ours, twin = view.as_maps(residual_maps[key]), view.as_maps(plain_maps[plain_key])
channels = view.select_channels(ours, k, order)
# Beside the shortcut x the plain net shows the block's input, which can have fewer channels.
same_channels = twin.shape[0] == ours.shape[0]
twin_channels = channels if same_channels else view.select_channels(twin, k, order)
stats_ours, stats_twin = view.channel_statistics(ours), view.channel_statistics(twin)
signed = bool(min(ours[channels].min(), twin[twin_channels].min()) < 0)
shared = value_range(ours[channels], twin[twin_channels], signed=signed)
label = feat.describe_key(model, spec)
field = fields[key]

# ---------------------------------------------------------------- what each stage sees
st.subheader("What each stage sees")
stage_ends = [f"{stage}.{len(getattr(model, stage)) - 1}" for stage in feat.stage_names(model)]
stage_outputs = [(f"{feat.stage_label(model, by_key[end].stage)}: {residual_maps[end].shape[1]} × "
                  f"{residual_maps[end].shape[2]}²<br>field {fields[end].size} px",
                  view.channel_mean(residual_maps[end])) for end in stage_ends]
st.plotly_chart(figs.stage_overview(picture, stage_outputs,
                                    title="The input and the average over channels of each stage's output"),
                width="stretch")
st.markdown(
    "Each stage halves the resolution and doubles the channels, and every 3×3 conv widens what one unit can see. "
    f"A unit at the end of the first stage sees a {fields[stage_ends[0]].size} × {fields[stage_ends[0]].size}-pixel "
    f"patch of the {size} × {size} input: edges and textures, precisely located. A unit of the last stage sees "
    f"{fields[stage_ends[-1]].size} × {fields[stage_ends[-1]].size} pixels"
    + (", more than the whole image" if fields[stage_ends[-1]].size > size else "")
    + ": enough context for whole objects, little precision about where. Shallow layers: small fields, fine "
    "detail, exact positions; deep layers: large fields, meaning, coarse positions."
)
if "random" in weights:
    st.caption("These weights are random, yet the maps follow the picture: random filters still respond to edges and "
               "contrast. Trained weights (for the ImageNet nets: the sidebar's pretrained weights or your "
               "checkpoint) make the deep maps selective for parts and objects.")

# ---------------------------------------------------------------- the chosen layer, residual vs plain
st.subheader(f"{label}: residual net and its plain twin")
st.markdown(
    f"Shape **{' × '.join(fmt_int(v) for v in ours.shape)}** (channels × height × width). The plain twin is the "
    f"same net without the shortcuts, carrying the same weights wherever a layer exists in both; beside this layer "
    f"it shows **{plain_note}**. Both see the same input. Shown: channels "
    f"{', '.join(map(str, channels[:12]))}{' …' if len(channels) > 12 else ''} "
    f"({'the first k' if order == 'first' else 'the k with the largest mean in the residual net'}); "
    f"{'each tile on its own colour range' if scale == 'local' else 'one colour range for both grids'}."
)
if unmatched:
    st.caption(f"{len(unmatched)} tensors of the residual net have no counterpart in the plain net (its projection "
               f"shortcuts): {', '.join(sorted({u.rsplit('.', 2)[0] for u in unmatched}))}.")
left, right = st.columns(2)
for column, maps, shown, stats, chart_key, who in (
        (left, ours, channels, stats_ours, K + "grid_res", "residual"),
        (right, twin, twin_channels, stats_twin, K + "grid_plain", "plain")):
    with column:
        st.plotly_chart(
            figs.channel_grid(maps, shown, signed=signed, scale=scale, zrange=shared, stats=stats,
                              title=f"{who} net: {len(shown)} of {maps.shape[0]} channels"),
            width="stretch", key=chart_key, on_select=lambda c=chart_key: pick_channel(c, channels),
            selection_mode="points")
if not same_channels:
    st.caption(f"The plain net's tensor here has {twin.shape[0]} channels ({' × '.join(map(str, twin.shape))}), so "
               "its grid picks its own channels; tiles are not the same channel across the two nets.")
if st.session_state.get(K + "channel") not in channels:
    st.session_state[K + "channel"] = channels[0]
channel = st.selectbox("Enlarge channel (or click a tile of the residual grid)", channels, key=K + "channel")
twin_channel = channel if same_channels else twin_channels[0]
both = value_range(ours[channel], twin[twin_channel], signed=signed)
left, right = st.columns(2)
left.plotly_chart(figs.channel_heatmap(ours[channel], signed=signed, zrange=both,
                                       title=f"residual net, channel {channel}"), width="stretch")
right.plotly_chart(figs.channel_heatmap(twin[twin_channel], signed=signed, zrange=both,
                                        title=f"plain net, channel {twin_channel}"), width="stretch")
rows = []
for who, stats, index in (("residual", stats_ours, channel), ("plain", stats_twin, twin_channel)):
    row = stats.row(index)
    rows.append({"net": who, "channel": index, "mean": f"{row['mean']:.4f}", "std": f"{row['std']:.4f}",
                 "min": f"{row['min']:.4f}", "max": f"{row['max']:.4f}",
                 "positions > 0": f"{100 * row['positive']:.1f}%"})
st.dataframe(rows, hide_index=True, width="stretch")
st.markdown(
    ("Signed values (before a ReLU) use the red-blue scale centred on 0; " if signed else
     "All values are ≥ 0 (after a ReLU), so the scale is sequential; ")
    + "both heat maps share one range. Up to the first addition the two nets compute the same numbers; after it "
    "the residual net carries x forward while the plain net only has F(x)."
)
st.plotly_chart(figs.channel_means({"residual": stats_ours, "plain": stats_twin}, channels,
                                   title=f"{label}: mean of every channel (▲ = in the residual grid)"),
                width="stretch")

# ---------------------------------------------------------------- receptive field
st.subheader("Receptive field of the chosen layer")
side = ours.shape[1]
c1, c2 = st.columns(2)
row = c1.slider("Unit row", 0, side - 1, side // 2, key=K + f"row{side}")
col = c2.slider("Unit column", 0, side - 1, side // 2, key=K + f"col{side}")
c1.plotly_chart(figs.receptive_field_figure(
    picture, field.box(row, col), (field.centre(row), field.centre(col)),
    title=f"unit ({row}, {col}) sees {field.size} × {field.size} input px"), width="stretch")


def short(spec: feat.LayerSpec) -> str:
    return spec.key if spec.block is None else f"{feat.stage_label(model, spec.stage)} b{spec.block + 1}"


growth = [s for s in specs if s.stage == "stem" or s.part == feat.OUTPUT]
c2.plotly_chart(figs.receptive_field_growth(
    [short(s) for s in growth], [fields[s.key].size for s in growth], image_size=size, selected=short(spec),
    title="Field size, layer by layer (same in the plain twin)"), width="stretch")
st.markdown(
    f"**Size {field.size} px, stride {field.jump} px** between neighbouring units of this {side} × {side} map "
    f"(the input is {size} × {size}). The dashed square is the full theoretical field; the part outside the image "
    "falls on the zero padding. Theory gives the most any pixel could matter; in practice pixels near the centre "
    "matter far more. The skip connections do not change the theoretical field: the branch always sees more than "
    "the shortcut."
)
st.latex(r"r_{out} = r_{in} + (k - 1)\,j_{in}, \qquad j_{out} = j_{in}\,s")

with st.expander("Show the code"):
    st.markdown("All layers in one forward pass, without hooks (`resnet_viz/analyses/features.py`):")
    st.code(inspect.getsource(feat.extract_features) + "\n\n" + inspect.getsource(feat.feature_extractor),
            language="python")
