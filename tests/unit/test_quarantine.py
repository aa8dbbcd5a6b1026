"""A consumer that meets an event it cannot apply quarantines it and goes on (issue 10, section 2):
the event is kept with its reason, the position advances, the aggregate is poisoned so its later events
wait behind it, other aggregates go on, transient failures are retried, and a re-drive after a fix
applies the held events in order. An in-memory view stands in for PostgreSQL."""
from __future__ import annotations

import json
from typing import Any, Mapping

import psycopg
import pytest

from shared import metrics
from shared.consumer import APPLIED, DUPLICATE, QUARANTINED, IdempotentConsumer
from shared.consumer_progress import ConsumerProgress
from shared.consumer_declaration import ConsumerDeclaration, on
from shared.integration import PayloadSchema
from shared.quarantine import record
from tests.unit.consumer_support import Log, MemoryView


class Rooms:
    """A projection that, like PostgreSQL text, cannot store NUL (writing each room before it fails)."""

    def __init__(self, view: MemoryView) -> None:
        self.view = view
        self.accept_nul = False
        self.fail_with: BaseException | None = None

    def apply(self, tx: Any, envelope: Mapping[str, Any]) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        p, round_id = envelope["payload"], envelope["aggregate_id"]
        if envelope["type"] == "RoundOpened":
            for room_id, room in p["rooms"].items():
                self.view.rows[room_id] = {"round": round_id, "building": room["building"], "taken": False}
                if "\x00" in room["building"] and not self.accept_nul:
                    raise ValueError("PostgreSQL text fields cannot contain NUL (0x00) bytes")
        elif envelope["type"] == "RoomConfirmed":
            self.view.rows[p["room_id"]]["taken"] = True


ROOMS = ConsumerDeclaration("rooms", MemoryView, lambda _, view: Rooms(view), (
    on("lottery", "RoundOpened", 1, PayloadSchema, Rooms.apply), on("lottery", "RoomConfirmed", 1, PayloadSchema, Rooms.apply)))


@pytest.fixture
def setup():
    view = MemoryView()
    projection = Rooms(view)
    return view, projection, IdempotentConsumer(view, ROOMS, projection), Log()


def counted(consumer_name: str, error: str) -> float:
    value = metrics.EVENTS_QUARANTINED.labels(consumer_name, "lottery", error)._value.get()
    return value


def test_an_event_that_cannot_be_applied_is_quarantined_with_its_reason_and_the_position_advances(setup):
    view, _, consumer, log = setup
    before = counted("rooms", "ValueError")
    poison = log.round("r-nul", "N\x00B")
    assert consumer.handle(poison, log.fetch) == QUARANTINED
    assert view.position("lottery") == 1
    assert view.rows == {}  # what it wrote before failing is rolled back with it
    [held] = view.quarantined()
    assert (held["position"], held["event_type"], held["aggregate_id"], held["error_class"]) == (
        1, "RoundOpened", "r-nul", "ValueError")
    assert "NUL" in held["error_message"] and held["event_id"] == poison["event_id"]
    assert counted("rooms", "ValueError") == before + 1
    assert metrics.QUARANTINE_OPEN.labels("rooms")._value.get() == 1


def test_other_aggregates_go_on_while_the_poisoned_ones_later_events_wait_behind_it(setup):
    view, _, consumer, log = setup
    consumer.handle(log.round("r-nul", "N\x00B"), log.fetch)
    assert consumer.handle(log.round("r-ok", "1栋"), log.fetch) == APPLIED
    later = log.append("RoomConfirmed", "r-nul", {"room_id": "r-nul-0"})
    assert consumer.handle(later, log.fetch) == QUARANTINED
    assert consumer.handle(log.append("RoomConfirmed", "r-ok", {"room_id": "r-ok-0"}), log.fetch) == APPLIED
    assert view.rows == {"r-ok-0": {"round": "r-ok", "building": "1栋", "taken": True}}
    held = view.quarantined(aggregate="r-nul")
    assert [(r["position"], r["error_class"]) for r in held] == [(1, "ValueError"), (3, "PoisonedAggregate")]
    assert "position 1" in held[1]["error_message"]
    assert view.position("lottery") == 4


def test_a_transient_failure_is_not_quarantined_and_the_event_is_tried_again(setup):
    view, projection, consumer, log = setup
    event = log.round("r1", "1栋")
    projection.fail_with = psycopg.OperationalError("connection refused")
    with pytest.raises(psycopg.OperationalError):
        consumer.handle(event, log.fetch)
    assert (view.position("lottery"), view.quarantined()) == (0, [])
    projection.fail_with = None
    assert consumer.handle(event, log.fetch) == APPLIED
    assert consumer.handle(event, log.fetch) == DUPLICATE


