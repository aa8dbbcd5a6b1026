"""Idempotent, in-order consumption of integration events into a read model or policy.

Every handler goes through `IdempotentConsumer`. The effects of an event and the consumer's
position in the source's log commit in one PostgreSQL transaction (the `eventsourcing` library's
tracking table), so a redelivered or duplicated message changes nothing. A message that arrives
ahead of its predecessors (its `previous_position`, where the source published its previous event, is
past this consumer's position: out of order, or after messages were lost) is treated as a prompt: the
consumer reads the missing section from the source's log (the catch-up RPC) and applies it in order.
Sources publish only their declared integration events, and the catch-up moves a consumer past the
internal events between them.

An event the consumer cannot apply (anything but a transient failure: database or RPC unavailable,
a concurrent modification) does not stop it: the event is quarantined with its reason, the position
advances, and the aggregate is poisoned for this consumer, so its later events are quarantined behind
it rather than applied out of order, while other aggregates go on. Operators re-drive quarantined
events after a fix (deploy.ops.quarantine); see docs/operations.md.
"""
from __future__ import annotations

import json
import logging
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Mapping, Sequence

from eventsourcing.persistence import InfrastructureFactory, Tracking
from eventsourcing.utils import Environment
from eventsourcing.postgres import PostgresDatastore, PostgresRecorder, PostgresTrackingRecorder
from psycopg.sql import SQL, Identifier

from shared import metrics, outages, quarantine
from shared.consumer_declaration import ConsumerDeclaration, Reads
from shared.consumer_progress import ConsumerProgress
from shared.context import SYSTEM, acting_as
from shared.envelope import load_payload
from shared.errors import Conflict, Unavailable

log = logging.getLogger(__name__)

Fetch = Callable[[str, int, int, "int | None"], Mapping[str, Any]]
"""fetch(source, after, limit, upto) -> {"events": [...envelopes], "read_to": int, "last_position": int}"""

APPLIED, DUPLICATE, GAP, QUARANTINED = "applied", "duplicate", "gap", "quarantined"
# Failures that retrying fixes (eventsourcing re-raises database failures as its own persistence errors):
# the event is not quarantined, its transaction rolls back and it is tried again.
TRANSIENT: tuple[type[BaseException], ...] = (*outages.DATABASE_ERRORS, *outages.BROKER_ERRORS, Unavailable)


def is_transient(exc: BaseException, transient: tuple[type[BaseException], ...] = TRANSIENT) -> bool:
    return isinstance(exc, transient) or getattr(exc, "code", None) == "concurrent_modification"


class UnreadableEvent(ValueError):
    """An event of a type the consumer reads, in a version it does not declare: quarantined, not guessed at."""


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

    def _create_table(self, curs: Any) -> None:
        """Create the schema's tables one process at a time: processes of one service start together, and
        two concurrent CREATE TABLE IF NOT EXISTS of the same table (the quarantine table every consumer of
        the schema shares) let one fail with "type already exists". The lock ends with the transaction."""
        lock = f"housing.create_tables.{self.datastore.schema}"
        curs.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (lock,))
        super()._create_table(curs)


