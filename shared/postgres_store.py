"""The event store on PostgreSQL: the `eventsourcing` library's recorders, sending new events in binary.

The library inserts a batch of stored events as one array of a composite type, bound with `%s`, which
psycopg fills in text format: every event's state (ciphertext) is hex-escaped, quoted inside its
composite and again inside the array by Python code, then parsed back by the server. Bound with `%b`
the same array travels in PostgreSQL's binary format: on this machine 1,000 events insert in about
4 ms instead of 36 ms, which is most of a selection burst's save. Nothing else changes (same tables,
same statement, same transaction), so stores written either way read the same.

Selected with PERSISTENCE_MODULE="shared.postgres_store:Factory" (see shared.settings).

After a database outage every pool reconnects on its own schedule, and psycopg_pool doubles the pause
between attempts (1, 2, 4 … s, for up to five minutes): a pool that lost its connections in a
30-second outage would next try about half a minute after the database is back, and every request
meanwhile would wait for a connection in vain (503). Here the pools try again every second, which
costs one refused connection per pool and second while the database is away.
"""
from __future__ import annotations

from typing import Any

from eventsourcing.postgres import (
    PostgresAggregateRecorder,
    PostgresApplicationRecorder,
    PostgresFactory,
    PostgresProcessRecorder,
)
from psycopg.sql import SQL, Composable
from psycopg_pool.base import AttemptWithBackoff

AttemptWithBackoff.DELAY_BACKOFF = 1.0


def binary_parameters(statement: Composable) -> SQL:
    """The same statement with its one parameter bound in binary format."""
    text = statement.as_string(None)
    if text.count("%s") != 1:
        raise ValueError(f"expected one parameter in {text!r}")
    return SQL(text.replace("%s", "%b"))  # type: ignore[arg-type]  # the text comes from a composed SQL


class _BinaryInsert:
    insert_events_statement: Composable

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.insert_events_statement = binary_parameters(self.insert_events_statement)


class AggregateRecorder(_BinaryInsert, PostgresAggregateRecorder):
    """Snapshots and aggregate-only stores."""


class ApplicationRecorder(_BinaryInsert, PostgresApplicationRecorder):
    """Each service's event log (with notification ids)."""


class ProcessRecorder(_BinaryInsert, PostgresProcessRecorder):
    """Event logs written together with a tracking record."""


class Factory(PostgresFactory):
    aggregate_recorder_class = AggregateRecorder
    application_recorder_class = ApplicationRecorder
    process_recorder_class = ProcessRecorder
