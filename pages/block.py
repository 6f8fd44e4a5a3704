"""Inside a residual block (being built)."""

import streamlit as st

st.title("Inside a residual block")
st.markdown("**What does the skip connection add?**")
st.info("This page is being built. Coming here: the worked (3, 64, 64) example stage by stage, the formula view of any output number, the residual-scale slider and the block family (v1, v2, bottleneck, projection shortcuts A/B/C).")