class TrackedView(SchemaTables, PostgresTrackingRecorder):
    """Base for read models: their rows, the consumer's positions and its quarantined events commit in
    one transaction."""

    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        schema = Identifier(datastore.schema)
        for statement in quarantine.CREATE_STATEMENTS:
            self.sql_create_statements.append(SQL(statement).format(schema=schema))

    @property
    def consumer_name(self) -> str:
        return self.tracking_table_name.removesuffix("_tracking")

    @contextmanager
    def position_lock(self, source: str) -> Iterator[tuple[Any, int, bool]]:
        """A transaction holding the row lock on this view's position for `source`: (cursor, position,
        whether this consumer has open quarantined events from `source`, read in the same statement).

        The lock serialises competing workers and processes of the same consumer.
        """
        with self.datastore.transaction(commit=True) as curs, self.position_lock_in(curs, source) as locked:
            yield locked

    @contextmanager
    def position_lock_in(self, curs: Any, source: str) -> Iterator[tuple[Any, int, bool]]:
        """`position_lock` inside a transaction already open (the lock ends with it)."""
        table = Identifier(self.datastore.schema), Identifier(self.tracking_table_name)
        curs.execute(
            SQL("INSERT INTO {0}.{1} VALUES (%s, 0) ON CONFLICT DO NOTHING").format(*table),
            (source,),
        )
        curs.execute(
            SQL("SELECT t.notification_id, EXISTS (SELECT 1 FROM {0}.consumer_quarantine q WHERE q.consumer=%s"
                " AND q.source=t.application_name AND q.resolved_at IS NULL) AS held"
                " FROM {0}.{1} t WHERE t.application_name=%s FOR UPDATE OF t").format(*table),
            (self.consumer_name, source),
        )
        row = curs.fetchone()
        yield curs, int(row["notification_id"]), bool(row["held"])

    def advance(self, curs: Any, source: str, position: int) -> None:
        self._insert_tracking(curs, Tracking(application_name=source, notification_id=position))

    def position(self, source: str) -> int:
        return self.max_tracking_id(source) or 0

    @contextmanager
    def rebuild_transaction(self, sources: Sequence[str]) -> Iterator[tuple[Any, dict[str, bool]]]:
        """A transaction that holds this view's positions for all `sources`, has forgotten every row and set the
        positions to the start: (cursor, {source: whether this consumer has open quarantined events from it}).

        Readers see the old rows until it commits, the consumer's live events wait for it, and a rebuild of the
        same view already running refuses this one (409 `rebuild_in_progress`)."""
        schema, tracking = Identifier(self.datastore.schema), Identifier(self.tracking_table_name)
        with self.datastore.transaction(commit=True) as curs:
            curs.execute("SELECT pg_try_advisory_xact_lock(hashtext(%s)) AS mine",
                         (f"housing.rebuild.{self.datastore.schema}.{self.consumer_name}",))
            if not curs.fetchone()["mine"]:
                raise Conflict(f"{self.consumer_name} is already being rebuilt; try again when that rebuild has "
                               "finished", code="rebuild_in_progress")
            held = {}
            for source in sorted(sources):
                with self.position_lock_in(curs, source) as (_, _, quarantined):
                    held[source] = quarantined
            for statement in self.reset_statements():
                curs.execute(statement)
            curs.execute(SQL("UPDATE {0}.{1} SET notification_id = 0 WHERE application_name = ANY(%s)")
                         .format(schema, tracking), (list(sources),))
            yield curs, held

    def reset_statements(self) -> Sequence[Any]:
        return ()

    # Quarantine (shared.quarantine) --------------------------------------------------------------

    @contextmanager
    def savepoint(self, tx: Any) -> Iterator[None]:
        """What happens inside rolls back alone if it raises; the surrounding transaction goes on."""
        with tx.connection.transaction():
            yield

    def poisoned(self, tx: Any, source: str, key: str) -> int | None:
        return quarantine.blocking(tx, self.datastore.schema, self.consumer_name, source, key)

    def quarantine(self, tx: Any, row: Mapping[str, Any]) -> None:
        quarantine.insert(tx, self.datastore.schema, row)

    def quarantined(self, source: str | None = None, requested_only: bool = False,
                    tx: Any = None, aggregate: str | None = None) -> list[dict[str, Any]]:
        if tx is not None:
            return quarantine.open_rows(tx, self.datastore.schema, self.consumer_name, source, aggregate,
                                        requested_only, with_envelope=True)
        with self.datastore.transaction(commit=False) as curs:
            return self.quarantined(source, requested_only, curs, aggregate)

    def open_count(self) -> int:
        with self.datastore.transaction(commit=False) as curs:
            return quarantine.count_open(curs, self.datastore.schema, self.consumer_name)

    def resolve(self, tx: Any, source: str, positions: list[int]) -> None:
        quarantine.resolve(tx, self.datastore.schema, self.consumer_name, source, positions)

    def failed_again(self, tx: Any, source: str, key: str, position: int, error: BaseException) -> None:
        quarantine.failed_again(tx, self.datastore.schema, self.consumer_name, source, key, position, error)


