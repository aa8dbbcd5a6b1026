"""Drafting and cancelling (R000.7, R000.12): a room is never in two live contracts."""
import uuid

import pytest
from hypothesis import given, settings, strategies as st

from shared.errors import Conflict, Forbidden, RuleViolation
from services.contracts.application.app import ContractsApplication
from tests.unit.conftest import developer_ctx

DEVELOPER = str(uuid.uuid4())


def room(room_id, saleable=True, developer_id=DEVELOPER):
    return {"room_id": room_id, "project_id": "p", "developer_id": developer_id, "saleable": saleable, "info": {}}


@pytest.fixture
def app():
    return ContractsApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


def test_R000_7_a_contract_is_drafted_only_for_a_published_saleable_room(app):
    ctx = developer_ctx(DEVELOPER)
    room_id = str(uuid.uuid4())
    with pytest.raises(Conflict):
        app.draft_contract(ctx, None, room_id, "张三")
    with pytest.raises(Conflict):
        app.draft_contract(ctx, room(room_id, saleable=False), room_id, "张三")
    contract = app.draft_contract(ctx, room(room_id), room_id, "张三")
    assert contract["state"] == "drafted" and contract["room_id"] == room_id


def test_R000_7_a_room_with_a_live_contract_cannot_be_drafted_again(app):
    ctx = developer_ctx(DEVELOPER)
    room_id = str(uuid.uuid4())
    app.draft_contract(ctx, room(room_id), room_id, "张三")
    with pytest.raises(Conflict) as info:
        app.draft_contract(ctx, room(room_id), room_id, "李四")
    assert info.value.code == "room_not_available"


def test_R000_12_cancelling_frees_the_room(app):
    ctx = developer_ctx(DEVELOPER)
    room_id = str(uuid.uuid4())
    contract = app.draft_contract(ctx, room(room_id), room_id, "张三")
    cancelled = app.cancel_contract(ctx, contract["contract_id"], "买受人放弃签约")
    assert cancelled["state"] == "cancelled"
    with pytest.raises(RuleViolation):
        app.cancel_contract(ctx, contract["contract_id"], "again")
    assert app.draft_contract(ctx, room(room_id), room_id, "李四")["state"] == "drafted"


def test_another_developer_cannot_draft_or_read(app):
    room_id = str(uuid.uuid4())
    other = developer_ctx(uuid.uuid4())
    with pytest.raises(Forbidden):
        app.draft_contract(other, room(room_id), room_id, "张三")
    contract = app.draft_contract(developer_ctx(DEVELOPER), room(room_id), room_id, "张三")
    with pytest.raises(Forbidden):
        app.get_contract(other, contract["contract_id"])


def test_drafted_event_records_who_did_it(app):
    ctx = developer_ctx(DEVELOPER)
    room_id = str(uuid.uuid4())
    from shared.context import acting_as

    with acting_as(ctx):
        contract = app.draft_contract(ctx, room(room_id), room_id, "张三")
    drafted = app.repository.get(uuid.UUID(contract["contract_id"]))
    first = app.notification_log.select(start=1, limit=1)[0]
    assert first.originator_id == drafted.id
    event = app.mapper.to_domain_event(first)
    assert event.meta["actor_id"] == "clerk-1" and event.meta["role"] == "developer"


ROOMS = [str(uuid.UUID(int=i)) for i in range(1, 4)]
STEP = st.one_of(
    st.tuples(st.just("draft"), st.sampled_from(ROOMS)),
    st.tuples(st.just("cancel"), st.integers(min_value=0, max_value=20)),
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
                contracts.append(app.draft_contract(ctx, room(arg), arg, "买受人")["contract_id"])
            elif contracts:
                app.cancel_contract(ctx, contracts[arg % len(contracts)], "放弃")
        except (Conflict, RuleViolation):
            pass
        live = {}
        for contract_id in contracts:
            contract = app.get_contract(ctx, contract_id)
            if contract["state"] != "cancelled":
                assert contract["room_id"] not in live, "a room is in two live contracts"
                live[contract["room_id"]] = contract_id
        for room_id in ROOMS:
            try:
                claim = app._claim(room_id)
            except Exception:
                continue
            assert claim.contract_id == live.get(room_id)
