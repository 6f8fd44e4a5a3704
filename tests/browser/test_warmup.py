"""The warm-up (`python -m ui.warmup`, started by `make run`): it runs pages at their defaults on a fresh server
and the home page says how far it got."""

from __future__ import annotations

import time

from playwright.sync_api import expect

from tests.browser.server import MAIN, open_page, running_app
from ui.routes import URL_PATHS
from ui.warmup import warm_all, warm_page


def test_the_home_page_says_while_the_warm_up_runs_and_when_it_is_done(browser, artifacts_dir):
    with running_app() as (base, _process):
        page = browser.new_context(viewport={"width": 1400, "height": 1200}).new_page()
        try:
            open_page(page, base, "Residual networks, explained")
            expect(page.locator(MAIN)).not_to_contain_text("default views")  # no warm-up has reported

            warm_page(base, "", "warmup_ready=1&warmup_total=3&warmup_s=2.0")
            open_page(page, base, "Residual networks, explained")
            expect(page.locator(MAIN)).to_contain_text("1 of 3 ready")

            timings = warm_all(base, ["block", "architecture"], log=lambda *args, **kwargs: None)
            assert [path for path, _ in timings] == ["block", "architecture"]
            assert all(seconds > 0 for _, seconds in timings)
            open_page(page, base, "Residual networks, explained")
            expect(page.locator(MAIN)).to_contain_text("All 2 pages' default views were prepared")
            page.screenshot(path=str(artifacts_dir / "home-warm.png"))

            # the warmed page's default view now comes from the caches the warm-up filled
            start = time.perf_counter()
            warm_page(base, "block")
            assert time.perf_counter() - start < timings[0][1]
        finally:
            page.context.close()


def test_a_progress_report_from_a_browser_that_is_not_this_machine_is_ignored(monkeypatch):
    from ui import warmup

    store: dict = {}
    monkeypatch.setattr(warmup, "_status_store", lambda: store)
    report = {"warmup_ready": "2", "warmup_total": "8", "warmup_s": "3.5"}
    warmup.record_warmup(report, "203.0.113.9")
    warmup.record_warmup(report, None, {"X-Forwarded-For": "203.0.113.9"})  # through the proxy
    assert warmup.warmup_status() == {}
    warmup.record_warmup({**report, "warmup_ready": "9"}, "127.0.0.1")  # more ready than there are pages
    warmup.record_warmup({**report, "warmup_s": "soon"}, "127.0.0.1")
    assert warmup.warmup_status() == {}
    warmup.record_warmup(report, None, {"Host": "127.0.0.1:8501"})
    assert warmup.warmup_status() == {"ready": 2, "total": 8, "seconds": 3.5}


def test_every_page_of_the_router_is_warmed():
    assert URL_PATHS[0] == "" and len(URL_PATHS) == len(set(URL_PATHS)) == 8