class IdempotentConsumer:
    """Applies the events its declaration reads with `policy`'s handlers; other events only advance the position.

    A policy may define `ordering_key(envelope)`: the events that must apply in order for this consumer (by
    default, one aggregate's). A quarantined event poisons its key."""

    def __init__(self, view: TrackedView, declaration: ConsumerDeclaration, policy: Any = None,
                 transient: tuple[type[BaseException], ...] = TRANSIENT,
                 progress: ConsumerProgress | None = None) -> None:
        self.view = view
        self.declaration = declaration
        self.policy = policy
        self.transient = transient
        self.progress = progress or ConsumerProgress()

    def using(self, policy: Any) -> "IdempotentConsumer":
        """The same view and position with a policy object (bound to a worker's application and ports)."""
        return IdempotentConsumer(self.view, self.declaration, policy, self.transient, self.progress)

    @property
    def name(self) -> str:
        return self.view.consumer_name

    def handle(self, envelope: Mapping[str, Any], fetch: Fetch) -> str:
        """Apply a live message exactly once and in order; returns what happened."""
        self.progress.note(envelope["source"], seen=envelope["position"])
        outcome = self._apply(envelope, strict=True)
        if outcome == GAP:
            self.catch_up(envelope["source"], fetch, upto=envelope["position"])
        metrics.EVENTS_CONSUMED.labels(self.view.tracking_table_name, envelope["source"], outcome).inc()
        return outcome

    def catch_up(self, source: str, fetch: Fetch, upto: int | None = None, page: int = 200) -> int:
        """Read the source's log after our position and apply it; returns how many were applied.

        The periodic catch-up (no `upto`) first re-drives what operators asked to re-drive."""
        assert self.policy is not None, "bind a policy with using() first"
        if upto is None:
            self.redrive_requested(source)
        applied = 0
        while True:
            after = self.view.position(source)
            self.progress.note(source, position=after)
            if upto is not None and after >= upto:
                return applied
            section = fetch(source, after, page, upto)
            self.progress.note(source, seen=section.get("last_position"))
            events = section["events"]
            for envelope in events:
                if self._apply(envelope, strict=False) == APPLIED:
                    applied += 1
            read_to = int(section.get("read_to", events[-1]["position"] if events else after))
            if read_to <= after:
                return applied
            self._pass(source, read_to)

    def rebuild(self, fetch: Fetch, page: int = 500) -> dict[str, int]:
        """Forget the view and replay its sources' whole logs in one transaction (`TrackedView.rebuild_transaction`):
        {source: events applied}."""
        sources = self.declaration.sources
        with self.view.rebuild_transaction(sources) as (tx, held):
            applied = {source: self._replay(tx, source, fetch, page, held[source]) for source in sources}
        self.refresh_metrics()
        return applied

    def _replay(self, tx: Any, source: str, fetch: Fetch, page: int, held: bool) -> int:
        after = applied = 0
        while True:
            section = fetch(source, after, page, None)
            for envelope in section["events"]:
                read = self.declaration.read_of(source, envelope["type"])
                if read is None:
                    continue
                error = self._project_or_quarantine(tx, envelope, read, held)
                if error is None:
                    applied += 1
                else:
                    held = True
                    metrics.EVENTS_QUARANTINED.labels(self.name, source, type(error).__name__).inc()
            read_to = int(section.get("read_to", after))
            if read_to <= after:
                break
            after = read_to
        if after:
            self.view.advance(tx, source, after)
        self.progress.note(source, position=after)
        return applied

    def _pass(self, source: str, position: int) -> None:
        """Move past the rest of a section read from the source's log (its internal events)."""
        with self.view.position_lock(source) as (tx, tracked, _):
            if position > tracked:
                self.view.advance(tx, source, position)
        self.progress.note(source, position=position)

    def redrive_requested(self, source: str) -> int:
        """Re-apply, in order, the quarantined events operators asked to re-drive (from their stored
        envelopes); an aggregate whose events all apply is no longer poisoned. Returns how many applied."""
        requested = self.view.quarantined(source, requested_only=True)
        applied = 0
        for key in dict.fromkeys(row["aggregate_id"] for row in requested):
            with self.view.position_lock(source) as (tx, _, _):  # no live event of this source meanwhile
                rows = self.view.quarantined(source, tx=tx, aggregate=key)
                failed = self._reapply(tx, source, key, rows)
                if failed is None:
                    self.view.resolve(tx, source, [row["position"] for row in rows])
                    applied += len(rows)
            if failed is None:
                log.info("%s re-drove %d quarantined events of %s from %s", self.name, len(rows), key, source)
            else:
                log.error("%s re-drive of %s stopped at %s position %d: %s", self.name, key, source,
                          failed[0], failed[1])
        if requested:
            self.refresh_metrics()
        return applied

    def refresh_metrics(self) -> None:
        """Set the open-quarantine gauge from the view (the one place it is computed)."""
        metrics.QUARANTINE_OPEN.labels(self.name).set(self.view.open_count())

    def _reapply(self, tx: Any, source: str, key: str, rows: list[dict[str, Any]]) -> tuple[int, Exception] | None:
        """Apply the aggregate's open events in order, all or none; the failure (position, error) if one fails."""
        position = 0
        try:
            with self.view.savepoint(tx):
                for row in rows:
                    position = row["position"]
                    envelope = json.loads(row["envelope"])
                    read = self.declaration.read_of(source, envelope["type"])
                    if read is not None:
                        self._run(tx, envelope, read)
        except Exception as exc:
            if is_transient(exc, self.transient):
                raise
            self.view.failed_again(tx, source, key, position, exc)
            return position, exc
        return None

    def _apply(self, envelope: Mapping[str, Any], strict: bool) -> str:
        source, position = envelope["source"], envelope["position"]
        with self.view.position_lock(source) as (tx, tracked, held):
            if position <= tracked:
                return DUPLICATE
            previous = envelope.get("previous_position")
            if strict and (position - 1 if previous is None else previous) > tracked:
                return GAP
            outcome, error = APPLIED, None
            read = self.declaration.read_of(source, envelope["type"])
            if read is not None:
                error = self._project_or_quarantine(tx, envelope, read, held)
                outcome = APPLIED if error is None else QUARANTINED
            self.view.advance(tx, source, position)
        self.progress.note(source, position=position)
        if error is not None:
            metrics.EVENTS_QUARANTINED.labels(self.name, source, type(error).__name__).inc()
            self.refresh_metrics()
        return outcome

    def _project_or_quarantine(self, tx: Any, envelope: Mapping[str, Any], read: Reads,
                               held: bool) -> Exception | None:
        """Apply the event, or quarantine it (returning why) if it cannot be applied or its key is poisoned
        (looked up only when the consumer holds quarantined events from this source at all)."""
        key = self._ordering_key(envelope)
        blocking = self.view.poisoned(tx, envelope["source"], key) if held else None
        if blocking is not None:
            error: Exception = quarantine.PoisonedAggregate(
                f"held behind the quarantined event at {envelope['source']} position {blocking}")
        else:
            try:
                with self.view.savepoint(tx):
                    self._run(tx, envelope, read)
                return None
            except Exception as exc:
                if is_transient(exc, self.transient):
                    raise
                error = exc
        log.error("%s quarantined %s %s at %s position %d (aggregate %s): %s: %s", self.name, envelope["type"],
                  envelope["event_id"], envelope["source"], envelope["position"], key, type(error).__name__,
                  quarantine.text(error, 500))
        self.view.quarantine(tx, quarantine.record(self.name, envelope, key, error))
        return error

    def _ordering_key(self, envelope: Mapping[str, Any]) -> str:
        ordering_key = getattr(self.policy, "ordering_key", None)
        return str(ordering_key(envelope) if ordering_key else envelope["aggregate_id"])

    def _run(self, tx: Any, envelope: Mapping[str, Any], read: Reads) -> None:
        if envelope.get("schema_version") != read.version:
            raise UnreadableEvent(
                f"{self.name} reads {read.type} v{read.version}, not v{envelope.get('schema_version')}")
        # What a policy records carries who acted (the system), and why: this event.
        with acting_as(SYSTEM.caused_by(envelope["event_id"], envelope.get("correlation_id"))):
            read.handler(self.policy, tx, {**envelope, "payload": load_payload(envelope, read.schema)})


def construct_view(view_class: type[TrackedView], service_env: Mapping[str, str], name: str) -> TrackedView:
    """Build a view with the library's infrastructure factory, in the service's own schema."""
    factory = InfrastructureFactory.construct(env=Environment(name, dict(service_env)))
    return factory.tracking_recorder(view_class)


def construct_tables(tables_class: type[SchemaTables], service_env: Mapping[str, str], name: str) -> Any:
    factory = InfrastructureFactory.construct(env=Environment(name, dict(service_env)))
    tables = tables_class(datastore=factory.datastore)
    tables.create_table()
    return tables
