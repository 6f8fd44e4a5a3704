"""Start-up time, page payloads and interaction latency in a real browser.

``python -m bench.browser [--repeats N] [--pages block,architecture]``: starts ``streamlit run app.py`` on a
free loopback port, opens every page in headless Chromium (Debian's /usr/bin/chromium) and reads the app's
own websocket messages:

- start-up: seconds from launching the server to the first page's script finishing;
- open cold / open cached: a page's first visit on a fresh server, then the median of ``--visits`` visits, each in a
  new browser session (one visit varies by a tenth of a second from run to run on a small machine): from the
  navigation to the frame after the app's 'script finished' message; Plotly draws much of a chart after that;
- drawn: the same visits until every chart is drawn and the page has been idle once (charts' second draws included);
- payload: bytes of the page's delta messages (figures, images, text) sent to the browser;
- interaction: a widget change (or a tab opened) on the open page, timed on the page's own clock from the press
  it receives (pointerdown) to the re-rendered page (the app's 'script finished' message for the run the press
  started, then two animation frames so the browser has drawn it). *cold* is the first change to a value nobody
  has asked for yet; *cached* is the median of switching back and forth between values already seen (every
  result then comes from the caches). The block's stepper answers in the browser: for it, the time is the press to
  the next stage drawn, and *after finish* is how much later the rerun that brings the formula view and the link
  along had finished and was drawn. Beside it: how much of that came after the 'script finished' message
  reached the page, and how many bytes the change sent. Chromium hands websocket frames to the page on its main
  thread, so while it draws one chart the next messages wait: on a small machine the time before 'script
  finished' is mostly the browser drawing too. On the 2-core reference machine a cached full-page rerun of
  gradient flow took the server 46 ms (timed at the top and bottom of app.py) while this table reported 0.31 s.

Each interaction names its widget by the English label, as a student would find it.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import time
from dataclasses import dataclass

from tests.browser.server import CHARTS_DRAWN, CHROMIUM, CHROMIUM_ARGS, PAGES, SessionProbe, free_port, running_app

SETTLE_MS = 400  # let the browser go idle between changes, as a person would


@dataclass(frozen=True)
class Interaction:
    """Switch a radio group between two options, press one of two buttons in turn, or open one of two tabs."""

    page: str
    name: str
    kind: str  # "radio", "buttons", "tabs" or "stepper" (buttons the browser answers without a round trip)
    group: str  # the radio's label; unused for buttons and tabs
    there: str  # option (or button) that changes the page away from its default
    back: str  # option (or button) that returns to it
    expander: str = ""  # the label of a collapsed expander holding the widget
    tab: str = ""  # the label of a tab (built only when open) holding the widget


INTERACTIONS = [
    Interaction("", "language English ↔ 简体中文 (sidebar)", "radio", "Language", "简体中文", "English"),
    # the stepper draws the next stage in the browser; the section's rerun (formula view, link) follows
    Interaction("block", "stage: Next / Back (in the browser)", "stepper", "", "Next ▶", "◀ Back"),
    Interaction("block", "order-comparison channel 0 ↔ 1", "radio", "Channel", "1", "0",
                tab="3 · Article 000's order versus the paper's"),
    Interaction("architecture", "family ImageNet ↔ CIFAR-10", "radio", "Family", "CIFAR-10", "ImageNet"),
    Interaction("feature-maps", "colour scale per channel ↔ one for all", "radio", "Colour scale", "one for all",
                "per channel"),
    Interaction("gradient-flow", "batch norm both ↔ off", "radio", "Batch normalisation", "Off", "Both",
                expander="Experiment settings"),
    Interaction("degradation", "epochs + / −", "buttons", "", "stNumberInputStepUp", "stNumberInputStepDown"),
    Interaction("attributions", "sign all ↔ absolute", "radio", "Sign", "absolute", "all"),
    # only the open tab is built, so opening one is a rerun too
    Interaction("attributions", "tab methods ↔ sanity check", "tabs", "", "Sanity check: randomised model",
                "Methods side by side"),
]


def settled(page) -> float:
    """Wait two animation frames (the browser has drawn what it was given); return the page clock (ms) then."""
    return page.evaluate(
        "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now()))))")


# After every chart is drawn (CHARTS_DRAWN): the page has been idle once (Plotly widens a chart's margins for its
# labels in a second, later draw) and has drawn two more frames.
IDLE_DRAWN = """() => new Promise(done =>
    requestIdleCallback(() => requestAnimationFrame(() => requestAnimationFrame(done))))"""
DRAWN_TIMEOUT_MS = 60_000


def all_drawn(page) -> None:
    """Wait until every chart on ``page`` is drawn and the page has been idle once; fails after a minute."""
    page.wait_for_function(CHARTS_DRAWN, polling="raf", timeout=DRAWN_TIMEOUT_MS)
    page.evaluate(IDLE_DRAWN)


def visit(browser, url: str) -> tuple[float, float, int, object, SessionProbe]:
    """Open ``url`` in a new session: seconds to the run's end drawn, seconds to every chart drawn and the page idle,
    the delta bytes, the page and its probe."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    probe = SessionProbe(page)
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    probe.wait_finished(page, 1)
    settled(page)
    opened = time.perf_counter() - start
    all_drawn(page)
    return opened, time.perf_counter() - start, probe.delta_bytes, page, probe


