"""Agencies and agents sign in with the unified identity bound to their signing account (guide 001 一, R001.9):
the staff portal's 统一身份认证登录 goes to the platform, comes back with its assertion, links it once to the account
whose name and password are typed (关联本地用户), and from then on signs that account in by the identity alone."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from services.gateway import captcha
from tests.integration.agency_flow import approved_agent, verified_agency
from tests.integration.browser.harness import shoot
from tests.integration.browser.pages.family import fill_platform_form

pytestmark = pytest.mark.integration
CAPTCHA = re.compile(r"/api/v1/auth/captcha$")


def through_the_platform(page: Page, name: str, id_number: str) -> str:
    """统一身份认证登录 → the platform's page → back in the staff portal; returns the captcha shown on return."""
    page.goto("/portal/")
    page.get_by_role("button", name="统一身份认证登录").click()
    expect(page).to_have_title("广东省统一身份认证平台")
    with page.expect_response(CAPTCHA) as challenge:
        fill_platform_form(page, name, id_number)
    expect(page).to_have_url(re.compile(r"/portal/index\.html$"))  # the assertion left the address bar
    return challenge.value.json()["captcha_id"]


def link_local_user(page: Page, secret: str, captcha_id: str, username: str, password: str) -> None:
    expect(page.locator("#identity-link-note")).to_be_visible()
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_label("验证码").fill(captcha.open_answer(secret, captcha_id))
    page.get_by_role("button", name="关联本地用户").click()


def test_R001_9_an_agent_links_the_identity_once_then_signs_in_by_it_alone(browser, stack, api, bureau, token_secret):
    agency, agency_api = verified_agency(stack, api, bureau)
    agent = approved_agent(stack, agency_api, bureau, agency["agency_id"], name="王小明")

    page = browser.page()
    captcha_id = through_the_platform(page, "王小明", agent["id_number"])
    expect(page.locator("#who")).to_be_hidden()
    shoot(page, "agent-identity-link")
    link_local_user(page, token_secret, captcha_id, agent["credentials"]["username"], agent["credentials"]["password"])
    expect(page.locator("#who")).to_be_visible()
    expect(page.locator("#who-name")).to_contain_text("王小明")

    page.get_by_role("button", name="退出登录").click()
    through_the_platform(page, "王小明", agent["id_number"])
    expect(page.locator("#who")).to_be_visible()  # no password this time
    expect(page.locator("#identity-link-note")).to_be_hidden()
    shoot(page, "agent-identity-signed-in")


def test_R001_9_one_identity_links_to_one_account_and_the_refusal_is_in_chinese(browser, stack, api, bureau,
                                                                                token_secret):
    agency, agency_api = verified_agency(stack, api, bureau)
    agent = approved_agent(stack, agency_api, bureau, agency["agency_id"], name="李四")
    page = browser.page("phone")
    captcha_id = through_the_platform(page, "李四", agent["id_number"])
    link_local_user(page, token_secret, captcha_id, agent["credentials"]["username"], agent["credentials"]["password"])
    expect(page.locator("#who")).to_be_visible()
    page.get_by_role("button", name="退出登录").click()

    other = browser.page("phone")
    captcha_id = through_the_platform(other, "张小燕", approved_agent(stack, agency_api, bureau, agency["agency_id"],
                                                                     name="张小燕")["id_number"])
    link_local_user(other, token_secret, captcha_id, agent["credentials"]["username"], agent["credentials"]["password"])
    error = other.locator("#login-error")
    expect(error).to_contain_text("已关联其他统一身份认证账号")
    expect(other.locator("#who")).to_be_hidden()
    shoot(other, "agent-identity-already-linked")
