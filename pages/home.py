"""Home: what residual networks are, and the tour through the app."""

import streamlit as st

from ui.i18n import translator
from ui.text.home import TEXT

tr = translator(TEXT)
TOUR = [
    ("pages/block.py", "block"),
    ("pages/architecture.py", "architecture"),
    ("pages/feature_maps.py", "features"),
    ("pages/gradient_flow.py", "gradients"),
    ("pages/degradation.py", "degradation"),
    ("pages/attributions.py", "attributions"),
]

st.title(tr("title"))
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
