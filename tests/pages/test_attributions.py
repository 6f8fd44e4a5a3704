"""The attributions page through the real app: default answer, every method, photos, bad input."""

from __future__ import annotations

import json

import pytest
import torch
from captum.attr import IntegratedGradients
from streamlit.testing.v1 import AppTest

from resnet_viz.analyses.trained import CLASSES, heldout_shapes, load_shapes_model
from tests.pages.apptest import APP, TIMEOUT, assert_clean, open_link, open_page, script

pytestmark = pytest.mark.filterwarnings("ignore")
CPU = {"settings_device": "cpu"}


def _text(at) -> str:
    return " ".join(m.value for m in at.markdown)


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.fixture(scope="module")
def default_page():
    return open_page("attributions", CPU)


def test_default_view_answers_with_checked_numbers(default_page):
    at = default_page
    assert at.title[0].value == "Attributions"
    text = _text(at)
    assert "Which pixels does a trained ResNet use" in text
    data = heldout_shapes(200)  # the page draws 200; labels depend on the count
    model = load_shapes_model("residual")
    with torch.no_grad():
        logits = model(data.images[3:4])[0]
    probabilities = torch.softmax(logits.double(), 0)
    predicted = int(probabilities.argmax())
    assert f"The model says **{CLASSES[predicted]}** with {100 * float(probabilities[predicted]):.1f}%" in text
    assert f"the true shape is **{CLASSES[int(data.labels[3])]}**" in text
    assert f"The shape covers **{100 * float(data.masks[3].float().mean()):.0f}%**" in text
    table = at.dataframe[0].value
    assert list(table["method"]) == ["Integrated Gradients", "Saliency", "Grad-CAM (LayerGradCam)", "Occlusion"]
    deltas = table["|convergence delta|"].tolist()  # Integrated Gradients' only; the others show a dash
    assert float(deltas[0]) >= 0 and deltas[1:] == ["—"] * 3
    # probabilities, mask shares, then the open tab's maps: one piece for the input and one per method
    assert len(at.get("plotly_chart")) == 2 + 1 + 4

    at.session_state["attr_tab"] = "completeness"
    at.run()
    assert_clean(at)
    metrics = _metrics(at)
    assert metrics["f(x)"] == f"{float(logits[predicted]):,.4f}"
    with torch.no_grad():
        black = model(torch.zeros(1, 3, 32, 32))[0, predicted]
    assert metrics["f(baseline: black)"] == f"{float(black):,.4f}"
    ig = IntegratedGradients(model).attribute(data.images[3:4].clone().requires_grad_(True), target=predicted,
                                              n_steps=50, method="gausslegendre", internal_batch_size=64)
    total = float(ig.sum())
    assert metrics["sum of attributions"] == f"{total:,.4f}"
    gap = total - (float(logits[predicted]) - float(black))
    assert metrics["gap = convergence delta"] == f"{gap:,.4f}"
    # a Riemann sum over the page's default steps: 2.3 % of f(x) - f(baseline) for the six-class model on this image
    assert abs(gap) < 0.05 * abs(float(logits[predicted]) - float(black))
    assert not at.dataframe  # the methods tab is closed: its table is not built

    at.session_state["attr_tab"] = "mask"
    at.run()
    assert float(_metrics(at)["ratio (goal: at least 2x)"].rstrip("x")) >= 2.0
    at.session_state["attr_tab"] = "methods"
    at.run()


def test_default_view_gives_each_method_its_own_colour_scale(default_page):
    at = default_page
    assert at.radio(key="attr_scale").value == "per_method"
    assert "Each method has its own colour scale" in " ".join(c.value for c in at.caption)
    assert "**Attributions for 'circle' · each column on its own colour scale" in _text(at)  # above the pieces
    pieces = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")[2:]]  # after the two charts above
    assert [piece["layout"]["annotations"][0]["text"] for piece in pieces] == [
        "Input", "Integrated Gradients", "Saliency", "Grad-CAM<br>(LayerGradCam)", "Occlusion"]
    limits = [round(t["zmax"], 9) for piece in pieces for t in piece["data"] if t["type"] == "heatmap"]
    assert len(limits) == len(set(limits)) == 4  # four methods, four colour ranges: none blank by another's scale
    assert all(piece["layout"]["width"] <= 250 for piece in pieces)  # each fits beside another on a phone
    configs = [json.loads(chart.proto.config) for chart in at.get("plotly_chart")[2:]]
    assert all(config.get("displayModeBar") is False for config in configs)  # no tool bar over a small map


