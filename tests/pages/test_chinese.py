"""A Chinese page shows no English text of the catalogues: every page in AppTest with ``lang=zh``, its texts, widget
labels and chart specs searched for the English fragments of every catalogue entry."""

from __future__ import annotations

import re
import string

import pytest

import ui.text  # noqa: F401  (registers every page catalogue)
from resnet_viz.i18n import CATALOGUES
from tests.pages.apptest import open_page

PAGES = ["home", "block", "architecture", "feature_maps", "gradient_flow", "degradation", "why_residual",
         "attributions"]
STATE = {"settings_device": "cpu", "settings_seed": 0, "lang": "zh"}


def english_fragments() -> dict[str, str]:
    """fragment -> catalogue key: the literal parts of each English template (between placeholders) that hold at
    least four words, unless the Chinese template quotes them inside Chinese text (an untranslated Chinese entry,
    identical to the English one, is exactly what the search is for)."""
    import importlib
    import pkgutil

    import resnet_viz.figures

    for module in pkgutil.iter_modules(resnet_viz.figures.__path__):
        importlib.import_module(f"resnet_viz.figures.{module.name}")
    for module in pkgutil.iter_modules(ui.text.__path__):
        importlib.import_module(f"ui.text.{module.name}")
    fragments = {}
    for catalogue in CATALOGUES:
        for key, template in catalogue.tables["en"].items():
            chinese = catalogue.tables["zh"].get(key, "")
            for literal, *_ in string.Formatter().parse(template):
                for piece in re.split(r"[*`_\n]|\$[^$]*\$", literal or ""):
                    piece = piece.strip(" .,:;()-")
                    quoted = piece in chinese and re.search(r"[\u4e00-\u9fff]", chinese)
                    if len(re.findall(r"[A-Za-z]{2,}", piece)) >= 4 and not quoted:
                        fragments[piece] = f"{catalogue.name}:{key}"
    return fragments


def page_texts(at) -> str:
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        parts += [str(e.value) for e in getattr(at, kind)]
    for kind in ("button", "radio", "selectbox", "multiselect", "slider", "number_input", "checkbox", "toggle"):
        for widget in getattr(at, kind):
            parts.append(str(getattr(widget, "label", "")))
            parts.append(str(getattr(widget.proto, "help", "")))
    parts += [chart.proto.spec for chart in at.get("plotly_chart")]
    parts += [panel.proto.body for panel in at.get("html")]  # panels drawn in HTML (the stages' overview)
    parts += [" ".join(map(str, frame.value.columns)) for frame in at.dataframe]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def fragments() -> dict[str, str]:
    found = english_fragments()
    assert len(found) > 200  # the search really has something to look for
    return found


@pytest.mark.parametrize("page", PAGES)
def test_a_chinese_page_shows_no_english_catalogue_text(page, fragments):
    text = page_texts(open_page(page, STATE))
    leaked = {fragment: key for fragment, key in fragments.items() if fragment in text}
    assert not leaked, leaked
