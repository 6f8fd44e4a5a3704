"""The in-browser stepper's data: each stage's maps are the values on the stage's own colour scale, its words are
escaped HTML, and the data names the stage and position to start from."""

import numpy as np

from resnet_viz.figures._style import colourise
from tests.pixels import decode_png as _pixels
from ui.stepper import StepperStage, stage_payload, stepper_data


def _stage(key: str, values: np.ndarray, text: str = "**x** · shape") -> StepperStage:
    return StepperStage(key, key.upper(), values, text, f"{key}: title", [f"ch {c}" for c in range(len(values))])


def test_a_signed_stage_is_drawn_around_zero_pixel_for_pixel():
    values = np.array([[[-2.0, 0.0], [1.0, 2.0]], [[0.5, -0.5], [0.0, 0.0]]])
    payload = stage_payload(_stage("conv1", values))
    assert payload["shape"] == [2, 2, 2] and payload["ticks"] == ["-2", "0", "2"]
    for channel, uri in zip(values, payload["maps"]):
        np.testing.assert_array_equal(_pixels(uri), colourise(channel, signed=True, zrange=(-2.0, 2.0)))
    # the colour bar runs from the colour of -2 to the colour of 2
    low, high = colourise(np.array([[-2.0, 2.0]]), signed=True, zrange=(-2.0, 2.0))[0]
    assert payload["gradient"].startswith(f"linear-gradient(to right, rgb({low[0]},{low[1]},{low[2]})")
    assert payload["gradient"].endswith(f"rgb({high[0]},{high[1]},{high[2]}))")


def test_a_non_negative_stage_starts_its_scale_at_zero():
    values = np.array([[[0.0, 0.25], [0.5, 4.0]]])
    payload = stage_payload(_stage("relu1", values))
    assert payload["ticks"] == ["0", "4"]
    np.testing.assert_array_equal(_pixels(payload["maps"][0]), colourise(values[0], signed=False, zrange=(0.0, 4.0)))


def test_words_are_escaped_and_bold_becomes_html():
    payload = stage_payload(_stage("x", np.ones((1, 2, 2)), text="**a < b** & <script>"))
    assert payload["text"] == "<b>a &lt; b</b> &amp; &lt;script&gt;"


def test_the_data_names_the_addition_and_changes_its_id_only_with_the_content():
    stages = [_stage("x", np.ones((1, 2, 2))), _stage("x + F(x)", 2 * np.ones((1, 2, 2)))]
    words = {"next": "Next ▶"}
    data = stepper_data(stages, add="x + F(x)", stage="x", position=(0, 1, 1), text=words)
    assert data["add"] == 1 and data["stage"] == "x" and data["position"] == [0, 1, 1]
    again = stepper_data(stages, add="x + F(x)", stage="x + F(x)", position=(0, 0, 0), text=words)
    assert again["id"] == data["id"]  # where to start is not content: the browser keeps what it drew
    other = stepper_data(stages[::-1], add="x + F(x)", stage="x", position=(0, 1, 1), text=words)
    assert other["id"] != data["id"]
