"""The "why residual nets train" page in AppTest: every stated number comes from the stored studies (or, live, from
the library run with the same settings), the settings travel in the link, bad link values fall back."""

import dataclasses

import pytest
from streamlit.testing.v1 import AppTest

from resnet_viz.analyses.degradation import chance_error
from resnet_viz.analyses.why_residual import (
    LIVE_SETTINGS,
    binomial_middle,
    lesion_summary,
    load_pair_model,
    load_study,
    pair_data,
    per_branch_factor,
    run_study,
    shattered_study,
    surface_summary,
)
from tests.pages.apptest import open_link as _open_link
from tests.pages.apptest import open_page

STATE = {"settings_device": "cpu", "settings_seed": 0}
CHANCE = chance_error(6)


def texts(at, kind: str) -> str:
    return " ".join(e.value for e in getattr(at, kind))


def pct(value: float) -> str:
    return f"{100 * value:.1f}"


def lesion_sentences(plain, residual) -> list[str]:
    res, pla = lesion_summary(residual, CHANCE), lesion_summary(plain, CHANCE)
    return [
        f"**{residual.label}**: intact {pct(res.intact)} %. With one block deleted the median error is "
        f"{pct(res.median)} %; the worst non-downsampling block gives {pct(res.worst)} % ({res.worst_block})",
        f"**{plain.label}**: intact {pct(pla.intact)} %. With one block deleted the median error is {pct(pla.median)} "
        f"%; {pla.near_chance} of {pla.blocks} deletions end within 10 points of chance (83.3 %).",
        f"**{plain.label}**: k = 1 → {pct(plain.deletions[0].mean)} %, k = {plain.deletions[-1].k} → "
        f"{pct(plain.deletions[-1].mean)} %.",
        f"**{residual.label}**: k = 1 → {pct(residual.deletions[0].mean)} %",
    ]


def test_default_view_is_the_56_layer_pairs_stored_lesion_study():
    at = open_page("why_residual", STATE)
    assert at.title[0].value == "Why residual nets train"
    assert at.selectbox(key="why_pair").value == "56"
    studies, settings, source = load_study("56")
    body = texts(at, "markdown")
    for sentence in lesion_sentences(studies["plain"], studies["residual"]):
        assert sentence in body
    summary = lesion_summary(studies["residual"], CHANCE)
    down = ", ".join(f"{name} {pct(e)} %" for name, e in summary.downsampling)
    assert f"the downsampling blocks {down}." in body
    assert (f"Unlike the paper, the deletion that hurts ResNet-56 most is not a downsampling block: "
            f"{summary.top_block}, {pct(summary.top_error)} %.") in body
    captions = texts(at, "caption")
    assert source in captions and "plain-56 42.19 %, ResNet-56 0.26 %" in captions
    assert len(at.get("plotly_chart")) == 3


def test_paths_tab_states_the_stored_peak_range_and_trend():
    at = open_page("why_residual", {**STATE, "why_tab": "paths"})
    studies, settings, _ = load_study("56")
    paths = studies["residual"].paths
    body = texts(at, "markdown")
    low, high = binomial_middle(27)
    assert f"27 blocks, 134,217,728 paths; half of them are between {low} and {high} branches long." in body
    peak_low, peak_high = paths.effective_range()
    assert (f"have **{paths.peak}** branches; 90 % of the gradient comes from lengths {peak_low} to {peak_high}, "
            f"that is {round(100 * peak_low / 27)} % to {round(100 * peak_high / 27)} % of the 27 blocks") in body
    assert f"about ×{per_branch_factor(paths):.2f} per extra branch" in body
    assert f"carries a gradient of {studies['plain'].paths.magnitudes[0]:.3g}" in body
    assert f"({settings.path_images} held-out images, {settings.path_draws} random paths per length)" in body
    assert len(at.get("plotly_chart")) == 2


def loss(value: float) -> str:
    return f"{value:.4f}" if value < 10 else f"{value:,.1f}" if value < 1000 else f"{value:,.0f}"


