"""The attributions page through the real app: default answer, every method, photos, bad input."""

from __future__ import annotations

import pytest
import torch
from captum.attr import IntegratedGradients

from resnet_viz.analyses.trained import CLASSES, heldout_shapes, load_shapes_model
from tests.pages.apptest import assert_clean, open_page

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
    assert abs(gap) < 0.02 * abs(float(logits[predicted]) - float(black))  # within 2% of f(x) - f(baseline)
    assert float(metrics["ratio (goal: at least 2x)"].rstrip("x")) >= 2.0
    table = at.dataframe[0].value
    assert list(table["method"]) == ["Integrated Gradients", "Saliency", "Grad-CAM (LayerGradCam)", "Occlusion"]
    assert len(at.get("plotly_chart")) >= 7


def test_sanity_check_reports_rank_correlations(default_page):
    metrics = _metrics(default_page)
    for label in ("Spearman rank correlation (signed maps)", "Spearman rank correlation (|maps|)"):
        assert -1.0 <= float(metrics[label]) <= 1.0


def test_every_method_views_and_signs():
    at = open_page("attributions", CPU)
    at.multiselect(key="attr_methods_shapes").set_value(list(
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
    box = next(s for s in at.selectbox if s.key.startswith("attr_target_") and s.key.endswith("shapes-7"))
    least_likely = box.options[-1].split(" (")[0]
    box.set_value(CLASSES.index(least_likely))
    at.run()
    assert_clean(at)
    specs = " ".join(chart.proto.spec for chart in at.get("plotly_chart"))
    assert f"Attributions for '{least_likely}'" in specs
    assert f"the true shape is **{CLASSES[int(heldout_shapes(200).labels[7])]}**" in _text(at)


def test_photos_with_random_weights_say_so():
    at = open_page("attributions", {**CPU, "attr_model": "imagenet",
                                    "attr_methods_imagenet": ["saliency", "gradcam"],
                                    "attr_imagenet_integrated_gradients_n_steps": 4,
                                    "attr_sanity_method": "saliency"})
    warnings = " ".join(w.value for w in at.warning)
    assert "meaningless beyond showing the mechanics" in warnings
    assert "Only the shapes models come with a trained plain twin" in " ".join(i.value for i in at.info)
    assert len(at.dataframe[0].value) == 2


def test_upload_mode_without_a_file_asks_for_one():
    at = open_page("attributions", {**CPU, "attr_model": "imagenet", "attr_photo_source": "upload"})
    assert "Upload a photo" in " ".join(i.value for i in at.info)
