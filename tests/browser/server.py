"""Start the real app (``streamlit run app.py``) on a free loopback port, and a Chromium to look at it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from ui import warmup

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync", "--disable-quic", "--disable-dev-shm-usage",
]
# Pages as the router names them: (url path, text the page's main content must show).
PAGES = [
    ("", "Residual networks, explained"),
    ("block", "Inside a residual block"),
    ("architecture", "Architecture explorer"),
    ("feature-maps", "Feature maps"),
    ("gradient-flow", "Gradient flow"),
    ("degradation", "degradation problem"),
    ("why-residual", "Why residual nets train"),
    ("attributions", "Attributions"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(base: str, process: subprocess.Popen, timeout: float, message: str) -> None:
    """Return once ``base``/_stcore/health answers 200; raise RuntimeError(message) if ``process`` exits first or
    ``timeout`` seconds pass."""
    warmup.wait_healthy(base, timeout, alive=lambda: process.poll() is None, message=message)


@contextmanager
def running_app(port: int | None = None, timeout: float = 120.0, env: dict | None = None):
    """Yield (base_url, process); the server is stopped afterwards whatever happens."""
    port = port or free_port()
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)  # the benchmark uses this helper too, possibly before any test has run
    log = open(artifacts / f"server-{port}.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process, timeout, f"streamlit did not start; see {log.name}")
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


MAIN = '[data-testid="stMainBlockContainer"]'
# Generous: a test waits this long for a condition that should become true; it only matters when it never does.
TIMEOUT_MS = 300_000

# Every Plotly chart on the page has been drawn (an SVG or WebGL root inside each chart element).
CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .every(chart => chart.querySelector('.main-svg, canvas'))"""


def forward_message(payload):
    """A websocket frame from the app as Streamlit's ForwardMsg, or None for anything else."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    if isinstance(payload, str):
        return None
    message = ForwardMsg()
    try:
        message.ParseFromString(payload)
    except Exception:
        return None
    return message


class SessionProbe:
    """Watches one page's websocket: counts delta bytes and the app's own 'script finished' messages.

    ``completed`` counts runs that finished (a whole-page run or a section's own run); a run cut short by a
    newer one (``FINISHED_EARLY_FOR_RERUN``) does not count, so a completed run means the app is done with it.
    """

    def __init__(self, page) -> None:
        self.delta_bytes = 0
        self.finished = 0  # every 'script finished' message
        self.completed = 0
        self.finished_at = 0.0  # time.perf_counter() when the last 'script finished' message arrived
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        message = forward_message(payload)
        if message is None:
            return
        kind = message.WhichOneof("type")
        if kind == "delta":
            self.delta_bytes += len(payload)
        elif kind == "script_finished":
            self.finished += 1
            self.finished_at = time.perf_counter()
            if message.script_finished in (ForwardMsg.FINISHED_SUCCESSFULLY,
                                           ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
                self.completed += 1

    def wait_finished(self, page, count: int, timeout: float = TIMEOUT_MS / 1000) -> None:
        """Wait until ``count`` 'script finished' messages have arrived (any status)."""
        self._wait(page, lambda: self.finished >= count, timeout)

    def wait_completed(self, page, count: int, timeout: float = TIMEOUT_MS / 1000) -> None:
        """Wait until ``count`` runs have completed."""
        self._wait(page, lambda: self.completed >= count, timeout)

    @staticmethod
    def _wait(page, condition, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError("the app did not finish running")
            page.wait_for_timeout(20)  # lets Playwright deliver the websocket events the condition counts


def wait_drawn(page, timeout_ms: int = TIMEOUT_MS) -> None:
    """Wait until every Plotly chart on the page has been drawn."""
    page.wait_for_function(CHARTS_DRAWN, timeout=timeout_ms)


def open_page(page, url: str, heading: str | None = None, timeout_ms: int = TIMEOUT_MS) -> SessionProbe:
    """Open ``url``; return when the app's first run has completed, the page's title (``heading`` if given)
    is shown and every chart is drawn."""
    from playwright.sync_api import expect

    probe = SessionProbe(page)
    page.goto(url, wait_until="commit")
    probe.wait_completed(page, 1, timeout_ms / 1000)
    title = page.locator(f"{MAIN} h1").first
    expect(title).to_be_visible(timeout=timeout_ms)
    if heading:
        expect(page.locator(MAIN)).to_contain_text(heading, ignore_case=True, timeout=timeout_ms)
    wait_drawn(page, timeout_ms)
    return probe


def act(page, probe: SessionProbe, action, timeout_ms: int = TIMEOUT_MS) -> None:
    """Do ``action`` (a click, a key) and wait until a run it started has completed and the charts are drawn.

    An action can start a section's run that then reruns the whole page, so a test still waits on what it checks
    with Playwright's ``expect``; this only makes sure the app has answered at least once.
    """
    before = probe.completed
    action()
    probe.wait_completed(page, before + 1, timeout_ms / 1000)
    wait_drawn(page, timeout_ms)
