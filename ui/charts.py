"""Plotly figures built once per distinct input and shared by every rerun and browser session.

Building a figure costs tens of milliseconds (plotly validates every property), far more than drawing it
from a cached result; a page with a dozen charts would spend most of a rerun rebuilding identical figures.
``st.cache_resource`` hands back the very object it built (``st.cache_data`` would unpickle a copy, which
re-validates it), so what is returned here must never be mutated: ``st.plotly_chart`` only reads it.

``st.plotly_chart`` turns the figure into a dict on every rerun (a deep copy of every trace, every array encoded
again), which cost more than the rest of a cached rerun; the figures built here make that dict once
(:class:`SerialisedFigure`) and hand the same one back each time.

A builder may also return a tuple of figures (the pieces of a grid that reflows on a narrow screen, drawn by
:func:`chart_row`); each is made a :class:`SerialisedFigure` the same way.

A single figure is also fitted to any screen width once, when it is built (:func:`fit_any_width`): its title
becomes a heading that :func:`show` writes above the chart (markdown wraps on a phone, a Plotly title is cut off),
and a legend left in Plotly's default place (a column right of the plot, half of a phone's width) or put in a row
under the plot becomes a row above the plot; a long axis title is broken into lines (:func:`wrap_axis_titles`:
Plotly neither wraps nor shrinks one); and its axes get the margins their labels usually
take (:func:`reserve_axis_margins`), which saves Plotly a second draw of the whole chart.

The key is a digest of the pickled arguments rather than Streamlit's own argument hashing: pickling is one
C pass over the bytes, where Streamlit's hasher walks every field of every dataclass in Python (over a second
for the architecture page's eleven networks) and samples large arrays instead of reading them whole.
"""

from __future__ import annotations

import hashlib
import math
import pickle
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from resnet_viz.figures.panels import split_panels
from resnet_viz.i18n import current_language

CHART = dict(width="stretch", theme=None)  # keyword arguments of every st.plotly_chart
TITLE_MARGIN_PX = 35  # what a figure's title took of its top margin
PANEL_TITLE_PX = 26  # a subplot's title above its panel, which a legend row must clear
DEFAULT_HEIGHT_PX = 450  # Plotly's height when a figure sets none
MAX_FIGURES = 512
FIGURE_TTL_S = 3600


class SerialisedFigure(go.Figure):
    """A figure that is never changed after it is built, so its dict form is made once and reused."""

    def to_dict(self) -> dict:
        made = self.__dict__.get("_serialised")
        if made is None:
            made = super().to_dict()
            object.__setattr__(self, "_serialised", made)
        return made


def _plot_px(layout: go.Layout) -> float:
    """The plot's height as the figure plans it: its height less the top and bottom margins."""
    return (layout.height or DEFAULT_HEIGHT_PX) - (layout.margin.t or 0) - (layout.margin.b or 0)


def fit_any_width(fig: go.Figure) -> go.Figure:
    """Move ``fig``'s title to ``fig.heading`` (for :func:`show`) and a legend in Plotly's default place (right of
    the plot) or in a row under it to a row above it, clear of the panels' own titles. Changes ``fig`` in place and
    returns it."""
    heading = fig.layout.title.text or ""
    object.__setattr__(fig, "heading", heading)
    layout = fig.layout
    if heading:
        top = layout.margin.t if layout.margin.t is not None else 100
        fig.update_layout(title_text=None, margin_t=max(20, top - TITLE_MARGIN_PX))
    default_place = layout.legend.orientation is None and layout.legend.x is None
    # a row under the plot sat at a fixed fraction of the plot's height, where a wrapped axis title ran into it
    under_plot = layout.legend.orientation == "h" and (layout.legend.y or 0) < 0
    if (default_place or under_plot) and layout.showlegend is not False:
        panel_titles = any(a.yref == "paper" and (a.y or 0) >= 1 for a in layout.annotations)
        lift = PANEL_TITLE_PX / max(_plot_px(layout), 100) if panel_titles else 0.02
        # 'normal' lets the entries flow along the row; grouped, each legend group took a row of its own
        fig.update_layout(legend=dict(orientation="h", x=0, xanchor="left", y=1 + lift, yanchor="bottom",
                                      traceorder="normal"))
    return fig


