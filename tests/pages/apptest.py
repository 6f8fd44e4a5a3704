"""Driving the real app (app.py, with its router and sidebar) through streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui.frame import INTERNAL_ERROR_PREFIXES
from ui.routes import page_file

APP = Path(__file__).resolve().parents[2] / "app.py"
TIMEOUT = 300  # importing torch and building models is slow on a 2-core CPU


def script(page: str) -> str:
    """The script of a page named as in file names or URLs: ``"gradient_flow"`` or ``"gradient-flow"``."""
    return page_file("" if page == "home" else page.replace("_", "-"))


def open_page(page: str, state: dict | None = None, timeout: float = TIMEOUT) -> AppTest:
    """Run app.py, switch to the page (see :func:`script`) with ``state`` preset in session_state."""
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.run()
    if page != "home":
        at.switch_page(script(page))
        at.run()
    assert_clean(at)
    return at


def open_link(page: str, query: dict) -> AppTest:
    """The page as a student opens it from a preset link: the values are in the URL before the first
    run."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = str(value)
    at.run()
    at.switch_page(script(page))
    at.run()
    assert_clean(at)
    return at


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    internal = [e.value for e in at.error if any(p in e.value for p in INTERNAL_ERROR_PREFIXES)]
    assert not internal, internal
