"""Nameko entrypoint for integration events: every event of one source, validated, never dropped.

Valid envelopes go to the handler (which uses IdempotentConsumer). Messages that cannot be taken
(undecodable, invalid envelope, wrong source, a handler error that retrying will not fix) are
published to the dead-letter queue with the reason and acknowledged. Transient failures (database
or RPC unavailable) are requeued after a pause, so nothing is lost while a dependency restarts.
"""
from __future__ import annotations

import json
import logging
from typing import Any

import eventlet
from kombu import Connection, Exchange, Queue
from nameko.amqp.publish import Publisher
from nameko.events import EventHandler
from nameko.exceptions import RpcTimeout
from nameko.messaging import Consumer
from nameko.standalone.events import get_event_exchange

from shared import metrics, outages
from shared.envelope import InvalidEnvelope, validate_envelope
from shared.errors import Unavailable

log = logging.getLogger(__name__)

DEAD_LETTER_EXCHANGE = Exchange("housing.dead-letter", type="fanout", durable=True)
DEAD_LETTER_QUEUE = Queue("housing.dead-letter", exchange=DEAD_LETTER_EXCHANGE, durable=True)
TRANSIENT = (*outages.DATABASE_ERRORS, *outages.BROKER_ERRORS, RpcTimeout, Unavailable)
REQUEUE_PAUSE_SECONDS = 1.0


class IntegrationEventHandler(EventHandler):
    def __init__(self, source_service: str, **kwargs: Any) -> None:
        # One message at a time per queue: consumers apply a source's log in order, so taking
        # several at once only produces gaps and catch-ups that the next message would have filled.
        kwargs.setdefault("prefetch_count", 1)
        super().__init__(source_service, "#", requeue_on_error=False, **kwargs)

    def make_queue(self) -> Queue:
        """A durable queue per consuming method: events wait for the service while it is down."""
        return Queue(f"evt-{self.source_service}-all--{self.container.service_name}.{self.method_name}",
                     exchange=get_event_exchange(self.source_service), routing_key="#", durable=True)

    def setup(self) -> None:
        self.queue = self.make_queue()
        self.consumer_options["on_decode_error"] = self._on_decode_error
        Consumer.setup(self)
        with Connection(self.amqp_uri) as connection:
            DEAD_LETTER_QUEUE(connection.default_channel).declare()
        self.dead_letters = Publisher(
            self.amqp_uri, exchange=DEAD_LETTER_EXCHANGE, declare=[DEAD_LETTER_QUEUE],
            use_confirms=True, serializer="json",
        )

    def handle_message(self, body: Any, message: Any) -> None:
        try:
            envelope = validate_envelope(body)
            if envelope["source"] != self.source_service:
                raise InvalidEnvelope(
                    f"envelope from {envelope['source']} arrived on {self.source_service}'s exchange")
        except InvalidEnvelope as exc:
            self.dead_letter(message, body, exc.reason)
            return
        super().handle_message(body, message)

    def handle_message_processed(self, message: Any, result: Any = None, exc_info: Any = None) -> None:
        if exc_info is None:
            self.consumer.ack_message(message)
            return
        exc = exc_info[1]
        if isinstance(exc, TRANSIENT) or getattr(exc, "code", None) == "concurrent_modification":
            log.warning("transient failure on %s, requeueing: %s", self.queue.name, exc)
            eventlet.sleep(REQUEUE_PAUSE_SECONDS)
            self.consumer.requeue_message(message)
            return
        reason = exc.reason if isinstance(exc, InvalidEnvelope) else f"{type(exc).__name__}: {exc}"
        self.dead_letter(message, message.payload, reason)

    def _on_decode_error(self, message: Any, exc: Exception) -> None:
        self.dead_letter(message, message.body, f"undecodable message: {exc}")

    def dead_letter(self, message: Any, body: Any, reason: str) -> None:
        if isinstance(body, (bytes, bytearray)):
            body = body.decode("utf-8", errors="replace")
        try:
            json.dumps(body)
        except (TypeError, ValueError):
            body = repr(body)
        self.dead_letters.publish(
            {"body": body, "reason": reason},
            headers={
                "x-reason": reason[:1000],
                "x-consumer-queue": self.queue.name,
                "x-original-routing-key": message.delivery_info.get("routing_key"),
            },
        )
        metrics.EVENTS_DEAD_LETTERED.labels(self.queue.name, reason.split(":")[0][:60]).inc()
        log.error("dead-lettered a message from %s: %s", self.queue.name, reason)
        self.consumer.ack_message(message)


integration_events = IntegrationEventHandler.decorator
