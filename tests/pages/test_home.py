from tests.pages.apptest import open_page


def test_home_explains_and_links_every_page():
    at = open_page("home")
    assert "Residual networks" in at.title[0].value
    text = " ".join(m.value for m in at.markdown)
    assert "H(x)" in " ".join(x.value for x in at.latex) or "F(x)" in text
    assert len(at.get("page_link")) == 7  # every page but home


def test_sidebar_settings_are_read_from_session_state():
    at = open_page("home", {"settings_seed": 5, "settings_device": "cpu"})
    assert "cpu" in " ".join(c.value for c in at.sidebar.caption)
