"""The "whole block at once" panel grid: every stage with its channel maps, labels escaped, one colour bar each."""

import re

import numpy as np

from tests.pixels import decode_png
from ui.overview import overview_html
from ui.stepper import StepperStage, stepper_data


def _stages() -> list[StepperStage]:
    x = np.arange(2 * 3 * 3, dtype=np.float64).reshape(2, 3, 3)
    return [StepperStage("x", "x", x, "**x**", "x: title", ["ch 0", "ch 1"]),
            StepperStage("F(x)", "F(x) <&>", x - 8.0, "**F**", "F: title", ["ch 0", "ch 1"])]


def test_every_stage_is_a_panel_with_its_own_maps_and_scale():
    stages = _stages()
    data = stepper_data(stages, add="F(x)", stage="x", position=(0, 0, 0), text={})
    page = overview_html(data, title="The whole block", subtitle="one panel per stage")
    panels = re.findall(r'<figure data-stage="([^"]+)"><figcaption>([^<]*)</figcaption>', page)
    assert panels == [("x", "x"), ("F(x)", "F(x) &lt;&amp;&gt;")]  # in order, labels escaped
    sources = re.findall(r'<img src="(data:image/png;base64,[^"]+)"', page)
    assert len(sources) == 4
    assert sources == [uri for stage in data["stages"] for uri in stage["maps"]]  # the stepper's own images
    second = decode_png(sources[2])  # F(x) channel 0: signed, so its lowest value is the diverging scale's end
    assert second.shape == (3, 3, 3) and not np.array_equal(second, decode_png(sources[0]))
    assert page.count('class="rv-bar"') == 2  # a colour bar each, with its ticks: x from 0, F(x) around 0
    ticks = re.findall(r'<div class="rv-ticks">(.*?)</div>', page)
    assert ticks == ["<span>0</span><span>17</span>", "<span>-9</span><span>0</span><span>9</span>"]
    assert "The whole block" in page and "one panel per stage" in page
