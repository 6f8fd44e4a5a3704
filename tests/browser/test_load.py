"""Ten real browser sessions on different pages at once against one server on loopback."""

import time

import psutil

from tests.browser.server import PAGES, SessionProbe, goto_settled, running_app, wait_until_settled

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
            for page, probe, path, heading in pages:
                probe.wait_finished(page, 1)
                wait_until_settled(page)
                peak = max(peak, rss(server))
                main = page.locator('[data-testid="stMainBlockContainer"]').inner_text()
                assert page.locator('[data-testid="stException"]').count() == 0, path
                assert heading.lower() in main.lower(), path
                assert "Something went wrong" not in main, path
            elapsed = time.monotonic() - start
            peak = max(peak, rss(server))
            (artifacts_dir / "load-test.txt").write_text(
                f"{SESSIONS} sessions rendered in {elapsed:.1f} s; server peak RSS {peak / 2**20:.0f} MiB\n")
            assert peak < MEMORY_BUDGET_BYTES
            # the server still answers a new session afterwards
            extra = browser.new_page()
            goto_settled(extra, base)
            assert extra.locator('[data-testid="stException"]').count() == 0
            extra.close()
        finally:
            for context in contexts:
                context.close()
