"""Text in two languages (English / 简体中文) for figures and pages.

Each module that shows text to people defines one :class:`Catalogue` with the same keys in every
language; ``catalogue.bind(lang)`` gives a function ``tr(key, **fields)``. Every catalogue registers
itself in :data:`CATALOGUES` so a test can check that no key is missing in either language.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["CATALOGUES", "Catalogue", "LANGUAGES", "DEFAULT_LANGUAGE"]

LANGUAGES = {"en": "English", "zh": "简体中文"}
DEFAULT_LANGUAGE = "en"
CATALOGUES: list[Catalogue] = []


class Catalogue:
    def __init__(self, name: str, *, en: dict[str, str], zh: dict[str, str]) -> None:
        self.name = name
        self.tables = {"en": en, "zh": zh}
        CATALOGUES.append(self)

    def text(self, key: str, lang: str = DEFAULT_LANGUAGE, /, **fields: object) -> str:
        table = self.tables.get(lang) or self.tables[DEFAULT_LANGUAGE]
        template = table.get(key, self.tables[DEFAULT_LANGUAGE].get(key))
        if template is None:
            raise KeyError(f"{self.name}: no text for {key!r}")
        return template.format(**fields) if fields else template

    def bind(self, lang: str) -> Callable[..., str]:
        lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
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