def test_a_concurrent_modification_is_retried_not_quarantined(setup):
    from shared.errors import Conflict

    view, projection, consumer, log = setup
    projection.fail_with = Conflict("someone changed this", code="concurrent_modification")
    with pytest.raises(Conflict):
        consumer.handle(log.round("r1", "1栋"), log.fetch)
    assert view.quarantined() == []


def test_the_catch_up_path_quarantines_and_goes_on_to_the_end_of_the_log(setup):
    view, _, consumer, log = setup
    log.round("r-nul", "N\x00B")
    log.round("r-ok", "1栋")
    log.append("RoomConfirmed", "r-ok", {"room_id": "r-ok-0"})
    assert consumer.catch_up("lottery", log.fetch) == 2
    assert view.position("lottery") == 3
    assert [r["position"] for r in view.quarantined()] == [1]
    assert view.rows["r-ok-0"]["taken"] is True


def test_a_live_message_after_a_gap_reaches_the_poison_through_catch_up_and_passes_it(setup):
    view, _, consumer, log = setup
    log.round("r-nul", "N\x00B")
    ahead = log.round("r-ok", "1栋")
    assert consumer.handle(ahead, log.fetch) == "gap"
    assert view.position("lottery") == 2 and "r-ok-0" in view.rows


def test_re_drive_after_a_fix_applies_the_held_events_in_order_and_clears_the_poison(setup):
    view, projection, consumer, log = setup
    consumer.handle(log.round("r-nul", "N\x00B"), log.fetch)
    consumer.handle(log.append("RoomConfirmed", "r-nul", {"room_id": "r-nul-0"}), log.fetch)
    assert consumer.redrive_requested("lottery") == 0  # nothing asked for yet
    projection.accept_nul = True  # the fix
    view.request_redrive(aggregate="r-nul")
    assert consumer.redrive_requested("lottery") == 2
    assert view.rows["r-nul-0"] == {"round": "r-nul", "building": "N\x00B", "taken": True}
    assert view.quarantined() == [] and metrics.QUARANTINE_OPEN.labels("rooms")._value.get() == 0
    # No longer poisoned: the aggregate's next events apply at once; asking again changes nothing.
    log.append("RoomConfirmed", "r-nul", {"room_id": "r-nul-0"})
    assert consumer.catch_up("lottery", log.fetch) == 1
    view.request_redrive()
    assert consumer.redrive_requested("lottery") == 0


def test_a_re_drive_that_fails_again_keeps_the_events_quarantined_with_the_new_reason(setup):
    view, projection, consumer, log = setup
    consumer.handle(log.round("r-nul", "N\x00B"), log.fetch)
    consumer.handle(log.append("RoomConfirmed", "r-nul", {"room_id": "r-nul-0"}), log.fetch)
    view.request_redrive()
    assert consumer.redrive_requested("lottery") == 0
    held = view.quarantined()
    assert [r["position"] for r in held] == [1, 2] and held[0]["attempts"] == 2
    assert not any(r["requested"] for r in held) and view.rows == {}


def test_the_stored_envelope_holds_what_text_columns_refuse():
    envelope = {"source": "lottery", "position": 7, "type": "RoundOpened", "aggregate_id": "r\x00",
                "event_id": "e", "payload": {"rooms": {"x": {"building": "N\x00B"}}}}
    row = record("rooms", envelope, "r\x00", ValueError("bad \x00 byte"))
    assert not any("\x00" in str(value) for value in row.values())
    assert json.loads(row["envelope"]) == envelope


def test_a_consumer_is_stuck_only_when_its_source_is_ahead_and_it_has_not_moved_for_the_threshold():
    now = [100.0]
    progress = ConsumerProgress(now=lambda: now[0])
    progress.note("lottery", position=5, seen=5)
    now[0] += 1000
    assert progress.stuck(60) == {}  # idle and caught up
    progress.note("lottery", seen=6)
    now[0] += 30
    assert progress.stuck(60) == {}
    now[0] += 31
    assert progress.stuck(60) == {"lottery": {"position": 5, "source_position": 6, "stuck_seconds": 61.0}}
    progress.note("lottery", seen=9)
    progress.note("lottery", position=6)  # moving again, although still behind
    assert progress.stuck(60) == {}
    progress.note("lottery", position=9)
    now[0] += 500
    assert progress.stuck(60) == {}
