"""A shared link opened as the very first request to a freshly started server shows that page, in that language,
with the sidebar and the link's settings, and no "page not found" (docs/ARCHITECTURE.md, "Pages and the router")."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.server import MAIN, SessionProbe, running_app, wait_drawn


def test_a_deep_link_is_the_first_request_a_new_server_gets(browser, artifacts_dir):
    with running_app() as (base, _process):
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        try:
            probe = SessionProbe(page)
            page.goto(f"{base}/gradient-flow?gf_depth=110&lang=zh", wait_until="commit")
            main = page.locator(MAIN)
            expect(main.locator("h1").first).to_have_text("梯度流")
            expect(main).to_contain_text("普通网络-110")  # the link's depth, measured
            expect(page).to_have_url(re.compile(r"/gradient-flow\?.*gf_depth=110"))
            expect(page).to_have_url(re.compile(r"[?&]lang=zh"))
            sidebar = page.get_by_test_id("stSidebar")
            expect(sidebar.get_by_test_id("stSidebarNav")).to_contain_text("梯度流")
            expect(sidebar.get_by_role("radio", name="简体中文")).to_be_checked()
            probe.wait_completed(page, 1)
            wait_drawn(page)
            expect(page.get_by_text("Page not found")).to_have_count(0)
            expect(page.get_by_role("dialog")).to_have_count(0)
            page.screenshot(path=str(artifacts_dir / "deep-link-first-request.png"))
        finally:
            page.context.close()
