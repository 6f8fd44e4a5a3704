"""Architecture explorer: how big is each ResNet, and where do its parameters and multiply-adds go?"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from resnet_viz.analyses import architecture as arch_lib
from resnet_viz.analyses.arch_reference import (
    ARTICLE_VERSIONS,
    CIFAR_DEPTHS,
    IMAGENET_DEPTHS,
    PAPER_CIFAR110_MEAN,
    PAPER_CIFAR_ERROR,
)
from resnet_viz.errors import DepthError
from resnet_viz.figures import architecture as figs
from resnet_viz.figures._style import fmt_int
from resnet_viz.i18n import say
from resnet_viz.models import cifar_blocks_per_stage
from ui.charts import figure as cached
from ui.charts import panel_row, panels, show
from ui.errors import error_text
from ui.frame import routed, section
from ui.i18n import fixed_language, translator
from ui.params import synced
from ui.source import show_source
from ui.text.architecture import TEXT

routed()  # first, before any output: see ui.frame.routed

KEY_FAMILY, KEY_DEPTH, KEY_CIFAR_DEPTH, KEY_CUSTOM = "arch_family", "arch_depth", "arch_cifar_depth", "arch_custom"
KEY_STRIDE, KEY_SHORTCUT, KEY_PREACT = "arch_stride", "arch_shortcut", "arch_preact"
KEY_UNIT, KEY_PICTURE = "arch_unit", "arch_picture"
FAMILIES = ("imagenet", "cifar")
STRIDES = ("torchvision", "paper")
SHORTCUTS = ("A", "B", "C")
BLOCKS = ("v1", "v2")
CUSTOM = "custom"
CIFAR_CHOICES = (*(str(d) for d in CIFAR_DEPTHS), CUSTOM)

tr = translator(TEXT)


# Resources, not data: an Architecture is a frozen dataclass of numbers and labels that nothing changes, and
# st.cache_data would unpickle the ten networks of the comparison tables on every visit (a sixth of a cached run).
@st.cache_resource(show_spinner=False, max_entries=32)
def imagenet(depth: int, stride_on_1x1: bool) -> arch_lib.Architecture:
    return arch_lib.describe_imagenet(depth, stride_on_1x1=stride_on_1x1)


@st.cache_resource(show_spinner=False, max_entries=64)
def cifar(depth: int, shortcut: str, preact: bool) -> arch_lib.Architecture:
    return arch_lib.describe_cifar(depth, shortcut=shortcut, preact=preact)


def measure(label: str, work: list[tuple[str, Callable[[], arch_lib.Architecture]]]) -> list[arch_lib.Architecture]:
    """Run (name, thunk) pairs with a progress bar; cached results come back at once."""
    bar = st.progress(0.0, text=label)
    results = []
    for index, (name, thunk) in enumerate(work):
        bar.progress(index / len(work), text=tr("progress", label=label, name=name))
        try:
            results.append(thunk())
        except (ValueError, RuntimeError) as error:  # worded by the error's code, never its English
            bar.empty()
            st.error(tr("count_error", error=error_text(error)))
            st.stop()
    bar.empty()
    return results


def pick_unit(names: list[str]) -> None:
    """Click on a unit's dot in the picture -> select it in the selectbox below."""
    event = st.session_state.get(KEY_PICTURE)
    points = (event or {}).get("selection", {}).get("points", [])
    if points and points[0].get("customdata") in names:
        st.session_state[KEY_UNIT] = points[0]["customdata"]


def is_cifar_depth(depth: int) -> bool:
    return depth >= 8 and (depth - 2) % 6 == 0


@section
def block_by_block(arch: arch_lib.Architecture) -> None:
    """The network picture and one unit's layers; picking the unit (a click on its dot or in the selectbox)
    reruns only this part."""
    names = [u.name for u in arch.units]
    default_unit = next((u.name for u in arch.units if u.name.startswith("layer2.")), names[0])
    synced(KEY_UNIT, default_unit, options=names)
    if st.session_state.get(KEY_UNIT) not in names:
        st.session_state[KEY_UNIT] = default_unit
    show(cached(figs.network_picture, arch, st.session_state[KEY_UNIT]),
         key=KEY_PICTURE, on_select=lambda: pick_unit(names), selection_mode="points")
    units = {u.name: u for u in arch.units}
    unit_name = st.selectbox(tr("unit"), names, key=KEY_UNIT,
                             format_func=fixed_language(lambda n: figs.unit_title(units[n])))
    unit = units[unit_name]
    st.markdown(tr("unit_summary", title=figs.unit_title(unit), shape=figs.shape_text(unit.output_shape),
                   params=fmt_int(unit.params), macs=fmt_int(unit.macs)))
    st.dataframe(figs.unit_table(unit), hide_index=True, width="stretch")


