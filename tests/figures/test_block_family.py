"""Charts of the block family: diagrams with the module's shapes, outputs on one scale, shortcut channels."""

import numpy as np
import torch

from resnet_viz.analyses.block_family import run_family
from resnet_viz.figures._style import colourise
from resnet_viz.figures.block_family import family_outputs_figure, member_diagram, shortcut_channels_figure
from tests.pixels import decode_png

MEMBERS = {m.spec.key: m for m in run_family(torch.rand(3, 8, 8, generator=torch.Generator().manual_seed(2)))}


def test_member_diagram_labels_nodes_with_their_shapes():
    text = " ".join(a.text for a in member_diagram(MEMBERS["down"]).layout.annotations)
    assert "32×4×4" in text and "16×8×8" in text and "W<sub>s</sub>" in text
    assert "identity: x" in " ".join(a.text for a in member_diagram(MEMBERS["v1"]).layout.annotations)


def test_outputs_share_one_diverging_scale():
    members = [MEMBERS[k] for k in ("v1", "v2", "bottleneck", "down")]
    fig = family_outputs_figure(members)
    *images, bar = fig.data  # one image per member, then the colour bar they share
    maps = [m.output.mean(axis=0) for m in members]
    limit = max(float(abs(m).max()) for m in maps)
    assert (bar.marker.cmin, bar.marker.cmax, bar.marker.cmid) == (-limit, limit, 0)
    for trace, values in zip(images, maps, strict=True):
        np.testing.assert_array_equal(decode_png(trace.source), colourise(values, signed=True, zrange=(-limit, limit)))


def test_shortcut_channels_show_option_a_zero_padding():
    fig = shortcut_channels_figure([MEMBERS[f"option {o}"] for o in "ABC"])
    a, b, _ = (np.asarray(t.y) for t in fig.data)
    assert (a[:8] == 0).all() and (a[24:] == 0).all() and (a[8:24] > 0).all() and (b > 0).all()
    np.testing.assert_allclose(b, np.abs(MEMBERS["option B"].skip).mean(axis=(1, 2)))


def test_every_node_label_of_the_family_is_translated():
    from resnet_viz.analyses.block_family import FAMILY, NODE_LABELS, SHORTCUT_MEMBERS
    from resnet_viz.figures.block_family import member_name, node_label

    labels = {label for spec in FAMILY + SHORTCUT_MEMBERS
              for _, label in (*spec.main_path, *(p for p in (spec.shortcut, spec.after_add) if p))}
    assert labels == set(NODE_LABELS)  # every label is a key with one English text, and each is used
    assert node_label("conv3", "zh") == "3×3 卷积" and node_label("bn", "zh") == "BN"
    assert node_label("stride") == "3×3 conv<br>stride 2"
    assert member_name("option A", "zh") == "选项 A" and member_name("option A") == "option A"
    text = " ".join(a.text for a in member_diagram(MEMBERS["option A"], lang="zh").layout.annotations)
    assert "选项 A" in text and "输入" in text and "恒等映射" not in text  # option A has a shortcut box


def test_family_charts_in_chinese():
    fig = family_outputs_figure([MEMBERS["v1"], MEMBERS["bottleneck"]], lang="zh")
    assert "所有残差块" in fig.layout.title.text and fig.layout.xaxis.title.text == "列"
    assert fig.layout.annotations[1].text.startswith("瓶颈结构")
    bars = shortcut_channels_figure([MEMBERS[f"option {o}"] for o in "ABC"], lang="zh")
    assert [t.name for t in bars.data] == ["选项 A", "选项 B", "选项 C"] and "快捷连接" in bars.layout.title.text
