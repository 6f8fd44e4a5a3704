"""Start-up time, page payloads and interaction latency in a real browser.

``python -m bench.browser [--repeats N]``: starts ``streamlit run app.py`` on a free loopback port, opens
every page in headless Chromium (Debian's /usr/bin/chromium) and reads the app's own websocket messages:

- start-up: seconds from launching the server to the first page's script finishing;
- cold: first visit of a page on a fresh server (models built, results computed);
- cached: the same page in a new browser session (results come from st.cache_data / cache_resource);
- rerun: a rerun of the open page (the 'R' shortcut: what a widget change costs when its result is cached);
- payload: bytes of the page's delta messages (figures, images, text) sent to the browser.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, PAGES, SessionProbe, free_port, running_app


def visit(browser, url: str) -> tuple[float, int, object, SessionProbe]:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    probe = SessionProbe(page)
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    probe.wait_finished(page, 1)
    return time.perf_counter() - start, probe.delta_bytes, page, probe


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    rows = []
    launched = time.perf_counter()
    with running_app(free_port()) as (base, _process), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        startup, _, first, _ = visit(browser, base)
        startup_total = time.perf_counter() - launched
        first.close()
        for path, _heading in PAGES:
            print(f"measuring /{path} ...", file=sys.stderr, flush=True)
            cold, payload, page, _ = visit(browser, f"{base}/{path}")
            page.close()
            cached_times, rerun_times = [], []
            for _ in range(args.repeats):
                seconds, _, page, probe = visit(browser, f"{base}/{path}")
                cached_times.append(seconds)
                page.wait_for_timeout(300)
                start = time.perf_counter()
                page.keyboard.press("r")
                probe.wait_finished(page, 2)
                rerun_times.append(time.perf_counter() - start)
                page.close()
            rows.append((path or "home", cold, statistics.median(cached_times), statistics.median(rerun_times),
                         payload))
        browser.close()
    print(f"start-up: {startup_total:.1f} s from `streamlit run` to the first page finished "
          f"(first page itself {startup:.2f} s)")
    print(f"\n{'page':<14} {'cold (s)':>9} {'cached (s)':>11} {'rerun (s)':>10} {'payload (KB)':>13}")
    for name, cold, cached, rerun, payload in rows:
        print(f"{name:<14} {cold:9.2f} {cached:11.2f} {rerun:10.2f} {payload / 1024:13.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
