"""Contracts application in memory: drafting for published rooms only, one live contract per room,
organisation boundaries, the 24-hour expiry policy and the bureau's filing outcomes."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings, strategies as st

from shared import clock
from shared.context import SYSTEM
from shared.errors import Conflict, Forbidden, RuleViolation
from services.contracts.application.app import ContractsApplication
from tests.unit.conftest import developer_ctx
from tests.unit.contract_support import BUYER, complete_sections

DEVELOPER = str(uuid.uuid4())


def room(room_id, saleable=True, developer_id=DEVELOPER):
    return {"room_id": room_id, "project_id": "p", "developer_id": developer_id, "saleable": saleable,
            "info": {"area_sqm": "89.50", "price_per_sqm": "7800.00"}, "room_number": "1201",
            "building_name": "1栋", "project_name": "明珠花园", "developer_name": "示范置业"}


@pytest.fixture
def app():
    return ContractsApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


def drafted(app, ctx, room_id=None):
    room_id = room_id or str(uuid.uuid4())
    return app.draft_contract(ctx, room(room_id), room_id, BUYER)


def formal(app, ctx):
    contract = drafted(app, ctx)
    for section_id, values in complete_sections().items():
        app.save_clause(ctx, contract["contract_id"], section_id, values)
    app.print_preview(ctx, contract["contract_id"])
    return app.print_formal(ctx, contract["contract_id"])


def test_R000_7_a_contract_is_drafted_only_for_a_published_saleable_room(app):
    ctx = developer_ctx(DEVELOPER)
    room_id = str(uuid.uuid4())
    with pytest.raises(Conflict):
        app.draft_contract(ctx, None, room_id, BUYER)
    with pytest.raises(Conflict):
        app.draft_contract(ctx, room(room_id, saleable=False), room_id, BUYER)
    contract = app.draft_contract(ctx, room(room_id), room_id, BUYER)
    assert contract["state"] == "drafted" and contract["room"]["room_number"] == "1201"


def test_R000_7_a_room_with_a_live_contract_cannot_be_drafted_again(app):
    ctx = developer_ctx(DEVELOPER)
    room_id = str(uuid.uuid4())
    drafted(app, ctx, room_id)
    with pytest.raises(Conflict) as info:
        drafted(app, ctx, room_id)
    assert info.value.code == "room_not_available"


def test_R000_6_presets_are_per_developer_and_project(app):
    ctx = developer_ctx(DEVELOPER)
    app.set_presets(ctx, "p", {"clause-19": {"dispute_resolution": "依法向人民法院起诉"}})
    assert drafted(app, ctx)["sections"]["clause-19"]["dispute_resolution"] == "依法向人民法院起诉"
    other = developer_ctx(uuid.uuid4())
    assert app.get_presets(other, "p")["sections"] == {}


def test_R000_12_abandoning_frees_the_room(app):
    ctx = developer_ctx(DEVELOPER)
    contract = formal(app, ctx)
    assert app.abandon(ctx, contract["contract_id"])["state"] == "cancelled"
    assert drafted(app, ctx, contract["room_id"])["state"] == "drafted"


def test_R000_11_the_expiry_policy_voids_and_frees_the_room(app):
    ctx = developer_ctx(DEVELOPER)
    fixed = clock.FixedClock(datetime(2026, 5, 1, tzinfo=timezone.utc))
    previous = clock.use_clock(fixed)
    try:
        contract = formal(app, ctx)
        assert app.expire(SYSTEM, contract["contract_id"]) is False
        fixed.advance(timedelta(hours=24, seconds=1))
        assert app.expire(SYSTEM, contract["contract_id"]) is True
        assert app.get_contract(ctx, contract["contract_id"])["cancel_reason"] == "expired"
        assert drafted(app, ctx, contract["room_id"])["state"] == "drafted"
    finally:
        clock.use_clock(previous)


def test_another_developer_cannot_draft_read_or_change(app):
    room_id = str(uuid.uuid4())
    other = developer_ctx(uuid.uuid4())
    with pytest.raises(Forbidden):
        app.draft_contract(other, room(room_id), room_id, BUYER)
    contract = drafted(app, developer_ctx(DEVELOPER), room_id)
    with pytest.raises(Forbidden):
        app.get_contract(other, contract["contract_id"])
    with pytest.raises(Forbidden):
        app.save_clause(other, contract["contract_id"], "clause-8", {"delivery_date": "2027-01-01"})


def test_filing_outcomes_are_idempotent(app):
    ctx = developer_ctx(DEVELOPER)
    contract = formal(app, ctx)
    app.confirm(ctx, contract["contract_id"])
    assert app.reject_filing(SYSTEM, contract["contract_id"], "case/1", ["缺少附件"]) is True
    assert app.reject_filing(SYSTEM, contract["contract_id"], "case/1", ["缺少附件"]) is False
    app.resubmit(ctx, contract["contract_id"])
    assert app.record_filing(SYSTEM, contract["contract_id"], "421000-2026-000007") is True
    assert app.record_filing(SYSTEM, contract["contract_id"], "421000-2026-000007") is False
    assert app.get_contract(ctx, contract["contract_id"])["filing_number"] == "421000-2026-000007"


def test_drafted_event_records_who_did_it(app):
    from shared.context import acting_as

    ctx = developer_ctx(DEVELOPER)
    with acting_as(ctx):
        contract = drafted(app, ctx)
    events = [app.mapper.to_domain_event(n) for n in app.notification_log.select(start=1, limit=10)]
    drafted_event = next(e for e in events if str(e.originator_id) == contract["contract_id"])
    assert drafted_event.meta["actor_id"] == "clerk-1" and drafted_event.meta["role"] == "developer"


ROOMS = [str(uuid.UUID(int=i)) for i in range(1, 4)]
STEP = st.one_of(
    st.tuples(st.just("draft"), st.sampled_from(ROOMS)),
    st.tuples(st.sampled_from(["abandon", "expire"]), st.integers(min_value=0, max_value=20)),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(STEP, max_size=30))
def test_no_command_sequence_puts_a_room_in_two_live_contracts(steps):
    app = ContractsApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    ctx = developer_ctx(DEVELOPER)
    contracts = []
    for command, arg in steps:
        try:
            if command == "draft":
                contracts.append(drafted(app, ctx, arg)["contract_id"])
            elif contracts and command == "abandon":
                app.abandon(ctx, contracts[arg % len(contracts)])
            elif contracts:
                app.expire(SYSTEM, contracts[arg % len(contracts)])
        except (Conflict, RuleViolation):
            pass
        live = {}
        for contract_id in contracts:
            contract = app.get_contract(ctx, contract_id)
            if contract["state"] != "cancelled":
                assert contract["room_id"] not in live, "a room is in two live contracts"
                live[contract["room_id"]] = contract_id
        for room_id in ROOMS:
            assert app._claim(room_id).contract_id == live.get(room_id)