def test_sanity_check_reports_rank_correlations():
    at = open_page("attributions", {**CPU, "attr_tab": "sanity"})
    assert "trained vs randomised" in _text(at)
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    assert [piece["layout"]["annotations"][0]["text"] for piece in specs[2:5]] == [
        "Input", "trained", "top 1 randomised"]
    metrics = _metrics(at)
    for label in ("Spearman rank correlation (signed maps)", "Spearman rank correlation (|maps|)"):
        assert -1.0 <= float(metrics[label]) <= 1.0


def test_every_method_views_and_signs():
    at = open_page("attributions", CPU)
    at.multiselect(key="attr_methods_shapes_pick").set_value(list(
        ["integrated_gradients", "saliency", "smoothgrad", "gradient_shap", "deeplift", "guided_backprop",
         "guided_gradcam", "gradcam", "occlusion"]))
    at.radio(key="attr_sign").set_value("absolute")
    at.radio(key="attr_scale").set_value("shared")
    at.radio(key="attr_model").set_value("shapes-plain")
    at.run()
    assert_clean(at)
    assert len(at.dataframe[0].value) == 9
    assert not at.error


def test_target_class_and_image_can_be_changed():
    at = open_page("attributions", CPU)
    at.number_input(key="attr_shape_index").set_value(7)
    at.run()
    box = at.selectbox(key="attr_target_shapes")
    assert box.value == int(load_shapes_model("residual")(heldout_shapes(200).images[7:8]).argmax())
    least_likely = box.options[-1].split(" (")[0]
    box.set_value(CLASSES.index(least_likely))
    at.run()
    assert_clean(at)
    assert f"Attributions for '{least_likely}'" in _text(at)
    assert f"the true shape is **{CLASSES[int(heldout_shapes(200).labels[7])]}**" in _text(at)


def test_photos_with_random_weights_say_so():
    at = open_page("attributions", {**CPU, "attr_model": "imagenet",
                                    "attr_methods_imagenet": ["saliency", "gradcam"],
                                    "attr_imagenet_integrated_gradients_n_steps": 4,
                                    "attr_sanity_method": "saliency"})
    warnings = " ".join(w.value for w in at.warning)
    assert "meaningless beyond showing the mechanics" in warnings
    assert len(at.dataframe[0].value) == 2
    at.session_state["attr_tab"] = "twins"
    at.run()
    assert_clean(at)
    assert "Only the shapes models come with a trained plain twin" in " ".join(i.value for i in at.info)


def test_upload_mode_without_a_file_asks_for_one():
    at = open_page("attributions", {**CPU, "attr_model": "imagenet", "attr_photo_source": "upload"})
    assert "Upload a photo" in " ".join(i.value for i in at.info)


def test_page_in_chinese():
    at = open_page("attributions", {**CPU, "lang": "zh"})
    assert at.title[0].value == "归因分析"
    assert "模型判断为" in _text(at)
    assert "真实形状是" in _text(at)
    assert at.radio(key="attr_scale").options == ["每种方法各自", "共用"]
    assert "积分梯度" in at.multiselect(key="attr_methods_shapes_pick").options
    assert "模型的预测" in _text(at) and "每列使用各自的色标" in _text(at)  # a chart's title is written above it
    assert list(at.dataframe[0].value.columns)[0] == "方法"


def test_a_preset_link_opens_the_same_view_and_bad_values_are_refused():
    query = {"settings_device": "cpu", "attr_model": "shapes-plain", "attr_shape_index": "7",
             "attr_methods_shapes": "saliency,occlusion", "attr_sign": "absolute", "attr_scale": "shared",
             "attr_views": "heatmap", "attr_percentile": "banana", "attr_sanity_count_shapes": "99",
             "attr_tab": "sanity"}
    at = open_link("attributions", query)
    assert at.radio(key="attr_model").value == "shapes-plain"
    assert at.number_input(key="attr_shape_index").value == 7
    assert at.multiselect(key="attr_methods_shapes_pick").value == ["saliency", "occlusion"]
    assert at.radio(key="attr_sign").value == "absolute" and at.radio(key="attr_scale").value == "shared"
    assert at.multiselect(key="attr_views_pick").value == ["heatmap"]
    assert at.slider(key="attr_percentile").value == 99.0  # refused: back to the default
    assert at.slider(key="attr_sanity_count_shapes").value == 1  # out of range: back to the default
    warnings = " ".join(w.value for w in at.warning)
    assert "banana" in warnings and "'99'" in warnings
    assert at.session_state["attr_tab"] == "sanity" and not at.dataframe  # the link opened the sanity tab


def test_a_link_with_an_unknown_method_falls_back_to_the_default_methods():
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in {"settings_device": "cpu", "attr_methods_shapes": "saliency,magic",
                       "attr_target_shapes": "12"}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(script("attributions"))
    at.run()
    assert_clean(at)
    assert at.multiselect(key="attr_methods_shapes_pick").value == ["integrated_gradients", "saliency", "gradcam",
                                                                   "occlusion"]
    warnings = " ".join(w.value for w in at.warning)
    assert "magic" in warnings and "'12'" in warnings


