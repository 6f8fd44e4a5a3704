"""The block page in AppTest: the default answer, step controls, the position choice, the residual scale.

Displayed numbers are checked against torch's functional ops on the same picture, not against the
page's own library calls.
"""

import json
import re

import torch
import torch.nn.functional as F
from streamlit.testing.v1 import AppTest

from resnet_viz.analyses.block import BN_MODES, image_input, stage_specs
from resnet_viz.analyses.block_family import FAMILY, SHORTCUT_MEMBERS, paper_width_params
from resnet_viz.analyses.block_weights import PRESETS
from resnet_viz.data import SAMPLE_IMAGES, sample_image
from tests.pages.apptest import assert_clean, open_page
from tests.pages.apptest import open_link as _open_link
from ui.text.block import TEXT

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
    assert [h.value for h in at.header] == ["1 · Step through the block"]
    assert [t.label for t in at.tabs] == ["2 · Turn the residual branch down to zero",
                                         "3 · Article 000's order versus the paper's", "4 · The block family"]
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
    assert sum(len(chart.proto.spec) for chart in at.get("plotly_chart")) < 3_000_000
    (grid,) = [e for e in _walk(at._tree) if getattr(e, "type", "") == "html"
               and "rv-overview" in e.proto.body]  # the whole block at once
    assert re.findall(r'<figure data-stage="([^"]+)">', grid.proto.body) == [s["key"] for s in stepper(at)["stages"]]
    assert grid.proto.body.count("<img ") == 8 * 3 and "The whole block at once" in grid.proto.body
    assert not at.metric  # the family tab, with its parameter counts, is built only when opened


def test_the_family_tab_shows_each_blocks_parameter_count():
    at = open_page("block", {**STATE, "block_part": "family"})
    assert_clean(at)
    metrics = [m.value for m in at.metric]  # shown as text with separators
    assert metrics[:4] == ["4,672", "4,672", "320", "14,528"] and metrics[4:] == ["32,512", "33,088", "34,176"]
    assert "Shortcut options A, B and C (article 003)" in [h.value for h in at.subheader]


def stepper(at) -> dict:
    """The data the in-browser stepper was given: every stage, the stage and position to show."""
    (component,) = [e for e in _walk(at._tree) if getattr(e, "type", "") == "bidi_component"]
    return json.loads(component.proto.json)


def _walk(node):
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _walk(child)


def stage_line(at) -> str:
    """The stepper's line of numbers for the stage it shows (bold as <b>)."""
    data = stepper(at)
    return next(s["text"] for s in data["stages"] if s["key"] == data["stage"])


def test_the_stepper_holds_every_stage_with_its_numbers():
    at = open_page("block", STATE)
    data = stepper(at)
    assert [s["key"] for s in data["stages"]] == ["x", "conv1", "relu1", "conv2", "relu2", "F(x)", "x + F(x)", "out"]
    assert data["stage"] == "conv1" and data["position"] == [0, 0, 31]
    assert data["stages"][data["add"]]["key"] == "x + F(x)"  # where the skip arrow ends
    x, conv1 = edge_conv1()
    relu1 = next(s for s in data["stages"] if s["key"] == "relu1")
    assert relu1["label"] == "ReLU1" and relu1["shape"] == [3, 64, 64] and len(relu1["maps"]) == 3
    assert f"values from <b>0.0000</b> to <b>{F.relu(conv1).max():.4f}</b>" in relu1["text"]
    first = data["stages"][1]
    assert f"values from <b>{conv1.min():.4f}</b> to <b>{conv1.max():.4f}</b>" in first["text"]
    assert first["ticks"] == [f"{-conv1.abs().max():.3g}", "0", f"{conv1.abs().max():.3g}"]  # signed: around 0
    assert data["text"]["next"] == "Next ▶" and data["delay_ms"] == 500


def test_the_stage_and_position_from_a_link_drive_the_formula_view():
    x, conv1 = edge_conv1()
    at = open_link({"block_stage": "conv1", "block_c": 2, "block_i": 10, "block_j": 20})
    assert stepper(at)["stage"] == "conv1" and stepper(at)["position"] == [2, 10, 20]
    assert f"holds **{conv1[0, 2, 10, 20]:.6f}** at [2, 10, 20]" in captions(at)
    assert "no padding is involved" in text(at)
    at.number_input(key="block_c").set_value(1).run()  # typed in the formula view: the stepper's marker follows
    assert stepper(at)["position"] == [1, 10, 20]

    at = open_link({"block_stage": "x + F(x)", "block_c": 2, "block_i": 10, "block_j": 20})
    expected = x[0, 2, 10, 20] + F.relu(conv1[0, 2, 10, 20])
    assert f"x[2,10,20] + F(x)[2,10,20] = {x[0, 2, 10, 20]:.4f}" in latex(at)
    assert f"= {expected:.4f}" in latex(at)
    assert "<b>x + F(x)</b> · shape <b>(3, 64, 64)</b>" in stage_line(at)


