"""Publishing another service's integration event the way its relay does, for a consumer whose producer is
not built on this branch (contracts' existing-home events, registry's transfer status, built elsewhere).

The event takes the position of an internal event written to the producer's log for the purpose (a command
record, never published), with `previous_position` naming the producer's last published event: the consumer
applies it in order, and the producer's next real event follows it without a gap.
"""
from __future__ import annotations

import json
import uuid
from typing import Any

import pika
from eventsourcing.utils import resolve_topic

from services import directory
from shared import clock, envelope, settings
from shared.application import CommandRecord
from tests.integration.support import admin_connection, eventually, read_source_log


def _reserve_position(stack: Any, source: str) -> int:
    app = resolve_topic(directory.BY_NAME[source].application)(env=settings.event_store_env(source, stack.env()))
    try:
        recordings = app.save(CommandRecord.complete(id=uuid.uuid4(), command="event-injection", result=None))
    finally:
        app.close()
    return recordings[-1].notification.id


def _tracked(stack: Any, service: str, consumer: str, source: str) -> int:
    with admin_connection(stack) as conn:
        row = conn.execute(f'SELECT notification_id FROM "{service}"."{consumer}_tracking"'
                           " WHERE application_name=%s", (source,)).fetchone()
        return int(row[0]) if row else 0


def publish_as(stack: Any, source: str, type_: str, aggregate_id: str, payload: dict[str, Any], *,
               consumer: tuple[str, str]) -> dict[str, Any]:
    """Publish `type_` from `source` once `consumer` (service, consumer name) has applied everything `source`
    published before; returns the envelope."""
    position = _reserve_position(stack, source)
    previous = max((e["position"] for e in read_source_log(stack, source) if e["position"] < position), default=0)
    eventually(lambda: _tracked(stack, *consumer, source) >= previous, timeout=60,
               what=f"{consumer[1]} to reach {source} position {previous}")
    data = {"envelope_version": envelope.ENVELOPE_SCHEMA_VERSION,
            "event_id": envelope.event_id_for(source, aggregate_id, position), "type": type_, "schema_version": 1,
            "source": source, "aggregate_id": aggregate_id, "aggregate_version": 1, "position": position,
            "previous_position": previous, "occurred_at": clock.now().isoformat(),
            "correlation_id": str(uuid.uuid4()), "causation_id": None,
            "actor": {"actor_id": "system", "role": "system", "org_id": None}, "payload": payload}
    envelope.validate_envelope(data)
    connection = pika.BlockingConnection(pika.URLParameters(stack.env()["AMQP_URI"]))
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        channel.basic_publish(f"{source}.events", type_, json.dumps(data, ensure_ascii=False).encode(),
                              pika.BasicProperties(content_type="application/json", content_encoding="utf-8",
                                                   delivery_mode=pika.DeliveryMode.Persistent,
                                                   message_id=data["event_id"], type=type_,
                                                   headers={"nameko.correlation_id": data["correlation_id"]}))
    finally:
        connection.close()
    return data
