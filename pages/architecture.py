"""Architecture explorer: how big is each ResNet, and where do its parameters and multiply-adds go?"""

from __future__ import annotations

import inspect
from collections.abc import Callable

import pandas as pd
import streamlit as st

from resnet_viz.analyses import architecture as arch_lib
from resnet_viz.analyses.arch_reference import CIFAR_DEPTHS, IMAGENET_DEPTHS, PAPER_CIFAR_ERROR, SEED_VERSIONS
from resnet_viz.figures import architecture as figs
from resnet_viz.figures._style import fmt_int
from resnet_viz.models import cifar_blocks_per_stage

KEY_FAMILY, KEY_DEPTH, KEY_CIFAR_DEPTH, KEY_CUSTOM = "arch_family", "arch_depth", "arch_cifar_depth", "arch_custom"
KEY_STRIDE, KEY_SHORTCUT, KEY_PREACT = "arch_stride", "arch_shortcut", "arch_preact"
KEY_UNIT, KEY_PICTURE = "arch_unit", "arch_picture"
FAMILIES = ("ImageNet (224 × 224)", "CIFAR-10 (32 × 32)")
CUSTOM = "other 6n+2…"


@st.cache_data(show_spinner=False, max_entries=32)
def imagenet(depth: int, stride_on_1x1: bool) -> arch_lib.Architecture:
    return arch_lib.describe_imagenet(depth, stride_on_1x1=stride_on_1x1)


@st.cache_data(show_spinner=False, max_entries=64)
def cifar(depth: int, shortcut: str, preact: bool) -> arch_lib.Architecture:
    return arch_lib.describe_cifar(depth, shortcut=shortcut, preact=preact)


def measure(label: str, work: list[tuple[str, Callable[[], arch_lib.Architecture]]]) -> list[arch_lib.Architecture]:
    """Run (name, thunk) pairs with a progress bar; cached results come back at once."""
    bar = st.progress(0.0, text=label)
    results = []
    for index, (name, thunk) in enumerate(work):
        bar.progress(index / len(work), text=f"{label}: {name}")
        results.append(thunk())
    bar.empty()
    return results


def pick_unit(names: list[str]) -> None:
    """Click on a unit's dot in the picture -> select it in the selectbox below."""
    event = st.session_state.get(KEY_PICTURE)
    points = (event or {}).get("selection", {}).get("points", [])
    if points and points[0].get("customdata") in names:
        st.session_state[KEY_UNIT] = points[0]["customdata"]


st.title("Architecture explorer")
st.markdown("**How big is each ResNet, and where do its parameters and multiply-adds go?**")

with st.container(border=True):
    left, middle, right = st.columns([1.2, 1, 1.6])
    family = left.radio("Family", FAMILIES, key=KEY_FAMILY, horizontal=True)
    imagenet_family = family == FAMILIES[0]
    if imagenet_family:
        depth = middle.selectbox("Depth", IMAGENET_DEPTHS, index=2, key=KEY_DEPTH, format_func=lambda d: f"ResNet-{d}")
        stride_on_1x1 = right.radio(
            "Where the bottleneck's stride sits (ResNet-50/101/152)", ("torchvision “V1.5”: on the 3×3 conv",
                                                                       "paper: on the first 1×1 conv"),
            key=KEY_STRIDE, disabled=depth < 50) == "paper: on the first 1×1 conv"
        arch = measure("Counting", [(f"ResNet-{depth}", lambda: imagenet(depth, stride_on_1x1))])[0]
    else:
        choice = middle.selectbox("Depth", [*CIFAR_DEPTHS, CUSTOM], key=KEY_CIFAR_DEPTH,
                                  format_func=lambda d: d if d == CUSTOM else f"ResNet-{d}")
        if choice == CUSTOM:
            depth = int(middle.number_input("Depth 6n+2 (8…1202)", min_value=8, max_value=1202, value=26, step=6,
                                            key=KEY_CUSTOM))
        else:
            depth = int(choice)
        r1, r2 = right.columns(2)
        shortcut = r1.selectbox("Shortcut where the shape changes", ("A", "B", "C"), key=KEY_SHORTCUT,
                                format_func=lambda s: {"A": "A (zero-pad)", "B": "B (projection)",
                                                       "C": "C (all projection)"}[s],
                                help="A: subsample and pad the new channels with zeros, no parameters (the paper's "
                                     "CIFAR nets). B: 1×1 projection where the shape changes. C: projection on "
                                     "every shortcut.")
        preact = r2.radio("Block", ("v1 (post-activation)", "v2 (pre-activation)"),
                          key=KEY_PREACT) == "v2 (pre-activation)"
        try:
            cifar_blocks_per_stage(depth)
        except ValueError as error:
            st.error(f"{error}. Pick a depth such as {depth - (depth - 2) % 6} or {depth - (depth - 2) % 6 + 6}.")
            st.stop()
        arch = measure("Counting", [(f"ResNet-{depth}", lambda: cifar(depth, shortcut, preact))])[0]