def test_paper_order_and_switching_the_branch_off():
    at = open_page("block", {**STATE, "block_order": "paper", "block_preset": "he", "block_part": "orders"})
    assert "BN1" in [s["label"] for s in stepper(at)["stages"]]  # the stepper lists the stages' labels
    assert "F(x) is signed" in text(at)
    rows = next(d.value for d in at.dataframe if "values with F(x) < 0" in d.value.columns)
    assert rows["values with F(x) < 0"].tolist()[0] == "0" and rows["values with F(x) < 0"].tolist()[1] != "0"
    at.slider(key="block_scale").set_value(0.0)
    at.session_state["block_part"] = "residual"
    at.run()
    assert_clean(at)
    assert "F(x) between 0.000 and 0.000" in text(at) and "by **0.0000**" in text(at)
    assert "at s = 0 by **0.0000**" in text(at)


def test_bad_settings_fall_back_and_kernel_edits_apply():
    at = open_page("block", {**STATE, "block_scale": 7, "block_stage": "bn9", "block_i": 999, "block_order": "up",
                             "block_preset": "nope", "block_source": "nowhere"})
    assert at.session_state["block_scale"] == 1.0 and at.session_state["block_stage"] == "conv1"
    assert at.session_state["block_i"] == 63 and at.session_state["block_order"] == "article"
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


def open_link(query: dict) -> AppTest:
    return _open_link("block", {**STATE, **query})


def test_a_link_shared_before_the_order_was_renamed_opens_without_a_notice():
    at = open_link({"block_order": "seed"})
    assert at.radio(key="block_order").value == "article" and not at.warning
    assert_clean(at)


def test_a_preset_link_opens_the_same_view_and_bad_values_are_refused():
    kernels = "conv1.0.0:0,0,0,0,1,0,0,0,0;conv1.0.1:0,0,0,0,0,0,0,0,0;conv1.0.2:0,0,0,0,0,0,0,0,0"
    at = open_link({"block_order": "paper", "block_stage": "bn1", "block_scale": "banana", "block_preset": "he",
                    "block_photo": "coffee", "block_part": "orders", "block_cmp_channel": 2, "block_c": 1,
                    "block_i": 4, "block_j": 5, "block_kernels": kernels})
    assert at.radio(key="block_order").value == "paper" and stepper(at)["stage"] == "bn1"
    assert at.selectbox(key="block_preset").value == "he" and at.selectbox(key="block_photo").value == "coffee"
    assert at.radio(key="block_cmp_channel").value == 2
    assert [at.number_input(key=k).value for k in ("block_c", "block_i", "block_j")] == [1, 4, 5]
    assert "<b>BN1</b> · shape <b>(3, 64, 64)</b>" in stage_line(at) and "[1, 4, 5]" in captions(at)
    assert "Edited kernels: 3" in captions(at)  # the hand-edited kernels came with the link
    assert at.session_state["block_kernels"] == kernels
    # the one bad value falls back to its default, with a notice that names it
    assert at.slider(key="block_scale").value == 1.0
    assert [w.value for w in at.warning if "banana" in w.value] and len(at.warning) == 1


def test_bad_link_values_fall_back_with_a_warning_each():
    at = open_link({"block_stage": "bn1", "block_order": "sideways", "block_c": 7, "block_kernels": "conv9.0.0:1",
                    "block_photo": "dog", "block_edit_out": 5})
    assert at.radio(key="block_order").value == "article" and stepper(at)["stage"] == "conv1"
    assert at.number_input(key="block_c").value == 0 and at.selectbox(key="block_photo").value == "cat"
    assert at.selectbox(key="block_edit_out").value == 0 and "Edited kernels: 0" in captions(at)
    warnings = " ".join(w.value for w in at.warning)
    for bad in ("bn1", "sideways", "'7'", "conv9.0.0:1", "dog", "'5'"):
        assert bad in warnings, (bad, warnings)


def test_kernel_edits_round_trip_through_the_link_text():
    at = open_page("block", STATE)
    kernel = ((0.1, -0.25, 0.0), (1.5, 2.0, -3.0), (0.3, 0.0, 9.75))
    at.session_state["block_edits"] = {("conv2", 2, 1): kernel}
    at.run()
    encoded = at.session_state["block_kernels"]
    assert encoded == "conv2.2.1:0.1,-0.25,0,1.5,2,-3,0.3,0,9.75"
    again = open_link({"block_kernels": encoded})
    (key, values), = again.session_state["block_edits"].items()
    assert key == ("conv2", 2, 1) and all(abs(a - b) < 1e-6 for ra, rb in zip(values, kernel) for a, b in zip(ra, rb))


