"""A multiselect mirrored into the link: the link's list is read once, a refused one falls back with a notice, and
the choice is written back as text."""

from streamlit.testing.v1 import AppTest


def _page() -> None:
    import streamlit as st

    from ui.params import pop_notices, store_choices, synced_choices

    widget = synced_choices("lams", [0.5, 1.0], (0.1, 0.5, 1.0, 2.0), parse=float, text=lambda v: f"{v:g}")
    store_choices("lams", st.multiselect("λ", (0.1, 0.5, 1.0, 2.0), key=widget), text=lambda v: f"{v:g}")
    for key, raw, default in pop_notices():
        st.warning(f"{key}: {raw!r} refused, {default!r} used")


def _open(link: str | None) -> AppTest:
    at = AppTest.from_function(_page)
    if link is not None:
        at.query_params["lams"] = link
    return at.run()


def test_the_default_the_links_choice_and_the_text_written_back():
    at = _open(None)
    assert at.multiselect[0].value == [0.5, 1.0] and at.session_state["lams"] == "0.5,1" and not at.warning
    at = _open("2,0.1")
    assert at.multiselect[0].value == [2.0, 0.1] and not at.warning
    at.multiselect[0].set_value([1.0]).run()
    assert at.session_state["lams"] == "1"


def test_an_unknown_a_repeated_or_an_unreadable_part_is_refused_with_a_notice():
    for link in ("0.5,3", "0.5,0.5", "0.5,x"):
        at = _open(link)
        assert at.multiselect[0].value == [0.5, 1.0], link
        assert [w.value for w in at.warning] == [f"lams: {link!r} refused, '0.5,1' used"]
