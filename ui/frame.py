"""Page frame: the error boundary that keeps tracebacks off the page."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

import streamlit as st

INTERNAL_ERROR_PREFIX = "Something went wrong on this page"
log = logging.getLogger("resnet_viz.app")


def run_guarded(page: Callable[[], None]) -> None:
    """Run a page; an unexpected exception becomes a short message (the traceback goes to the log)."""
    try:
        page()
    except Exception as error:  # st.stop/st.rerun are BaseExceptions and pass through untouched
        log.error("page failed:\n%s", traceback.format_exc())
        st.error(f"{INTERNAL_ERROR_PREFIX}: {type(error).__name__}: {error}. "
                 "Other pages and other users are not affected; try different settings.")