def test_the_page_in_chinese():
    at = open_page("block", {**STATE, "lang": "zh", "block_order": "paper"})
    assert at.title[0].value == "残差块内部"
    assert [h.value for h in at.header] == ["1 · 逐步执行残差块"]
    assert [t.label for t in at.tabs] == ["2 · 把残差分支调到零", "3 · 源文章 000 的顺序与论文的顺序", "4 · 残差块家族"]
    assert at.radio(key="block_order").label == "运算顺序"
    assert at.slider(key="block_scale").label == "残差分支缩放系数 s"
    assert "F(x) 介于" in text(at) and "<b>conv1</b> · 形状 <b>(3, 64, 64)</b>" in stage_line(at)
    assert stepper(at)["text"]["next"] == "下一步 ▶"
    words = " ".join([*stepper(at)["text"].values(), *(s["text"] + s["title"] + " ".join(s["names"])
                                                         for s in stepper(at)["stages"])])
    assert not re.search(r"\b(the|and|of|with|is|are|click|row|column|channel)\b", words), words
    family = open_page("block", {**STATE, "lang": "zh", "block_part": "family"})
    assert family.metric[0].label == "参数量" and family.metric[0].value == "4,672"  # numbers stay as they are
    assert any("快捷连接" in h.value for h in family.subheader)
    assert "乘积" in next(d.value for d in at.dataframe if "填充" in d.value.columns).columns
    # no English sentence left in the page's prose (code, formulas and identifiers aside)
    prose = [e.value for kind in ("markdown", "caption", "info", "header", "subheader") for e in getattr(at, kind)]
    english = [p for p in prose if re.search(r"\b(the|and|of|with|is|are)\b", p)]
    assert not english, english
    for opened, chinese in ((at, "列 j"), (family, "残差分支 F(x)")):
        figures = " ".join(json.dumps(json.loads(chart.proto.spec), ensure_ascii=False)
                           for chart in opened.get("plotly_chart"))
        assert chinese in figures and "residual branch" not in figures and "column j" not in figures


def test_every_refused_kernel_is_explained_in_both_languages():
    """The page words a refused kernel by the library's code, never with the library's English."""
    from resnet_viz.analyses.block_weights import KERNEL_LIMIT, validate_kernel
    from ui.text.errors import TEXT as ERRORS

    for bad in ([[1, 2], [3, 4]], [[float("nan")] * 3] * 3, [[KERNEL_LIMIT + 1] * 3] * 3, [["a"] * 3] * 3):
        try:
            validate_kernel(bad)
        except ValueError as error:
            for lang in ("en", "zh"):
                reason = ERRORS.text(error.key, lang, **error.params)
                text = TEXT.text("kernel_error", lang, reason=reason)
                assert str(error) not in text or lang == "en"
                assert "{" not in text and (lang == "en" or not re.search(r"[A-Za-z]{4,}", text)), text


def test_every_library_text_the_page_shows_has_a_translation():
    """Keys the page looks up for the library's presets, stages and blocks exist (else English would show)."""
    keys = set(TEXT.tables["en"])
    wanted = {f"preset_{k}" for k in PRESETS} | {f"preset_text_{k}" for k in PRESETS}
    wanted |= {f"bn_{k}" for k in BN_MODES} | {f"photo_{k}" for k in SAMPLE_IMAGES}
    wanted |= {f"{kind}_{s.key}" for order in ("article", "paper") for s in stage_specs(order)
               for kind in ("label", "note")}
    wanted |= {f"member_{kind}_{s.key}" for s in FAMILY + SHORTCUT_MEMBERS for kind in ("title", "source", "text")}
    assert wanted <= keys, wanted - keys
    assert {f"width_{k}" for k in paper_width_params()} <= keys
    # the English texts are the library's own, word for word
    assert all(TEXT.text(f"preset_text_{k}") == v for k, v in PRESETS.items())
    assert all(TEXT.text(f"photo_{k}") == v.title for k, v in SAMPLE_IMAGES.items())
    for spec in FAMILY + SHORTCUT_MEMBERS:
        assert (TEXT.text(f"member_title_{spec.key}"), TEXT.text(f"member_text_{spec.key}")) == (spec.title,
                                                                                               spec.description)
    for order in ("article", "paper"):
        for stage in stage_specs(order):
            extra = TEXT.text("note_conv1_paper") if stage.key == "conv1" and order == "paper" else ""
            assert TEXT.text(f"note_{stage.key}") + extra == stage.note
            assert TEXT.text(f"label_{stage.key}") == stage.label
