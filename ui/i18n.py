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



def translator_or(catalogue: Catalogue) -> Callable[..., str]:
    """``text_or(key, fallback, **fields)`` in the current language: the catalogue's text for ``key``, or
    ``fallback`` (the library's own English words) for a name the catalogue does not know (a method or image added
    to the library before its translation). The language is fixed when the page runs, like :func:`translator`'s,
    so a widget's ``format_func`` called later still speaks it."""
    lang = current_lang()

    def text_or(key: str, fallback: str, **fields: object) -> str:
        if key not in catalogue.tables[DEFAULT_LANGUAGE]:
            return fallback
        return catalogue.text(key, lang, **fields)

    return text_or
