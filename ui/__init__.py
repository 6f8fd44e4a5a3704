"""Streamlit-side helpers shared by the pages (the library itself lives in resnet_viz/)."""
