"""Every error the library reports by code is worded in every language, from the code and never from its English."""

from __future__ import annotations

import logging
import re

import pytest

from resnet_viz.errors import DepthError, ReportedError
from resnet_viz.i18n import LANGUAGES, language
from ui.errors import error_text
from ui.text.errors import REPORTED, TEXT

EXAMPLE_PARAMS = {"value": 21, "lower": 20, "upper": 26, "choices": "a, b", "high": 9, "cap": 64, "need": "5.2",
                  "budget": "4", "largest": 12, "kind": "OSError", "missing": 1, "unexpected": 2, "wrong_shape": 3,
                  "names": "x", "name": "n_steps", "low": 1, "shape": "(1, 2)", "side": 32,
                  "size": "25.0", "limit": 20, "width": 4, "height": 4, "minimum": 8}


def every_error() -> list[ReportedError]:
    return [kind(code, **EXAMPLE_PARAMS) for kind in REPORTED for code in kind.MESSAGES]


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_every_code_is_worded_without_the_library_english(lang: str) -> None:
    for error in every_error():
        with language(lang):
            text = TEXT.text(error.key, lang, **error.params)
        assert "{" not in text
        if lang == "en":
            assert text == str(error)  # the English comes from the library itself
        else:
            assert text != str(error) and not re.search(r"\b(the|must|is|not|and)\b", text), text


def test_error_text_words_a_reported_error_by_its_code(monkeypatch: pytest.MonkeyPatch) -> None:
    from resnet_viz.models import cifar_blocks_per_stage

    monkeypatch.setattr("ui.errors.translator", lambda catalogue: catalogue.bind("zh"))
    with pytest.raises(DepthError) as caught:
        cifar_blocks_per_stage(21)
    assert caught.value.key == "depth_cifar" and caught.value.params == {"value": 21, "lower": 20, "upper": 26}
    assert error_text(caught.value) == TEXT.text("depth_cifar", "zh", value=21, lower=20, upper=26)
    assert "最接近的是 20 或 26" in error_text(caught.value)


def test_any_other_error_names_its_kind_only_and_is_logged(caplog: pytest.LogCaptureFixture,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ui.errors.translator", lambda catalogue: catalogue.bind("en"))
    with caplog.at_level(logging.ERROR, logger="ui.errors"):
        text = error_text(RuntimeError("an internal English detail"))
    assert "RuntimeError" in text and "internal English detail" not in text
    assert "internal English detail" in caplog.text
