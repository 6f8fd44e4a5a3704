"""Every page in headless Chromium against the real server: renders, no exception box, screenshot saved.

Every check waits on the condition it checks (Playwright's auto-retrying ``expect`` with a generous timeout, after
the app's own 'script finished' message), never on a fixed delay, so a slow or busy machine only makes it slower.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.server import MAIN, PAGES, act, open_page, wait_drawn

SIDEBAR = '[data-testid="stSidebar"]'
EXCEPTION = '[data-testid="stException"]'
# The page's content scrolls inside the app, not the document, so a full-page screenshot showed only the first
# screen: the viewport is made as tall as the content instead (at most 16,000 px).
CONTENT_HEIGHT = f"() => Math.ceil(document.querySelector('{MAIN}').getBoundingClientRect().height) + 150"
MAX_SCREENSHOT_PX = 16_000
SKELETON = '[data-testid="stSkeleton"]'  # an element drawn as a grey box until its code has loaded


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def url_with(*pairs: str) -> re.Pattern:
    """A URL whose query holds every ``key=value`` of ``pairs``."""
    return re.compile("".join(rf"(?=.*[?&]{re.escape(pair)}(&|$))" for pair in pairs))


@pytest.mark.parametrize("width", [1400, 390], ids=["desktop", "phone"])
@pytest.mark.parametrize("path, heading", PAGES, ids=[p or "home" for p, _ in PAGES])
def test_page_renders_in_chromium(browser, app_url, artifacts_dir, path, heading, width):
    """Every page, on a classroom screen and on a phone (students open shared links there): no error, and a
    screenshot of the whole page to look at (test-artifacts/page-<path>[-390].png)."""
    page = browser.new_page(viewport={"width": width, "height": 2200})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        open_page(page, f"{app_url}/{path}", heading)
        expect(page.locator(SIDEBAR)).to_contain_text("Running on")  # the sidebar shows the device on every page
        suffix = "" if width == 1400 else f"-{width}"
        page.set_viewport_size({"width": width, "height": min(MAX_SCREENSHOT_PX, page.evaluate(CONTENT_HEIGHT))})
        wait_drawn(page)  # charts scrolled into view only now are drawn now
        expect(page.locator(SKELETON)).to_have_count(0)  # and tables, whose code Streamlit loads when first shown
        page.screenshot(path=str(artifacts_dir / f"page-{path or 'home'}{suffix}.png"))
        expect(page.locator(EXCEPTION)).to_have_count(0)
        expect(page.locator(MAIN)).not_to_contain_text("Something went wrong")
        assert not errors, errors
    finally:
        page.close()


def test_chinese_interface_and_preset_link(browser, app_url, artifacts_dir):
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    try:
        open_page(page, f"{app_url}/?lang=zh&settings_seed=7", "残差网络")
        expect(page.locator(SIDEBAR)).to_contain_text("设置")
        expect(page).to_have_url(url_with("lang=zh", "settings_seed=7"))
        page.screenshot(path=str(artifacts_dir / "page-home-zh.png"), full_page=True)
    finally:
        page.close()


def test_invalid_link_value_falls_back_with_notice(browser, app_url):
    page = browser.new_page()
    try:
        open_page(page, f"{app_url}/?settings_seed=banana")
        main = page.locator(MAIN)
        expect(main).to_contain_text("banana")
        expect(main).to_contain_text("not valid")
        expect(page.locator(EXCEPTION)).to_have_count(0)
    finally:
        page.close()


def test_presenter_view_hides_sidebar(browser, app_url, artifacts_dir):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        probe = open_page(page, f"{app_url}/?presenter=1")
        expect(page.locator(SIDEBAR)).to_be_hidden()
        page.screenshot(path=str(artifacts_dir / "page-home-presenter.png"))
        act(page, probe, page.get_by_role("button", name="Exit presenter view").click)
        expect(page.locator(SIDEBAR)).to_be_visible()
        expect(page).not_to_have_url(url_with("presenter=1"))
    finally:
        page.close()


def test_a_tab_is_built_when_opened_and_kept_across_languages(browser, app_url, artifacts_dir):
    page = browser.new_page(viewport={"width": 1400, "height": 2000})
    try:
        probe = open_page(page, f"{app_url}/gradient-flow?gf_depth=20&gf_bn=off&gf_batch=4")
        tables = page.locator('[data-testid="stDataFrame"]')
        expect(page.get_by_role("tab", name="w.r.t. each block's input")).to_have_attribute("aria-selected", "true")
        closed = tables.count()  # the λ-law and training tables; the numbers tab's table is not built yet
        act(page, probe, page.get_by_role("tab", name="Numbers").click)
        expect(page).to_have_url(url_with("gf_tab=numbers"))
        expect(tables).to_have_count(closed + 1)
        page.screenshot(path=str(artifacts_dir / "page-gradient-flow-numbers.png"), full_page=True)
        act(page, probe, page.locator(SIDEBAR).get_by_text("简体中文").click)
        expect(page.get_by_role("tab", name="数值")).to_have_attribute("aria-selected", "true")
        expect(page).to_have_url(url_with("lang=zh", "gf_tab=numbers"))
        expect(page.locator(EXCEPTION)).to_have_count(0)
    finally:
        page.close()


def test_a_setting_the_training_run_uses_reruns_the_whole_page(browser, app_url):
    """The experiment settings rerun only their own section, except initialisation, λ and batch: the training
    run further down uses them too, so they rerun the page and its caption follows."""
    page = browser.new_page(viewport={"width": 1400, "height": 2000})
    try:
        probe = open_page(page, f"{app_url}/gradient-flow?gf_depth=20&gf_bn=off&gf_batch=4&gf_init=default")
        main = page.locator(MAIN)
        expect(main).to_contain_text("PyTorch default (each layer's reset_parameters), λ = 1 in the residual net")
        page.get_by_test_id("stExpander").filter(has_text="Experiment settings").first.locator("summary").click()
        box = page.get_by_test_id("stSelectbox").filter(has_text="Initialisation").first.locator("input")
        box.click()
        box.fill("Kaiming")
        act(page, probe, lambda: box.press("Enter"))
        expect(page).to_have_url(url_with("gf_init=he"))
        expect(main).to_contain_text("He (Kaiming normal, fan-out), λ = 1 in the residual net")
        expect(main).not_to_contain_text("PyTorch default (each layer's reset_parameters), λ = 1 in the residual net")
        expect(page.locator(EXCEPTION)).to_have_count(0)
    finally:
        page.close()


def test_a_tab_opened_later_reports_the_link_value_it_refused(browser, app_url):
    page = browser.new_page(viewport={"width": 1400, "height": 2000})
    try:
        probe = open_page(page, f"{app_url}/attributions?attr_sanity_count_shapes=99")
        main = page.locator(MAIN)
        expect(page.get_by_role("tab", name="Methods side by side")).to_have_attribute("aria-selected", "true")
        expect(main).not_to_contain_text("'99'")  # the sanity tab, whose setting it is, has not been built
        act(page, probe, page.get_by_role("tab", name="Sanity check: randomised model").click)
        expect(main).to_contain_text("'99'")
        expect(page).to_have_url(url_with("attr_sanity_count_shapes=1"))
        expect(page.locator(EXCEPTION)).to_have_count(0)
    finally:
        page.close()


# Settings away from their defaults, one set per page, as a link would carry them.
NON_DEFAULTS = [
    ("block", {"block_order": "paper", "block_bn": "fresh", "block_preset": "identity"}),
    ("architecture", {"arch_family": "cifar", "arch_shortcut": "B", "arch_preact": "v2"}),
    ("feature-maps", {"fm_order": "first", "fm_scale": "global"}),
    ("gradient-flow", {"gf_init": "he", "gf_bn": "off", "gf_depth": "20", "gf_batch": "4"}),
    ("degradation", {"settings_model_source": "checkpoint"}),
    ("why-residual", {"why_pair": "20", "why_tab": "landscape"}),
    ("attributions", {"attr_model": "shapes-plain", "attr_sign": "positive", "attr_scale": "shared",
                      "attr_tab": "sanity"}),
]


@pytest.mark.parametrize("path, settings", NON_DEFAULTS, ids=[p for p, _ in NON_DEFAULTS])
def test_settings_survive_a_language_switch_and_the_next_click(browser, app_url, path, settings):
    """Choice widgets hold the label they show; after a switch to Chinese the next rerun must still find every
    setting (it once fell back to the defaults, silently)."""
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    try:
        probe = open_page(page, f"{app_url}/{path}?" + "&".join(f"{k}={v}" for k, v in settings.items()))
        sidebar = page.locator(SIDEBAR)
        act(page, probe, sidebar.get_by_text("简体中文").click)
        expect(page).to_have_url(url_with("lang=zh"))
        expect(sidebar.get_by_text("演示模式")).to_be_visible()
        act(page, probe, sidebar.get_by_text("演示模式").click)  # any rerun that is not the switch
        expect(page).to_have_url(url_with("lang=zh", "presenter=1", *(f"{k}={v}" for k, v in settings.items())))
        query = query_of(page.url)
        assert {key: query.get(key) for key in settings} == settings
        expect(page.locator(EXCEPTION)).to_have_count(0)
        main = page.locator(MAIN)
        expect(main).not_to_contain_text("本页面出错了")
        expect(main).not_to_contain_text("Session State API")
    finally:
        page.close()


def test_why_residual_page_in_both_languages_with_its_settings_in_the_link(browser, app_url, artifacts_dir):
    page = browser.new_page(viewport={"width": 1400, "height": 2600})
    try:
        probe = open_page(page, f"{app_url}/why-residual?why_tab=paths", "Why residual nets train")
        main = page.locator(MAIN)
        expect(page.get_by_role("tab", name="Ensemble of paths")).to_have_attribute("aria-selected", "true")
        expect(main).to_contain_text("27 blocks, 134,217,728 paths")
        expect(main.locator(".js-plotly-plot")).to_have_count(2)
        page.screenshot(path=str(artifacts_dir / "page-why-residual-paths.png"), full_page=True)
        act(page, probe, page.get_by_role("tab", name="Lesion study").click)
        expect(page).to_have_url(url_with("why_tab=lesion"))
        expect(main.locator(".js-plotly-plot")).to_have_count(3)
        box = page.get_by_test_id("stSelectbox").filter(has_text="Model pair").first.locator("input")
        box.click()
        box.fill("20 layers (the stored")
        act(page, probe, lambda: box.press("Enter"))
        expect(page).to_have_url(url_with("why_pair=20", "why_tab=lesion"))
        expect(main).to_contain_text("ResNet-20: intact")
        act(page, probe, page.locator(SIDEBAR).get_by_text("简体中文").click)
        expect(page.get_by_role("heading", name="残差网络为什么能训练")).to_be_visible()
        expect(page).to_have_url(url_with("lang=zh", "why_pair=20", "why_tab=lesion"))
        expect(main.locator(".js-plotly-plot")).to_have_count(3)
        page.screenshot(path=str(artifacts_dir / "page-why-residual-zh.png"), full_page=True)
        expect(page.locator(EXCEPTION)).to_have_count(0)
    finally:
        page.close()


def test_stepping_through_the_block_happens_in_the_browser_and_the_link_follows(browser, app_url, artifacts_dir):
    """Back / Next / Play / a stage chip change the maps with no round trip; the stage reaches the link and a
    clicked pixel reaches the formula view once the section has rerun."""
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        probe = open_page(page, f"{app_url}/block", "Inside a residual block")
        stepper = page.locator(".stepper")
        expect(stepper).to_have_attribute("data-stage", "conv1")
        act(page, probe, lambda: page.get_by_role("button", name="Next ▶", exact=True).click())
        expect(stepper).to_have_attribute("data-stage", "relu1")
        expect(stepper).to_contain_text("stage 3 of 8")
        expect(page).to_have_url(url_with("block_stage=relu1"))
        for _ in range(2):
            page.get_by_role("button", name="◀ Back", exact=True).click()
        expect(stepper).to_have_attribute("data-stage", "x")
        expect(page.get_by_role("button", name="◀ Back", exact=True)).to_be_disabled()  # as far back as it goes
        expect(page).to_have_url(url_with("block_stage=x"))
        page.get_by_role("button", name="Play", exact=True).click()
        expect(stepper).to_have_attribute("data-stage", "out")
        expect(page).to_have_url(url_with("block_stage=out"))
        page.locator(".stepper .chip").filter(has_text="conv2").click()
        expect(stepper).to_have_attribute("data-stage", "conv2")
        expect(page).to_have_url(url_with("block_stage=conv2"))
        # a pixel of channel 2, row 10, column 20 (the middle of that pixel)
        maps = page.locator(".stepper .pixels img")
        box = maps.nth(2).bounding_box()
        maps.nth(2).click(position={"x": box["width"] * 20.5 / 64, "y": box["height"] * 10.5 / 64})
        expect(page.locator(MAIN)).to_contain_text("at [2, 10, 20]")
        expect(page).to_have_url(url_with("block_stage=conv2", "block_c=2", "block_i=10", "block_j=20"))
        stepper.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts_dir / "page-block-stepper.png"))
        # the link opens the same stage and position in a new session
        again = browser.new_page(viewport={"width": 1400, "height": 1400})
        try:
            open_page(again, page.url, "Inside a residual block")
            expect(again.locator(".stepper")).to_have_attribute("data-stage", "conv2")
            expect(again.locator(".stepper .marker")).to_have_count(1)
            expect(again.locator(MAIN)).to_contain_text("at [2, 10, 20]")
        finally:
            again.close()
        assert not errors, errors
    finally:
        page.close()


def test_on_a_phone_the_current_stage_stays_in_view_in_the_row_of_stages(browser, app_url):
    """At 390 px the row of eight stages scrolls sideways; the current one is scrolled into it, on a link to the
    last stage and after stepping back to the first."""
    page = browser.new_page(viewport={"width": 390, "height": 900})
    try:
        open_page(page, f"{app_url}/block?block_stage=out", "Inside a residual block")
        stepper = page.locator(".stepper")
        expect(stepper).to_have_attribute("data-stage", "out")
        flow = page.locator(".stepper .flow")
        flow.scroll_into_view_if_needed()
        assert flow.evaluate("row => row.scrollWidth > row.clientWidth")  # the row does not fit: it scrolls
        current = page.locator(".stepper .chip.current")
        expect(current).to_be_in_viewport(ratio=0.9)  # the last chip, scrolled to the row's end (its border may not be)
        page.get_by_role("button", name="Play", exact=True).click()  # from the first stage to the last
        expect(stepper).to_have_attribute("data-stage", "out")
        expect(current).to_be_in_viewport(ratio=0.9)
        for _ in range(7):
            page.get_by_role("button", name="◀ Back", exact=True).click()
        expect(stepper).to_have_attribute("data-stage", "x")
        expect(current).to_be_in_viewport(ratio=0.9)
    finally:
        page.close()
