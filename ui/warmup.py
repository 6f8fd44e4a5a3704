"""Import the heavy libraries once, under a lock, before any page runs.

Streamlit runs each browser session's script in its own thread. When a class opens the app at the same
moment, several threads would import torchvision / captum lazily at once, and Python's import deadlock
avoidance can then hand one of them a partially initialised module (seen in the 10-session load test
as "cannot import name 'InterpolationMode' from partially initialized module"). Importing everything
here first, one thread at a time, makes the later imports plain dictionary look-ups.
"""

from __future__ import annotations

import gc
import importlib
import threading
from collections.abc import Callable

_LOCK = threading.Lock()
_DONE = False
HEAVY_MODULES = (
    "torch", "torch.fx", "torch.utils.flop_counter", "torchvision", "torchvision.transforms",
    "torchvision.transforms.v2", "torchvision.models", "torchvision.models.feature_extraction",
    "captum.attr", "plotly.graph_objects", "plotly.subplots", "plotly.express", "pandas", "numpy", "PIL.Image",
    "scipy.stats", "skimage.data", "matplotlib", "safetensors.torch",
    "resnet_viz.models", "resnet_viz.data", "resnet_viz.analyses", "resnet_viz.figures",
)


def import_heavy_modules() -> None:
    global _DONE
    if _DONE:
        return
    with _LOCK:
        if _DONE:
            return
        for name in HEAVY_MODULES:
            importlib.import_module(name)
        import pkgutil

        import resnet_viz.analyses
        import resnet_viz.figures

        for package in (resnet_viz.analyses, resnet_viz.figures):
            for info in pkgutil.iter_modules(package.__path__):
                importlib.import_module(f"{package.__name__}.{info.name}")
        # The imported modules live as long as the server: keep the collector from walking them again
        # on every full collection (about 380,000 objects, 0.2 s a walk on the reference machine).
        gc.collect()
        gc.freeze()
        _DONE = True


# ---------------------------------------------------------------- warming the pages' default views
# `make run` starts `python -m ui.warmup` beside the server. It opens each page once, at its defaults, as a
# headless session over the app's own websocket, so the page's caches (models, results, figures) fill before the
# first student arrives; the sessions tell the server how far it got, and the home page says so.

WARMUP_PARAMS = ("warmup_ready", "warmup_total", "warmup_s")
LOOPBACK = (None, "127.0.0.1", "::1")  # Streamlit reports a loopback client's address as None


def _status_store() -> dict:
    import streamlit as st

    @st.cache_resource(show_spinner=False)
    def store() -> dict:
        return {}

    return store()


def record_warmup(query: dict[str, str], client_ip: str | None, headers: dict[str, str] | None = None) -> None:
    """Called by the app on every run: a warm-up session reports its progress.

    Only a session opened on this machine, not through a proxy (which would add X-Forwarded-For), counts: a
    student's link with the same parameters changes nothing.
    """
    forwarded = any(name.lower() == "x-forwarded-for" for name in (headers or {}))
    if not all(name in query for name in WARMUP_PARAMS) or client_ip not in LOOPBACK or forwarded:
        return
    try:
        ready, total, seconds = int(query["warmup_ready"]), int(query["warmup_total"]), float(query["warmup_s"])
    except ValueError:
        return
    if 0 <= ready <= total:
        _status_store().update(ready=ready, total=total, seconds=seconds)


def warmup_status() -> dict:
    """{"ready", "total", "seconds"} once a warm-up has reported, else {}."""
    return dict(_status_store())


def warm_page(base_url: str, url_path: str, query: str = "", timeout: float = 600.0) -> float:
    """Run one page at its defaults in a headless session; returns the seconds until its script finished."""
    import time
    from urllib.parse import urlsplit

    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    parts = urlsplit(base_url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    with connect(f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream", subprotocols=["streamlit"],
                 max_size=2**30, open_timeout=30) as socket:
        message = BackMsg()
        message.rerun_script.query_string = query
        message.rerun_script.page_name = url_path
        start = time.perf_counter()
        socket.send(message.SerializeToString())
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(socket.recv(timeout=timeout))
            if reply.WhichOneof("type") == "script_finished":
                return time.perf_counter() - start


def wait_healthy(base_url: str, timeout: float, *, alive: Callable[[], bool] = lambda: True,
                 message: str = "the server did not answer") -> None:
    """Return once ``base_url``/_stcore/health answers 200; raise RuntimeError(message) once ``alive()`` is false
    (the server's process has ended) or ``timeout`` seconds have passed."""
    import time
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if not alive() or time.monotonic() > deadline:
            raise RuntimeError(message)
        time.sleep(0.3)


def warm_all(base_url: str, url_paths: list[str], *, health_timeout: float = 300.0,
             log=print) -> list[tuple[str, float]]:
    """Wait for the server, then warm every page in turn (one at a time: the machine is the students')."""
    import time

    started = time.perf_counter()
    wait_healthy(base_url, health_timeout, message=f"no server answered at {base_url}")
    timings = []
    total = len(url_paths)
    for ready, path in enumerate(url_paths):
        query = f"warmup_ready={ready}&warmup_total={total}&warmup_s={time.perf_counter() - started:.1f}"
        seconds = warm_page(base_url, path, query)
        timings.append((path, seconds))
        log(f"warm-up: /{path} in {seconds:.1f} s", flush=True)
    elapsed = time.perf_counter() - started
    warm_page(base_url, "", f"warmup_ready={total}&warmup_total={total}&warmup_s={elapsed:.1f}")
    log(f"warm-up: every page's default view is ready, {elapsed:.1f} s after the server answered", flush=True)
    return timings


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Open every page of a running resnet_viz server once, at its "
                                                 "defaults, so that its caches are filled before students arrive.")
    parser.add_argument("--url", default="http://127.0.0.1:8501")
    args = parser.parse_args(argv)
    from ui.routes import URL_PATHS

    warm_all(args.url.rstrip("/"), list(URL_PATHS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
