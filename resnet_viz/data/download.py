"""Fetch one file over HTTP(S) (or ``file://``) into a folder, reporting progress; nothing else touches the network."""

from __future__ import annotations

import urllib.request
from collections.abc import Callable
from pathlib import Path

__all__ = ["fetch"]


def fetch(url: str, target: Path, *, progress: Callable[[int, int], None] | None = None,
          expected_bytes: int = 0, chunk_bytes: int = 1 << 20, timeout: float = 30.0) -> Path:
    """Stream ``url`` into ``target``; ``progress(done_bytes, total_bytes)`` after every chunk.

    ``total_bytes`` is the server's Content-Length, else ``expected_bytes``. Raises ``OSError`` (``URLError``,
    a timeout, a full disk) as it comes; the caller decides what a failure means and cleans up.
    """
    with urllib.request.urlopen(url, timeout=timeout) as response, open(target, "wb") as out:
        total = int(response.headers.get("Content-Length") or expected_bytes or 0)
        done = 0
        while chunk := response.read(chunk_bytes):
            out.write(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done, max(total, done))
    return Path(target)
