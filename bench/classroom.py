"""A class at once: N browser sessions follow the same tour together, and what the server spends on them.

``python -m bench.classroom [--students 30] [--visits 30]`` starts ``streamlit run app.py`` on a free loopback port,
warms every page's default view the way ``make run`` does, then:

1. **Browsers.** N Playwright pages (one context each, one headless Debian Chromium) take the tour in lockstep:
   open every page in turn, change two settings (the block's stage, the feature maps' colour scale), upload an
   image (feature maps) and run an attribution (the randomised-model check). Each step starts for everybody at
   once; each student's time is the action (a navigation, a click, a file chosen) to the app's 'script finished'
   message for the run it started and every chart drawn. Reported: p50 / p95 / max per step, and errors (an
   exception box, a page error, a step that timed out).
2. **The server's part.** The server process's CPU time over each step divided by the students (its share per
   interaction), and each student's time from the first websocket frame the browser sent for the step to the
   app's 'script finished' message (the server's turnaround, including waiting behind the other students' runs).
3. **A cached visit without a browser.** ``--visits`` headless sessions over the app's own websocket open each page
   one after another at its defaults (every result already cached): the server's CPU seconds per visit.

On one 2-core machine the browsers' drawing takes most of the cores, so the browser times say more about the
machine than the server; the server columns are what a bigger class would multiply.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import platform
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field

import psutil

from tests.browser.server import (
    CHARTS_DRAWN,
    CHROMIUM,
    CHROMIUM_ARGS,
    MAIN,
    PAGES,
    forward_message,
    free_port,
    running_app,
)
from ui.routes import URL_PATHS
from ui.warmup import warm_all, warm_page

STEP_TIMEOUT_S = 600.0  # a step nobody finishes in this time counts as an error


@dataclass
class Student:
    """One browser session and what its websocket said."""

    index: int
    page: object = None
    finished: int = 0
    first_sent_at: float | None = None  # perf_counter of the first frame sent since the step began
    finished_at: float = 0.0
    errors: list[str] = field(default_factory=list)

    def frame_received(self, payload) -> None:
        message = forward_message(payload)
        if message is not None and message.WhichOneof("type") == "script_finished":
            self.finished += 1
            self.finished_at = time.perf_counter()

    def frame_sent(self, _payload) -> None:
        if self.first_sent_at is None:
            self.first_sent_at = time.perf_counter()


@dataclass
class StepResult:
    name: str
    seconds: list[float]  # per student that finished the step
    turnaround: list[float]  # first frame sent to 'script finished'
    server_cpu_s: float  # the server's CPU time over the whole step
    errors: int


class ServerWatch:
    """Samples the server's resident memory (process and children) in the background; reads its CPU time."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.peak_rss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _processes(self) -> list[psutil.Process]:
        try:
            return [self.process, *self.process.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def _sample(self) -> None:
        while not self._stop.is_set():
            rss = 0
            for proc in self._processes():
                try:
                    rss += proc.memory_info().rss
                except psutil.NoSuchProcess:
                    pass
            self.peak_rss = max(self.peak_rss, rss)
            self._stop.wait(0.2)

    def cpu_seconds(self) -> float:
        total = 0.0
        for proc in self._processes():
            try:
                times = proc.cpu_times()
                total += times.user + times.system
            except psutil.NoSuchProcess:
                pass
        return total

    def stop(self) -> None:
        self._stop.set()


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (96, 96), (200, 80, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


async def _wait(condition, timeout: float = STEP_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not finish running")
        await asyncio.sleep(0.02)


async def _settle(student: Student, before: int) -> None:
    """The run the action started has finished and every chart is drawn."""
    await _wait(lambda: student.finished > before)
    await student.page.wait_for_function(CHARTS_DRAWN, timeout=STEP_TIMEOUT_S * 1000)


async def _open(student: Student, base: str, path: str) -> None:
    before = student.finished
    await student.page.goto(f"{base}/{path}", wait_until="commit")
    await _settle(student, before)
    await student.page.locator(f"{MAIN} h1").first.wait_for(timeout=STEP_TIMEOUT_S * 1000)


async def _click(student: Student, locator) -> None:
    before = student.finished
    await locator.click(timeout=STEP_TIMEOUT_S * 1000)
    await _settle(student, before)


def _radio(page, group: str, option: str):
    """The option of the radio group whose label is exactly ``group`` ("Image" is not "ImageNet")."""
    label = page.get_by_test_id("stWidgetLabel").get_by_text(group, exact=True)
    return page.get_by_test_id("stRadio").filter(has=label).first.locator("label").filter(has_text=option).first


async def _upload(student: Student, data: bytes) -> None:
    page = student.page
    await _click(student, _radio(page, "Image", "my own image (upload)"))
    before = student.finished
    await page.locator('input[type="file"]').first.set_input_files(
        {"name": f"student-{student.index}.png", "mimeType": "image/png", "buffer": data})
    await _settle(student, before)
    await page.locator(MAIN).get_by_text(f"student-{student.index}.png").first.wait_for(
        timeout=STEP_TIMEOUT_S * 1000)


def tour(base: str, png: bytes) -> list[tuple[str, object]]:
    """(step name, coroutine function of a student) in the order every student takes them."""
    steps: list[tuple[str, object]] = []
    for path, _heading in PAGES:
        steps.append((f"open /{path}", lambda s, path=path: _open(s, base, path)))
        if path == "block":
            steps.append(("block: Next (stage)", lambda s: _stepper_next(s)))
        if path == "feature-maps":
            steps.append(("feature maps: colour scale", lambda s: _click(s, _radio(s.page, "Colour scale",
                                                                                    "one for all"))))
            steps.append(("feature maps: upload", lambda s: _upload(s, png)))
        if path == "attributions":
            steps.append(("attributions: sanity check run", lambda s: _click(
                s, s.page.get_by_role("tab", name="Sanity check: randomised model", exact=True))))
    return steps


async def _stepper_next(student: Student) -> None:
    """Next in the block's stepper: drawn in the browser, then the section's rerun (formula view, link)."""
    before = student.finished
    stepper = student.page.locator(".stepper")
    stage = await stepper.get_attribute("data-stage", timeout=STEP_TIMEOUT_S * 1000)
    await student.page.get_by_role("button", name="Next ▶", exact=True).click(timeout=STEP_TIMEOUT_S * 1000)
    await _wait(lambda: student.finished > before)
    if await stepper.get_attribute("data-stage", timeout=STEP_TIMEOUT_S * 1000) == stage:
        raise RuntimeError("the stepper did not move")


async def _timed(student: Student, action) -> tuple[float | None, float | None]:
    student.first_sent_at = None
    start = time.perf_counter()
    try:
        await action(student)
    except Exception as error:  # one student's failure is counted, the class goes on
        student.errors.append(f"{type(error).__name__}: {str(error).splitlines()[0][:120]}")
        return None, None
    if await student.page.locator('[data-testid="stException"]').count():
        student.errors.append("an exception box on the page")
    end = time.perf_counter()
    sent = student.first_sent_at
    return end - start, (student.finished_at - sent) if sent is not None and student.finished_at >= sent else None


async def run_class(base: str, students: int, watch: ServerWatch, log) -> list[StepResult]:
    from playwright.async_api import async_playwright

    results = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        class_ = [Student(index) for index in range(students)]
        for student in class_:
            context = await browser.new_context(viewport={"width": 1400, "height": 1000})
            # 30 renderers on a small machine: Playwright's own 30 s default would count the machine's load, not
            # the app, as an error
            context.set_default_timeout(STEP_TIMEOUT_S * 1000)
            context.set_default_navigation_timeout(STEP_TIMEOUT_S * 1000)
            student.page = await context.new_page()
            student.page.on("websocket", lambda ws, s=student: (ws.on("framereceived", s.frame_received),
                                                                  ws.on("framesent", s.frame_sent)))
            student.page.on("pageerror", lambda error, s=student: s.errors.append(f"page error: {error}"))
        for name, action in tour(base, _png()):
            errors_before = sum(len(s.errors) for s in class_)
            cpu_before = watch.cpu_seconds()
            timings = await asyncio.gather(*(_timed(s, action) for s in class_))
            cpu = watch.cpu_seconds() - cpu_before
            seconds = [t for t, _ in timings if t is not None]
            turnaround = [t for _, t in timings if t is not None]
            errors = sum(len(s.errors) for s in class_) - errors_before
            results.append(StepResult(name, seconds, turnaround, cpu, errors))
            log(f"{name}: p50 {_pct(seconds, 50):.1f} s, server {cpu:.1f} s CPU, {errors} errors")
        for student in class_:
            for error in student.errors:
                log(f"student {student.index}: {error}")
        await browser.close()
    return results


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def cached_visits(base: str, visits: int, watch: ServerWatch) -> list[tuple[str, float, float]]:
    """(page, server CPU seconds per cached visit, median seconds to 'script finished') from headless sessions.

    One more session stays connected throughout, as in a class: Streamlit forgets its compiled page scripts
    whenever the last session leaves, so visits made strictly one after another, each alone on the server, would
    each pay for compiling the page again.
    """
    from urllib.parse import urlsplit

    from websockets.sync.client import connect

    rows = []
    with connect(f"ws://{urlsplit(base).netloc}/_stcore/stream", subprotocols=["streamlit"], open_timeout=30):
        for path in URL_PATHS:
            warm_page(base, path)  # cached before counting
            cpu_before = watch.cpu_seconds()
            times = [warm_page(base, path) for _ in range(visits)]
            rows.append((path or "home", (watch.cpu_seconds() - cpu_before) / visits, statistics.median(times)))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=30, help="browser sessions taking the tour (default 30)")
    parser.add_argument("--visits", type=int, default=30, help="headless cached visits per page (default 30)")
    parser.add_argument("--skip-browsers", action="store_true", help="only the headless cached visits")
    args = parser.parse_args(argv)
    log = lambda *a, **k: print(*a, file=sys.stderr, flush=True)  # noqa: E731

    with running_app(free_port()) as (base, process):
        watch = ServerWatch(process.pid)
        started = time.perf_counter()
        warm_all(base, list(URL_PATHS), log=lambda *a, **k: None)
        warm_s = time.perf_counter() - started
        log(f"warm-up: {warm_s:.1f} s")
        visits = cached_visits(base, args.visits, watch)
        steps = [] if args.skip_browsers else asyncio.run(run_class(base, args.students, watch, log))
        watch.stop()

    print(f"machine: {os.cpu_count()} cores shared by the server, Chromium and this script · {platform.machine()}")
    print(f"warm-up of every page's default view: {warm_s:.1f} s after the server answered")
    print(f"\nserver CPU per cached visit ({args.visits} headless visits a page, no browser)")
    print(f"{'page':<14} {'CPU (s)':>8} {'to finished (s)':>16}")
    for path, cpu, seconds in visits:
        print(f"{path:<14} {cpu:8.3f} {seconds:16.3f}")
    if steps:
        print(f"\n{args.students} students in lockstep (seconds; server CPU per student = step CPU / students)")
        print(f"{'step':<34} {'p50':>6} {'p95':>6} {'max':>6} {'turnaround p50':>15} {'p95':>6} "
              f"{'server CPU/student':>19} {'errors':>7}")
        for step in steps:
            print(f"{step.name:<34} {_pct(step.seconds, 50):6.1f} {_pct(step.seconds, 95):6.1f} "
                  f"{max(step.seconds, default=float('nan')):6.1f} {_pct(step.turnaround, 50):15.2f} "
                  f"{_pct(step.turnaround, 95):6.2f} {step.server_cpu_s / args.students:19.3f} {step.errors:7d}")
        print(f"\nerrors in all: {sum(step.errors for step in steps)}")
    print(f"server peak RSS: {watch.peak_rss / 2**20:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
