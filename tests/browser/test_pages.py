"""Every page in headless Chromium against the real server: renders, no exception box, screenshot saved."""

import pytest

from tests.browser.server import PAGES, wait_until_settled


@pytest.mark.parametrize("path, heading", PAGES, ids=[p or "home" for p, _ in PAGES])
def test_page_renders_in_chromium(browser, app_url, artifacts_dir, path, heading):
    page = browser.new_page(viewport={"width": 1400, "height": 2200})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{app_url}/{path}", wait_until="domcontentloaded")
        wait_until_settled(page)
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
