"""Architecture explorer (being built)."""

import streamlit as st

st.title("Architecture explorer")
st.markdown("**How big is each ResNet, and where do its parameters and multiply-adds go?**")
st.info("This page is being built. Coming here: per-stage tables for ResNet-18...152 and the CIFAR ResNet-20...1202 with shapes, parameters and multiply-adds (from torch.utils.flop_counter), next to the paper's Table 1.")
