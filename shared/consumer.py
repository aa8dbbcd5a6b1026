"""Idempotent, in-order consumption of integration events into a read model or policy.

Every handler goes through `IdempotentConsumer`. The effects of an event and the consumer's
position in the source's log commit in one PostgreSQL transaction (the `eventsourcing` library's
tracking table), so a redelivered or duplicated message changes nothing. A message that arrives
ahead of its predecessors (out of order, or after messages were lost) is treated as a prompt:
the consumer reads the missing section from the source's log (the catch-up RPC) and applies it
in order. Consumers bind to all events of a source, so positions they see are contiguous except
where the source's log itself has gaps (rolled-back appends), which catch-up skips over.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Mapping, Protocol, Sequence

from eventsourcing.persistence import InfrastructureFactory, Tracking
from eventsourcing.utils import Environment
from eventsourcing.postgres import PostgresDatastore, PostgresRecorder, PostgresTrackingRecorder
from psycopg.sql import SQL, Identifier

from marshmallow import Schema

from shared import metrics
from shared.context import SYSTEM, acting_as
from shared.envelope import load_payload

log = logging.getLogger(__name__)

Fetch = Callable[[str, int, int, "int | None"], Mapping[str, Any]]
"""fetch(source, after, limit, upto) -> {"events": [...envelopes], "last_position": int}"""

APPLIED, DUPLICATE, GAP = "applied", "duplicate", "gap"


class Projection(Protocol):
    """Application-layer logic: turns one integration event into view updates inside `tx`."""

    name: str
    sources: Sequence[str]

    def apply(self, tx: Any, envelope: Mapping[str, Any]) -> None: ...


class SchemaTables(PostgresRecorder):
    """Plain tables in a service's own schema, created like the library's own tables.

    Subclasses list their DDL in `create_statements` (with `{schema}` for the schema identifier).
    """

    create_statements: Sequence[str] = ()

    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        schema = Identifier(datastore.schema)
        for statement in self.create_statements:
            self.sql_create_statements.append(SQL(statement).format(schema=schema))

    def sql(self, statement: str) -> Any:
        return SQL(statement).format(schema=Identifier(self.datastore.schema))


class TrackedView(SchemaTables, PostgresTrackingRecorder):
    """Base for read models: their rows and the consumer's positions commit in one transaction."""

    @contextmanager
    def position_lock(self, source: str) -> Iterator[tuple[Any, int]]:
        """A transaction holding the row lock on this view's position for `source`.

        The lock serialises competing workers and processes of the same consumer.
        """
        table = Identifier(self.datastore.schema), Identifier(self.tracking_table_name)
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                SQL("INSERT INTO {0}.{1} VALUES (%s, 0) ON CONFLICT DO NOTHING").format(*table),
                (source,),
            )
            curs.execute(
                SQL("SELECT notification_id FROM {0}.{1} WHERE application_name=%s FOR UPDATE").format(*table),
                (source,),
            )
            row = curs.fetchone()
            yield curs, int(row["notification_id"])

    def advance(self, curs: Any, source: str, position: int) -> None:
        self._insert_tracking(curs, Tracking(application_name=source, notification_id=position))

    def position(self, source: str) -> int:
        return self.max_tracking_id(source) or 0

    def reset(self) -> None:
        """Forget every row and position (used to rebuild the view from the sources' logs)."""
        with self.datastore.transaction(commit=True) as curs:
            for statement in self.reset_statements():
                curs.execute(statement)
            curs.execute(SQL("DELETE FROM {0}.{1}").format(
                Identifier(self.datastore.schema), Identifier(self.tracking_table_name)))

    def reset_statements(self) -> Sequence[Any]:
        return ()


class IdempotentConsumer:
    """`schemas` maps (source, type) to the consumer's own payload schema for the events it uses;
    other events only advance the position."""

    def __init__(self, view: TrackedView, projection: Projection | None,
                 schemas: Mapping[tuple[str, str], Schema]) -> None:
        self.view = view
        self.projection = projection
        self.schemas = schemas

    def using(self, projection: Projection) -> "IdempotentConsumer":
        """The same view and position with another projection object (a policy bound to a worker's app)."""
        return IdempotentConsumer(self.view, projection, self.schemas)

    def handle(self, envelope: Mapping[str, Any], fetch: Fetch) -> str:
        """Apply a live message exactly once and in order; returns what happened."""
        outcome = self._apply(envelope, strict=True)
        if outcome == GAP:
            self.catch_up(envelope["source"], fetch, upto=envelope["position"])
        metrics.EVENTS_CONSUMED.labels(self.view.tracking_table_name, envelope["source"], outcome).inc()
        return outcome

    def catch_up(self, source: str, fetch: Fetch, upto: int | None = None, page: int = 200) -> int:
        """Read the source's log after our position and apply it; returns how many were applied."""
        assert self.projection is not None, "bind a projection with using() first"
        applied = 0
        while True:
            after = self.view.position(source)
            if upto is not None and after >= upto:
                return applied
            section = fetch(source, after, page, upto)
            events = section["events"]
            if not events:
                return applied
            for envelope in events:
                if self._apply(envelope, strict=False) == APPLIED:
                    applied += 1

    def _apply(self, envelope: Mapping[str, Any], strict: bool) -> str:
        source, position = envelope["source"], envelope["position"]
        with self.view.position_lock(source) as (curs, tracked):
            if position <= tracked:
                return DUPLICATE
            if strict and position != tracked + 1:
                return GAP
            schema = self.schemas.get((source, envelope["type"]))
            if schema is not None:
                # What a policy records carries who acted (the system), and why: this event.
                with acting_as(SYSTEM.caused_by(envelope["event_id"], envelope.get("correlation_id"))):
                    self.projection.apply(curs, {**envelope, "payload": load_payload(envelope, schema)})
            self.view.advance(curs, source, position)
            return APPLIED


def construct_view(view_class: type[TrackedView], service_env: Mapping[str, str], name: str) -> TrackedView:
    """Build a view with the library's infrastructure factory, in the service's own schema."""
    factory = InfrastructureFactory.construct(env=Environment(name, dict(service_env)))
    return factory.tracking_recorder(view_class)


def construct_tables(tables_class: type[SchemaTables], service_env: Mapping[str, str], name: str) -> Any:
    factory = InfrastructureFactory.construct(env=Environment(name, dict(service_env)))
    tables = tables_class(datastore=factory.datastore)
    tables.create_table()
    return tables
