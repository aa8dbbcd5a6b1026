"""The integration-event envelope: built from stored events, validated on both sides."""
import uuid

import pytest

from shared import envelope
from shared.context import CommandContext, acting_as
from services.registry.adapters.outbound_events import OUTBOUND
from services.registry.domain.accounts import Account
from services.registry.domain.rooms import Room


def published(event, position, previous=None):
    return envelope.build("registry", event, position, OUTBOUND.published_form(event), previous)


def test_envelope_carries_actor_correlation_and_position():
    ctx = CommandContext(actor_id="u-1", role="developer", org_id="org-9", correlation_id="c-1",
                         causation_id="e-0")
    with acting_as(ctx):
        room = Room.define(id=uuid.uuid4(), building_id="b", project_id="p", developer_id="org-9",
                           floor=3, room_number="301", building_name="1栋",
                           project_name="p", developer_name="d")
    event = room.collect_events()[0]
    data = published(event, 42, previous=40)
    assert (data["type"], data["schema_version"]) == ("RoomDefined", 2)
    assert (data["position"], data["previous_position"]) == (42, 40)
    assert data["aggregate_version"] == 1
    assert data["actor"] == {"actor_id": "u-1", "role": "developer", "org_id": "org-9"}
    assert data["correlation_id"] == "c-1" and data["causation_id"] == "e-0"
    assert data["payload"]["room_number"] == "301"
    assert published(event, 42)["event_id"] == data["event_id"], "ids are deterministic"


def test_internal_events_never_leave_the_service():
    account = Account.open(id=uuid.uuid4(), username="a", role="auditor", org_id=None,
                           display_name="A", password_hash="$argon2id$secret")
    assert OUTBOUND.published_form(account.collect_events()[0]) is None


@pytest.mark.parametrize("broken", [
    "not an object",
    {"type": "RoomDefined"},
    {"envelope_version": 1, "event_id": "nope", "type": "X", "schema_version": 1, "source": "registry",
     "aggregate_id": "a", "aggregate_version": 1, "position": 1, "occurred_at": "2026-01-01T00:00:00+00:00",
     "payload": {}},
])
def test_invalid_envelopes_are_refused_with_a_reason(broken):
    with pytest.raises(envelope.InvalidEnvelope) as info:
        envelope.validate_envelope(broken)
    assert info.value.reason


def test_unknown_envelope_fields_are_refused():
    room = Room.define(id=uuid.uuid4(), building_id="b", project_id="p", developer_id="d", floor=1,
                       room_number="101", building_name="1栋", project_name="明珠花园", developer_name="示范置业")
    data = published(room.collect_events()[0], 1)
    with pytest.raises(envelope.InvalidEnvelope):
        envelope.validate_envelope({**data, "surprise": 1})


def test_read_all_returns_only_published_events_across_sections(monkeypatch):
    from shared import log_reader
    from shared.context import SYSTEM
    from services.registry.application.app import RegistryApplication

    monkeypatch.setattr(log_reader, "MAX_SECTION", 2)
    app = RegistryApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    for n in range(3):
        app.open_account(SYSTEM, username=f"auditor{n}", password="Passw0rd!Passw0rd", role="auditor",
                         org_id=None, display_name="审计员")
        app.register_developer(SYSTEM, name=f"置业{n}", credit_code=f"91420100MA4K{n:06d}")
    events = list(log_reader.read_all(app, OUTBOUND))
    assert [e["type"] for e in events] == ["DeveloperRegistered"] * 3
    assert [e["position"] for e in events] == sorted(e["position"] for e in events)