st.title(tr("title"))
st.markdown(tr("question"))

with st.container(border=True):
    left, middle, right = st.columns([1.2, 1, 1.6])
    family = left.radio(tr("family"), FAMILIES, key=synced(KEY_FAMILY, FAMILIES[0], options=FAMILIES),
                        horizontal=True, format_func=lambda f: tr(f"family_{f}"))
    imagenet_family = family == FAMILIES[0]
    if imagenet_family:
        depth = middle.selectbox(tr("depth"), IMAGENET_DEPTHS, key=synced(KEY_DEPTH, 50, options=IMAGENET_DEPTHS),
                                 format_func=lambda d: f"ResNet-{d}")
        stride_on_1x1 = right.radio(tr("stride"), STRIDES, key=synced(KEY_STRIDE, STRIDES[0], options=STRIDES),
                                    format_func=lambda s: tr(f"stride_{s}"), disabled=depth < 50) == "paper"
        arch = measure(tr("counting"), [(f"ResNet-{depth}", lambda: imagenet(depth, stride_on_1x1))])[0]
    else:
        choice = middle.selectbox(tr("depth"), CIFAR_CHOICES,
                                  key=synced(KEY_CIFAR_DEPTH, CIFAR_CHOICES[0], options=CIFAR_CHOICES),
                                  format_func=lambda d: tr("custom") if d == CUSTOM else f"ResNet-{d}")
        if choice == CUSTOM:
            depth = int(middle.number_input(tr("custom_depth"), min_value=8, max_value=1202, step=6,
                                            key=synced(KEY_CUSTOM, 26, low=8, high=1202, valid=is_cifar_depth)))
        else:
            depth = int(choice)
        r1, r2 = right.columns(2)
        shortcut = r1.selectbox(tr("shortcut"), SHORTCUTS, key=synced(KEY_SHORTCUT, "A", options=SHORTCUTS),
                                format_func=lambda s: tr(f"shortcut_{s}"), help=tr("shortcut_help"))
        preact = r2.radio(tr("block"), BLOCKS, key=synced(KEY_PREACT, "v1", options=BLOCKS),
                          format_func=lambda b: tr(f"block_{b}")) == "v2"
        try:
            cifar_blocks_per_stage(depth)
        except DepthError as error:
            st.error(tr("bad_depth", depth=depth, low=error.params["lower"], high=error.params["upper"]))
            st.stop()
        arch = measure(tr("counting"), [(f"ResNet-{depth}", lambda: cifar(depth, shortcut, preact))])[0]

heavy_params = max(arch.stages, key=lambda r: r.params)
heavy_macs = max(arch.stages, key=lambda r: r.macs)
a, b, c = st.columns(3)
a.metric(tr("metric_params"), fmt_int(arch.params))
b.metric(tr("metric_macs"), fmt_int(arch.macs), help=tr("metric_macs_help"))
c.metric(tr("metric_layers"), arch.weighted_layers)
st.markdown(tr("summary", name=arch.name, variant=say(arch.variant),
               params_share=f"{100 * heavy_params.params / arch.params:.0f}", params=fmt_int(arch.params),
               params_row=say(heavy_params.label),
               macs_share=f"{100 * heavy_macs.macs / arch.macs:.0f}", macs_row=say(heavy_macs.label)))

st.subheader(tr("per_stage"))
st.dataframe(figs.stage_table(arch), hide_index=True, width="stretch")
st.caption(tr("per_stage_caption"))
show(cached(figs.stage_shares, arch))
st.latex(rf"\text{{{tr('latex_macs')}}} = H_{{out}}\,W_{{out}}\times C_{{out}}\times C_{{in}}\times k^2"
         rf"\qquad \text{{{tr('latex_params')}}} = C_{{out}}\times C_{{in}}\times k^2")
stage_rows = [r for r in arch.stages if r.blocks]
st.markdown(tr("stage_growth", last=say(stage_rows[-1].label),
               first=say(stage_rows[0].label), factor=4 ** (len(stage_rows) - 1)))