def _target(page, interaction: Interaction, forward: bool):
    label = interaction.there if forward else interaction.back
    if interaction.kind == "tabs":
        return page.get_by_role("tab", name=label, exact=True).first
    if interaction.kind in ("buttons", "stepper"):
        if label.startswith("st"):
            return page.get_by_test_id(label).first
        return page.get_by_role("button", name=label, exact=True).first
    group = page.get_by_test_id("stRadio").filter(has_text=interaction.group).first
    return group.locator("label").filter(has_text=re.compile("^" + re.escape(label))).first


@dataclass(frozen=True)
class Timing:
    total_s: float  # press (the page's pointerdown) to the re-rendered page, on the page's own clock
    after_finished_s: float  # of that, the part after the app's 'script finished' message reached the page
    sent_bytes: int  # delta bytes the change sent to the browser


PRESS_LISTENER = """() => { window.__benchPress = null;
    document.addEventListener('pointerdown', () => { window.__benchPress = performance.now(); },
                              {capture: true, once: true}); }"""


def change(page, probe: SessionProbe, interaction: Interaction, forward: bool) -> Timing:
    """Press the widget and time the rerun it starts, from the press the page receives (Playwright's own checks
    before it clicks are not the app's latency) to the frame after the run's last message."""
    target = _target(page, interaction, forward)
    target.scroll_into_view_if_needed()
    page.wait_for_timeout(SETTLE_MS)
    page.evaluate(PRESS_LISTENER)
    before, sent = probe.finished, probe.delta_bytes
    if interaction.kind == "stepper":
        return step_in_browser(page, probe, target, before, sent)
    target.click()
    probe.wait_finished(page, before + 1)
    finished = probe.finished_at
    drawn_ms = settled(page)
    after = time.perf_counter() - finished
    pressed_ms = page.evaluate("() => window.__benchPress")
    return Timing((drawn_ms - pressed_ms) / 1000, after, probe.delta_bytes - sent)


# The stepper's stage, looked up inside the component's shadow root (found once, then kept).
STEPPER_STAGE = """() => {
    if (!window.__stepper || !window.__stepper.isConnected) {
        const host = [...document.querySelectorAll('*')].find(e => e.shadowRoot?.querySelector('.stepper'));
        window.__stepper = host ? host.shadowRoot.querySelector('.stepper') : document.querySelector('.stepper');
    }
    return window.__stepper?.dataset.stage;
}"""


def step_in_browser(page, probe: SessionProbe, target, before: int, sent: int) -> Timing:
    """A stepper button: *total* is the press to the next stage drawn (the stepper's ``data-stage`` changed, then
    two frames); *after finish* is how long after that the section's own rerun (formula view, link) finished."""
    stage = page.locator(".stepper").get_attribute("data-stage")
    target.click()
    page.wait_for_function(f"stage => ({STEPPER_STAGE})() !== stage", arg=stage, polling="raf")
    drawn_ms = settled(page)
    drawn = time.perf_counter()
    pressed_ms = page.evaluate("() => window.__benchPress")
    probe.wait_finished(page, before + 1)
    settled(page)
    return Timing((drawn_ms - pressed_ms) / 1000, time.perf_counter() - drawn, probe.delta_bytes - sent)


