"""Server-wide turns at expensive work a page computes while its reader waits, with the wait shown on the page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import streamlit as st

from resnet_viz.jobs import Turns

POLL_S = 0.5


@st.cache_resource(show_spinner=False)
def attribution_turns() -> Turns:
    """One large attribution at a time for the whole server: on a few cores, two at once each take twice as long."""
    return Turns(workers=1)


@contextmanager
def waiting_turn(turns: Turns, words: Callable[[int], str]) -> Iterator[None]:
    """Wait for a turn, showing ``words(ahead)`` meanwhile; the notice goes once the turn starts.

    A reader who leaves ends the wait: the next notice raises in the script thread (Streamlit stops a session's
    script that way), which gives the place up.
    """
    slot = st.empty()
    with turns.turn(on_wait=lambda ahead: slot.info(words(ahead)), poll_s=POLL_S):
        slot.empty()
        yield