st.subheader(tr("block_by_block"))
block_by_block(arch)

st.subheader(tr("next_to_paper"))
with st.container():  # one element whatever the family: the charts below keep their place, and are not drawn again
    if imagenet_family:
        v15 = measure(tr("counting_five"), [(f"ResNet-{d}", lambda d=d: imagenet(d, False)) for d in IMAGENET_DEPTHS])
        paper = measure(tr("counting_five"), [(f"ResNet-{d}", lambda d=d: imagenet(d, True)) for d in IMAGENET_DEPTHS])
        st.markdown(tr("table1_intro"))
        st.dataframe(figs.table1(v15, paper), hide_index=True, width="stretch")
        st.dataframe(figs.imagenet_comparison_table(v15, paper), hide_index=True, width="stretch")
        fifty = [(a, b) for a, b in zip(v15, paper) if a.depth == 50][0]
        extra = [(sa.label, sa.macs - sb.macs) for sa, sb in zip(*(x.stages for x in fifty)) if sa.macs != sb.macs]
        extra_text = tr("list_sep").join(f"{say(label)} {fmt_int(delta)}" for label, delta in extra)
        st.markdown(tr("why_differ", extra=extra_text, total=fmt_int(sum(d for _, d in extra)),
                       paper_gmacs=f"{fifty[1].macs / 1e9:.3f}"))
        st.latex(r"\Delta_{\text{stage}} = C_{in}\,C_{mid}\,(4 - 1)\,\frac{H}{2}\,\frac{W}{2}"
                 rf"\qquad \text{{{tr('latex_delta')}}} 256\cdot 128\cdot 3\cdot 28^2 = "
                 rf"\text{{{fmt_int(256 * 128 * 3 * 28 * 28)}}}")
    else:
        archs = measure(tr("counting_six"), [(f"ResNet-{d}", lambda d=d: cifar(d, "A", False)) for d in CIFAR_DEPTHS])
        st.dataframe(figs.cifar_comparison_table(archs), hide_index=True, width="stretch")
        st.markdown(tr("cifar_paper"))

st.subheader(tr("against_depth"))
curves = {
    "ImageNet": measure(tr("counting_imagenet"), [(f"ResNet-{d}", lambda d=d: imagenet(d, False))
                                                  for d in IMAGENET_DEPTHS]),
    "CIFAR-10": measure(tr("counting_cifar"), [(f"ResNet-{d}", lambda d=d: cifar(d, "A", False))
                                               for d in CIFAR_DEPTHS]),
}
panel_row(panels(figs.depth_curves, curves))
by_depth = {(family, a.depth): a for family, archs in curves.items() for a in archs}
r34, r50 = by_depth["ImageNet", 34], by_depth["ImageNet", 50]
c20, c110, c1202 = by_depth["CIFAR-10", 20], by_depth["CIFAR-10", 110], by_depth["CIFAR-10", 1202]
st.markdown(tr("depth_text", r34=f"{r34.params / 1e6:.1f}", r50=f"{r50.params / 1e6:.1f}",
               ratio=f"{c1202.params / c20.params:.0f}", e1202=PAPER_CIFAR_ERROR[1202], e110=PAPER_CIFAR_ERROR[110],
               e110_mean=f"{PAPER_CIFAR110_MEAN[0]} ± {PAPER_CIFAR110_MEAN[1]}%",
               c1202=f"{c1202.params / 1e6:.1f}", c110=f"{c110.params / 1e6:.1f}"))

with st.expander(tr("tutorials")):
    v15 = [imagenet(d, False) for d in IMAGENET_DEPTHS]
    st.dataframe(pd.DataFrame([{
        tr("col_model"): a.name,
        tr("col_article_says"): tr(f"article_{ARTICLE_VERSIONS[a.depth]}"),
        tr("col_block_type"): say(a.stages[2].block_type),
        tr("col_blocks"): " / ".join(str(r.blocks) for r in a.stages[2:6]),
        tr("col_layers"): a.weighted_layers,
        tr("col_article004"): say(a.stages[2].layout),
    } for a in v15]), hide_index=True, width="stretch")
    st.markdown(tr("tutorials_text"))

show_source(tr("code"), tr("code_text"), arch_lib.describe, key="arch_code")
