"""The block page in AppTest: the default answer, step controls, the position choice, the residual scale.

Displayed numbers are checked against torch's functional ops on the same picture, not against the
page's own library calls.
"""

import torch
import torch.nn.functional as F
from streamlit.testing.v1 import AppTest

from resnet_viz.analyses.block import image_input
from resnet_viz.data import sample_image
from tests.pages.apptest import APP, TIMEOUT, assert_clean, open_page

STATE = {"settings_device": "cpu", "settings_seed": 0}
SOBEL_X = torch.tensor([[-1.0, 0, 1], [-2, 0, 2], [-1, 0, 1]])
LAPLACIAN = torch.tensor([[0.0, -1, 0], [-1, 4, -1], [0, -1, 0]])


def text(at) -> str:
    return " ".join(m.value for m in at.markdown)


def captions(at) -> str:
    return " ".join(c.value for c in at.caption)


def latex(at) -> str:
    return " ".join(x.value for x in at.latex)


def edge_conv1() -> torch.Tensor:
    """conv1 of the default (edge detector) preset on the default photo, by hand."""
    x = image_input(sample_image("cat"))[None]
    kernels = torch.stack([SOBEL_X, SOBEL_X.T, LAPLACIAN])[:, None].repeat(1, 3, 1, 1) / 3
    return x, F.conv2d(x, kernels, padding=1)


def test_default_view_answers_with_real_numbers():
    at = open_page("block", STATE)
    assert at.title[0].value == "Inside a residual block"
    assert [h.value for h in at.header][0] == "1 · Step through the block" and len(at.header) == 4
    x, conv1 = edge_conv1()
    branch = F.relu(conv1)  # the preset's conv2 copies its input, so F(x) = ReLU(ReLU(conv1))
    assert f"F(x) between 0.000 and {branch.max():.3f}" in text(at)
    assert f"by **{(branch).abs().mean():.4f}**" in text(at)  # out - x = F(x) when F(x) >= 0
    # the formula view at its default position (channel 0, row 0, column 31) of conv1
    assert f"holds **{conv1[0, 0, 0, 31]:.6f}** at [0, 0, 31]" in captions(at)
    assert r"\text{conv1}[0,0,31]" in latex(at) and f"{conv1[0, 0, 0, 31]:.4f}" in latex(at)
    assert "3 of the 9 window positions fall outside" in text(at)
    terms = next(d.value for d in at.dataframe if "product" in d.value.columns)
    assert len(terms) == 27 and int(terms["padding"].sum()) == 9  # the row above the image, in 3 channels
    assert abs(terms["product"].sum() - float(conv1[0, 0, 0, 31])) < 1e-5
    # block family parameter counts, shown as text with separators
    metrics = [m.value for m in at.metric]
    assert metrics[:4] == ["4,672", "4,672", "320", "14,528"] and metrics[4:] == ["32,512", "33,088", "34,176"]
    assert sum(len(chart.proto.spec) for chart in at.get("plotly_chart")) < 3_000_000


def test_step_controls_and_position_choice():
    at = open_page("block", STATE)
    at.button(key="block_next").click().run()
    assert at.session_state["block_stage"] == "relu1" and "**ReLU1** · shape **(3, 64, 64)**" in text(at)
    for _ in range(3):
        at.button(key="block_prev").click().run()
    assert at.session_state["block_stage"] == "x"  # stops at the first stage
    at.button(key="block_play_button").click().run()
    assert_clean(at)
    assert at.session_state["block_stage"] == "out"

    x, conv1 = edge_conv1()
    at.select_slider(key="block_stage").set_value("conv1")
    at.number_input(key="block_c").set_value(2)
    at.number_input(key="block_i").set_value(10)
    at.number_input(key="block_j").set_value(20).run()
    assert_clean(at)
    assert f"holds **{conv1[0, 2, 10, 20]:.6f}** at [2, 10, 20]" in captions(at)
    assert "no padding is involved" in text(at)

    at.select_slider(key="block_stage").set_value("x + F(x)").run()
    expected = x[0, 2, 10, 20] + F.relu(conv1[0, 2, 10, 20])
    assert f"x[2,10,20] + F(x)[2,10,20] = {x[0, 2, 10, 20]:.4f}" in latex(at)
    assert f"= {expected:.4f}" in latex(at)


def test_paper_order_and_switching_the_branch_off():
    at = open_page("block", {**STATE, "block_order": "paper", "block_preset": "he"})
    assert "BN1" in at.select_slider(key="block_stage").options  # the slider lists the stages' labels
    assert "F(x) is signed" in text(at)
    rows = next(d.value for d in at.dataframe if "values with F(x) < 0" in d.value.columns)
    assert rows["values with F(x) < 0"].tolist()[0] == "0" and rows["values with F(x) < 0"].tolist()[1] != "0"
    at.slider(key="block_scale").set_value(0.0).run()
    assert_clean(at)
    assert "F(x) between 0.000 and 0.000" in text(at) and "by **0.0000**" in text(at)
    assert "at s = 0 by **0.0000**" in text(at)


def test_bad_settings_fall_back_and_kernel_edits_apply():
    at = open_page("block", {**STATE, "block_scale": 7, "block_stage": "bn9", "block_i": 999, "block_order": "up",
                             "block_preset": "nope", "block_source": "nowhere"})
    assert at.session_state["block_scale"] == 1.0 and at.session_state["block_stage"] == "conv1"
    assert at.session_state["block_i"] == 63 and at.session_state["block_order"] == "seed"
    # a hand-edited kernel: conv1's output 0 reads only the centre of input channel 0 (others zeroed)
    identity = ((0.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 0.0))
    zero = ((0.0,) * 3,) * 3
    at.session_state["block_edits"] = {("conv1", 0, 0): identity, ("conv1", 0, 1): zero, ("conv1", 0, 2): zero}
    at.number_input(key="block_i").set_value(5)
    at.number_input(key="block_j").set_value(7).run()
    assert_clean(at)
    x = image_input(sample_image("cat"))
    assert f"holds **{x[0, 5, 7]:.6f}** at [0, 5, 7]" in captions(at)
    assert "Edited kernels: 3" in captions(at)


def test_a_preset_link_opens_the_same_view_and_bad_values_are_refused():
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in {**STATE, "block_order": "paper", "block_stage": "bn1", "block_scale": "banana"}.items():
        at.query_params[key] = str(value)
    at.run()
    at.switch_page("pages/block.py")
    at.run()
    assert_clean(at)
    assert at.session_state["block_order"] == "paper" and at.session_state["block_stage"] == "bn1"
    assert at.session_state["block_scale"] == 1.0
    assert any("banana" in w.value for w in at.warning)
    assert "**BN1** · shape **(3, 64, 64)**" in text(at)