heavy_params = max(arch.stages, key=lambda r: r.params)
heavy_macs = max(arch.stages, key=lambda r: r.macs)
a, b, c = st.columns(3)
a.metric("Parameters", fmt_int(arch.params))
b.metric("Multiply-adds per image", fmt_int(arch.macs), help="torch.utils.flop_counter FLOPs ÷ 2")
c.metric("Weighted layers (convs + fc)", arch.weighted_layers)
st.markdown(
    f"**{arch.name}** ({arch.variant}): **{100 * heavy_params.params / arch.params:.0f}%** of its "
    f"{fmt_int(arch.params)} parameters sit in **{heavy_params.label}**, where the maps are small but the channels "
    f"many. The largest share of the multiply-adds, **{100 * heavy_macs.macs / arch.macs:.0f}%**, is in "
    f"**{heavy_macs.label}**: a stage's cost follows its number of blocks, not its width (see below)."
)

st.subheader("Per stage")
st.dataframe(figs.stage_table(arch), hide_index=True, width="stretch")
st.caption(
    "Shapes, parameters and multiply-adds are measured on the PyTorch modules: the model is built on the `meta` "
    "device and run once under `torch.utils.flop_counter.FlopCounterMode`. The counter reports FLOPs = 2 × "
    "multiply-adds for convolutions and the fc layer and nothing for BN, ReLU, pooling and the addition; the table "
    "shows FLOPs ÷ 2, the quantity the paper calls “FLOPs”. Parameters include BN's γ and β."
)
st.plotly_chart(figs.stage_shares(arch), width="stretch")
st.latex(r"\text{multiply-adds of a conv} = H_{out}\,W_{out}\times C_{out}\times C_{in}\times k^2"
         r"\qquad \text{parameters} = C_{out}\times C_{in}\times k^2")
stage_rows = [r for r in arch.stages if r.blocks]
st.markdown("From one stage to the next the side halves, dividing $H_{out}W_{out}$ by 4, and the channels double, "
            f"multiplying $C_{{out}}C_{{in}}$ by 4: a block of {stage_rows[-1].label} costs about as many "
            f"multiply-adds as a block of {stage_rows[0].label}, but has {4 ** (len(stage_rows) - 1)} times its "
            "parameters. So a stage's cost follows its number of blocks, and the parameters pile up at the end.")

st.subheader("The network, block by block")
names = [u.name for u in arch.units]
if st.session_state.get(KEY_UNIT) not in names:
    default = next((u.name for u in arch.units if u.name.startswith("layer2.")), names[0])
    st.session_state[KEY_UNIT] = default
st.plotly_chart(figs.network_picture(arch, st.session_state[KEY_UNIT]), width="stretch", key=KEY_PICTURE,
                on_select=lambda: pick_unit(names), selection_mode="points")
