"""Charts of the block family: diagrams with the module's shapes, outputs on one scale, shortcut channels."""

import numpy as np
import torch

from resnet_viz.analyses.block_family import run_family
from resnet_viz.figures.block_family import family_outputs_figure, member_diagram, shortcut_channels_figure

MEMBERS = {m.spec.key: m for m in run_family(torch.rand(3, 8, 8, generator=torch.Generator().manual_seed(2)))}


def test_member_diagram_labels_nodes_with_their_shapes():
    text = " ".join(a.text for a in member_diagram(MEMBERS["down"]).layout.annotations)
    assert "32×4×4" in text and "16×8×8" in text and "W<sub>s</sub>" in text
    assert "identity: x" in " ".join(a.text for a in member_diagram(MEMBERS["v1"]).layout.annotations)


def test_outputs_share_one_diverging_scale():
    members = [MEMBERS[k] for k in ("v1", "v2", "bottleneck", "down")]
    fig = family_outputs_figure(members)
    ranges = {(t.zmin, t.zmax) for t in fig.data}
    assert len(ranges) == 1 and fig.data[0].zmid == 0
    np.testing.assert_allclose(np.asarray(fig.data[3].z), MEMBERS["down"].output.mean(axis=0))
    assert max(abs(np.asarray(t.z)).max() for t in fig.data) == fig.data[0].zmax


def test_shortcut_channels_show_option_a_zero_padding():
    fig = shortcut_channels_figure([MEMBERS[f"option {o}"] for o in "ABC"])
    a, b, _ = (np.asarray(t.y) for t in fig.data)
    assert (a[:8] == 0).all() and (a[24:] == 0).all() and (a[8:24] > 0).all() and (b > 0).all()
    np.testing.assert_allclose(b, np.abs(MEMBERS["option B"].skip).mean(axis=(1, 2)))
