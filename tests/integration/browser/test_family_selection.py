"""Two families of one session in two browsers, and a double tap on 「确认正选」 (R004.5, R004.7, R004.10)."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.integration.browser.harness import shoot
from tests.integration.browser.pages import family as fam
from tests.integration.lottery_flow import family_login, new_round
from tests.integration.support import eventually


def _round(api, bureau, families: int, rooms: int):
    world = new_round(bureau, families=families, rooms=rooms, session_size=families, starts_in=25, formal_minutes=5)
    round_id = world["round_id"]
    catalogue = eventually(lambda: bureau.ok("GET", f"/api/v1/lottery/rounds/{round_id}/rooms")["rooms"],
                           what="room catalogue")
    ranked = sorted(world["people"].items(), key=lambda item: family_login(api, round_id, item[1]).ok(
        "GET", f"/api/v1/lottery/rounds/{round_id}/me")["session"]["rank"])
    return round_id, [fam.room_label(room) for room in catalogue], ranked


def test_R004_5_R004_10_the_better_ranked_family_gets_the_room_and_the_other_sees_it_taken_live(
        browser, stack, api, bureau, token_secret):
    round_id, labels, ((best_id, best_number), (other_id, other_number)) = _round(api, bureau, 2, 4)
    wanted, fallback = labels[0], labels[1]
    best = fam.sign_in(browser.page("desktop"), round_id, best_number, token_secret)
    other = fam.sign_in(browser.page("phone"), round_id, other_number, token_secret, name="李四")
    for page in (best, other):
        fam.go_to_formal_selection(page)
        fam.choose(page, wanted)
    other.get_by_role("tab", name="房源信息播报").click()
    expect(other.locator(".stats")).to_contain_text("进行中")
    other.get_by_role("tab", name="开始选房").click()

    reads = []
    other.on("request", lambda request: reads.append(request.url) if "/api/v1/" in request.url else None)
    fam.confirm(best, wanted)
    row = other.locator(f".cart-list .cart-item[data-room='{wanted}']")
    expect(row).to_contain_text("已被在您之前的家庭选定", timeout=15_000)
    assert reads == [], f"the taken room came through the broadcast, not by asking again: {reads}"
    shoot(other, "family-room-taken-live")

    fam.move(other, wanted, "删除")
    fam.choose(other, fallback)
    fam.confirm(other, fallback)
    assert fallback in fam.my_result(other)
    assert wanted in fam.my_result(best)

    other.get_by_role("tab", name="房源信息播报").click()
    expect(other.locator(".stats")).to_contain_text("已确认正选")
    expect(other.locator(".tile.taken")).to_have_count(2)
    shoot(other, "family-broadcast")


def test_R004_7_a_double_tapped_confirmation_sends_one_confirmation(browser, stack, api, bureau, token_secret):
    round_id, labels, ((_, number),) = _round(api, bureau, 1, 2)
    page = fam.sign_in(browser.page("phone"), round_id, number, token_secret)
    fam.go_to_formal_selection(page)
    fam.choose(page, labels[0])
    confirmations = []
    page.on("request", lambda request: confirmations.append(request) if request.url.endswith("/selection/confirm") else None)
    page.get_by_role("button", name="确认正选").dblclick()
    expect(page.get_by_role("dialog")).to_have_count(1)
    page.get_by_role("dialog").get_by_role("button", name="确认提交").dblclick()
    expect(page.get_by_role("tab", name="我的选房结果")).to_have_attribute("aria-selected", "true")
    assert labels[0] in fam.my_result(page)
    assert len(confirmations) == 1
    assert confirmations[0].headers.get("idempotency-key")


def test_R004_11_the_window_ending_while_the_family_types_its_bank_card_keeps_what_it_typed(
        browser, stack, api, bureau, token_secret):
    """The selection window's end redraws the selection pages, never the lease form the family is filling
    in (a whole-suite run caught a family's account name wiped mid-form when its window ended)."""
    round_id, labels, ((_, number),) = _round(api, bureau, 1, 2)
    page = browser.page("phone")
    page.clock.install()
    fam.sign_in(page, round_id, number, token_secret)
    fam.go_to_formal_selection(page)
    fam.choose(page, labels[0])
    fam.confirm(page, labels[0])
    fam.go_sign(page)
    fam.save_phone(page, "13800138000")
    page.get_by_label("账户名（主申请人姓名）").fill("张三")
    page.get_by_label("银行卡号（深圳任意银行储蓄卡）").fill("6222020202020202")
    page.clock.fast_forward("06:00")  # past the window's end: a boundary the page reacts to
    page.clock.fast_forward("00:05")  # and past the moment it re-reads the session
    page.wait_for_timeout(1500)
    expect(page.get_by_label("账户名（主申请人姓名）")).to_have_value("张三")
    expect(page.get_by_label("银行卡号（深圳任意银行储蓄卡）")).to_have_value("6222020202020202")
