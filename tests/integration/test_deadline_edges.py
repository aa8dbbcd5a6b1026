"""Every deadline the platform keeps, one second before and one second after it, through the running services:
R000.11 (24 hours to confirm a formal print), the lease signing deadline (R004.11–R004.15) and the
supplementary-selection window (R004.9). The stack's clock is pinned at each edge and set going again after
each test, so that other modules see the wall clock."""
from datetime import datetime, timedelta

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from shared.clock import SHANGHAI, now
from tests.integration import contract_flow as flow
from tests.integration.lease_flow import families_with_rooms, lease_of, phone_scans, sign_lease_through
from tests.integration.lottery_flow import act, family_login, new_round
from tests.integration.support import eventually, new_developer_with_rooms, room_status

SECOND = timedelta(seconds=1)


@pytest.fixture
def pin_clock(stack):
    yield stack.pin_clock
    stack.move_clock(0)


def sweeps(stack, service: str, timer: str) -> float:
    """How many times `service` has run its deadline timer (its /metrics)."""
    text = requests.get(f"http://127.0.0.1:{stack.specs[service].port}/metrics", timeout=10).text
    return sum(sample.value for family in text_string_to_metric_families(text)
               if family.name == "housing_rpc_seconds" for sample in family.samples
               if sample.name.endswith("_count") and sample.labels.get("entrypoint") == timer)


def after_a_whole_sweep(stack, service: str, timer: str) -> None:
    """Wait until the deadline timer has run once from start to end at the clock as it stands now."""
    seen = sweeps(stack, service, timer)
    eventually(lambda: sweeps(stack, service, timer) >= seen + 2, timeout=40, what=f"{timer} sweeps")


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_R000_11_confirm_at_formal_print_plus_24_h_minus_1_s_is_accepted_and_at_plus_1_s_refused(
        stack, api, bureau, pin_clock):
    estate = new_developer_with_rooms(api, bureau, floors=1, units_per_floor=2)
    clerk = estate.clerk
    on_time_room, late_room = (room["room_id"] for room in estate.rooms)
    printing = now()
    on_time = flow.formal_printed(clerk, on_time_room)
    late = flow.formal_printed(clerk, late_room)
    printed = now()
    for contract in (on_time, late):
        assert printing + timedelta(hours=24) <= instant(contract["confirm_by"]) <= printed + timedelta(hours=24)
    assert instant(on_time["confirm_by"]) < instant(late["confirm_by"])

    pin_clock(instant(on_time["confirm_by"]) - SECOND)
    after_a_whole_sweep(stack, "contracts", "expire_unconfirmed")
    assert flow.contract_state(clerk, on_time["contract_id"]) == "formal_printed"
    assert clerk.ok("POST", f"/api/v1/contracts/{on_time['contract_id']}/confirm")["state"] == "confirmed"
    eventually(lambda: room_status(clerk, estate.project_id, on_time_room) == "sold_unfiled", what="room sold")

    pin_clock(instant(late["confirm_by"]) + SECOND)
    refused = clerk.call("POST", f"/api/v1/contracts/{late['contract_id']}/confirm")
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] in ("confirmation_window_expired", "invalid_contract_state")
    eventually(lambda: flow.contract_state(clerk, late["contract_id"]) == "cancelled", timeout=40,
               what="the expiry timer voids the contract")
    assert clerk.ok("GET", f"/api/v1/contracts/{late['contract_id']}")["cancel_reason"] == "expired"
    assert flow.contract_state(clerk, on_time["contract_id"]) == "confirmed"
    eventually(lambda: room_status(clerk, estate.project_id, late_room) == "available", what="room for sale again")
    again = flow.draft(clerk, late_room, buyer="王五")
    assert again["state"] == "drafted" and again["room_id"] == late_room