def test_drawing_options_are_enabled_only_where_the_open_tab_follows_them():
    at = open_page("attributions", CPU)

    def disabled() -> dict[str, bool]:
        return {"views": at.multiselect(key="attr_views_pick").disabled, "sign": at.radio(key="attr_sign").disabled,
                "scale": at.radio(key="attr_scale").disabled, "percentile": at.slider(key="attr_percentile").disabled}

    assert not any(disabled().values())  # the methods tab follows all four
    at.session_state["attr_tab"] = "twins"
    at.run()
    assert disabled() == {"views": True, "sign": False, "scale": True, "percentile": False}
    assert "fixes the views and the colour scale" in " ".join(c.value for c in at.caption)
    at.session_state["attr_tab"] = "how"
    at.run()
    assert all(disabled().values())
    assert "draws no attribution maps" in " ".join(c.value for c in at.caption)


def test_the_faithfulness_tab_opens_on_the_stored_measurement_and_says_which_methods_beat_random():
    from resnet_viz.analyses.faithfulness_store import load_stored
    from ui.text.attributions import TEXT

    at = open_page("attributions", {**CPU, "attr_tab": "faithfulness"})
    stored = load_stored("residual").curves
    both = [TEXT.text(f"method_{m}", "en") for m in stored.methods if all(stored.beats_random(m).values())]
    text = _text(at)
    assert "Measured on 100 held-out images" in text
    line = next(line for line in text.split("\n") if "on **both** curves" in line)
    assert line.endswith(", ".join(both) or "none")
    assert "**Cascading randomisation.**" in text
    assert len(at.get("plotly_chart")) >= 3  # the tab's three, below the probabilities above the tabs
    table = next(frame.value for frame in at.dataframe if "deletion AUC (mean ± 95 % interval)" in frame.value.columns)
    mean, half = stored.summary("integrated_gradients")["deletion"]
    assert table.set_index("map").loc["Integrated Gradients", "deletion AUC (mean ± 95 % interval)"] == \
        f"{mean:.3f} ± {half:.3f}"
    assert "experiments/faithfulness.py" in " ".join(c.value for c in at.caption)


def test_the_faithfulness_tab_explains_itself_for_imagenet_and_recomputes_live_for_shapes():
    at = open_page("attributions", {**CPU, "attr_model": "imagenet", "attr_tab": "faithfulness"})
    assert "choose a shapes model" in " ".join(i.value for i in at.info)
    live = open_page("attributions", {**CPU, "attr_model": "shapes-plain", "attr_tab": "faithfulness",
                                      "attr_faith_images": 10})
    live.button(key="attr_faith_run").click().run()
    assert_clean(live)
    assert "Computed live: curves on 10 held-out images" in " ".join(c.value for c in live.caption)
    assert "Measured on 10 held-out images" in _text(live)


def test_a_large_attribution_waits_for_its_turn_behind_another_one():
    """Occlusion is large: while another student's large attribution holds the server's one turn, this page's waits
    (and is then computed); a small method on the same page does not wait."""
    import threading
    import time

    from ui.turns import attribution_turns

    turns, release = attribution_turns(), threading.Event()

    def other_student() -> None:
        with turns.turn(on_wait=lambda ahead: None):
            release.wait(TIMEOUT)

    holder = threading.Thread(target=other_student)
    holder.start()
    deadline = time.monotonic() + TIMEOUT
    while turns.running < 1:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    # shape 11 and an 8-pixel window: a request no other test makes, so it is not already in the cache
    for key, value in {"settings_device": "cpu", "attr_model": "shapes-residual", "attr_shape_index": "11",
                       "attr_methods_shapes": "saliency,occlusion", "attr_shapes_occlusion_window": "8"}.items():
        at.query_params[key] = value
    at.run()
    page = threading.Thread(target=lambda: (at.switch_page(script("attributions")), at.run()))
    page.start()
    try:
        while turns.waiting < 1:  # the page's occlusion is waiting behind the other student's
            assert time.monotonic() < deadline and page.is_alive(), "the page never waited for a turn"
            time.sleep(0.01)
        assert page.is_alive()
    finally:
        release.set()
        holder.join(TIMEOUT)
    page.join(TIMEOUT)
    assert_clean(at)
    assert turns.running == turns.waiting == 0
    assert at.multiselect(key="attr_methods_shapes_pick").value == ["saliency", "occlusion"]
    assert at.number_input(key="attr_shapes_occlusion_window").value == 8
    assert not [e for e in at.info if "ahead of you" in e.value]  # the notice went once the turn came
