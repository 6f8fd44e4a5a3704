"""Gradient flow (being built)."""

import streamlit as st

st.title("Gradient flow")
st.markdown("**Where do the gradients go in a 56-layer plain net?**")
st.info("This page is being built. Coming here: gradient norms per layer for plain and residual nets, and the lambda-shortcut law measured against its analytic line.")
