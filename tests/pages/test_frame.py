"""The frame around every page: preset links in the URL, refused link values, presenter view."""

from streamlit.testing.v1 import AppTest

from tests.pages.apptest import APP, TIMEOUT, assert_clean
from ui.frame import INTERNAL_ERROR_PREFIX


def run_with_query(**query) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert_clean(at)
    return at


def test_valid_link_values_are_applied_and_published():
    at = run_with_query(settings_seed="42", lang="zh")
    assert at.session_state["settings_seed"] == 42 and at.session_state["lang"] == "zh"
    assert not at.warning
    assert at.query_params["settings_seed"] in ("42", ["42"])


def test_invalid_link_values_fall_back_with_a_notice():
    at = run_with_query(settings_seed="banana", lang="fr", settings_device="tpu")
    assert at.session_state["settings_seed"] == 0 and at.session_state["lang"] == "en"
    assert at.session_state["settings_device"] == "auto"
    warnings = " ".join(w.value for w in at.warning)
    assert "banana" in warnings and "'fr'" in warnings and "tpu" in warnings


def test_out_of_range_seed_is_refused():
    at = run_with_query(settings_seed=str(2**40))
    assert at.session_state["settings_seed"] == 0 and at.warning


def test_presenter_view_styles_the_page():
    at = run_with_query(presenter="1")
    assert at.session_state["presenter"] is True
    assert any(button.label == "Exit presenter view" for button in at.button)



def test_share_link_holds_every_setting():
    at = run_with_query(settings_seed="9", lang="zh")
    links = [c.value for c in at.code]
    assert any("settings_seed=9" in link and "lang=zh" in link for link in links), links


def _page_with_a_failing_section() -> None:
    import streamlit as st

    from ui.frame import section
    from ui.params import synced

    @section
    def broken() -> None:
        st.radio("pick", [1, 2], key=synced("pick", 2, options=[1, 2]))
        raise ValueError("boom")

    broken()
    st.markdown("after the section")


def test_a_failing_section_stays_inside_itself_and_still_publishes_its_settings():
    at = AppTest.from_function(_page_with_a_failing_section, default_timeout=TIMEOUT).run()
    assert not at.exception
    # the page names the kind of fault, never the message meant for developers (that goes to the log)
    assert any(e.value.startswith(INTERNAL_ERROR_PREFIX) and "ValueError" in e.value and "boom" not in e.value
               for e in at.error)
    assert [m.value for m in at.markdown] == ["after the section"]
    assert at.query_params["pick"] in ("2", ["2"])


def _page_with_tabs() -> None:
    import streamlit as st

    from ui.frame import open_tab
    from ui.params import publish

    labels = {"en": {"one": "One", "two": "Two"}, "zh": {"one": "一", "two": "二"}}[st.session_state.get("lang", "en")]
    name, container = open_tab("tab", ("one", "two"), labels.get)
    with container:
        st.markdown(f"built {name}")
    publish()  # as the frame does after every page


def test_only_the_open_tab_is_built_and_it_is_kept_by_name():
    at = AppTest.from_function(_page_with_tabs, default_timeout=TIMEOUT).run()
    assert [t.label for t in at.tabs] == ["One", "Two"]
    assert [m.value for m in at.markdown] == ["built one"]  # the first tab by default; the other is not built
    at.session_state["tab"] = "two"
    at.run()
    assert [m.value for m in at.markdown] == ["built two"]
    assert at.query_params["tab"] in ("two", ["two"])  # the link names the open tab
    at.session_state["lang"] = "zh"  # other labels: still the same tab
    at.run()
    assert [t.label for t in at.tabs] == ["一", "二"] and [m.value for m in at.markdown] == ["built two"]
    at.session_state["tab"] = "three"  # not a tab: the first one
    at.run()
    assert [m.value for m in at.markdown] == ["built one"] and at.session_state["tab"] == "one"


def _section_reading_a_bad_link_value() -> None:
    import streamlit as st

    from ui.frame import section
    from ui.params import synced

    @section
    def lazily_built() -> None:
        st.slider("count", 1, 5, key=synced("count", 1, low=1, high=5))

    lazily_built()


def test_a_section_rerun_on_its_own_reports_link_values_it_refused():
    """Outside a full run of app.py (as when a tab is opened later), nothing after the section would show them."""
    at = AppTest.from_function(_section_reading_a_bad_link_value, default_timeout=TIMEOUT)
    at.query_params["count"] = "99"
    at.run()
    assert at.slider(key="count").value == 1
    assert "99" in " ".join(w.value for w in at.warning)


def test_a_negative_seed_in_the_link_is_reported_and_the_edges_are_accepted():
    refused = run_with_query(settings_seed="-1")
    assert refused.session_state["settings_seed"] == 0 and "'-1'" in " ".join(w.value for w in refused.warning)
    for edge in ("0", str(2**31 - 1)):
        accepted = run_with_query(settings_seed=edge)
        assert accepted.session_state["settings_seed"] == int(edge) and not accepted.warning
    above = run_with_query(settings_seed=str(2**31))
    assert above.session_state["settings_seed"] == 0 and above.warning
