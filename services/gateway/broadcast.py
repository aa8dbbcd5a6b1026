"""Availability broadcast (房源播报, R004.10): rooms taken, pushed to browsers as Server-Sent Events.

Each gateway instance consumes lottery's events on its own short-lived queue and fans them out to
the subscribers connected to it; a browser that reconnects gets the current picture from the
statistics and room search, then the live stream.
"""
from __future__ import annotations

import json
import logging
import time
import uuid
from typing import Any, Iterator

from eventlet.queue import Empty, LightQueue
from kombu import Queue, binding
from marshmallow import fields
from nameko.extensions import DependencyProvider
from nameko.standalone.events import get_event_exchange
from werkzeug.wrappers import Request, Response

from services.gateway import metrics
from shared.consumer_declaration import ConsumerDeclaration, on
from shared.envelope import load_payload
from shared.errors import DomainError
from shared.fields import PayloadText
from shared.integration import PayloadSchema
from shared.nameko_kit.integration_events import IntegrationEventHandler
from services.gateway.web_server import gateway_http

log = logging.getLogger(__name__)
KEEP_ALIVE_SECONDS = 15
SUBSCRIBER_BACKLOG = 1000


class Hub:
    def __init__(self) -> None:
        self.subscribers: dict[str, set[LightQueue]] = {}

    def subscribe(self, channel: str) -> LightQueue:
        queue = LightQueue(SUBSCRIBER_BACKLOG)
        self.subscribers.setdefault(channel, set()).add(queue)
        metrics.STREAM_SUBSCRIBERS.inc()
        return queue

    def unsubscribe(self, channel: str, queue: LightQueue) -> None:
        self.subscribers.get(channel, set()).discard(queue)
        metrics.STREAM_SUBSCRIBERS.dec()

    def publish(self, channel: str, message: dict[str, Any]) -> int:
        delivered = 0
        for queue in list(self.subscribers.get(channel, ())):
            if queue.full():
                continue  # a subscriber that does not read loses messages, not the others
            queue.put_nowait(message)
            delivered += 1
        return delivered


class HubProvider(DependencyProvider):
    """One hub per gateway process, shared by the event handler and the stream requests."""

    hub = Hub()

    def get_dependency(self, worker_ctx: Any) -> Hub:
        return self.hub


class LiveEventHandler(IntegrationEventHandler):
    """Events of the given types from a source, on a queue of this process only, gone when the process
    goes. Binding only the types the broadcast shows keeps a selection window's other commands (rules
    accepted, carts changed) away from the gateway, which is busy enough serving them."""

    def __init__(self, source_service: str, event_types: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(source_service, **kwargs)
        self.event_types = event_types

    def make_queue(self) -> Queue:
        exchange = get_event_exchange(self.source_service)
        return Queue(f"live-{self.source_service}--{self.container.service_name}.{uuid.uuid4().hex}",
                     bindings=[binding(exchange, routing_key=kind) for kind in self.event_types],
                     durable=False, exclusive=True, auto_delete=True)


live_events = LiveEventHandler.decorator


class RoomConfirmed(PayloadSchema):
    """The gateway's own copies of the lottery payloads it broadcasts."""

    room_id = PayloadText(required=True)
    rank = fields.Integer(required=True)


class WindowClosed(PayloadSchema):
    assignments = fields.List(fields.List(PayloadText()), required=True)


def room_taken(_: Any, __: Any, e: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    p = e["payload"]
    message = {"type": "room_taken", "room_id": p["room_id"], "rank": p["rank"], "at": e["occurred_at"]}
    return [(e["aggregate_id"], message)]


def window_closed(_: Any, __: Any, e: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    rooms = [room for _, room in e["payload"]["assignments"]]
    return [(e["aggregate_id"], {"type": "window_closed", "rooms_assigned": rooms, "at": e["occurred_at"]})]


BROADCAST = ConsumerDeclaration("availability_broadcast", Hub, lambda process, hub: None, (
    on("lottery", "RoomConfirmed", 1, RoomConfirmed, room_taken),
    on("lottery", "WindowClosed", 1, WindowClosed, window_closed),
))
"""What the broadcast reads (it keeps no position: a reconnecting browser starts from the statistics)."""


def messages_for(envelope: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """What the public may see of a lottery event: rooms taken, never who took them."""
    read = BROADCAST.read_of(envelope["source"], envelope["type"])
    if read is None or envelope["schema_version"] != read.version:
        return []
    return read.handler(None, None, {**envelope, "payload": load_payload(envelope, read.schema)})


class LiveStream:
    hub = HubProvider()
    tokens: Any

    @live_events("lottery", tuple(read.type for read in BROADCAST.reads))
    def on_lottery_event(self, envelope: dict) -> None:
        for channel, message in messages_for(envelope):
            self.hub.publish(channel, message)

    @gateway_http("GET", "/api/v1/lottery/sessions/<session_id>/stream")
    def session_stream(self, request: Request, session_id: str) -> Response:
        """Server-Sent Events; browsers may pass the token as ?access_token= (EventSource sends no headers)."""
        try:
            header = request.headers.get("Authorization")
            token = request.args.get("access_token")
            self.tokens.verify(header or (f"Bearer {token}" if token else None))
            uuid.UUID(session_id)
        except DomainError as exc:
            return Response(json.dumps({"error": exc.as_dict()}), status=exc.status, mimetype="application/json")
        except ValueError:
            return Response(json.dumps({"error": {"code": "not_found", "message": "no such session", "details": {}}}),
                            status=404, mimetype="application/json")
        hub = self.hub
        # eventlet's WSGI server holds back chunks smaller than 4 KB; a stream must flush every event.
        request.environ["eventlet.minimum_write_chunk_size"] = 0
        return Response(_events(hub, session_id), mimetype="text/event-stream",
                        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


def _events(hub: Hub, channel: str) -> Iterator[bytes]:
    queue = hub.subscribe(channel)
    try:
        yield f"retry: 2000\nevent: subscribed\ndata: {json.dumps({'session_id': channel, 'at': time.time()})}\n\n".encode()
        while True:
            try:
                message = queue.get(timeout=KEEP_ALIVE_SECONDS)
            except Empty:
                yield b": keep-alive\n\n"
                continue
            yield f"event: {message['type']}\ndata: {json.dumps(message, ensure_ascii=False)}\n\n".encode()
    finally:
        hub.unsubscribe(channel, queue)


