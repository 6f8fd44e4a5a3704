"""Texts for figures and pages, in every language that has a file in ``resnet_viz/locales``.

Each language is one TOML file (``en.toml``, the source, and ``zh.toml``): ``language_name`` and one table per
:class:`Catalogue`, that is per page (``ui/text``) or figure module, holding its keys. Adding a language is adding
a file with the same tables, keys and placeholders. ``catalogue.bind(lang)`` gives a function
``tr(key, **fields)``. Every catalogue registers itself in :data:`CATALOGUES` so a test can check that no key is
missing in any language and that no key is left unused.

The language comes from one place: :func:`current_language`, set once per run by the app (or by a notebook with
``set_language("zh")`` or ``with language("zh"):``). Every ``lang`` argument in the library defaults to it.
"""

from __future__ import annotations

import contextvars
import functools
import tomllib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CATALOGUES", "Catalogue", "DEFAULT_LANGUAGE", "LANGUAGES", "Phrase", "current_language", "language",
           "resolve", "say", "set_language"]

DEFAULT_LANGUAGE = "en"
LOCALES = Path(__file__).with_name("locales")


@functools.cache
def locale_files() -> dict[str, dict]:
    """Every language file's contents by language code, the default language first."""
    paths = sorted(LOCALES.glob("*.toml"), key=lambda p: (p.stem != DEFAULT_LANGUAGE, p.stem))
    return {path.stem: tomllib.loads(path.read_text(encoding="utf-8")) for path in paths}


LANGUAGES = {lang: data["language_name"] for lang, data in locale_files().items()}  # code -> its own name
CATALOGUES: list[Catalogue] = []
_BY_NAME: dict[str, Catalogue] = {}
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


@dataclass(frozen=True)
class Phrase:
    """Words a library result carries without fixing their language: a catalogue key and its fields.

    ``phrase.say(lang)`` gives the text in ``lang`` (the current language by default) and ``str(phrase)`` the English,
    so a notebook prints English and a page says it in its reader's language without parsing anything. A field may
    itself be a phrase, or a tuple of phrases said as a list (joined by the catalogue's ``list_sep``).

    Example:
        >>> from resnet_viz.analyses.architecture import describe_cifar
        >>> shortcut = describe_cifar(20).stages[2].shortcut
        >>> str(shortcut)
        'zero-padding (option A) in block 1, then identity'
        >>> shortcut.say("zh")
        '第 1 个块：零填充（选项 A）；其余：恒等映射'
    """

    catalogue: str
    key: str
    fields: tuple[tuple[str, object], ...] = ()

    def say(self, lang: str | None = None) -> str:
        lang = resolve(lang)
        catalogue = _BY_NAME[self.catalogue]
        return catalogue.text(self.key, lang, **{name: _said(value, catalogue, lang) for name, value in self.fields})

    def __str__(self) -> str:
        return self.say(DEFAULT_LANGUAGE)


def _said(value: object, catalogue: Catalogue, lang: str) -> object:
    if isinstance(value, Phrase):
        return value.say(lang)
    if isinstance(value, tuple):
        return catalogue.text("list_sep", lang).join(str(_said(item, catalogue, lang)) for item in value)
    return value


def say(words: Phrase | str, lang: str | None = None) -> str:
    """``words`` in ``lang``: a :class:`Phrase` said, a plain string (a name, a number) as it is."""
    return words.say(lang) if isinstance(words, Phrase) else words


class Catalogue:
    """The texts named ``name`` in every language file (or, for tests, the ``tables`` given by language).

    ``library`` holds English the library already writes (a preset's description, a method's title): those keys
    take their English from there, so it has one source, and only the other languages' files hold them.
    """

    def __init__(self, name: str, *, library: Mapping[str, str] | None = None, **tables: dict[str, str]) -> None:
        self.name = name
        self.tables = tables or {lang: dict(data.get(name, {})) for lang, data in locale_files().items()}
        if library:
            twice = sorted(set(library) & set(self.tables[DEFAULT_LANGUAGE]))
            if twice:
                raise ValueError(f"{name}: {twice} come from the library; remove them from {DEFAULT_LANGUAGE}.toml")
            self.tables[DEFAULT_LANGUAGE] = {**library, **self.tables[DEFAULT_LANGUAGE]}
        CATALOGUES.append(self)
        _BY_NAME[name] = self

    def phrase(self, key: str, **fields: object) -> Phrase:
        """A :class:`Phrase` of this catalogue: ``key`` with ``fields``, said later in any language."""
        if key not in self.tables[DEFAULT_LANGUAGE]:
            raise KeyError(f"{self.name}: no text for {key!r}")
        return Phrase(self.name, key, tuple(fields.items()))

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