titles = {u.name: u.title for u in arch.units}
unit_name = st.selectbox("Show the layers of (or click a dot in the picture)", names, key=KEY_UNIT,
                         format_func=titles.get)
unit = next(u for u in arch.units if u.name == unit_name)
st.markdown(f"**{unit.title}**: output {figs.shape_text(unit.output_shape)}, {fmt_int(unit.params)} parameters, "
            f"{fmt_int(unit.macs)} multiply-adds.")
st.dataframe(figs.unit_table(unit), hide_index=True, width="stretch")

st.subheader("Next to the paper")
if imagenet_family:
    v15 = measure("Counting all five", [(f"ResNet-{d}", lambda d=d: imagenet(d, False)) for d in IMAGENET_DEPTHS])
    paper = measure("Counting all five", [(f"ResNet-{d}", lambda d=d: imagenet(d, True)) for d in IMAGENET_DEPTHS])
    st.markdown("**The paper's Table 1, rebuilt from the modules** (each cell: kernel, channels of every conv of a "
                "block, × blocks; the last three rows in multiply-adds):")
    st.dataframe(figs.table1(v15, paper), hide_index=True, width="stretch")
    st.dataframe(figs.imagenet_comparison_table(v15, paper), hide_index=True, width="stretch")
    fifty = [(a, b) for a, b in zip(v15, paper) if a.depth == 50][0]
    extra = [(sa.label, sa.macs - sb.macs) for sa, sb in zip(*(x.stages for x in fifty)) if sa.macs != sb.macs]
    st.markdown(
        "**Why ResNet-50/101/152 differ from Table 1.** In the paper the first block of conv3_x, conv4_x and conv5_x "
        "halves the resolution with its *first 1×1* conv (stride 2). torchvision (following Facebook's Torch "
        "re-implementation, often called ResNet “V1.5”) moves the stride to the *3×3* conv: that 1×1 conv then runs "
        "on the full-size map, four times the positions, and the 3×3 conv samples every input position instead of "
        "one in four. The parameters are identical, so the pretrained weights fit either placement. Measured on "
        "ResNet-50, the extra multiply-adds are "
        + ", ".join(f"{label} {fmt_int(delta)}" for label, delta in extra)
        + f", in all {fmt_int(sum(d for _, d in extra))}: per stage, three times one 1×1 conv at the halved "
          "resolution. Basic-block nets (18, 34) have no 1×1 conv in the branch, so both placements agree. "
          f"Table 1 prints {fifty[1].macs / 1e9:.3f} G (paper placement) as 3.8."
    )
    st.latex(r"\Delta_{\text{stage}} = C_{in}\,C_{mid}\,(4 - 1)\,\frac{H}{2}\,\frac{W}{2}"
             rf"\qquad \text{{conv3\_x of ResNet-50: }} 256\cdot 128\cdot 3\cdot 28^2 = "
             rf"\text{{{fmt_int(256 * 128 * 3 * 28 * 28)}}}")
else:
    archs = measure("Counting the paper's six", [(f"ResNet-{d}", lambda d=d: cifar(d, "A", False))
                                                 for d in CIFAR_DEPTHS])
    st.dataframe(figs.cifar_comparison_table(archs), hide_index=True, width="stretch")
    st.markdown(
        "The paper's CIFAR-10 nets (Section 4.2): a 3×3 conv, then 3 stages of n basic blocks on 32×32, 16×16 and "
        "8×8 maps with 16, 32 and 64 filters, global average pooling and a 10-way fc, 6n+2 weighted layers. Its "
        "shortcuts are option A: identity everywhere, and where the shape changes, subsampling plus zero-padded "
        "channels, which adds no parameters. Options B and C (the selector above) add 1×1 projections. "
        "The counts above use option A and v1 blocks, as in the paper's Table 6."
    )

