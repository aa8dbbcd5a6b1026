"""The staff portal's sign-in and shell in a real browser: Chinese errors, tabs with roles, both sizes."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.integration.browser.harness import shoot, sign_in_staff
from tests.integration.conftest import BUREAU_PASSWORD


def test_a_wrong_captcha_is_explained_in_chinese_and_a_new_one_is_loaded(browser, stack):
    page = browser.page("phone")
    page.goto("/portal/")
    expect(page.locator("#captcha-image")).to_have_attribute("src", re.compile("^data:image/"))
    first = page.locator("#captcha-image").get_attribute("src")
    page.get_by_label("用户名").fill("bureau.test")
    page.get_by_label("密码", exact=True).fill(BUREAU_PASSWORD)
    page.get_by_label("验证码").fill("WRONG")
    page.get_by_role("button", name="登录", exact=True).click()
    error = page.locator("#login-error")
    expect(error).to_be_visible()
    expect(error).not_to_contain_text(re.compile(r"[a-z]+_[a-z]+|captcha", re.I))
    expect(error).to_contain_text("验证码")
    expect(page.locator("#captcha-image")).not_to_have_attribute("src", first)
    shoot(page, "staff-sign-in-wrong-captcha")


def test_the_captcha_row_keeps_its_words_whole_on_a_phone(browser, stack):
    page = browser.page("phone")
    page.goto("/portal/")
    refresh = page.get_by_role("button", name="换一张")
    box = refresh.bounding_box()
    assert box is not None and box["width"] > box["height"], box  # one line, not a character per line
    field = page.get_by_label("验证码").bounding_box()
    assert field is not None and field["width"] >= 80, field


def test_the_bureau_officer_sees_tabs_with_roles(browser, stack, token_secret):
    page = browser.page()
    sign_in_staff(page, token_secret, "bureau.test", BUREAU_PASSWORD)
    tabs = page.get_by_role("tab")
    expect(tabs.first).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("tabpanel").filter(has=page.locator(":visible"))).to_have_count(1)
    page.get_by_role("tab", name="备案登记簿").click()
    expect(page.get_by_role("tab", name="备案登记簿")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#bureau-filed")).to_be_visible()
    expect(page.locator("#bureau-pending")).to_be_hidden()
    shoot(page, "bureau-filing-register")
