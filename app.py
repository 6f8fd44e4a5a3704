"""resnet_viz: the entrypoint is a router and a frame (language, sidebar settings, error boundary)."""

from __future__ import annotations

from ui.warmup import import_heavy_modules, record_warmup

import_heavy_modules()  # before anything else: concurrent first imports in session threads can break

import os

import streamlit as st
import torch

from resnet_viz.i18n import LANGUAGES, set_language
from ui.frame import (
    KEY_FULL_RUN,
    render_frame_top,
    render_language_switch,
    render_notices,
    render_share_link,
    run_guarded,
)
from ui.i18n import KEY_LANG
from ui.routes import PAGES, page_file, page_name
from ui.settings import render_sidebar
from ui.text.frame import TEXT

# Several sessions share the CPU: RESNET_VIZ_THREADS caps torch's intra-op threads per computation.
if os.environ.get("RESNET_VIZ_THREADS", "").isdigit() and int(os.environ["RESNET_VIZ_THREADS"]) > 0:
    torch.set_num_threads(int(os.environ["RESNET_VIZ_THREADS"]))

st.set_page_config(page_title="resnet_viz: residual networks, explained", page_icon=":material/hub:",
                   layout="wide")
# The language widget comes after the router, so read the choice from the state or the link first.
record_warmup(st.query_params.to_dict(), st.context.ip_address, dict(st.context.headers))
lang = st.session_state.get(KEY_LANG) or st.query_params.get(KEY_LANG, "en")
set_language(lang if lang in LANGUAGES else "en")  # every text of this run, library figures included
tr = TEXT.bind()
navigation = st.navigation([
    st.Page(page_file(path), title=tr(f"nav_{page_name(path)}"), icon=icon, default=not path,
            **({"url_path": path} if path else {}))
    for path, icon in PAGES
])
run_guarded(render_language_switch, publish_params=False)
run_guarded(render_sidebar, publish_params=False)
run_guarded(render_frame_top, publish_params=False)
share_slot = st.container()
st.session_state[KEY_FULL_RUN] = True  # sections run as part of the page; see ui.frame.section
try:
    run_guarded(navigation.run)
finally:  # st.stop() and st.rerun() pass through run_guarded
    st.session_state[KEY_FULL_RUN] = False
with share_slot:  # drawn above the page, filled after it ran so it sees the page's own settings
    run_guarded(render_notices, publish_params=False)
    run_guarded(lambda: render_share_link(navigation.url_path), publish_params=False)