st.subheader("Parameters and multiply-adds against depth")
curves = {
    "ImageNet": measure("Counting ImageNet nets", [(f"ResNet-{d}", lambda d=d: imagenet(d, False))
                                                   for d in IMAGENET_DEPTHS]),
    "CIFAR-10": measure("Counting CIFAR nets (ResNet-1202 takes a few seconds once)",
                        [(f"ResNet-{d}", lambda d=d: cifar(d, "A", False)) for d in CIFAR_DEPTHS]),
}
st.plotly_chart(figs.depth_curves(curves), width="stretch")
by_depth = {(family, a.depth): a for family, archs in curves.items() for a in archs}
r34, r50 = by_depth["ImageNet", 34], by_depth["ImageNet", 50]
c20, c110, c1202 = by_depth["CIFAR-10", 20], by_depth["CIFAR-10", 110], by_depth["CIFAR-10", 1202]
st.markdown(
    f"From 34 to 50 layers the ImageNet parameters grow only from {r34.params / 1e6:.1f} M to "
    f"{r50.params / 1e6:.1f} M: the bottleneck's 1×1 convs shrink the channels before the expensive 3×3 conv. "
    f"The CIFAR nets grow linearly with depth (each block of a stage costs the same), so ResNet-1202 has "
    f"{c1202.params / c20.params:.0f} times the parameters of ResNet-20, and in the paper a *higher* test error "
    f"than ResNet-110 ({PAPER_CIFAR_ERROR[1202]}% vs {PAPER_CIFAR_ERROR[110]}%), which the authors attribute to "
    f"overfitting a 50k-image dataset with {c1202.params / 1e6:.1f} M parameters ({c110.params / 1e6:.1f} M for "
    "ResNet-110)."
)

with st.expander("What the tutorials' tables say, and where they differ from the modules and the paper"):
    v15 = [imagenet(d, False) for d in IMAGENET_DEPTHS]
    st.dataframe(pd.DataFrame([{
        "model": a.name, "tutorial (seed 000) says": SEED_VERSIONS[a.depth],
        "block type (from the modules)": a.stages[2].block_type,
        "blocks per stage": " / ".join(str(r.blocks) for r in a.stages[2:6]),
        "weighted layers counted": a.weighted_layers,
        "conv2_x as in seed 004's table": a.stages[2].layout,
    } for a in v15]), hide_index=True, width="stretch")
    st.markdown(
        "- The layer count in the name counts convolutions and the fc layer on the main path: ResNet-50 = 1 + 16 "
        "blocks × 3 + 1. Projection shortcuts, BN, ReLU and pooling are not counted.\n"
        "- Seed 004's table (ResNet-18/34/50) gives the kernels and channels of every stage but no output sizes and "
        "no cost; the per-stage table above adds both, and its “paper output size” column matches the measured "
        "shapes.\n"
        "- *“Every conv is followed by BN and ReLU”* (seed 000): not quite. The last BN of each branch goes straight "
        "into the addition; ReLU comes after x + F(x). Open any block in the picture to see the order.\n"
        "- Seeds 000 and 004 use a 1×1 projection shortcut whenever the shape changes (option B, as torchvision). "
        "The paper's CIFAR nets use option A, which has no parameters: compare ResNet-20 with A and B above.\n"
        "- Seed 002's Keras ResNet-34 ends with a 2×2 average pool and a 512-unit dense layer; the paper ends with "
        "global average pooling and a single 1000-way fc (the last row of the table).\n"
        "- Popular write-ups quote Table 1's FLOPs as if they were torchvision's: for ResNet-50/101/152 torchvision's "
        "stride placement costs about 0.23 G more multiply-adds (see *Next to the paper*)."
    )

with st.expander("Show the code"):
    st.markdown("The counting function behind every number on this page (`resnet_viz/analyses/architecture.py`):")
    st.code(inspect.getsource(arch_lib.describe), language="python")
