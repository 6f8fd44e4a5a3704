"""'Show the code' boxes: the library's own source, highlighted only when a student opens the box."""

from __future__ import annotations

import inspect
from collections.abc import Callable

import streamlit as st


def show_source(label: str, *parts: str | Callable, key: str) -> None:
    """An expander holding ``parts``: text (Markdown) and functions or classes (their source as Python).

    Closed, it holds nothing: a collapsed box's code used to be sent and syntax-highlighted on every visit
    (0.3 s of browser time on the block page alone). Opening it reruns the page (or the section around it),
    which then draws the code.
    """
    box = st.expander(label, key=key, on_change="rerun")
    if not box.open:
        return
    with box:
        for part in parts:
            if isinstance(part, str):
                st.markdown(part)
            else:
                st.code(inspect.getsource(part), language="python")
