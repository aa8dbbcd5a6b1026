"""A family signs in as the guide says (二（一）登录选房系统): from the families' portal to the 广东省统一身份认证平台,
where it types its name, ID number and SMS code, and back into its session; what the platform refuses it
says in Chinese, and it sends nobody to an address of a link's choosing."""
from __future__ import annotations

import re
import secrets
from urllib.parse import quote

from playwright.sync_api import expect

from deploy.sim.identity_provider import resident_ids
from services.lottery.domain import draw as d
from tests.integration.browser.harness import shoot
from tests.integration.browser.pages import family as fam
from tests.integration.lottery_flow import new_round


def _same_person_in_another_round(bureau, id_number: str, name: str) -> None:
    rooms = [{"building": "9栋", "room_number": "901", "layout": "1室1厅", "orientation": "S", "area_sqm": "40.00"}]
    round_id = bureau.ok("POST", "/api/v1/lottery/rounds", {"name": name, "rooms": rooms,
                                                             "preselection_start": "2026-01-01T00:00:00+08:00"})["round_id"]
    base = f"/api/v1/lottery/rounds/{round_id}"
    bureau.ok("POST", f"{base}/families", {"families": [{"family_id": f"SZ{secrets.token_hex(3)}",
                                                          "applicant_id_number": id_number}]})
    seed = secrets.token_hex(16)
    bureau.ok("POST", f"{base}/draw/announcement", {"seed_commitment": d.commitment(seed)})
    bureau.ok("POST", f"{base}/draw/sealed-list")
    bureau.ok("POST", f"{base}/draw", {"seed": seed})
    bureau.ok("POST", f"{base}/sessions", {"session_size": 1, "formal_minutes": 5,
                                           "first_formal_start": "2030-01-01T09:00:00+08:00"})


def test_R004_a_family_signs_in_through_the_unified_identity_platform_and_lands_in_its_session(browser, stack, bureau):
    world = new_round(bureau, families=1, rooms=2, session_size=1, starts_in=600, formal_minutes=5)
    (family_id, id_number), = world["people"].items()
    page = browser.page("phone")
    fam.go_to_identity_platform(page)
    expect(page.locator("body")).to_contain_text("模拟环境")
    shoot(page, "family-identity-platform")
    fam.fill_platform_form(page, "陈明", id_number)
    fam.landed_in_session(page)
    assert "#assertion" not in page.url, "the assertion leaves the address bar once used"
    expect(page.locator("#who-name")).to_contain_text(family_id)
    shoot(page, "family-signed-in-from-platform")

    # Signed out, the same button signs the family in again.
    page.get_by_role("button", name="退出登录").click()
    fam.sign_in_through_platform(page, "陈明", id_number)


def test_a_family_on_two_rounds_lists_chooses_one_and_is_signed_in_for_it(browser, stack, bureau):
    world = new_round(bureau, families=1, rooms=2, session_size=1, starts_in=600, formal_minutes=5)
    (_, id_number), = world["people"].items()
    _same_person_in_another_round(bureau, id_number, "公租房2026年第二批")
    page = browser.page("phone")
    fam.go_to_identity_platform(page)
    fam.fill_platform_form(page, "陈明", id_number)
    expect(page.get_by_role("heading", name="请选择选房批次")).to_be_visible()
    shoot(page, "family-choose-round")
    fam.choose_round(page, "公租房2026年第一批")
    assert page.evaluate("sessionStorage.getItem('family.round')") == world["round_id"]


def test_the_platform_answers_hostile_input_in_chinese_and_signs_nobody_in(browser, stack, bureau):
    world = new_round(bureau, families=1, rooms=1, session_size=1, starts_in=600, formal_minutes=5)
    (_, id_number), = world["people"].items()
    page = browser.page("phone")
    fam.go_to_identity_platform(page)
    platform = page.url

    page.get_by_role("button", name="登录").click()
    assert "请输入姓名" in fam.platform_problem(page)
    fam.fill_platform_form(page, "陈明", id_number[:-1] + ("1" if id_number[-1] != "1" else "2"))
    assert "校验码不正确" in fam.platform_problem(page)
    expect(page.get_by_label("姓名")).to_have_value("陈明")
    fam.fill_platform_form(page, "陈明", "abc")
    assert "应为18位" in fam.platform_problem(page)
    fam.fill_platform_form(page, "陈\x00明", id_number)
    assert "无法识别的字符" in fam.platform_problem(page)
    fam.fill_platform_form(page, "陈明", id_number, code="000000x")
    assert re.search("验证码不正确|请输入短信验证码", fam.platform_problem(page))
    shoot(page, "family-identity-platform-refused")

    # A link that would send the person elsewhere after signing in is refused, not followed.
    page.goto(platform.split("?")[0] + "?return_to=" + quote("https://evil.example/portal/family.html"))
    assert "已拒绝" in fam.platform_problem(page)
    expect(page.get_by_label("姓名")).to_have_count(0)

    # Someone on no round's list is told so in the portal.
    fam.go_to_identity_platform(page)
    fam.fill_platform_form(page, "路人", resident_ids(1, first=secrets.randbelow(10**7) + 10**7)[0])
    expect(page.locator("#login-error")).to_contain_text("不在任何公共租赁住房选房批次的名单中")
    fam.no_raw_text(page)
