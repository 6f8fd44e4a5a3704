"""Same settings and seed give identical figures, computed from scratch twice (caches cleared)."""

import json

import pytest
import streamlit as st

from tests.pages.apptest import open_page


def figures(page: str, state: dict) -> list[dict]:
    st.cache_data.clear()
    st.cache_resource.clear()
    at = open_page(page, state)
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    assert specs, f"{page} shows no chart"
    return specs


@pytest.mark.parametrize("page", ["block", "feature_maps", "gradient_flow"])
def test_same_seed_same_figures(page):
    state = {"settings_seed": 3}
    assert figures(page, state) == figures(page, state)
