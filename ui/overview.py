"""Rows of picture panels as HTML that reflows: the block page's "whole block at once" and the feature-maps page's
"what each stage sees".

Built from the in-browser stepper's data (:func:`ui.stepper.stepper_data`: the same PNGs on each stage's own colour
scale), so nothing is encoded twice. A stage is one panel (its label, its channels from the top, its colour bar);
the panels wrap, eight in a row on a wide screen and three on a phone (all of one width, the last row's too), where
a Plotly grid of 8 × 3 subplots only shrank until its titles overlapped. The feature-maps page's stages are panels
of one picture each, with one colour key at the end of the row (:func:`stage_overview_html`).
"""

from __future__ import annotations

import html

from resnet_viz.figures.feature_maps import StageOverview

STYLE = """<style>
.rv-overview .rv-title { font-size: 1.15rem; color: #2a3f5f; }
.rv-overview .rv-sub { font-size: .8rem; color: #506784; margin-bottom: .5rem; }
.rv-overview .rv-grid { display: flex; flex-wrap: wrap; gap: .5rem; }
.rv-overview .rv-grid.rv-even { display: grid; grid-template-columns: repeat(auto-fit, minmax(96px, 1fr)); }
.rv-overview .rv-grid.rv-even figure { max-width: none; min-width: 0; }
.rv-overview figure { flex: 1 1 96px; min-width: 96px; max-width: 150px; margin: 0; }
.rv-overview figcaption { font-size: .8rem; text-align: center; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }
.rv-overview img { width: 100%; display: block; margin-bottom: .25rem; image-rendering: pixelated; }
.rv-overview .rv-bar { height: .6rem; border-radius: .15rem; margin-top: .15rem; }
.rv-overview .rv-ticks { display: flex; justify-content: space-between; font-size: .7rem; color: #506784; }
.rv-overview figure.rv-current figcaption { color: #ff7f0e; font-weight: 600; }
.rv-overview.rv-stages figcaption { white-space: normal; min-height: 2.4em; line-height: 1.2; }
.rv-overview figure.rv-key { flex: 0 0 auto; min-width: 0; }
.rv-overview .rv-scale { display: flex; gap: .3rem; height: 6rem; }
.rv-overview .rv-vbar { width: .75rem; border-radius: .15rem; }
.rv-overview .rv-vticks { display: flex; flex-direction: column; justify-content: space-between; font-size: .7rem;
  color: #506784; white-space: nowrap; }
</style>"""


def overview_html(data: dict, *, title: str, subtitle: str) -> str:
    """Every stage of ``data`` (the stepper's) as a panel; ``title`` and ``subtitle`` are trusted catalogue text."""
    panels = []
    for stage in data["stages"]:
        label = html.escape(stage["label"])
        maps = "".join(f'<img src="{uri}" alt="{label}: {html.escape(name)}" title="{label}: {html.escape(name)}">'
                       for uri, name in zip(stage["maps"], stage["names"], strict=True))
        ticks = "".join(f"<span>{html.escape(tick)}</span>" for tick in stage["ticks"])
        panels.append(f'<figure data-stage="{html.escape(stage["key"])}"><figcaption>{label}</figcaption>{maps}'
                      f'<div class="rv-bar" style="background: {stage["gradient"]}"></div>'
                      f'<div class="rv-ticks">{ticks}</div></figure>')
    return (f'{STYLE}<div class="rv-overview"><div class="rv-title">{title}</div><div class="rv-sub">{subtitle}</div>'
            f'<div class="rv-grid rv-even">{"".join(panels)}</div></div>')


def _lines(text: str) -> str:
    """Text whose lines are joined by ``<br>``, every line escaped."""
    return "<br>".join(html.escape(line) for line in text.split("<br>"))


def stage_overview_html(overview: StageOverview) -> str:
    """The input and every stage's map as panels that wrap, then the one colour key that explains them."""
    panels = "".join(f'<figure><figcaption>{_lines(panel.caption)}</figcaption>'
                     f'<img src="{panel.source}" alt="{html.escape(panel.caption.replace("<br>", " "))}"></figure>'
                     for panel in overview.panels)
    key = overview.key
    ticks = "".join(f"<span>{html.escape(tick)}</span>" for tick in reversed(key.ticks))  # the high end on top
    legend = (f'<figure class="rv-key"><figcaption>{html.escape(key.title)}</figcaption><div class="rv-scale">'
              f'<div class="rv-vbar" style="background: {key.gradient}"></div><div class="rv-vticks">{ticks}</div>'
              f'</div></figure>')
    return (f'{STYLE}<div class="rv-overview rv-stages"><div class="rv-title">{html.escape(overview.title)}</div>'
            f'<div class="rv-grid">{panels}{legend}</div></div>')