def lean_template(fig: go.Figure) -> go.Figure:
    """Keep only the template's defaults for the kinds of trace ``fig`` has: the rest applies to nothing here but
    travelled with every figure (4 of plotly_white's 7 KB), and once more with every panel of a split figure."""
    template = fig.layout.template
    used = {trace.type for trace in fig.data}
    fig.layout.template = dict(layout=template.layout, data={kind: template.data[kind] for kind in used
                                                             if template.data[kind]})
    return fig


AXIS_TITLE_PX = 30  # an axis title's line and its gap to the tick labels, at the charts' 13 px font
TICK_LABEL_GAP_PX = 10  # between the tick labels and the plot
PHONE_TITLE_PX = 300  # room for an x-axis title on a 390 px phone: a longer one was cut off at both ends
TITLE_LATIN_EM = 0.5  # the charts' font draws a title's Latin letters about half an em wide
Y_TITLE_SHARE = 0.75  # of the plot's height, for a y-axis title


def text_px(text: str, size: float, latin_em: float = 0.6) -> float:
    """About how wide ``text`` is drawn at ``size`` px: a CJK character is one em, any other ``latin_em`` (0.6 em
    errs wide, as a margin should)."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else latin_em * size for ch in text)


def title_font_px(layout: go.Layout) -> float:
    """An axis title's size when the figure does not set it: Plotly draws it at 1.2 times the figure's font."""
    return round(1.2 * (layout.font.size or 12))


def _pieces(text: str) -> list[str]:
    """``text`` cut where a line may break: after a space, and after a CJK character (Chinese has no spaces)."""
    pieces, piece = [], ""
    for ch in text:
        piece += ch
        if ch == " " or unicodedata.east_asian_width(ch) in "WF":
            pieces.append(piece)
            piece = ""
    return [*pieces, piece] if piece else pieces


def wrap_line(text: str, size: float, width_px: float = PHONE_TITLE_PX) -> str:
    """``text`` broken into as few lines (``<br>``) as fit in ``width_px``, of about equal length."""
    def width(line: str) -> float:
        return text_px(line.strip(), size, TITLE_LATIN_EM)

    total = width(text)
    if "<br>" in text or total <= width_px:
        return text
    pieces, lines = _pieces(text), [text]
    for count in range(math.ceil(total / width_px), len(pieces) + 1):
        limit = min(width_px, 1.15 * total / count)
        lines = [""]
        for piece in pieces:
            if lines[-1] and width(lines[-1] + piece) > limit:
                lines.append(piece)
            else:
                lines[-1] += piece
        if len(lines) <= count:
            break
    return "<br>".join(line.strip() for line in lines)


def wrap_axis_titles(fig: go.Figure) -> go.Figure:
    """Break long axis titles into lines: an x-axis title wider than a phone's plot (Plotly never wraps one, and
    centres it, so a long one lost both ends on a phone), and a y-axis title longer than most of its plot's height
    (the figure's height less its margins; tick labels turned on a phone take more of it). Changes ``fig`` in place
    and returns it."""
    layout = fig.layout
    plot_px = _plot_px(layout)
    for name in [key for key in layout.to_plotly_json() if key.startswith(("xaxis", "yaxis"))]:
        axis = layout[name]
        if not axis.title.text:
            continue
        if name.startswith("x"):
            room = PHONE_TITLE_PX
        else:
            low, high = axis.domain or (0, 1)
            room = Y_TITLE_SHARE * plot_px * (high - low)
        axis.title.text = wrap_line(axis.title.text, axis.title.font.size or title_font_px(layout), room)
    return fig


def _tick_labels(fig: go.Figure, axis_name: str, axis: Any) -> list[str]:
    """The labels an axis will show, as far as the figure says: its tick texts, its categories, or the outermost ticks
    and the step of its numbers written about as Plotly writes them."""
    if axis.ticktext:
        return [str(t) for t in axis.ticktext]
    letter, suffix = axis_name[0], axis_name[5:]
    values = []
    for trace in fig.data:
        if (getattr(trace, f"{letter}axis", None) or letter) != letter + suffix:
            continue
        data = getattr(trace, letter, None)
        if data is not None:
            values.extend(data)
    if not values:
        return []
    if any(isinstance(v, str) for v in values):
        return [str(v) for v in values]
    try:
        numbers = [n for n in (float(v) for v in values if v is not None) if math.isfinite(n)]
    except (TypeError, ValueError):  # dates, say: no estimate
        return []
    if axis.range:
        numbers = [float(v) for v in axis.range]
    if not numbers:
        return []
    if axis.type == "log":
        return ["0.001" if min(numbers) < 1 else "1", "100k"]
    return [_plotly_number(axis.tickformat, v) for v in _nice_ticks(min(numbers), max(numbers))]


def _nice_ticks(low: float, high: float) -> list[float]:
    """The outermost ticks of an axis from ``low`` to ``high``, a step of 1, 2 or 5 times a power of ten apart, about
    six to the axis as Plotly places them."""
    span = high - low or abs(high) or 1.0
    power = 10 ** math.floor(math.log10(span / 6))
    step = next(m * power for m in (1, 2, 5, 10) if span / (m * power) <= 7)
    return [math.floor(low / step) * step, math.ceil(high / step) * step, step]


def _plotly_number(tickformat: str | None, value: float) -> str:
    """``value`` about as Plotly labels a tick: percent formats as percent, big numbers with k/M/G/T, else as is."""
    if tickformat and "%" in tickformat:
        return f"{100 * value:.0f}%"
    if abs(value) >= 1e4:
        thousands = min(int(math.log10(abs(value)) // 3), 4)
        return f"{value / 10 ** (3 * thousands):.0f}{'kMGT'[thousands - 1]}"
    return f"{value:.6g}"


def reserve_axis_margins(fig: go.Figure) -> go.Figure:
    """Widen the left and bottom margins to what the axes' tick labels and titles usually take.

    Plotly widens a margin for an axis's labels (automargin) only after it has drawn the whole chart once, and then
    draws it again: on a page of ten charts that second draw was a third of the drawing. A margin that is wide enough
    from the start saves it; where a label needs more than estimated here, Plotly still widens the margin. Changes
    ``fig`` in place and returns it."""
    layout = fig.layout
    if not any(hasattr(trace, "xaxis") for trace in fig.data):
        return fig
    size = layout.font.size or 12
    left, bottom = layout.margin.l, layout.margin.b
    names = [key for key in layout.to_plotly_json() if key.startswith(("xaxis", "yaxis"))] or ["xaxis", "yaxis"]
    for name in names:
        axis = layout[name]
        if axis.visible is False or axis.showticklabels is False or axis.anchor == "free":
            continue
        title_px = 0.0
        if axis.title.text:  # its first line, and 1.3 em for each line wrap_axis_titles broke it into beyond that
            em = axis.title.font.size or title_font_px(layout)
            title_px = AXIS_TITLE_PX + 1.3 * em * axis.title.text.count("<br>")
        if name.startswith("x") and axis.side != "top":
            lines = max((label.count("<br>") + 1 for label in _tick_labels(fig, name, axis)), default=1)
            need = lines * (size + 4) + TICK_LABEL_GAP_PX + title_px
            bottom = max(bottom if bottom is not None else 80, round(need))
        elif name.startswith("y") and axis.side != "right":
            widest = max((text_px(label, size) for label in _tick_labels(fig, name, axis)), default=0)
            need = widest + TICK_LABEL_GAP_PX + title_px
            left = max(left if left is not None else 80, round(need))
    fig.update_layout(margin=dict(l=left, b=bottom))
    return fig


def _prepare(built: Any) -> Any:
    """Every figure in what a builder returned (a figure, or tuples of figures and texts) fitted to any width and
    made a :class:`SerialisedFigure`."""
    if isinstance(built, tuple):
        return tuple(_prepare(part) for part in built)
    if type(built) is go.Figure:
        fit_any_width(built)
        lean_template(built)
        wrap_axis_titles(built)
        reserve_axis_margins(built)
        built.__class__ = SerialisedFigure
    return built


@st.cache_resource(max_entries=MAX_FIGURES, ttl=FIGURE_TTL_S, show_spinner=False)
def _build(name: str, digest: str, _builder: Callable[..., Any], _args: tuple, _kwargs: dict) -> Any:
    return _prepare(_builder(*_args, **_kwargs))


def arguments_digest(*args: Any, **kwargs: Any) -> str:
    """A digest of the pickled arguments: equal digests mean equal arguments (up to a BLAKE2 collision)."""
    return hashlib.blake2b(pickle.dumps((args, kwargs), protocol=pickle.HIGHEST_PROTOCOL),
                           digest_size=20).hexdigest()


def figure(builder: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``builder(*args, **kwargs)``, built once per builder, distinct arguments and language (the figure's texts
    come in :func:`resnet_viz.i18n.current_language` unless ``lang`` is passed)."""
    return _build(f"{builder.__module__}.{builder.__qualname__}",
                  arguments_digest(*args, _language=current_language(), **kwargs), builder, args, kwargs)


def panels(builder: Callable[..., go.Figure], *args: Any, **kwargs: Any) -> tuple[str, tuple[go.Figure, ...]]:
    """The figure ``builder(*args, **kwargs)`` taken apart into its panels (:func:`split_panels`): its title and
    one figure per panel, built once per builder, distinct arguments and language like :func:`figure`."""
    return _build(f"panels:{builder.__module__}.{builder.__qualname__}",
                  arguments_digest(*args, _language=current_language(), **kwargs),
                  lambda *a, **k: split_panels(builder(*a, **k)), args, kwargs)


def plain_markdown(text: str) -> str:
    """``text`` with the characters markdown (and Streamlit's LaTeX) would read escaped: shown as written."""
    return re.sub(r"([\\`*_\[\]<>#|~$])", r"\\\1", text)


def show(fig: go.Figure, *, key: str | None = None, **options: Any) -> None:
    """Draw ``fig`` across the column, its heading (:func:`fit_any_width`) in bold above it; ``options`` go to
    ``st.plotly_chart`` (``on_select``, ``selection_mode``)."""
    chart_heading(getattr(fig, "heading", ""))
    st.plotly_chart(fig, key=key, **CHART, **options)


def chart_heading(text: str) -> None:
    """A chart's title in bold above it: plain text, which wraps on a narrow screen."""
    if text:
        st.markdown(f"**{plain_markdown(text.replace('<br>', ' '))}**")


def panel_row(built: tuple[str, tuple[go.Figure, ...]], *, key: str | None = None) -> None:
    """A figure's panels (:func:`panels`) side by side under its title, in columns that a phone stacks."""
    title, figures = built
    chart_heading(title)
    for index, (column, fig) in enumerate(zip(st.columns(len(figures)), figures)):
        with column:
            show(fig, key=f"{key}_{index}" if key else None)


def chart_row(figures: Sequence[go.Figure], *, heading: str = "", key: str | None = None) -> None:
    """Figures built at a fixed width (``layout.width``) side by side, in a row that wraps onto more rows on a
    narrow screen: a phone shows two or one to a row where one wide figure would only shrink. ``heading`` (plain
    text) is written in bold above them, where it wraps too; ``key`` names the row's container.

    The pieces have no mode bar: on a map about a hundred pixels wide it covered the top of the map, and building one
    per piece made the attributions page's tab switch 0.04 s slower than the one figure it replaced (measured with
    bench.browser). Hover, drag-to-zoom and a double click to reset still work."""
    chart_heading(heading)
    with st.container(horizontal=True, gap="small", key=key):
        for fig in figures:
            st.plotly_chart(fig, width="content", theme=None, config={"displayModeBar": False})
