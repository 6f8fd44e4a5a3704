"""Step through a block's stages in the browser.

Every stage (its heat maps as images, its line of numbers) is sent once; Back, Next, Play and the stage chips switch
between them in the browser with no round trip, so a step is as fast as a click. The stage shown and the pixel
clicked go back to Python as the component's state, which reruns the page's section: the formula view and the
link follow a moment later.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import streamlit as st

from resnet_viz.figures._style import colourise, css_gradient, png_data_uri
from resnet_viz.figures.block import map_scale

CSS = """
.stepper { font-family: var(--st-font, "Source Sans Pro", sans-serif); color: var(--st-text-color, #31333f); }
.stepper .controls { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin-bottom: .6rem; }
.stepper button { font: inherit; padding: .35rem .9rem; border-radius: .5rem; cursor: pointer;
  border: 1px solid var(--st-border-color, rgba(49, 51, 63, .2)); background: var(--st-background-color, #fff);
  color: inherit; }
.stepper button:hover { border-color: var(--st-primary-color, #ff4b4b); color: var(--st-primary-color, #ff4b4b); }
.stepper button:disabled { opacity: .4; cursor: default; }
.stepper .where { font-size: .9rem; opacity: .75; }
.stepper .flow { display: grid; gap: .25rem .2rem; align-items: center; margin: .3rem 0 .8rem; overflow-x: auto;
  padding-bottom: .2rem; }
.stepper .chip { padding: .3rem .45rem; border-radius: .45rem; text-align: center; font-size: .85rem;
  border: 2px solid #1f77b4; background: var(--st-background-color, #fff); white-space: nowrap; }
.stepper .chip.skipend { border-color: #ff7f0e; }
.stepper .chip.current { background: #ff7f0e; border-color: #ff7f0e; color: #fff; font-weight: 600; }
.stepper .arrow { text-align: center; opacity: .6; font-size: .8rem; }
.stepper .skip { grid-row: 2; height: .9rem; border: 2px solid #ff7f0e; border-top: none;
  border-radius: 0 0 .5rem .5rem; position: relative; margin: 0 1.2rem; }
.stepper .skip span { position: absolute; left: 50%; top: .25rem; transform: translateX(-50%); font-size: .75rem;
  background: var(--st-background-color, #fff); color: #ff7f0e; padding: 0 .3rem; white-space: nowrap; }
.stepper .text { margin: .2rem 0 .5rem; line-height: 1.5; }
.stepper .title { font-weight: 600; margin-bottom: .3rem; }
.stepper .maps { display: flex; flex-wrap: wrap; gap: .8rem; align-items: flex-end; }
.stepper figure { margin: 0; flex: 1 1 150px; max-width: 300px; min-width: 110px; }
.stepper figcaption { text-align: center; font-size: .85rem; margin-bottom: .2rem; }
.stepper .pixels { position: relative; cursor: crosshair; line-height: 0; }
.stepper .pixels img { width: 100%; image-rendering: pixelated; border: 1px solid rgba(49, 51, 63, .2); }
.stepper .marker { position: absolute; border: 2px solid #ff7f0e; box-sizing: border-box; pointer-events: none; }
.stepper .scale { flex: 0 1 150px; min-width: 110px; font-size: .8rem; }
.stepper .bar { height: .8rem; border-radius: .2rem; margin: .2rem 0; }
.stepper .ticks { display: flex; justify-content: space-between; }
.stepper .hover { min-height: 1.3rem; font-size: .85rem; opacity: .8; margin-top: .3rem; }
"""

HTML = '<div class="stepper" data-stage=""></div>'

# Kept per component key in the browser so that a rerun (which calls this function again with the same data) keeps
# the stage and position the student reached, even one step ahead of what Python has heard so far.
JS = """
const memory = new Map();

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function build(root, data, mem, send) {
  root.innerHTML = '';
  root.dataset.id = data.id;
  const t = data.text;
  const controls = el('div', 'controls');
  const back = el('button', '', t.back), next = el('button', '', t.next), play = el('button', '', t.play);
  play.title = t.play_help;
  const where = el('span', 'where');
  controls.append(back, next, play, where);
  const flow = el('div', 'flow');
  const n = data.stages.length;
  flow.style.gridTemplateColumns = data.stages.map(() => 'auto').join(' 1rem ');
  const chips = data.stages.map((stage, index) => {
    const chip = el('button', 'chip', stage.label);
    chip.style.gridRow = 1;
    chip.style.gridColumn = 2 * index + 1;
    chip.title = t.jump;
    if (index === 0 || index === data.add) chip.classList.add('skipend');
    chip.onclick = () => go(stage.key, true);
    flow.append(chip);
    if (index < n - 1) {
      const arrow = el('span', 'arrow', '→');
      arrow.style.gridRow = 1;
      arrow.style.gridColumn = 2 * index + 2;
      flow.append(arrow);
    }
    return chip;
  });
  const skip = el('div', 'skip');
  skip.style.gridColumn = `1 / ${2 * data.add + 2}`;
  skip.append(el('span', '', t.skip));
  flow.append(skip);
  const text = el('div', 'text'), title = el('div', 'title'), maps = el('div', 'maps'), hover = el('div', 'hover');
  root.append(controls, flow, text, title, maps, hover);

  function position(stage) {
    const [c, i, j] = mem.position;
    const [C, H, W] = stage.shape;
    return [Math.min(c, C - 1), Math.min(i, H - 1), Math.min(j, W - 1)];
  }

  function draw() {
    const index = data.stages.findIndex(s => s.key === mem.stage);
    const stage = data.stages[index];
    const [mc, mi, mj] = position(stage);
    chips.forEach((chip, k) => chip.classList.toggle('current', k === index));
    // on a phone the row of stages scrolls sideways: keep the current one in view (this row only, not the page),
    // once the row is laid out
    requestAnimationFrame(() => {
      const shown = chips[index].getBoundingClientRect(), row = flow.getBoundingClientRect();
      if (shown.left < row.left || shown.right > row.right) {
        flow.scrollLeft += shown.left - row.left - (row.width - shown.width) / 2;
      }
    });
    back.disabled = index === 0;
    next.disabled = index === n - 1;
    where.textContent = t.where.replace('{k}', index + 1).replace('{n}', n);
    text.innerHTML = stage.text;
    title.textContent = stage.title;
    maps.innerHTML = '';
    const [C, H, W] = stage.shape;
    stage.maps.forEach((src, c) => {
      const figure = el('figure'), caption = el('figcaption', '', stage.names[c]), box = el('div', 'pixels');
      const img = el('img');
      img.src = src;
      img.alt = stage.names[c];
      img.draggable = false;
      box.append(img);
      if (c === mc) {
        const marker = el('div', 'marker');
        marker.style.left = `${100 * (mj - 1) / W}%`;
        marker.style.top = `${100 * (mi - 1) / H}%`;
        marker.style.width = `${300 / W}%`;
        marker.style.height = `${300 / H}%`;
        box.append(marker);
      }
      const at = (event) => {
        const rect = img.getBoundingClientRect();
        const j = Math.min(W - 1, Math.max(0, Math.floor((event.clientX - rect.left) / rect.width * W)));
        const i = Math.min(H - 1, Math.max(0, Math.floor((event.clientY - rect.top) / rect.height * H)));
        return [i, j];
      };
      box.onmousemove = (event) => {
        const [i, j] = at(event);
        hover.textContent = t.hover.replace('{name}', stage.names[c]).replace('{i}', i).replace('{j}', j);
      };
      box.onmouseleave = () => { hover.textContent = t.hint; };
      box.onclick = (event) => {
        const [i, j] = at(event);
        mem.position = [c, i, j];
        draw();
        send('position', mem.position);
      };
      figure.append(caption, box);
      maps.append(figure);
    });
    const scale = el('div', 'scale');
    const bar = el('div', 'bar');
    bar.style.background = stage.gradient;
    const ticks = el('div', 'ticks');
    stage.ticks.forEach(tick => ticks.append(el('span', '', tick)));
    scale.append(el('div', '', t.value), bar, ticks);
    maps.append(scale);
    hover.textContent = t.hint;
    root.dataset.stage = stage.key;
  }

  function go(key, report) {
    if (mem.timer) { clearInterval(mem.timer); mem.timer = null; }
    mem.stage = key;
    draw();
    if (report) send('stage', key);
  }
  const step = (delta) => {
    const index = data.stages.findIndex(s => s.key === mem.stage);
    const target = Math.min(n - 1, Math.max(0, index + delta));
    go(data.stages[target].key, true);
  };
  back.onclick = () => step(-1);
  next.onclick = () => step(1);
  play.onclick = () => {
    go(data.stages[0].key, false);
    let index = 0;
    mem.timer = setInterval(() => {
      index += 1;
      mem.stage = data.stages[index].key;
      draw();
      if (index === n - 1) { clearInterval(mem.timer); mem.timer = null; send('stage', mem.stage); }
    }, data.delay_ms);
  };
  mem.draw = draw;
  draw();
}

export default function (component) {
  const { data, key, parentElement, setStateValue } = component;
  const root = parentElement.querySelector('.stepper');
  let mem = memory.get(key);
  if (!mem) {
    mem = { stage: data.stage, position: data.position, seen: JSON.stringify(data.position), sent: [], timer: null };
    memory.set(key, mem);
  }
  const send = (name, value) => {
    if (name === 'position') mem.sent.push(JSON.stringify(value));
    setStateValue(name, value);
  };
  let changed = false;
  if (!data.stages.some(s => s.key === mem.stage)) { mem.stage = data.stage; changed = true; }
  // A position Python reports that the browser did not send (a number typed in the formula view) moves the marker;
  // one it did send is only an echo, possibly of a click already superseded.
  const reported = JSON.stringify(data.position);
  if (reported !== mem.seen) {
    mem.seen = reported;
    const echo = mem.sent.indexOf(reported);
    if (echo >= 0) mem.sent.splice(0, echo + 1);
    else { mem.position = data.position; changed = true; }
  }
  if (root.dataset.id !== data.id) build(root, data, mem, send);
  else if (changed) mem.draw();
}
"""

STEPPER = st.components.v2.component("resnet_viz_block_stepper", html=HTML, css=CSS, js=JS)


@dataclass(frozen=True)
class StepperStage:
    """One stage as the stepper shows it: (C, H, W) values, its label, a line of markdown and a title."""

    key: str
    label: str
    values: np.ndarray
    text: str
    title: str
    names: Sequence[str]


def _markdown_line(text: str) -> str:
    """A one-line markdown text (bold only) as HTML, every other character escaped."""
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", html.escape(text))


def _number(value: float) -> str:
    return f"{value:.3g}"


def stage_payload(stage: StepperStage) -> dict:
    """What the browser needs to draw one stage: a PNG per channel on the stage's shared colour scale."""
    signed, zrange = map_scale(stage.values)
    low, high = zrange
    gradient = css_gradient(signed=signed, zrange=zrange)
    ticks = [_number(low), "0", _number(high)] if signed else [_number(low), _number(high)]
    return {
        "key": stage.key, "label": stage.label, "text": _markdown_line(stage.text), "title": stage.title,
        "names": list(stage.names), "shape": list(stage.values.shape), "gradient": gradient, "ticks": ticks,
        "maps": [png_data_uri(colourise(channel, signed=signed, zrange=zrange)) for channel in stage.values],
    }


def stepper_data(stages: Sequence[StepperStage], *, add: str, stage: str, position: tuple[int, int, int],
                 text: dict[str, str], delay_ms: int = 500) -> dict:
    """The component's data: every stage, the index of the addition (where the skip arrow ends), the stage and
    position to start from, and the interface's words in the page's language."""
    payload = [stage_payload(s) for s in stages]
    digest = hashlib.sha1(json.dumps([payload, text], sort_keys=True).encode()).hexdigest()[:16]
    return {"id": digest, "stages": payload, "add": [s.key for s in stages].index(add), "stage": stage,
            "position": list(position), "text": text, "delay_ms": delay_ms}


def block_stepper(data: dict, *, key: str, on_change: Callable[[], None] = lambda: None):
    """Mount the stepper; returns the component's result, whose ``stage`` and ``position`` are what the student
    last chose (``data``'s own values until the browser reports)."""
    return STEPPER(key=key, data=data, default={"stage": data["stage"], "position": data["position"]},
                   on_stage_change=on_change, on_position_change=on_change)
