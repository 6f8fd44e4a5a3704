"""The interface language, chosen in the sidebar and kept in the URL (``?lang=zh``)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from resnet_viz.i18n import DEFAULT_LANGUAGE, LANGUAGES, Catalogue

KEY_LANG = "lang"


def current_lang() -> str:
    lang = st.session_state.get(KEY_LANG, DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def translator(catalogue: Catalogue) -> Callable[..., str]:
    """``tr(key, **fields)`` in the current language."""
    return catalogue.bind(current_lang())
