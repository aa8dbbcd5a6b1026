"""Fixtures of the browser tests: one chromium per session on the test stack, pages that are closed after
each test, screenshots of every open page kept under var/browser/failures when a test fails, and no test
passes with a console error or an uncaught exception in any of its pages."""
from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from tests.integration.browser.harness import Browser, keep_failure


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="package")
def chromium(stack):
    """Package-scoped: Playwright's sync API keeps an event loop running in this thread while it is open,
    and the tests after the browser tests run asyncio loops of their own."""
    with sync_playwright() as playwright:
        browser = Browser(playwright, stack.gateway_url)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser(chromium, request):
    yield chromium
    report = getattr(request.node, "report_call", None)
    try:
        if report is not None and report.failed:
            keep_failure(chromium.open_pages(), request.node.name)
        errors = list(chromium.log.errors)
    finally:
        chromium.close_contexts()
    if report is not None and report.passed:
        assert not errors, "the pages logged errors:\n" + "\n".join(errors)


@pytest.fixture(scope="session")
def token_secret(stack) -> str:
    return stack.secrets["HOUSING_TOKEN_SECRET"]
