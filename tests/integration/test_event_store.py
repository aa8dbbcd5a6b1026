"""The event store sends new events to PostgreSQL in binary (shared.postgres_store) and reads back
exactly what was saved, whichever way a store was written: the library's own text-format recorders
and ours share tables and read each other's events."""
from __future__ import annotations

import pytest
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import IntegrityError
from psycopg.sql import SQL

from shared import settings
from shared.postgres_store import binary_parameters

AWKWARD = ['plain', 'quote " and \\ backslash', "逗号,括号(){}", "\x01 control", "NULL", "", "'single'"]


class Ledger(Aggregate):
    def __init__(self) -> None:
        self.entries: list[str] = []

    @event("Written")
    def write(self, entry: str) -> None:
        self.entries.append(entry)


class StoreProbe(Application):
    """An application of its own in the lottery's schema (the lottery's credentials and cipher)."""


def probe(stack, persistence_module: str) -> StoreProbe:
    env = settings.event_store_env("lottery", stack.env())
    env["PERSISTENCE_MODULE"] = persistence_module
    return StoreProbe(env=env)


def save_ledger(app: StoreProbe, entries: list[str]) -> Ledger:
    ledger = Ledger()
    for entry in entries:
        ledger.write(entry)
    app.save(ledger)  # one batch: every event in one array
    return ledger


@pytest.mark.parametrize("writer, reader", [
    ("shared.postgres_store:Factory", "eventsourcing.postgres"),
    ("eventsourcing.postgres", "shared.postgres_store:Factory"),
    ("shared.postgres_store:Factory", "shared.postgres_store:Factory"),
])
def test_events_saved_in_one_batch_read_back_exactly_whichever_recorder_wrote_them(stack, writer, reader):
    entries = [f"{i}: {AWKWARD[i % len(AWKWARD)]}" for i in range(300)]
    written, read = probe(stack, writer), probe(stack, reader)
    try:
        binary = "%b::" in written.recorder.insert_events_statement.as_string(None)
        assert binary == writer.startswith("shared."), "ours binds the new events in binary, the library's in text"
        ledger = save_ledger(written, entries)
        again = read.repository.get(ledger.id)
        assert again.entries == entries
        assert again.version == ledger.version == len(entries) + 1
        positions = [n.id for n in read.recorder.select_notifications(1, 100_000) if n.originator_id == ledger.id]
        assert len(positions) == len(entries) + 1 and positions == sorted(positions)
    finally:
        written.close()
        read.close()


def test_a_conflicting_batch_is_refused_whole_in_binary_too(stack):
    app = probe(stack, "shared.postgres_store:Factory")
    try:
        ledger = save_ledger(app, ["first"])
        stale = app.repository.get(ledger.id)
        ledger.write("wins")
        app.save(ledger)
        stale.write("loses")
        stale.write("also loses")
        with pytest.raises(IntegrityError):
            app.save(stale)
        assert app.repository.get(ledger.id).entries == ["first", "wins"]
    finally:
        app.close()


def test_binary_parameters_binds_the_one_parameter_in_binary_and_refuses_anything_else():
    assert binary_parameters(SQL("SELECT * FROM unnest(%s::int[])")).as_string(None) == \
        "SELECT * FROM unnest(%b::int[])"
    with pytest.raises(ValueError):
        binary_parameters(SQL("SELECT %s, %s"))
    with pytest.raises(ValueError):
        binary_parameters(SQL("SELECT 1"))
