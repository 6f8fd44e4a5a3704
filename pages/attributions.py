"""Attributions (being built)."""

import streamlit as st

st.title("Attributions")
st.markdown("**Which pixels does a trained ResNet use?**")
st.info("This page is being built. Coming here: nine Captum attribution methods on a trained shapes ResNet and its plain twin, with sanity checks.")
