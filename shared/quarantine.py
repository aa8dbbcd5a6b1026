"""Quarantined events: what a consumer could not apply, kept in the consumer's own schema.

One table per service schema, one row per (consumer, source, position). A row is open until a
re-drive applies it (`resolved_at`). While an aggregate has an open row, the consumer quarantines
that aggregate's later events behind it instead of applying them out of order.

The statements take a psycopg cursor with dict rows and the schema name, so that the consumer (in
its own transaction) and the operators' command (deploy.ops.quarantine) use the same ones.
"""
from __future__ import annotations

import json
from typing import Any, Mapping

from psycopg.sql import SQL, Identifier

TABLE = "consumer_quarantine"
CREATE_STATEMENTS = (
    "CREATE TABLE IF NOT EXISTS {schema}.consumer_quarantine (consumer text NOT NULL, source text NOT NULL,"
    " position bigint NOT NULL, event_id text NOT NULL, event_type text NOT NULL, aggregate_id text NOT NULL,"
    " error_class text NOT NULL, error_message text NOT NULL, envelope text NOT NULL,"
    " quarantined_at timestamptz NOT NULL DEFAULT now(), attempts integer NOT NULL DEFAULT 1,"
    " redrive_requested_at timestamptz, resolved_at timestamptz, PRIMARY KEY (consumer, source, position))",
    "CREATE INDEX IF NOT EXISTS consumer_quarantine_open ON {schema}.consumer_quarantine"
    " (consumer, source, aggregate_id) WHERE resolved_at IS NULL",
)
COLUMNS = ("consumer", "source", "position", "event_id", "event_type", "aggregate_id", "error_class",
           "error_message", "quarantined_at", "attempts", "redrive_requested_at", "resolved_at")
MESSAGE_LIMIT = 2000


class PoisonedAggregate(Exception):
    """An event held back because an earlier event of the same aggregate is quarantined."""


def text(value: Any, limit: int | None = None) -> str:
    """Text PostgreSQL can store: NUL (which text columns refuse) shown as an escape."""
    value = str(value).replace("\x00", "\\x00")
    return value if limit is None else value[:limit]


def record(consumer: str, envelope: Mapping[str, Any], key: str, error: BaseException) -> dict[str, Any]:
    return {"consumer": consumer, "source": envelope["source"], "position": envelope["position"],
            "event_id": text(envelope["event_id"]), "event_type": text(envelope["type"]),
            "aggregate_id": text(key), "error_class": type(error).__name__,
            "error_message": text(error, MESSAGE_LIMIT),
            # json.dumps escapes NUL and other control characters, so the text column can hold it.
            "envelope": json.dumps(envelope, default=str)}


def _sql(statement: str, schema: str) -> Any:
    return SQL(statement).format(schema=Identifier(schema))


def insert(curs: Any, schema: str, row: Mapping[str, Any]) -> None:
    curs.execute(_sql(
        "INSERT INTO {schema}.consumer_quarantine (consumer, source, position, event_id, event_type, aggregate_id,"
        " error_class, error_message, envelope) VALUES (%(consumer)s, %(source)s, %(position)s, %(event_id)s,"
        " %(event_type)s, %(aggregate_id)s, %(error_class)s, %(error_message)s, %(envelope)s)"
        " ON CONFLICT (consumer, source, position) DO NOTHING", schema), dict(row))


def blocking(curs: Any, schema: str, consumer: str, source: str, key: str) -> int | None:
    """The position of the aggregate's first open quarantined event, or None."""
    curs.execute(_sql("SELECT min(position) AS position FROM {schema}.consumer_quarantine WHERE consumer=%s"
                      " AND source=%s AND aggregate_id=%s AND resolved_at IS NULL", schema),
                 (consumer, source, text(key)))
    row = curs.fetchone()
    return None if row is None or row["position"] is None else int(row["position"])


def open_rows(curs: Any, schema: str, consumer: str | None = None, source: str | None = None,
              aggregate: str | None = None, requested_only: bool = False, with_envelope: bool = False,
              include_resolved: bool = False) -> list[dict[str, Any]]:
    columns = ", ".join(COLUMNS + (("envelope",) if with_envelope else ()))
    curs.execute(_sql(
        f"SELECT {columns} FROM {{schema}}.consumer_quarantine WHERE (%(all)s OR resolved_at IS NULL)"
        " AND (%(consumer)s::text IS NULL OR consumer=%(consumer)s)"
        " AND (%(source)s::text IS NULL OR source=%(source)s)"
        " AND (%(aggregate)s::text IS NULL OR aggregate_id=%(aggregate)s)"
        " AND (NOT %(requested)s OR redrive_requested_at IS NOT NULL)"
        " ORDER BY consumer, source, position", schema),
        {"all": include_resolved, "consumer": consumer, "source": source, "aggregate": aggregate,
         "requested": requested_only})
    return [dict(row) for row in curs.fetchall()]


def count_open(curs: Any, schema: str, consumer: str) -> int:
    curs.execute(_sql("SELECT count(*) AS n FROM {schema}.consumer_quarantine WHERE consumer=%s"
                      " AND resolved_at IS NULL", schema), (consumer,))
    return int(curs.fetchone()["n"])


def request_redrive(curs: Any, schema: str, consumer: str | None, aggregate: str | None) -> int:
    """Ask the consumer's process to re-apply these aggregates' open events (all of each aggregate's)."""
    curs.execute(_sql(
        "UPDATE {schema}.consumer_quarantine q SET redrive_requested_at=now() WHERE resolved_at IS NULL"
        " AND (%(consumer)s::text IS NULL OR consumer=%(consumer)s)"
        " AND (%(aggregate)s::text IS NULL OR aggregate_id=%(aggregate)s)", schema),
        {"consumer": consumer, "aggregate": aggregate})
    return curs.rowcount


def resolve(curs: Any, schema: str, consumer: str, source: str, positions: list[int]) -> None:
    curs.execute(_sql("UPDATE {schema}.consumer_quarantine SET resolved_at=now(), redrive_requested_at=NULL"
                      " WHERE consumer=%s AND source=%s AND position = ANY(%s)", schema),
                 (consumer, source, positions))


def failed_again(curs: Any, schema: str, consumer: str, source: str, key: str, position: int,
                 error: BaseException) -> None:
    """A re-drive stopped at `position`: its new reason is kept, and the aggregate waits for the next request."""
    curs.execute(_sql("UPDATE {schema}.consumer_quarantine SET error_class=%s, error_message=%s,"
                      " attempts=attempts+1 WHERE consumer=%s AND source=%s AND position=%s", schema),
                 (type(error).__name__, text(error, MESSAGE_LIMIT), consumer, source, position))
    curs.execute(_sql("UPDATE {schema}.consumer_quarantine SET redrive_requested_at=NULL WHERE consumer=%s"
                      " AND source=%s AND aggregate_id=%s AND resolved_at IS NULL", schema),
                 (consumer, source, text(key)))
