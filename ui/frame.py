"""Page frame: language and presenter switches, preset-link notices, the error boundary, and the parts of a
page that rerun on their own (sections, tabs built only when open)."""

from __future__ import annotations

import functools
import hashlib
import logging
import traceback
import types
from collections.abc import Callable, Sequence
from typing import TypeVar

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.errors import StreamlitAPIException

from resnet_viz.i18n import LANGUAGES, set_language
from ui.i18n import KEY_LANG, current_lang, translator
from ui.params import pop_notices, publish, share_url, synced
from ui.text.frame import TEXT

INTERNAL_ERROR_PREFIXES = ("Something went wrong on this page", "本页面出错了")
INTERNAL_ERROR_PREFIX = INTERNAL_ERROR_PREFIXES[0]
KEY_PRESENTER = "presenter"
KEY_SHARE = "share_link"
KEY_FULL_RUN = "_frame_full_run"  # True while app.py runs a page from the top (not a section on its own)
log = logging.getLogger("resnet_viz.app")
Section = TypeVar("Section", bound=Callable[..., None])

_PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] { display: none; }
[data-testid="stMainBlockContainer"] { max-width: 100%; padding-left: 2rem; padding-right: 2rem; }
[data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li,
[data-testid="stMainBlockContainer"] label { font-size: 1.35rem !important; }
[data-testid="stMainBlockContainer"] h1 { font-size: 3.2rem !important; }
.js-plotly-plot .plotly text { font-size: 16px !important; }
</style>
"""


def render_language_switch() -> None:
    """The language radio at the top of the sidebar (before the settings, which it translates)."""
    with st.sidebar:
        st.radio(TEXT.text("language"), list(LANGUAGES), key=synced(KEY_LANG, "en", options=LANGUAGES),
                 format_func=LANGUAGES.get, horizontal=True, on_change=keep_values_across_languages)
        st.toggle(translator(TEXT)("presenter"), key=synced(KEY_PRESENTER, False),
                  help=translator(TEXT)("presenter_help"))


def keep_values_across_languages() -> None:
    """Called when the language changes, before the page reruns in the new one.

    Streamlit keeps a choice widget's value as the label it shows (radio, selectbox and multiselect serialise an
    option by its ``format_func`` text), and the browser sends that text back on every rerun. After a language
    switch it would be a label of the old language, which matches no option of the new one. The widget then
    falls back to its default, and a student who switched to Chinese would lose every setting on their next
    click. Setting each value again from Python (it is still the option itself at this point) makes Streamlit
    send the browser the new language's labels.
    """
    state = st.session_state
    for key in list(state.keys()):
        if key == KEY_LANG or str(key).startswith("_"):
            continue
        try:
            state[key] = state[key]
        except StreamlitAPIException:  # buttons, uploads, data editors, chart selections: not settable, no labels
            pass


def presenter_mode() -> bool:
    return bool(st.session_state.get(KEY_PRESENTER, False))


def _leave_presenter_mode() -> None:
    st.session_state[KEY_PRESENTER] = False


# A displayed formula wider than a phone scrolls sideways inside its own box; Streamlit's style cut it off.
_FORMULA_CSS = "<style>.katex-display { overflow-x: auto; overflow-y: hidden; scrollbar-width: thin; }</style>"


def render_frame_top() -> None:
    """Styling (presenter mode's too) and notices about refused link values, above the page's own content."""
    tr = translator(TEXT)
    st.html(_FORMULA_CSS)
    if presenter_mode():
        st.html(_PRESENTER_CSS)
        st.button(tr("exit_presenter"), key="exit_presenter", on_click=_leave_presenter_mode)


def render_notices(where: DeltaGenerator | None = None) -> None:
    """Refused link values (from the frame's and the page's own settings), shown above the page, or in ``where``
    (a page's own slot under its title, filled once the page has read every setting)."""
    tr = translator(TEXT)
    for key, value, default in pop_notices():
        (where or st).warning(tr("bad_param", key=key, value=value, default=default))


@st.fragment
def render_share_link(url_path: str) -> None:
    """A small popover with a copyable link to exactly this view (the code block has a copy button).

    A fragment that reruns when the popover opens: a page section that reran on its own since the last
    full run (see :func:`section`) may have changed settings the link must carry.
    """
    tr = translator(TEXT)
    with st.popover(f":material/link: {tr('share')}", key=KEY_SHARE, on_change="rerun"):
        st.caption(tr("share_help"))
        st.code(share_url(url_path), language=None, wrap_lines=True)


def routed() -> None:
    """Called first by every page script: run a request that did not come through the router (app.py) through it.

    With a ``pages/`` folder beside app.py, Streamlit 1.67 runs its legacy multipage navigation for a freshly
    started server's first script run (``PagesManager.uses_pages_directory``, until the first ``st.navigation``
    call turns it off for good; AppTest turns it back on before every run). That navigation finds the page by its
    file name, which is why each file is named after its URL path (ui.routes), and runs it bare, with no language,
    sidebar or frame. Here the legacy path is turned off and the router runs in its place, in this same run (so a
    button pressed for it still counts); then the bare run stops, having drawn nothing.
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if not PagesManager.uses_pages_directory:
        return
    PagesManager.uses_pages_directory = False
    ctx = get_script_run_ctx()
    router = str(ctx.pages_manager.main_script_path)
    code = ctx.pages_manager.get_page_script_byte_code(router)
    module = types.ModuleType("__main__")
    module.__dict__["__file__"] = router
    exec(code, module.__dict__)  # noqa: S102 - app.py, as Streamlit itself runs it
    st.stop()


def run_guarded(page: Callable[[], object], *, publish_params: bool = True) -> None:
    """Run a page (or a part of the frame); an unexpected exception becomes a short message and the
    traceback goes to the server log. Afterwards the page's settings are mirrored into the URL."""
    try:
        page()
    except Exception as error:  # st.stop/st.rerun are BaseExceptions and pass through untouched
        log.error("page failed:\n%s", traceback.format_exc())  # the message is for developers: the page names the kind
        st.error(translator(TEXT)("internal_error", error=type(error).__name__))
    if publish_params:
        publish()


def section(body: Section) -> Section:
    """A part of a page that reruns on its own (``st.fragment``) when one of its widgets changes.

    Only that part's script runs and only its charts are sent again, so stepping through a block or picking a
    channel does not redraw the rest of the page. Arguments are the ones of the last full run. Like a page,
    a section is guarded (an exception becomes a short message), mirrors its settings into the URL and reports
    link values it refused.
    """

    @functools.wraps(body)
    def guarded(*args, **kwargs) -> None:
        set_language(current_lang())  # a section's own rerun does not pass through app.py
        run_guarded(lambda: body(*args, **kwargs))
        if not st.session_state.get(KEY_FULL_RUN):
            # Rerun on its own (e.g. a tab opened for the first time read its settings from the link): nothing
            # after it runs to show what the link asked for and was refused, so show it here.
            render_notices()

    return st.fragment(guarded)


def open_tab_name(key: str, names: Sequence[str]) -> str:
    """The name of the tab :func:`open_tab` opens: the link's (once per session), the last one opened, else the
    first. Known before the tabs are drawn, for controls above them that depend on it."""
    state = st.session_state
    synced(key, names[0], options=names)
    if state.get(key) not in names:
        state[key] = names[0]
    return state[key]


def open_tab(key: str, names: Sequence[str], label_of: Callable[[str], str]) -> tuple[str, DeltaGenerator]:
    """Tabs of which only the open one is built: returns its name and its container.

    Hidden tabs cost nothing (no computation, no chart drawn in the browser), so changing a setting redraws only
    the tab the student is looking at; opening another tab reruns the page, or only the :func:`section` that
    holds the tabs (``st.tabs(on_change=...)``). The open tab is kept by name in ``st.session_state[key]``, so
    it survives a language switch (the labels change) and travels in the link (``?key=name``).
    """
    state = st.session_state
    open_name = open_tab_name(key, names)
    labels = [label_of(name) for name in names]
    # One widget per set of labels (a language switch makes a new one); its value is the open tab's label.
    widget = f"{key}_tabs_{hashlib.blake2b('|'.join(labels).encode(), digest_size=4).hexdigest()}"
    state[widget] = labels[names.index(open_name)]

    def remember() -> None:
        if state.get(widget) in labels:
            state[key] = names[labels.index(state[widget])]

    containers = st.tabs(labels, key=widget, on_change=remember)
    return open_name, containers[names.index(open_name)]
