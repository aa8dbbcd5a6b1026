"""补选申请 in the families' portal (R004.9): the page shows when applications are taken, tells a family in
Chinese why it cannot apply yet or any more, and takes the application of a family that missed its session.
The stack's clock is pinned on either side of the window's edges, and set going again after."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from shared.clock import SHANGHAI, now
from tests.integration.browser.harness import shoot
from tests.integration.browser.pages import family as fam
from tests.integration.lottery_flow import family_login, new_round

SECOND = timedelta(seconds=1)


@pytest.fixture
def pin_clock(stack):
    yield stack.pin_clock
    stack.move_clock(0)


def _tomorrow_at_ten() -> float:
    today = now().astimezone(SHANGHAI)
    morning = datetime(today.year, today.month, today.day, 10, tzinfo=SHANGHAI) + timedelta(days=1)
    return (morning - now()).total_seconds()


def _clock(instant: datetime) -> str:
    return f"{instant.astimezone(SHANGHAI):%H:%M:%S}"


def test_R004_9_the_deadline_is_shown_a_refusal_says_why_and_a_family_that_missed_its_session_applies(
        browser, stack, api, bureau, token_secret, pin_clock):
    world = new_round(bureau, families=2, rooms=2, session_size=1, starts_in=_tomorrow_at_ten(), formal_minutes=5)
    round_id, sessions = world["round_id"], world["sessions"]
    by_start = {family_login(api, round_id, number).ok("GET", f"/api/v1/lottery/rounds/{round_id}/me")
                ["preselection_window"]["closes_at"]: number for number in world["people"].values()}
    first, second = (by_start[session["formal_start"]] for session in sessions)
    first_end = datetime.fromisoformat(sessions[0]["formal_end"])
    closes = datetime.fromisoformat(sessions[-1]["formal_end"]) + timedelta(minutes=3)

    page = fam.sign_in(browser.page("phone"), round_id, first, token_secret)
    window = fam.open_supplementary(page)
    assert window["申请时间"].endswith(_clock(closes)) and _clock(first_end) in window["申请时间"]
    assert "3分钟" in window["截止说明"]
    assert "场次尚未结束" in fam.apply_supplementary(page)
    shoot(page, "family-supplementary-too-early")

    pin_clock(first_end + SECOND)
    page.reload()
    fam.open_supplementary(page)
    accepted = fam.apply_supplementary(page)
    assert "补选申请已提交" in accepted and "未在正选时间内参与选房" in accepted
    expect(page.get_by_role("button", name="申请补选")).to_be_hidden()
    shoot(page, "family-supplementary-accepted")
    fam.no_raw_text(page)

    pin_clock(closes + SECOND)
    late = fam.sign_in(browser.page("phone"), round_id, second, token_secret, name="李四")
    fam.open_supplementary(late)
    assert "补选申请已截止" in fam.apply_supplementary(late)
    fam.no_raw_text(late)
