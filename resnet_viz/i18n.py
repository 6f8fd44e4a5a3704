"""Text in two languages (English / 简体中文) for figures and pages.

Each module that shows text to people defines one :class:`Catalogue` with the same keys in every
language; ``catalogue.bind(lang)`` gives a function ``tr(key, **fields)``. Every catalogue registers
itself in :data:`CATALOGUES` so a test can check that no key is missing in either language.

The language comes from one place: :func:`current_language`, set once per run by the app (or by a notebook with
``set_language("zh")`` or ``with language("zh"):``). Every ``lang`` argument in the library defaults to it.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["CATALOGUES", "Catalogue", "DEFAULT_LANGUAGE", "LANGUAGES", "current_language", "language", "resolve",
           "set_language"]

LANGUAGES = {"en": "English", "zh": "简体中文"}
DEFAULT_LANGUAGE = "en"
CATALOGUES: list[Catalogue] = []
_CURRENT = contextvars.ContextVar("resnet_viz_language", default=DEFAULT_LANGUAGE)


def current_language() -> str:
    """The language texts are given in when no ``lang`` is passed (English unless set)."""
    return _CURRENT.get()


def set_language(lang: str) -> None:
    """Give texts in ``lang`` from now on, in this thread or task (an unknown language means English)."""
    _CURRENT.set(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Give texts in ``lang`` inside the ``with`` block.

    Example:
        >>> from resnet_viz.figures.gradients import net_label
        >>> with language("zh"):
        ...     net_label("plain-56")
        '普通网络-56'
    """
    token = _CURRENT.set(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def resolve(lang: str | None) -> str:
    """``lang`` if it is a known language, the current one if None, else English."""
    lang = current_language() if lang is None else lang
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


class Catalogue:
    def __init__(self, name: str, *, en: dict[str, str], zh: dict[str, str]) -> None:
        self.name = name
        self.tables = {"en": en, "zh": zh}
        CATALOGUES.append(self)

    def text(self, key: str, lang: str | None = None, /, **fields: object) -> str:
        table = self.tables[resolve(lang)]
        template = table.get(key, self.tables[DEFAULT_LANGUAGE].get(key))
        if template is None:
            raise KeyError(f"{self.name}: no text for {key!r}")
        return template.format(**fields) if fields else template

    def bind(self, lang: str | None = None) -> Callable[..., str]:
        lang = resolve(lang)
        return lambda key, /, **fields: self.text(key, lang, **fields)

    def problems(self) -> list[str]:
        """Keys missing in a language, and placeholders that differ between languages."""
        import string

        found = []
        keys = set().union(*(set(t) for t in self.tables.values()))
        for key in sorted(keys):
            fields = {}
            for lang, table in self.tables.items():
                if key not in table or not str(table[key]).strip():
                    found.append(f"{self.name}: {key!r} missing in {lang}")
                    continue
                fields[lang] = {f for _, f, _, _ in string.Formatter().parse(table[key]) if f}
            if len({frozenset(f) for f in fields.values()}) > 1:
                found.append(f"{self.name}: {key!r} has different placeholders {fields}")
        return found
