"""Ten real browser sessions on different pages at once against one server on loopback."""

import time

import psutil
from playwright.sync_api import expect

from tests.browser.server import MAIN, PAGES, SessionProbe, open_page, running_app, wait_drawn

SESSIONS = 10
MEMORY_BUDGET_BYTES = 6 * 1024**3


def rss(process: psutil.Process) -> int:
    total = process.memory_info().rss
    for child in process.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def test_ten_concurrent_sessions_render_and_memory_stays_bounded(browser, artifacts_dir):
    with running_app() as (base, process):
        server = psutil.Process(process.pid)
        contexts = [browser.new_context(viewport={"width": 1200, "height": 900}) for _ in range(SESSIONS)]
        pages, peak = [], rss(server)
        try:
            start = time.monotonic()
            for index, context in enumerate(contexts):
                path, heading = PAGES[index % len(PAGES)]
                page = context.new_page()
                probe = SessionProbe(page)
                page.goto(f"{base}/{path}", wait_until="commit")
                pages.append((page, probe, path, heading))
            for page, probe, _path, heading in pages:
                probe.wait_completed(page, 1)
                expect(page.locator(MAIN)).to_contain_text(heading, ignore_case=True)
                wait_drawn(page)
                peak = max(peak, rss(server))
                expect(page.locator('[data-testid="stException"]')).to_have_count(0)
                expect(page.locator(MAIN)).not_to_contain_text("Something went wrong")
            elapsed = time.monotonic() - start
            peak = max(peak, rss(server))
            (artifacts_dir / "load-test.txt").write_text(
                f"{SESSIONS} sessions rendered in {elapsed:.1f} s; server peak RSS {peak / 2**20:.0f} MiB\n")
            assert peak < MEMORY_BUDGET_BYTES
            # the server still answers a new session afterwards
            extra = browser.new_page()
            open_page(extra, base, PAGES[0][1])
            expect(extra.locator('[data-testid="stException"]')).to_have_count(0)
            extra.close()
        finally:
            for context in contexts:
                context.close()
