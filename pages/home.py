"""Home: what residual networks are, and the tour through the app."""

import streamlit as st

from ui.frame import routed
from ui.i18n import translator
from ui.routes import page_file
from ui.text.home import TEXT
from ui.warmup import warmup_status

routed()  # first, before any output: see ui.frame.routed
tr = translator(TEXT)
TOUR = [
    (page_file("block"), "block"),
    (page_file("architecture"), "architecture"),
    (page_file("feature-maps"), "features"),
    (page_file("gradient-flow"), "gradients"),
    (page_file("degradation"), "degradation"),
    (page_file("why-residual"), "why_residual"),
    (page_file("attributions"), "attributions"),
]

st.title(tr("title"))
status = warmup_status()
if status and status["ready"] < status["total"]:
    st.info(tr("warming", ready=status["ready"], total=status["total"]), icon=":material/hourglass_top:")
elif status:
    st.caption(tr("warm", total=status["total"], seconds=f"{status['seconds']:.0f}"))
st.markdown(tr("question"))
st.latex(r"H(x) = \mathcal{F}(x) + x")
st.markdown(tr("idea"))

st.subheader(tr("tour"))
for path, key in TOUR:
    with st.container(border=True):
        st.page_link(path, label=tr(f"{key}_title"))
        st.caption(tr(f"{key}_text"))

st.subheader(tr("howto"))
st.markdown(tr("howto_text"))
with st.expander(tr("differences")):
    st.markdown(tr("differences_text"))