def test_landscape_tab_states_the_stored_centre_edge_and_bumps():
    at = open_page("why_residual", {**STATE, "why_tab": "landscape", "why_pair": "20"})
    studies, settings, _ = load_study("20")
    body = texts(at, "markdown")
    for study in studies.values():
        summary = surface_summary(study.surface)
        assert (f"**{study.label}**: loss {loss(summary.center)} at the centre; the edge of the square averages "
                f"{loss(summary.edge)}, that is {summary.edge / summary.center:,.0f}× the centre; {summary.rough} of "
                f"{summary.cells} grid points") in body
        ends = (study.slice.losses[0][0], study.slice.losses[0][-1])
        centre = loss(study.slice.center_loss)
        assert f"**{study.label}**: loss {centre} at the trained weights, {loss(max(ends))}" in body
    assert f"Loss on {settings.train_count} training images." in body
    assert len(at.get("plotly_chart")) == 2


def test_shattered_tab_states_the_measured_autocorrelations():
    at = open_page("why_residual", {**STATE, "why_tab": "shattered", "why_shattered_depth": 20})
    corr = {(p.depth, p.residual): f"{p.correlation:.2f}" for p in shattered_study(seed=0)}
    body = texts(at, "markdown")
    assert f"**20 layers**: autocorrelation {corr[20, False]} (plain) and {corr[20, True]} (residual)." in body
    assert (f"From 8 to 110 layers the plain net's autocorrelation goes from {corr[8, False]} to {corr[110, False]}, "
            f"the residual net's from {corr[8, True]} to {corr[110, True]}.") in body
    assert float(corr[110, False]) < 0.3 < 0.6 < float(corr[110, True])  # the shattering itself
    assert len(at.get("plotly_chart")) == 1
    # read from the stored sweep (the same numbers as measured now, above), not measured on the first visit
    assert "experiments/why_residual.py --shattered --write" in texts(at, "caption")


def test_shipped_pair_opens_from_its_stored_file():
    at = open_page("why_residual", {**STATE, "why_pair": "shipped20"})
    studies, _, _ = load_study("shipped20")
    for sentence in lesion_sentences(studies["plain"], studies["residual"]):
        assert sentence in texts(at, "markdown")
    assert "shapes models the Attributions page explains" in texts(at, "caption")


def test_live_recompute_equals_the_library_run_with_the_same_settings():
    at = open_page("why_residual", {**STATE, "why_pair": "20", "why_live": True, "why_seed": 5})
    live = dataclasses.replace(LIVE_SETTINGS, seed=5)
    data = pair_data("20", train_count=live.train_count, heldout_count=live.heldout_count)
    studies = {kind: run_study(load_pair_model("20", kind == "residual"), data, live,
                               label=f"{'ResNet' if kind == 'residual' else 'plain'}-20",
                               studies=("lesion", "deletions", "reorders")) for kind in ("plain", "residual")}
    body = texts(at, "markdown")
    for sentence in lesion_sentences(studies["plain"], studies["residual"]):
        assert sentence in body
    assert "Live result at a lower resolution than the stored one: 256 held-out images" in texts(at, "caption")


def open_link(query: dict) -> AppTest:
    return _open_link("why_residual", {"settings_device": "cpu", "settings_seed": "0", **query})


def test_link_sets_pair_tab_live_and_seed():
    at = open_link({"why_pair": "20", "why_tab": "paths", "why_live": "1", "why_seed": "3"})
    assert at.selectbox(key="why_pair").value == "20"
    assert at.toggle(key="why_live").value is True and at.number_input(key="why_seed").value == 3
    assert "Live result at a lower resolution" in texts(at, "caption")
    assert "9 blocks, 512 paths" in texts(at, "markdown")


@pytest.mark.parametrize(("key", "value"), [("why_pair", "banana"), ("why_seed", "-3"), ("why_tab", "cake"),
                                            ("why_live", "maybe")])
def test_bad_link_values_fall_back_with_a_notice(key, value):
    at = open_link({key: value})
    assert f"'{value}'" in texts(at, "warning")
    assert at.selectbox(key="why_pair").value == "56" and at.toggle(key="why_live").value is False


def test_chinese_page():
    at = open_page("why_residual", {**STATE, "lang": "zh"})
    assert at.title[0].value == "残差网络为什么能训练"
    assert "完整时" in texts(at, "markdown")
