"""Block diagrams drawn with plotly shapes: the main path left to right, the shortcut arching over it.

The residual branch F(x) is drawn in blue and the shortcut in orange, the same colours the formulas on
the page use, so "H(x) = F(x) + x" can be read off the picture.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from resnet_viz.figures._style import FONT
from resnet_viz.i18n import Catalogue

__all__ = ["BRANCH_COLOUR", "SHORTCUT_COLOUR", "TEXT", "Node", "block_diagram"]

TEXT = Catalogue("figures.block_diagram")

BRANCH_COLOUR = "#1f77b4"
SHORTCUT_COLOUR = "#ff7f0e"
HIGHLIGHT_FILL = "#ffe08a"
NEUTRAL = "#555555"


@dataclass(frozen=True)
class Node:
    key: str  # what ``highlight`` refers to
    label: str  # the operation
    detail: str = ""  # e.g. the output shape


def _width(text: str) -> int:
    """Display width: a CJK character takes the room of two Latin ones."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_NO_LINE_START = set(",.;:)!?\uff0c\u3002\u3001\uff1b\uff1a\uff09\uff01\uff1f\u300b\u201d")  # no line starts with these


def _lines(text: str, width: int) -> list[str]:
    """Greedy line breaking by display width, at spaces or between CJK characters."""
    tokens = re.findall(r"[\u2e80-\u9fff\uff00-\uffef]|[^\s\u2e80-\u9fff\uff00-\uffef]+|\s+", text)
    lines, line = [], ""
    for token in tokens:
        candidate = line + token
        if line.strip() and _width(candidate.rstrip()) > width and token not in _NO_LINE_START:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line = candidate
    if line.strip():
        lines.append(line.rstrip())
    return lines or [text]


def _wrap(text: str, width: int) -> str:
    return "<br>".join(_lines(text, width)) if _width(text) > width else text


class _Canvas:
    """Shapes and annotations collected as dicts and handed to plotly once (add_shape per box is slow)."""

    def __init__(self) -> None:
        self.shapes: list[dict] = []
        self.annotations: list[dict] = []

    def add_shape(self, **shape) -> None:
        self.shapes.append(shape)

    def add_annotation(self, **annotation) -> None:
        self.annotations.append(annotation)


def _box(fig: _Canvas, x: float, y: float, node: Node, *, colour: str, highlighted: bool, width: float,
         height: float, shape: str = "rect", wrap: int = 0) -> None:
    fig.add_shape(type=shape, x0=x - width / 2, x1=x + width / 2, y0=y - height / 2, y1=y + height / 2,
                  line=dict(color=colour, width=3 if highlighted else 1.5),
                  fillcolor=HIGHLIGHT_FILL if highlighted else "white", layer="below")
    label = (_wrap(node.label, wrap) if wrap else node.label).replace("W_s", "W<sub>s</sub>")
    text = f"<b>{label}</b>" + (f"<br><span style='font-size:10px'>{node.detail}</span>" if node.detail else "")
    fig.add_annotation(x=x, y=y, text=text, showarrow=False, font=dict(size=11, color="#222"))


def _arrow(fig: _Canvas, x0: float, y0: float, x1: float, y1: float, colour: str, width: float = 1.5) -> None:
    fig.add_annotation(x=x1, y=y1, ax=x0, ay=y0, xref="x", yref="y", axref="x", ayref="y", text="",
                       showarrow=True, arrowhead=2, arrowsize=1, arrowwidth=width, arrowcolor=colour)


def block_diagram(input_node: Node, main: Sequence[Node], add_node: Node, after: Sequence[Node] = (), *,
                  shortcut: Node | None = None, highlight: str | None = None, title: str = "",
                  height: int = 230, lang: str | None = None) -> go.Figure:
    """x -> main path (the residual branch) -> add -> after; the shortcut goes from x over the top to the add.

    ``shortcut=None`` draws the identity; a node draws a box on the shortcut (a projection W_s).
    Highlighting the add node also highlights the shortcut, since that is where x comes back in.
    """
    tr = TEXT.bind(lang)
    fig = _Canvas()
    width, box_h, gap = 0.86, 0.62, 1.0
    xs = {}
    sequence = [input_node, *main, add_node, *after]
    for index, node in enumerate(sequence):
        xs[node.key] = index * gap
    end = (len(sequence) - 1) * gap
    y_top = 1.05
    skip_hot = highlight in (add_node.key, "__shortcut__")
    for node in sequence:
        is_add = node is add_node
        colour = BRANCH_COLOUR if node in main else (SHORTCUT_COLOUR if is_add else NEUTRAL)
        _box(fig, xs[node.key], 0.0, node, colour=colour, highlighted=node.key == highlight, width=0.5 if is_add
             else width, height=0.5 if is_add else box_h, shape="circle" if is_add else "rect")
    for left, right in zip(sequence, sequence[1:], strict=False):
        half_l = 0.25 if left is add_node else width / 2
        half_r = 0.25 if right is add_node else width / 2
        colour = BRANCH_COLOUR if right in main or right is add_node else NEUTRAL
        _arrow(fig, xs[left.key] + half_l, 0, xs[right.key] - half_r, 0, colour)
    # The shortcut: up from x, across, down into the add.
    x0, x1 = xs[input_node.key], xs[add_node.key]
    line = dict(color=SHORTCUT_COLOUR, width=4 if skip_hot else 2)
    middle = (x0 + x1) / 2
    box_w = min(x1 - x0 - 0.5, max(2.2, 0.11 * _width(shortcut.label))) if shortcut is not None else 0.0
    chars = max(12, int(box_w * 11))
    fig.add_shape(type="path", path=f"M {x0},{box_h / 2} L {x0},{y_top} L {middle - box_w / 2},{y_top}", line=line)
    fig.add_shape(type="path", path=f"M {middle + box_w / 2},{y_top} L {x1},{y_top}", line=line)
    _arrow(fig, x1, y_top, x1, 0.25, SHORTCUT_COLOUR, 4 if skip_hot else 2)
    if shortcut is None:
        fig.add_annotation(x=middle, y=y_top, text=f"<b>{tr('identity')}</b>", showarrow=False, yshift=12,
                           font=dict(color=SHORTCUT_COLOUR, size=12))
    else:
        lines = len(_lines(shortcut.label, chars)) + bool(shortcut.detail)
        _box(fig, middle, y_top, shortcut, colour=SHORTCUT_COLOUR, highlighted=shortcut.key == highlight,
             width=box_w, height=0.14 + 0.17 * lines, wrap=chars)
    # F(x) brace under the main path.
    if main:
        first, last = xs[main[0].key] - width / 2, xs[main[-1].key] + width / 2
        fig.add_shape(type="path", path=f"M {first},-0.42 L {first},-0.5 L {last},-0.5 L {last},-0.42",
                      line=dict(color=BRANCH_COLOUR, width=1.5))
        fig.add_annotation(x=(first + last) / 2, y=-0.5, yshift=-10, showarrow=False,
                           text=f"<b>{tr('branch')}</b>", font=dict(color=BRANCH_COLOUR, size=12))
    figure = go.Figure(layout=dict(shapes=fig.shapes, annotations=fig.annotations))
    figure.update_xaxes(visible=False, range=[-0.6, end + 0.6])
    figure.update_yaxes(visible=False, range=[-0.75, y_top + 0.35])
    figure.update_layout(title=dict(text=title), font=FONT, template="plotly_white", height=height,
                         margin=dict(l=10, r=10, t=40 if title else 10, b=10), showlegend=False,
                         dragmode=False, hovermode=False)
    return figure
