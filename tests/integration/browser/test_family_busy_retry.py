"""A selection window's burst as a family's page lives it: the first attempts of 「确认正选」 are answered 503
and 429 with Retry-After; the page tells the family in Chinese that it waits, retries with the same
Idempotency-Key, and exactly one confirmation reaches the lottery (R004.7)."""
from __future__ import annotations

import json

from playwright.sync_api import Route, expect

from tests.integration.browser.harness import shoot
from tests.integration.browser.pages import family as fam
from tests.integration.lottery_flow import family_login, new_round
from tests.integration.support import eventually

BUSY = [(503, "saturated", "selection is very busy"), (429, "request_in_flight", "one request at a time")]


def test_R004_7_a_busy_gateway_is_waited_out_and_the_confirmation_retried_with_the_same_key(
        browser, stack, api, bureau, token_secret):
    world = new_round(bureau, families=1, rooms=2, session_size=1, starts_in=25, formal_minutes=5)
    round_id = world["round_id"]
    (_, number), = world["people"].items()
    rooms = eventually(lambda: bureau.ok("GET", f"/api/v1/lottery/rounds/{round_id}/rooms")["rooms"],
                       what="room catalogue")
    label = fam.room_label(rooms[0])
    page = fam.sign_in(browser.page("phone", allow_console=(r"status of 503",)), round_id, number, token_secret)
    fam.go_to_formal_selection(page)
    fam.choose(page, label)

    attempts: list[str] = []

    def crowded(route: Route) -> None:
        attempts.append(route.request.headers.get("idempotency-key", ""))
        if len(attempts) <= len(BUSY):
            status, code, message = BUSY[len(attempts) - 1]
            route.fulfill(status=status, headers={"Retry-After": "1", "Content-Type": "application/json"},
                          body=json.dumps({"error": {"code": code, "message": message, "details": {}}}))
        else:
            route.continue_()

    page.route("**/selection/confirm", crowded)
    page.locator(f".cart-list .cart-item[data-room='{label}']").get_by_label("选定此房").check()
    page.get_by_role("button", name="确认正选").click()
    page.get_by_role("dialog").get_by_role("button", name="确认提交").click()
    waiting = page.locator("#waiting")
    expect(waiting).to_contain_text("系统繁忙，正在排队办理")
    expect(waiting).to_contain_text("自动重试")
    shoot(page, "family-busy-waiting")
    expect(page.get_by_role("tab", name="我的选房结果")).to_have_attribute("aria-selected", "true", timeout=20_000)
    expect(waiting).to_be_hidden()

    assert len(attempts) == len(BUSY) + 1
    assert attempts[0] and len(set(attempts)) == 1, f"every attempt carries the first key: {attempts}"
    assert label in fam.my_result(page)
    family = family_login(api, round_id, number)
    session = family.ok("GET", f"/api/v1/lottery/rounds/{round_id}/me")["session"]
    assert session["room"] == rooms[0]["room_id"]
    statistics = bureau.ok("GET", f"/api/v1/lottery/sessions/{session['session_id']}/statistics")
    assert statistics["confirmed"] == 1
    fam.no_raw_text(page)
