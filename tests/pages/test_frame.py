"""The frame around every page: preset links in the URL, refused link values, presenter view."""

from streamlit.testing.v1 import AppTest

from tests.pages.apptest import APP, TIMEOUT, assert_clean


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
