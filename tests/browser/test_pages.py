"""Every page in headless Chromium against the real server: renders, no exception box, screenshot saved."""

import pytest

from tests.browser.server import PAGES, goto_settled, wait_until_settled


@pytest.mark.parametrize("path, heading", PAGES, ids=[p or "home" for p, _ in PAGES])
def test_page_renders_in_chromium(browser, app_url, artifacts_dir, path, heading):
    page = browser.new_page(viewport={"width": 1400, "height": 2200})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        goto_settled(page, f"{app_url}/{path}")
        page.screenshot(path=str(artifacts_dir / f"page-{path or 'home'}.png"), full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0
        main = page.locator('[data-testid="stMainBlockContainer"]')
        assert heading.lower() in main.inner_text().lower()
        assert "Something went wrong" not in main.inner_text()
        # the sidebar shows the device on every page
        assert "Running on" in page.locator('[data-testid="stSidebar"]').inner_text()
        assert not errors, errors
    finally:
        page.close()


def test_chinese_interface_and_preset_link(browser, app_url, artifacts_dir):
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    try:
        goto_settled(page, f"{app_url}/?lang=zh&settings_seed=7")
        page.screenshot(path=str(artifacts_dir / "page-home-zh.png"), full_page=True)
        assert "残差网络" in page.locator('[data-testid="stMainBlockContainer"]').inner_text()
        assert "设置" in page.locator('[data-testid="stSidebar"]').inner_text()
        assert "lang=zh" in page.url and "settings_seed=7" in page.url
    finally:
        page.close()


def test_invalid_link_value_falls_back_with_notice(browser, app_url):
    page = browser.new_page()
    try:
        goto_settled(page, f"{app_url}/?settings_seed=banana")
        text = page.locator('[data-testid="stMainBlockContainer"]').inner_text()
        assert "banana" in text and "not valid" in text
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        page.close()


def test_presenter_view_hides_sidebar(browser, app_url, artifacts_dir):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        goto_settled(page, f"{app_url}/?presenter=1")
        page.screenshot(path=str(artifacts_dir / "page-home-presenter.png"))
        assert not page.locator('[data-testid="stSidebar"]').is_visible()
        page.get_by_role("button", name="Exit presenter view").click()
        wait_until_settled(page)
        assert page.locator('[data-testid="stSidebar"]').is_visible()
    finally:
        page.close()


def test_a_tab_is_built_when_opened_and_kept_across_languages(browser, app_url, artifacts_dir):
    page = browser.new_page(viewport={"width": 1400, "height": 2000})
    try:
        goto_settled(page, f"{app_url}/gradient-flow?gf_depth=20&gf_bn=off&gf_batch=4")
        tables = page.locator('[data-testid="stDataFrame"]')
        closed = tables.count()  # the λ-law and training tables; the numbers tab's table is not built yet
        page.get_by_role("tab", name="Numbers").click()
        wait_until_settled(page)
        assert "gf_tab=numbers" in page.url
        assert tables.count() == closed + 1
        page.screenshot(path=str(artifacts_dir / "page-gradient-flow-numbers.png"), full_page=True)
        page.locator('[data-testid="stSidebar"]').get_by_text("简体中文").click()
        wait_until_settled(page)
        assert page.get_by_role("tab", name="数值").get_attribute("aria-selected") == "true"
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        page.close()


def test_a_setting_the_training_run_uses_reruns_the_whole_page(browser, app_url):
    """The experiment settings rerun only their own section, except initialisation, λ and batch: the training
    run further down uses them too, so they rerun the page and its caption follows."""
    page = browser.new_page(viewport={"width": 1400, "height": 2000})
    try:
        goto_settled(page, f"{app_url}/gradient-flow?gf_depth=20&gf_bn=off&gf_batch=4&gf_init=default")
        main = page.locator('[data-testid="stMainBlockContainer"]')
        assert "PyTorch default (each layer's reset_parameters), λ = 1 in the residual net" in main.inner_text()
        page.get_by_test_id("stExpander").filter(has_text="Experiment settings").first.locator("summary").click()
        box = page.get_by_test_id("stSelectbox").filter(has_text="Initialisation").first.locator("input")
        box.click()
        box.fill("Kaiming")
        box.press("Enter")
        wait_until_settled(page)
        assert "gf_init=he" in page.url
        assert "He (Kaiming normal, fan-out): the paper's, λ = 1 in the residual net" in main.inner_text()
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        page.close()


def test_a_tab_opened_later_reports_the_link_value_it_refused(browser, app_url):
    page = browser.new_page(viewport={"width": 1400, "height": 2000})
    try:
        goto_settled(page, f"{app_url}/attributions?attr_sanity_count_shapes=99")
        main = page.locator('[data-testid="stMainBlockContainer"]')
        assert "'99'" not in main.inner_text()  # the sanity tab, whose setting it is, has not been built
        page.get_by_role("tab", name="Sanity check: randomised model").click()
        wait_until_settled(page)
        assert "'99'" in main.inner_text() and "attr_sanity_count_shapes=1" in page.url
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        page.close()


# Settings away from their defaults, one set per page, as a link would carry them.
NON_DEFAULTS = [
    ("block", {"block_order": "paper", "block_bn": "fresh", "block_preset": "identity"}),
    ("architecture", {"arch_family": "cifar", "arch_shortcut": "B", "arch_preact": "v2"}),
    ("feature-maps", {"fm_order": "first", "fm_scale": "global"}),
    ("gradient-flow", {"gf_init": "he", "gf_bn": "off", "gf_depth": "20", "gf_batch": "4"}),
    ("degradation", {"settings_model_source": "checkpoint"}),
    ("attributions", {"attr_model": "shapes-plain", "attr_sign": "positive", "attr_scale": "shared",
                      "attr_tab": "sanity"}),
]


@pytest.mark.parametrize("path, settings", NON_DEFAULTS, ids=[p for p, _ in NON_DEFAULTS])
def test_settings_survive_a_language_switch_and_the_next_click(browser, app_url, path, settings):
    """Choice widgets hold the label they show; after a switch to Chinese the next rerun must still find every
    setting (it once fell back to the defaults, silently)."""
    from urllib.parse import parse_qs, urlsplit

    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    try:
        goto_settled(page, f"{app_url}/{path}?" + "&".join(f"{k}={v}" for k, v in settings.items()))
        page.locator('[data-testid="stSidebar"]').get_by_text("简体中文").click()
        wait_until_settled(page)
        page.locator('[data-testid="stSidebar"]').get_by_text("演示模式").click()  # any rerun that is not the switch
        wait_until_settled(page)
        query = {key: values[0] for key, values in parse_qs(urlsplit(page.url).query).items()}
        assert query["lang"] == "zh" and query["presenter"] == "1"
        assert {key: query.get(key) for key in settings} == settings
        main = page.locator('[data-testid="stMainBlockContainer"]').inner_text()
        assert page.locator('[data-testid="stException"]').count() == 0
        assert "本页面出错了" not in main and "Session State API" not in main
    finally:
        page.close()
