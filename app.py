"""resnet_viz: the entrypoint is a router and a frame (sidebar settings, error boundary)."""

from __future__ import annotations

import streamlit as st

from ui.frame import render_frame_top, render_language_switch, run_guarded
from ui.settings import render_sidebar

PAGES = [
    st.Page("pages/home.py", title="Start here", icon=":material/home:", default=True),
    st.Page("pages/block.py", title="Inside a residual block", icon=":material/add_circle:", url_path="block"),
    st.Page("pages/architecture.py", title="Architecture explorer", icon=":material/account_tree:",
            url_path="architecture"),
    st.Page("pages/feature_maps.py", title="Feature maps", icon=":material/grid_view:", url_path="feature-maps"),
    st.Page("pages/gradient_flow.py", title="Gradient flow", icon=":material/trending_down:",
            url_path="gradient-flow"),
    st.Page("pages/degradation.py", title="The degradation problem", icon=":material/show_chart:",
            url_path="degradation"),
    st.Page("pages/attributions.py", title="Attributions", icon=":material/visibility:", url_path="attributions"),
]

st.set_page_config(page_title="resnet_viz: residual networks, explained", page_icon=":material/hub:",
                   layout="wide")
navigation = st.navigation(PAGES)
run_guarded(render_language_switch, publish_params=False)
run_guarded(render_sidebar, publish_params=False)
run_guarded(render_frame_top, publish_params=False)
run_guarded(navigation.run)
