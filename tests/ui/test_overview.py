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


def test_stage_overview_is_a_panel_per_picture_then_one_colour_key():
    from resnet_viz.figures.feature_maps import stage_overview
    from ui.overview import stage_overview_html

    picture = np.zeros((8, 8, 3), dtype=np.uint8)
    maps = [("conv2_x <a><br>field 3 px", np.arange(4.0).reshape(2, 2)), ("conv3_x", -np.ones((2, 2)))]
    overview = stage_overview(picture, maps, title="Stages & maps")
    page = stage_overview_html(overview)
    captions = re.findall(r"<figure><figcaption>(.*?)</figcaption>", page)
    assert captions == ["input<br>8 × 8", "conv2_x &lt;a&gt;<br>field 3 px", "conv3_x"]  # escaped, lines kept
    sources = re.findall(r'<img src="(data:image/png;base64,[^"]+)"', page)
    assert sources == [panel.source for panel in overview.panels]
    assert "Stages &amp; maps" in page
    key = re.search(r'<figure class="rv-key"><figcaption>(.*?)</figcaption>.*?background: ([^"]+)".*?'
                    r'<div class="rv-vticks">(.*?)</div>', page)
    assert key.group(1) == "each map" and key.group(2) == overview.key.gradient
    assert key.group(3) == "<span>+max |a|</span><span>0</span><span>−max |a|</span>"  # the high end on top
    assert page.count('class="rv-key"') == 1  # one colour key explains every map
