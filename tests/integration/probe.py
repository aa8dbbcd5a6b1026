"""A journal consumer run inside the test process: it records every event registry publishes, with no unique
constraint, so a duplicate or a loss shows in its counts. It uses the same kit as the services
(IdempotentConsumer over a TrackedView) and consumes from RabbitMQ with kombu."""
from __future__ import annotations

import json
import threading
from typing import Any, Mapping

from kombu import Connection, Exchange, Queue
from kombu.mixins import ConsumerMixin

from shared import log_reader, settings
from shared.consumer import IdempotentConsumer, TrackedView, construct_view
from shared.consumer_declaration import ConsumerDeclaration, on
from shared.integration import PayloadSchema
from services.registry.adapters.outbound_events import OUTBOUND
from services.registry.application.app import RegistryApplication


class JournalView(TrackedView):
    create_statements = (
        "CREATE TABLE IF NOT EXISTS {schema}.journal (source text NOT NULL, position bigint NOT NULL,"
        " event_id text NOT NULL)",
    )

    def record(self, tx: Any, envelope: Mapping[str, Any]) -> None:
        tx.execute(self.sql("INSERT INTO {schema}.journal VALUES (%s, %s, %s)"),
                   (envelope["source"], envelope["position"], envelope["event_id"]))

    def counts(self, after: int) -> tuple[int, int, int]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.sql("SELECT count(*) AS n, count(DISTINCT position) AS d,"
                                  " COALESCE(max(position), 0) AS m FROM {schema}.journal"
                                  " WHERE source='registry' AND position > %s"), (after,))
            row = curs.fetchone()
            return row["n"], row["d"], row["m"]


class JournalProjection:
    def __init__(self, view: JournalView) -> None:
        self.view = view

    def record(self, tx: Any, envelope: Mapping[str, Any]) -> None:
        self.view.record(tx, envelope)


JOURNAL = ConsumerDeclaration("journal", JournalView, lambda _, view: JournalProjection(view), tuple(
    on("registry", event.name, event.version, PayloadSchema, JournalProjection.record)
    for event in OUTBOUND.language.events))


class JournalConsumer(ConsumerMixin):
    def __init__(self, stack: Any) -> None:
        env = stack.env()
        secrets = stack.secrets
        view_env = {**settings.event_store_env("registry", env), "POSTGRES_USER": secrets["HOUSING_PG_ADMIN_USER"],
                    "POSTGRES_PASSWORD": secrets["HOUSING_PG_ADMIN_PASSWORD"], "POSTGRES_SCHEMA": "probe"}
        self.view = construct_view(JournalView, view_env, "journal")
        self.consumer = IdempotentConsumer(self.view, JOURNAL, JournalProjection(self.view))
        self.registry = RegistryApplication(env=settings.event_store_env("registry", env))
        self.connection = Connection(env["AMQP_URI"])
        self.queue = Queue("probe-journal", exchange=Exchange("registry.events", type="topic", durable=True),
                           routing_key="#", durable=True)
        self.received = 0
        self.thread = threading.Thread(target=self.run, daemon=True)

    def fetch(self, source: str, after: int, limit: int, upto: int | None) -> Any:
        return log_reader.read_log(self.registry, OUTBOUND, after, limit, upto)

    def get_consumers(self, consumer_cls: Any, channel: Any) -> list:
        return [consumer_cls(queues=[self.queue], callbacks=[self.on_message], accept=["json"], prefetch_count=50)]

    def on_message(self, body: Any, message: Any) -> None:
        if isinstance(body, (bytes, str)):
            body = json.loads(body)
        self.consumer.handle(body, self.fetch)
        self.received += 1
        message.ack()

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.should_stop = True
        self.thread.join(timeout=10)
        self.registry.close()
