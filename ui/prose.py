"""Explanations that alternate paragraphs and display formulas, written as data and drawn in order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import streamlit as st


@dataclass(frozen=True)
class Formula:
    """A LaTeX display formula between an explanation's paragraphs."""

    tex: str


def explain(parts: Sequence[str | Formula], tr: Callable[..., str]) -> None:
    """Draw ``parts`` in order: a string is a catalogue key (a markdown paragraph), a :class:`Formula` a formula."""
    for part in parts:
        if isinstance(part, Formula):
            st.latex(part.tex)
        else:
            st.markdown(tr(part))
