"""Start the real app (``streamlit run app.py``) on a free loopback port, and a Chromium to look at it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

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
    ("attributions", "Attributions"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start; see {log.name}")
            time.sleep(0.5)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


class SessionProbe:
    """Watches one page's websocket: counts delta bytes and each 'script finished' message of the app."""

    def __init__(self, page) -> None:
        self.delta_bytes = 0
        self.finished = 0
        self.finished_at = 0.0  # time.perf_counter() when the last 'script finished' message arrived
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        if isinstance(payload, str):
            return
        message = ForwardMsg()
        try:
            message.ParseFromString(payload)
        except Exception:
            return
        kind = message.WhichOneof("type")
        if kind == "delta":
            self.delta_bytes += len(payload)
        elif kind == "script_finished":
            self.finished += 1
            self.finished_at = time.perf_counter()

    def wait_finished(self, page, count: int, timeout: float = 600.0) -> None:
        deadline = time.monotonic() + timeout
        while self.finished < count:
            if time.monotonic() > deadline:
                raise TimeoutError("the page did not finish running")
            page.wait_for_timeout(20)


def goto_settled(page, url: str, timeout_ms: int = 300_000) -> SessionProbe:
    """Open ``url`` and wait until the app's script run has finished and everything has been drawn."""
    probe = SessionProbe(page)
    page.goto(url, wait_until="commit")
    probe.wait_finished(page, 1, timeout_ms / 1000)
    wait_until_settled(page, timeout_ms)
    return probe


def wait_until_settled(page, timeout_ms: int = 240_000) -> None:
    """Wait for the app to render and finish running (the 'running' status widget gone, twice)."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1, [data-testid="stException"]',
                           timeout=timeout_ms)
    deadline = time.monotonic() + timeout_ms / 1000
    quiet = 0
    while time.monotonic() < deadline and quiet < 3:
        running = (page.locator('[data-testid="stStatusWidget"]').count() > 0
                   or page.locator('[data-testid="stSpinner"]').count() > 0
                   or page.locator('[data-testid="stSkeleton"]').count() > 0)
        quiet = 0 if running else quiet + 1
        page.wait_for_timeout(500)
