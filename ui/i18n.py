"""The interface language, chosen in the sidebar and kept in the URL (``?lang=zh``)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from resnet_viz.i18n import DEFAULT_LANGUAGE, LANGUAGES, Catalogue, language

KEY_LANG = "lang"


def current_lang() -> str:
    lang = st.session_state.get(KEY_LANG, DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def translator(catalogue: Catalogue) -> Callable[..., str]:
    """``tr(key, **fields)`` in the current language."""
    return catalogue.bind(current_lang())


def fixed_language(text_of: Callable[..., str]) -> Callable[..., str]:
    """``text_of`` speaking the page's language whenever it is called.

    For a widget's ``format_func`` that calls the library: Streamlit may call it after the run (AppTest does, from
    the test's own thread), where :func:`resnet_viz.i18n.current_language` is not the page's.
    """
    lang = current_lang()

    def in_language(*args: object, **kwargs: object) -> str:
        with language(lang):
            return text_of(*args, **kwargs)

    return in_language


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
