"""The one browser-test harness for every portal page: Debian's chromium driven by Playwright.

`Browser` starts /usr/bin/chromium (or $HOUSING_CHROMIUM) headless, with nothing downloaded; `Browser.page`
opens a page in a fresh context at a named size and records its console errors and uncaught exceptions;
`shoot` saves a page's screenshot at both sizes under var/browser/screens; `sign_in_staff` signs in through
the portal's own form, reading the captcha with the gateway's secret as the test host may.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser as PlaywrightBrowser
from playwright.sync_api import BrowserContext, Page, Playwright, expect

from services.gateway import captcha

ROOT = Path(__file__).resolve().parents[3]
SCREENS = ROOT / "var" / "browser" / "screens"
FAILURES = ROOT / "var" / "browser" / "failures"

SIZES = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    path = os.environ.get("HOUSING_CHROMIUM", "/usr/bin/chromium")
    if not Path(path).exists():
        raise RuntimeError(f"{path} is missing: `make provision` installs Debian's chromium")
    return path


@dataclass
class PageLog:
    """What went wrong inside a page: console errors and uncaught exceptions."""
    errors: list[str] = field(default_factory=list)

    def watch(self, page: Page, allowed: tuple[str, ...] = ()) -> None:
        def on_console(message) -> None:
            if message.type == "error" and not any(re.search(p, message.text) for p in allowed):
                self.errors.append(f"console: {message.text}")
        page.on("console", on_console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))


class Browser:
    """One chromium for the test session; a fresh context (cookies, storage) for every page asked for."""

    def __init__(self, playwright: Playwright, base_url: str) -> None:
        self.base_url = base_url
        self.browser: PlaywrightBrowser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        self.contexts: list[BrowserContext] = []
        self.log = PageLog()
        # A failed fetch the page handles itself (a 4xx it explains) is still logged by chromium as a
        # console error naming the resource: those are the page's business, not errors of the page.
        self.allowed_console = (r"Failed to load resource: the server responded with a status of 4\d\d",)

    def page(self, size: str = "desktop", allow_console: tuple[str, ...] = (), **context_options) -> Page:
        """`allow_console`: patterns of console errors this page is expected to log (a test answering its
        requests with a 5xx on purpose), besides the 4xx the pages handle themselves."""
        context = self.browser.new_context(viewport=SIZES[size], base_url=self.base_url, locale="zh-CN",
                                           timezone_id="Asia/Shanghai", accept_downloads=True,
                                           **context_options)
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        page = context.new_page()
        self.log.watch(page, self.allowed_console + allow_console)
        return page

    def close_contexts(self) -> None:
        for context in self.contexts:
            context.close()
        self.contexts.clear()
        self.log = PageLog()

    def open_pages(self) -> list[Page]:
        return [page for context in self.contexts for page in context.pages]

    def close(self) -> None:
        self.close_contexts()
        self.browser.close()


def slug(text: str) -> str:
    return re.sub(r"[^\w.-]+", "-", text).strip("-")[:120] or "page"


def shoot(page: Page, name: str) -> list[Path]:
    """Screenshots of the page as it is now, at 1440×900 and at 390×844 (then back to its own size)."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    own = page.viewport_size
    paths = []
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        path = SCREENS / f"{slug(name)}-{viewport['width']}x{viewport['height']}.png"
        page.screenshot(path=str(path), full_page=True)
        paths.append(path)
    if own:
        page.set_viewport_size(own)
    return paths


def keep_failure(pages: list[Page], test_name: str) -> None:
    FAILURES.mkdir(parents=True, exist_ok=True)
    for index, page in enumerate(pages):
        try:
            page.screenshot(path=str(FAILURES / f"{slug(test_name)}-{index}.png"), full_page=True)
        except Exception:  # a closed or crashed page has nothing to show
            pass


def sign_in_staff(page: Page, secret: str, username: str, password: str, electronic_key: str = "") -> None:
    """Sign in through the portal's form, as a person would, answering the captcha with the secret."""
    with page.expect_response(re.compile(r"/api/v1/auth/captcha$")) as challenge:
        page.goto("/portal/")
    captcha_id = challenge.value.json()["captcha_id"]
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_label("验证码").fill(captcha.open_answer(secret, captcha_id))
    if electronic_key:
        page.get_by_label("电子密钥").fill(electronic_key)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page.locator("#who")).to_be_visible()
