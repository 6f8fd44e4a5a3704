"""Home: what residual networks are, and the tour through the app."""

import streamlit as st

from ui.i18n import translator
from ui.text.home import TEXT
from ui.warmup import warmup_status

tr = translator(TEXT)
TOUR = [
    ("app_pages/block.py", "block"),
    ("app_pages/architecture.py", "architecture"),
    ("app_pages/feature_maps.py", "features"),
    ("app_pages/gradient_flow.py", "gradients"),
    ("app_pages/degradation.py", "degradation"),
    ("app_pages/why_residual.py", "why_residual"),
    ("app_pages/attributions.py", "attributions"),
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
