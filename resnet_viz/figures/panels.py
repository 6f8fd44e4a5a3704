"""A row of subplots taken apart into one figure per panel.

A page lays the panels out in columns, which Streamlit stacks on a phone; a single figure with three panels only
shrinks there, until its titles run into each other. Each builder still makes one figure (a notebook shows it
whole), and :func:`split_panels` cuts it up.
"""

from __future__ import annotations

import plotly.graph_objects as go

__all__ = ["split_panels"]

_PLACEMENT = ("domain", "anchor", "matches", "overlaying", "position")


def _suffix(ref: str | None) -> str:
    """The subplot an axis reference points at: 'x2 domain' -> '2', 'y' -> '', None -> ''."""
    return (ref or "x").split()[0][1:]


def _local(ref: str | None) -> str | None:
    """'x2 domain' -> 'x domain', 'y3' -> 'y': the same reference in a figure of one panel."""
    if ref is None or ref == "paper":
        return ref
    return " ".join([ref[0], *ref.split()[1:]])


def _axis(layout: go.Layout, name: str, first: str) -> dict:
    """Axis ``name`` on its own, filled in from the first panel's axis where it was shared (``matches``)."""
    own = layout[name].to_plotly_json()
    if own.get("matches"):
        own = {**{k: v for k, v in layout[first].to_plotly_json().items() if k != "title"}, **own}
        own.pop("showticklabels", None)
    return {k: v for k, v in own.items() if k not in _PLACEMENT}


def _is_panel_title(annotation) -> bool:
    return annotation.xref == "paper" and annotation.yref == "paper" and annotation.y == 1 \
        and annotation.yanchor == "bottom"


def split_panels(fig: go.Figure) -> tuple[str, tuple[go.Figure, ...]]:
    """``fig``'s title and one figure per panel of its single row of subplots, left to right.

    Each panel keeps its traces, its own axes (where an axis matched the first panel's, its range and type are
    copied), its shapes and annotations (a chance line, say), and the figure's size, margins, fonts and legend;
    the panel's subplot title becomes its figure title. A figure without subplots comes back as its only panel.

    Args:
        fig: a figure made with ``make_subplots(rows=1, cols=n, subplot_titles=...)`` or a plain figure.

    Returns:
        ``(title, panels)``: the title text ('' if none) and the panel figures.

    Example:
        >>> from plotly.subplots import make_subplots
        >>> fig = make_subplots(rows=1, cols=2, subplot_titles=("plain", "residual"))
        >>> _ = fig.add_scatter(x=[0, 1], y=[1, 0], row=1, col=2)
        >>> title, (left, right) = split_panels(fig.update_layout(title_text="error"))
        >>> title, right.layout.title.text, len(left.data), len(right.data)
        ('error', 'residual', 0, 1)
    """
    layout = fig.layout
    title = layout.title.text or ""
    suffixes = sorted({key[5:] for key in layout.to_plotly_json() if key.startswith("xaxis")} or {""},
                      key=lambda s: int(s or 1))
    titles = sorted((a for a in layout.annotations if _is_panel_title(a)), key=lambda a: a.x)
    base = {k: v for k, v in layout.to_plotly_json().items()
            if not k.startswith(("xaxis", "yaxis")) and k not in ("annotations", "shapes", "title")}
    panels = []
    for index, suffix in enumerate(suffixes):
        panel = go.Figure(layout=base)
        if index < len(titles):
            panel.update_layout(title=dict(text=titles[index].text))
        panel.update_layout(xaxis=_axis(layout, f"xaxis{suffix}", "xaxis") if f"xaxis{suffix}" in layout else {},
                            yaxis=_axis(layout, f"yaxis{suffix}", "yaxis") if f"yaxis{suffix}" in layout else {})
        for trace in fig.data:
            if _suffix(getattr(trace, "xaxis", None)) == suffix:
                panel.add_trace(trace)
                panel.data[-1].update(xaxis="x", yaxis="y")
        for shape in layout.shapes:
            if _suffix(shape.xref) == suffix and shape.xref != "paper":
                panel.add_shape(shape.to_plotly_json() | dict(xref=_local(shape.xref), yref=_local(shape.yref)))
        for note in layout.annotations:
            if not _is_panel_title(note) and note.xref != "paper" and _suffix(note.xref) == suffix:
                panel.add_annotation(note.to_plotly_json() | dict(xref=_local(note.xref), yref=_local(note.yref)))
        panels.append(panel)
    return title, tuple(panels)
