"""Feature maps (being built)."""

import streamlit as st

st.title("Feature maps")
st.markdown("**What does each stage of a ResNet see?**")
st.info("This page is being built. Coming here: channel grids of every layer of an ImageNet or CIFAR ResNet, per-channel statistics, receptive fields and the plain twin side by side.")
