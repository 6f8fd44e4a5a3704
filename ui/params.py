"""Preset links: widget values mirrored into the URL query (``st.query_params``).

A page calls :func:`synced` for a widget key before creating the widget (with ``key=`` and no
``value=``/``index=``): the first run of a session takes the value from the URL if it is valid, else
the default with a short notice. :func:`publish` writes the current values back into the URL, so the
address bar always holds a link to exactly this view.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import streamlit as st

T = TypeVar("T")
_SEEDED = "_params_seeded"
_NOTICES = "_params_notices"
_KEYS = "_params_keys"
# Values renamed since links were shared: an old link still opens the view it showed (and the address bar then
# holds the new name). The block page's order of the source articles was "seed" before it was "article".
RENAMED_VALUES: dict[str, dict[str, str]] = {"block_order": {"seed": "article"}}


def _parse(raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off"):
            return False
        raise ValueError(raw)
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        value = float(raw)
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(raw)
        return value
    return raw


def synced(key: str, default: Any, *, options: Iterable[Any] | None = None,
           low: float | None = None, high: float | None = None,
           valid: Callable[[Any], bool] | None = None) -> str:
    """Seed ``st.session_state[key]`` from the URL (once per session) and register it for publishing."""
    state = st.session_state
    seeded: set[str] = state.setdefault(_SEEDED, set())
    state.setdefault(_KEYS, {})[key] = default
    if key in seeded and key in state:
        return key
    seeded.add(key)
    raw = st.query_params.get(key)
    raw = RENAMED_VALUES.get(key, {}).get(raw, raw)
    value = default
    if raw is not None:
        try:
            value = _parse(raw, default)
            allowed = list(options) if options is not None else None
            if allowed is not None and value not in allowed:
                raise ValueError(raw)
            if (low is not None and value < low) or (high is not None and value > high):
                raise ValueError(raw)
            if valid is not None and not valid(value):
                raise ValueError(raw)
        except (TypeError, ValueError):
            value = default
            state.setdefault(_NOTICES, []).append((key, raw, default))
    if key not in state or raw is not None:
        state[key] = value
    return key


def publish(keys: Iterable[str] | None = None) -> None:
    """Write the registered (or given) keys' current values into the URL, as one update.

    Each assignment to ``st.query_params`` sends the browser a message of its own that it handles on its main
    thread; a page with twenty settings sent twenty on its first run.
    """
    registered = st.session_state.get(_KEYS, {})
    changed = {}
    for key in keys if keys is not None else list(registered):
        if key in st.session_state:
            value = st.session_state[key]
            text = ("1" if value else "0") if isinstance(value, bool) else str(value)
            if st.query_params.get(key) != text:
                changed[key] = text
    if changed:
        st.query_params.update(changed)


def synced_choices(key: str, default: Sequence[T], options: Sequence[T], *,
                   parse: Callable[[str], T] = str.strip, text: Callable[[T], str] = str) -> str:
    """A multiselect mirrored into the link as ``key=a,b,c``; returns the widget's own key (``key_pick``).

    The link's text is read once per session like any setting (:func:`synced`): each part ``parse``d (it may
    raise ``ValueError``) must be one of ``options``, without repeats, else the default is used with a notice. The
    widget keeps its list under ``key_pick``; :func:`store_choices` writes the choice back as text after it ran.
    """
    def values_of(raw: Any) -> list[T] | None:
        try:
            parts = [parse(p) for p in raw.split(",") if p.strip()] if isinstance(raw, str) else list(raw)
        except (TypeError, ValueError):
            return None
        if all(p in options for p in parts) and len(set(parts)) == len(parts):
            return parts
        return None

    def as_text(values: Iterable[T]) -> str:
        return ",".join(text(v) for v in values)

    state = st.session_state
    synced(key, as_text(default), valid=lambda raw: values_of(raw) is not None)
    values = values_of(state[key])
    if values is None:  # set from code with something invalid
        values = list(default)
    state[key] = as_text(values)
    widget = f"{key}_pick"
    if widget not in state or values_of(state[widget]) is None:
        state[widget] = values
    return widget


def store_choices(key: str, values: Sequence[T], *, text: Callable[[T], str] = str) -> list[T]:
    """Write a multiselect's choice back into the link's text (see :func:`synced_choices`); returns ``values``."""
    st.session_state[key] = ",".join(text(v) for v in values)
    return list(values)


def pop_notices() -> list[tuple[str, str, Any]]:
    """(key, bad value, default used) for every URL value that was refused since the last call."""
    return st.session_state.pop(_NOTICES, [])


def current_query() -> dict[str, str]:
    """The registered keys and their current values, as they appear in the URL."""
    query = {}
    for key in st.session_state.get(_KEYS, {}):
        if key in st.session_state:
            value = st.session_state[key]
            query[key] = ("1" if value else "0") if isinstance(value, bool) else str(value)
    return query


def share_url(url_path: str) -> str:
    """An absolute link to ``url_path`` with every current setting in its query string."""
    from urllib.parse import urlencode, urlsplit

    try:
        parts = urlsplit(st.context.url or "")
        origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else "http://localhost:8501"
    except Exception:  # no browser context (tests, bare mode)
        origin = "http://localhost:8501"
    query = urlencode(current_query())
    return f"{origin}/{url_path}" + (f"?{query}" if query else "")


def keep(key: str, allowed: Iterable[Any], default: Any) -> None:
    """Take a setting from the link once (see :func:`synced`), then reset it to ``default`` whenever it is not one
    of ``allowed`` (stale state, such as a stage of the other order, or a value set from outside)."""
    allowed = list(allowed)
    synced(key, default, options=allowed)
    if key not in st.session_state or st.session_state[key] not in allowed:
        st.session_state[key] = default


def clamp(key: str, low: float, high: float, default: float, *, cast: Callable[[Any], float]) -> None:
    """Take a number from the link once, then keep it a finite ``cast`` value within [low, high]."""
    synced(key, cast(default), low=low, high=high)
    try:
        value = cast(st.session_state.get(key, default))
    except (TypeError, ValueError):
        value = default
    st.session_state[key] = min(max(value, low), high) if math.isfinite(value) else default
