"""Every text key exists in both languages; a page renders in both."""

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import ui.text
from resnet_viz.i18n import CATALOGUES, Catalogue
from tests.pages.apptest import open_page


def _load_all_catalogues() -> None:
    for info in pkgutil.iter_modules(ui.text.__path__):
        importlib.import_module(f"ui.text.{info.name}")
    import resnet_viz.figures

    for info in pkgutil.iter_modules(resnet_viz.figures.__path__):
        importlib.import_module(f"resnet_viz.figures.{info.name}")


def test_every_key_in_both_languages():
    _load_all_catalogues()
    assert len(CATALOGUES) >= 2
    problems = [p for catalogue in CATALOGUES for p in catalogue.problems()]
    assert not problems, problems


def _called_name(call: ast.Call) -> str:
    return getattr(call.func, "id", "") or getattr(call.func, "attr", "")


def _key_uses() -> tuple[set[str], list[re.Pattern]]:
    """Every string the code writes outside the catalogues, and the shapes of the keys it builds: f-strings
    (``f"preset_{k}"``), ``startswith("node_")`` prefixes, and the codes of the errors the library reports
    (``KernelError("limit")`` is the key ``kernel_limit``)."""
    from ui.text.errors import REPORTED

    domains = {kind.__name__: kind.DOMAIN for kind in REPORTED}
    root = Path(__file__).resolve().parents[1]
    literals: set[str] = set()
    shapes: list[re.Pattern] = []
    paths = [root / "app.py", *(root / "pages").glob("*.py"), *(root / "ui").glob("*.py"),
             *(root / "resnet_viz").rglob("*.py")]
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        tables = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Catalogue":
                for keyword in node.keywords:
                    tables.update(id(n) for n in ast.walk(keyword.value))
        for node in ast.walk(tree):
            if id(node) in tables:
                continue
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            elif isinstance(node, ast.JoinedStr):
                parts = [re.escape(v.value) if isinstance(v, ast.Constant) else ".+" for v in node.values]
                if len("".join(p for p in parts if p != ".+")) >= 2:
                    shapes.append(re.compile("".join(parts)))
            elif isinstance(node, ast.Call) and _called_name(node) in domains and node.args:
                # raise KernelError("limit", ...) uses the key "kernel_limit"
                literals.update(f"{domains[_called_name(node)]}_{n.value}" for n in ast.walk(node.args[0])
                                if isinstance(n, ast.Constant) and isinstance(n.value, str))
            elif (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "startswith" and node.args
                  and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                shapes.append(re.compile(re.escape(node.args[0].value) + ".+"))
    return literals, shapes


def test_every_language_file_holds_the_catalogues_and_nothing_else():
    """A language is one file; a table no catalogue reads would be texts nobody sees."""
    from resnet_viz.i18n import LANGUAGES, locale_files

    _load_all_catalogues()
    names = {catalogue.name for catalogue in CATALOGUES if catalogue.name != "test"}
    assert list(LANGUAGES)[0] == "en" and set(LANGUAGES) == {"en", "zh"} and LANGUAGES["zh"] == "简体中文"
    for lang, data in locale_files().items():
        tables = {name for name, value in data.items() if isinstance(value, dict)}
        assert tables == names, (lang, tables ^ names)


def test_no_catalogue_key_is_left_unused():
    """A key nothing looks up is text nobody sees (and a translator's wasted work)."""
    _load_all_catalogues()
    literals, shapes = _key_uses()
    unused = [f"{catalogue.name}: {key}" for catalogue in CATALOGUES for key in catalogue.tables["en"]
              if key not in literals and not any(shape.fullmatch(key) for shape in shapes)]
    assert not unused, unused


def test_the_source_articles_have_one_name_in_each_language():
    """English says "article 000" (never "seed 000", which sits beside the random seed); Chinese says 源文章 000
    (never 种子文章, which clashes with 随机种子, nor 原始文章 or a bare 文章 000)."""
    import re

    _load_all_catalogues()
    texts = [(lang, text) for catalogue in CATALOGUES for lang, table in catalogue.tables.items()
             for text in table.values()]
    assert texts
    wrong_in_english = r"\bseeds? 00\d|\bseed'?s?'|\bthe seeds? \w+s\b|\bseed order"  # the seed argues, seeds' ...
    english = [text for lang, text in texts if lang == "en" and re.search(wrong_in_english, text, re.I)]
    wrong_in_chinese = r"种子文章|原始文章|(?<!源)文章 00\d|\bseed \d|\barticle"
    chinese = [text for lang, text in texts if lang == "zh" and re.search(wrong_in_chinese, text, re.I)]
    assert not english, english
    assert not chinese, chinese


def test_problems_are_detected():
    broken = Catalogue("test", en={"a": "x {n}", "b": "y"}, zh={"a": "甲 {m}"})
    CATALOGUES.remove(broken)
    assert len(broken.problems()) == 2
    assert broken.bind("fr")("b") == "y"  # unknown language falls back to English


@pytest.mark.parametrize("lang, title", [("en", "Residual networks"), ("zh", "残差网络")])
def test_home_in_both_languages(lang, title):
    at = open_page("home", {"lang": lang})
    assert title in at.title[0].value


def test_the_language_comes_from_one_place_and_an_argument_still_wins():
    from resnet_viz.figures.gradients import net_label
    from resnet_viz.i18n import current_language, language, set_language

    assert current_language() == "en" and net_label("plain-56") == "plain-56"
    with language("zh"):
        assert net_label("plain-56") == "普通网络-56" and net_label("plain-56", "en") == "plain-56"
        with language("xx"):  # unknown: English
            assert current_language() == "en"
    assert current_language() == "en"
    import threading

    seen = []
    worker = threading.Thread(target=lambda: (set_language("zh"), seen.append(net_label("plain-20"))))
    worker.start()
    worker.join()
    assert seen == ["普通网络-20"] and net_label("plain-20") == "plain-20"  # set in one thread, not in another