def test_a_lease_paid_1_s_before_its_signing_deadline_goes_on_and_one_unpaid_1_s_after_lapses_and_is_undone(
        stack, api, bureau, pin_clock):
    round_id, families = families_with_rooms(api, bureau, 2)
    for family, lease, id_number in families:
        sign_lease_through(family, lease["lease_id"], id_number, until="signed")
    (on_time_family, on_time, _), (late_family, late, _) = sorted(
        families, key=lambda f: instant(lease_of(f[0], f[1]["lease_id"])["sign_by"]))
    on_time_by = instant(lease_of(on_time_family, on_time["lease_id"])["sign_by"])
    late_by = instant(lease_of(late_family, late["lease_id"])["sign_by"])
    assert on_time_by - SECOND < late_by

    pin_clock(on_time_by - SECOND)
    after_a_whole_sweep(stack, "contracts", "lapse_overdue_leases")
    assert lease_of(on_time_family, on_time["lease_id"])["state"] == "signed"
    pay_url = lease_of(on_time_family, on_time["lease_id"])["deposit_order"]["pay_url"]
    assert phone_scans(pay_url, {"outcome": "succeeded"}).ok
    eventually(lambda: lease_of(on_time_family, on_time["lease_id"])["state"] == "submitted", what="submitted")

    pin_clock(late_by + SECOND)
    refused = late_family.call("PUT", f"/api/v1/leases/{late['lease_id']}/phone", {"phone": "13700137001"})
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] in ("signing_deadline_passed", "lease_lapsed")
    eventually(lambda: lease_of(late_family, late["lease_id"])["state"] == "lapsed", timeout=40, what="lapsed")
    assert lease_of(on_time_family, on_time["lease_id"])["state"] == "submitted"
    late_pay_url = lease_of(late_family, late["lease_id"])["deposit_order"]["pay_url"]
    assert phone_scans(late_pay_url, {"outcome": "succeeded"}).ok  # the family pays after all: too late
    refund = eventually(lambda: lease_of(late_family, late["lease_id"])["refund"], timeout=30, what="refunded")
    assert refund["amount"] == late["deposit"]
    assert eventually(lambda: bureau.ok("GET", f"/api/v1/leases/{late['lease_id']}/mandate")["state"] == "cancelled",
                      what="mandate cancelled")
    rooms = lambda: bureau.ok("GET", f"/api/v1/lottery/rounds/{round_id}/rooms?available=false&limit=500")["rooms"]
    eventually(lambda: next(r["taken"] for r in rooms() if r["room_id"] == late["room_id"]) is False,
               what="the late lease's room released")
    assert next(r["taken"] for r in rooms() if r["room_id"] == on_time["room_id"]) is True


def _tomorrow_morning() -> float:
    """Seconds from now to 10:00 tomorrow in China: a round whose sessions all fall on one day."""
    today = now().astimezone(SHANGHAI)
    morning = datetime(today.year, today.month, today.day, 10, tzinfo=SHANGHAI) + timedelta(days=1)
    return (morning - now()).total_seconds()


def test_R004_9_supplementary_applications_open_at_the_sessions_end_and_close_3_minutes_after_the_days_last(
        stack, api, bureau, pin_clock):
    world = new_round(bureau, families=3, rooms=3, session_size=1, starts_in=_tomorrow_morning(), formal_minutes=5)
    round_id, sessions = world["round_id"], world["sessions"]
    families = [family_login(api, round_id, id_number) for id_number in world["people"].values()]
    session_start = {family.ok("GET", f"/api/v1/lottery/rounds/{round_id}/me")["preselection_window"]["closes_at"]:
                     family for family in families}
    first, second, third = (session_start[session["formal_start"]] for session in sessions)
    first_end = instant(sessions[0]["formal_end"])
    closes = max(instant(session["formal_end"]) for session in sessions) + timedelta(minutes=3)

    def apply(family):
        return act(family, round_id, "supplementary")

    pin_clock(first_end - SECOND)
    early = apply(first)
    assert early.status_code == 422 and early.json()["error"]["code"] == "session_not_ended"

    pin_clock(first_end + SECOND)
    opened = apply(first)
    assert opened.status_code == 200, opened.text
    assert opened.json()["reason"] == "missed_session"

    pin_clock(closes - SECOND)
    last_moment = apply(second)
    assert last_moment.status_code == 200, last_moment.text

    pin_clock(closes + SECOND)
    closed = apply(third)
    assert closed.status_code == 422 and closed.json()["error"]["code"] == "supplementary_closed"