def measure_interaction(page, probe: SessionProbe, interaction: Interaction, repeats: int) -> tuple[Timing, Timing]:
    """(cold, cached) for one interaction on an open page; cached is the median of each figure over the switches."""
    if interaction.expander:
        page.get_by_test_id("stExpander").filter(has_text=interaction.expander).first.locator("summary").click()
    if interaction.tab:
        before = probe.finished
        page.get_by_role("tab", name=interaction.tab, exact=True).click()
        probe.wait_finished(page, before + 1)  # the tab's content is built by the run that opening it starts
    cold = change(page, probe, interaction, forward=True)
    switches = [change(page, probe, interaction, forward=index % 2 == 1) for index in range(2 * repeats)]
    cached = Timing(statistics.median(t.total_s for t in switches),
                    statistics.median(t.after_finished_s for t in switches),
                    int(statistics.median(t.sent_bytes for t in switches)))
    return cold, cached


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3, help="cached switches each way (default 3)")
    parser.add_argument("--visits", type=int, default=5, help="cached visits of each page, in new sessions (default 5)")
    parser.add_argument("--pages", default="", help="comma-separated url paths (default: every page)")
    parser.add_argument("--warm", action="store_true",
                        help="warm every page's default view first, as `make run` does: 'open cold' is then the "
                             "first browser visit after the warm-up")
    args = parser.parse_args(argv)
    wanted = set(filter(None, args.pages.split(",")))
    from playwright.sync_api import sync_playwright

    opened, interacted = [], []
    launched = time.perf_counter()
    with running_app(free_port()) as (base, _process), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        browser_version = f"Chromium {browser.version}"
        startup, _, _, first, _ = visit(browser, base)
        startup_total = time.perf_counter() - launched
        first.close()
        warm_s = None
        if args.warm:
            from ui.routes import URL_PATHS
            from ui.warmup import warm_all

            began = time.perf_counter()
            warm_all(base, list(URL_PATHS), log=lambda *a, **k: None)
            warm_s = time.perf_counter() - began
        for path, _heading in PAGES:
            if wanted and (path or "home") not in wanted:
                continue
            print(f"measuring /{path} ...", file=sys.stderr, flush=True)
            cold, _, payload, page, _ = visit(browser, f"{base}/{path}")
            page.close()
            visits = []
            for _ in range(max(1, args.visits)):
                seconds, drawn, _, page, probe = visit(browser, f"{base}/{path}")
                visits.append((seconds, drawn))
                if len(visits) < args.visits:
                    page.close()
            opened.append((path or "home", cold, statistics.median(v[0] for v in visits),
                           statistics.median(v[1] for v in visits), payload))
            for interaction in INTERACTIONS:
                if interaction.page == path:
                    interacted.append((path or "home", interaction.name, *measure_interaction(page, probe, interaction,
                                                                                     args.repeats)))
            page.close()
        browser.close()
    print(f"machine: {os.cpu_count()} cores shared by the server, Chromium and this script · {platform.machine()} · "
          f"{browser_version}")
    print(f"start-up: {startup_total:.1f} s from `streamlit run` to the first page finished "
          f"(first page itself {startup:.2f} s)")
    if warm_s is not None:
        print(f"warm-up of every page's default view: {warm_s:.1f} s; 'open cold' is the first visit after it")
    print(f"\n{'page':<14} {'open cold (s)':>14} {'open cached (s)':>16} {'drawn (s)':>10} {'payload (KB)':>13}")
    for name, cold, cached, drawn, payload in opened:
        print(f"{name:<14} {cold:14.2f} {cached:16.2f} {drawn:10.2f} {payload / 1024:13.1f}")
    print(f"\n{'page':<14} {'interaction':<42} {'cold (s)':>9} {'cached (s)':>11} {'after finish (s)':>16} "
          f"{'sent (KB)':>10}")
    for path, name, cold, cached in interacted:
        print(f"{path:<14} {name:<42} {cold.total_s:9.2f} {cached.total_s:11.2f} {cached.after_finished_s:16.2f} "
              f"{cached.sent_bytes / 1024:10.1f}")
    if interacted:
        print(f"\nmedian cached interaction: {statistics.median(row[3].total_s for row in interacted):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
