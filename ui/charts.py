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

The key is a digest of the pickled arguments rather than Streamlit's own argument hashing: pickling is one
C pass over the bytes, where Streamlit's hasher walks every field of every dataclass in Python (over a second
for the architecture page's eleven networks) and samples large arrays instead of reading them whole.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from collections.abc import Callable, Sequence
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from resnet_viz.i18n import current_language

CHART = dict(width="stretch", theme=None)  # keyword arguments of every st.plotly_chart
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


@st.cache_resource(max_entries=MAX_FIGURES, ttl=FIGURE_TTL_S, show_spinner=False)
def _build(name: str, digest: str, _builder: Callable[..., Any], _args: tuple, _kwargs: dict) -> Any:
    built = _builder(*_args, **_kwargs)
    for fig in built if isinstance(built, tuple) else (built,):
        if type(fig) is go.Figure:
            fig.__class__ = SerialisedFigure
    return built


def arguments_digest(*args: Any, **kwargs: Any) -> str:
    """A digest of the pickled arguments: equal digests mean equal arguments (up to a BLAKE2 collision)."""
    return hashlib.blake2b(pickle.dumps((args, kwargs), protocol=pickle.HIGHEST_PROTOCOL),
                           digest_size=20).hexdigest()


def figure(builder: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``builder(*args, **kwargs)``, built once per builder, distinct arguments and language (the figure's texts
    come in :func:`resnet_viz.i18n.current_language` unless ``lang`` is passed)."""
    return _build(f"{builder.__module__}.{builder.__qualname__}",
                  arguments_digest(*args, _language=current_language(), **kwargs), builder, args, kwargs)


def plain_markdown(text: str) -> str:
    """``text`` with the characters markdown (and Streamlit's LaTeX) would read escaped: shown as written."""
    return re.sub(r"([\\`*_\[\]<>#|~$])", r"\\\1", text)


def chart_row(figures: Sequence[go.Figure], *, heading: str = "", key: str | None = None) -> None:
    """Figures built at a fixed width (``layout.width``) side by side, in a row that wraps onto more rows on a
    narrow screen: a phone shows two or one to a row where one wide figure would only shrink. ``heading`` (plain
    text) is written in bold above them, where it wraps too; ``key`` names the row's container."""
    if heading:
        st.markdown(f"**{plain_markdown(heading)}**")
    with st.container(horizontal=True, gap="small", key=key):
        for fig in figures:
            st.plotly_chart(fig, width="content", theme=None)
