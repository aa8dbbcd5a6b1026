"""Rebuilding a read model on the real PostgreSQL (`IdempotentConsumer.rebuild`): one transaction that replays
the sources' logs, so readers keep the old view until the new one is whole, the consumer's live events wait
for it and are applied once, and a second rebuild of the same view is refused while the first runs."""
from __future__ import annotations

import threading
import uuid
from typing import Any, Mapping

import psycopg
import pytest
from psycopg.sql import SQL, Identifier

from shared import settings
from shared.consumer import DUPLICATE, IdempotentConsumer, TrackedView, construct_view
from shared.consumer_declaration import ConsumerDeclaration, on
from shared.errors import Conflict
from shared.integration import PayloadSchema


class TallyView(TrackedView):
    create_statements = (
        "CREATE TABLE IF NOT EXISTS {schema}.tally (event_id text NOT NULL, position bigint NOT NULL)",
    )

    def record(self, tx: Any, envelope: Mapping[str, Any]) -> None:
        tx.execute(self.sql("INSERT INTO {schema}.tally VALUES (%s, %s)"), (envelope["event_id"], envelope["position"]))

    def reset_statements(self) -> list[Any]:
        return [self.sql("DELETE FROM {schema}.tally")]

    def rows(self) -> tuple[int, int]:
        """(rows, distinct events) as a reader outside any rebuild sees them."""
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.sql("SELECT count(*) AS n, count(DISTINCT event_id) AS d FROM {schema}.tally"))
            row = curs.fetchone()
            return row["n"], row["d"]


class Tally:
    def __init__(self, view: TallyView) -> None:
        self.view = view

    def record(self, tx: Any, envelope: Mapping[str, Any]) -> None:
        if envelope["payload"].get("poison"):
            raise ValueError("this event cannot be applied")
        self.view.record(tx, envelope)


TALLY = ConsumerDeclaration("tally", TallyView, lambda _, view: Tally(view),
                            (on("ledger", "Counted", 1, PayloadSchema, Tally.record),))


class Ledger:
    """A source's log: every second position is an internal event the consumer never sees."""

    def __init__(self, published: int) -> None:
        self.events = [self.envelope(2 * n) for n in range(1, published + 1)]
        self.paused = threading.Event()
        self.resume = threading.Event()
        self.resume.set()

    @staticmethod
    def envelope(position: int, **payload: Any) -> dict[str, Any]:
        return {"source": "ledger", "type": "Counted", "schema_version": 1, "position": position,
                "previous_position": position - 2 if position > 2 else None, "event_id": str(uuid.uuid4()),
                "aggregate_id": str(uuid.uuid4()), "correlation_id": None, "payload": payload}

    def fetch(self, source: str, after: int, limit: int, upto: int | None) -> dict[str, Any]:
        if after:
            self.paused.set()
            self.resume.wait(30)
        last = self.events[-1]["position"]
        read_to = max(after, min(after + limit, last if upto is None else min(upto, last)))
        return {"events": [e for e in self.events if after < e["position"] <= read_to], "read_to": read_to,
                "last_position": last}


@pytest.fixture
def tally(stack):
    env, secrets = stack.env(), stack.secrets
    schema = f"rebuild_{uuid.uuid4().hex[:8]}"
    view_env = {**settings.event_store_env("registry", env), "POSTGRES_USER": secrets["HOUSING_PG_ADMIN_USER"],
                "POSTGRES_PASSWORD": secrets["HOUSING_PG_ADMIN_PASSWORD"], "POSTGRES_SCHEMA": schema}
    admin = psycopg.connect(host=view_env["POSTGRES_HOST"], port=view_env["POSTGRES_PORT"],
                            dbname=view_env["POSTGRES_DBNAME"], user=view_env["POSTGRES_USER"],
                            password=view_env["POSTGRES_PASSWORD"], autocommit=True)
    admin.execute(SQL("CREATE SCHEMA {0}").format(Identifier(schema)))
    view = construct_view(TallyView, view_env, "tally")
    yield view
    view.datastore.close()
    admin.execute(SQL("DROP SCHEMA {0} CASCADE").format(Identifier(schema)))
    admin.close()


def test_a_rebuild_gives_the_view_the_live_consumer_built_and_counts_what_it_applied(tally):
    ledger = Ledger(published=1200)
    consumer = IdempotentConsumer(tally, TALLY, Tally(tally))
    consumer.catch_up("ledger", ledger.fetch)
    assert tally.rows() == (1200, 1200)

    assert consumer.rebuild(ledger.fetch, page=300) == {"ledger": 1200}
    assert tally.rows() == (1200, 1200)
    assert tally.position("ledger") == 2400


def test_readers_keep_the_old_view_a_second_rebuild_is_refused_and_a_live_event_applies_once(tally):
    ledger = Ledger(published=400)
    consumer = IdempotentConsumer(tally, TALLY, Tally(tally))
    consumer.catch_up("ledger", ledger.fetch)
    ledger.resume.clear()
    ledger.paused.clear()
    outcome: dict[str, Any] = {}
    rebuilding = threading.Thread(target=lambda: outcome.update(applied=consumer.rebuild(ledger.fetch, page=200)))
    rebuilding.start()
    assert ledger.paused.wait(30), "the rebuild never reached its second page"

    assert tally.rows() == (400, 400)  # the rows it deleted and half rewrote are not seen until it commits
    with pytest.raises(Conflict) as refused:
        consumer.rebuild(ledger.fetch)
    assert refused.value.code == "rebuild_in_progress"
    live = Ledger.envelope(802)
    ledger.events.append(live)
    arriving = threading.Thread(target=lambda: outcome.update(live=consumer.handle(live, ledger.fetch)))
    arriving.start()
    arriving.join(1)
    assert arriving.is_alive(), "the live event did not wait for the rebuild's positions"

    ledger.resume.set()
    rebuilding.join(30)
    arriving.join(30)
    assert outcome["applied"] == {"ledger": 401}
    assert outcome["live"] == DUPLICATE
    assert tally.rows() == (401, 401)


def test_an_event_that_cannot_be_applied_is_quarantined_during_a_rebuild_and_the_rest_applies(tally):
    ledger = Ledger(published=10)
    ledger.events[4] = Ledger.envelope(10, poison=True)
    consumer = IdempotentConsumer(tally, TALLY, Tally(tally))

    assert consumer.rebuild(ledger.fetch) == {"ledger": 9}
    assert tally.rows() == (9, 9)
    assert [row["position"] for row in tally.quarantined("ledger")] == [10]
