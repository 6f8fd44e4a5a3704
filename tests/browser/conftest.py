import os

import pytest

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, running_app


def pytest_configure(config):
    from playwright.sync_api import expect

    # expect() retries until its condition holds; on a busy 2-core machine a rerun can take minutes
    expect.set_options(timeout=TIMEOUT_MS)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def app_url(artifacts_dir):
    with running_app() as (base, _process):
        yield base


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (make browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()
