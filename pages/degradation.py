"""The degradation problem (being built)."""

import streamlit as st

st.title("The degradation problem")
st.markdown("**Why does a deeper plain net train worse than a shallower one?**")
st.info("This page is being built. Coming here: live training of plain-20, plain-56, ResNet-20 and ResNet-56 on the built-in shapes dataset, next to the paper's ImageNet table.")
