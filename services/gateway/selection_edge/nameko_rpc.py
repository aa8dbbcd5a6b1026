"""Calls a Nameko service's RPC method from asyncio, speaking Nameko's wire protocol over aio-pika.

A request is `{"args": [], "kwargs": {...}}` as JSON, published to the durable topic exchange
`nameko-rpc` with routing key `<service>.<method>`, `reply_to` naming the routing key of our reply
queue (bound to the same exchange) and a `correlation_id`. The service answers
`{"result": ..., "error": null | {"exc_type", "exc_path", "exc_args", "value"}}` on that key.
Publication is confirmed and mandatory, so a service with no running instance is an immediate
`Unavailable` rather than a wait until the timeout. A request expires in its queue with the call's
timeout: a command its caller was told had failed is not decided later, when the service is back.
A broker that is away is `Unavailable` (503 with Retry-After), counted by `shared.outages`; the robust
connection reconnects by itself when it is back.
"""
from __future__ import annotations

import asyncio
import json
import logging
import uuid
from typing import Any

import aio_pika
from aio_pika.abc import AbstractIncomingMessage

from shared import outages
from shared.errors import Unavailable

log = logging.getLogger(__name__)
EXCHANGE = "nameko-rpc"
REPLY_QUEUE_EXPIRES_MS = 300_000  # like Nameko's own reply queues: gone five minutes after the edge


class RemoteFailure(Exception):
    """The service raised while handling the call (its error arrives serialised)."""

    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(f"{error.get('exc_type')}: {error.get('value')}")
        self.error = error


class NamekoRpcClient:
    def __init__(self, amqp_uri: str, caller: str = "selection_edge") -> None:
        self.amqp_uri = amqp_uri
        self.caller = caller
        self.reply_key = str(uuid.uuid4())
        self._pending: dict[str, asyncio.Future] = {}
        self._connection: aio_pika.abc.AbstractRobustConnection | None = None
        self._exchange: aio_pika.abc.AbstractExchange | None = None

    async def connect(self) -> None:
        self._connection = await aio_pika.connect_robust(self.amqp_uri)
        channel = await self._connection.channel(publisher_confirms=True, on_return_raises=True)
        self._exchange = await channel.declare_exchange(EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True)
        replies = await channel.declare_queue(f"rpc.reply-{self.caller}-{self.reply_key}", exclusive=True,
                                              arguments={"x-expires": REPLY_QUEUE_EXPIRES_MS})
        await replies.bind(self._exchange, routing_key=self.reply_key)
        await replies.consume(self._on_reply, no_ack=True)

    async def close(self) -> None:
        if self._connection is not None:
            await self._connection.close()

    async def call(self, service: str, method: str, timeout: float, **kwargs: Any) -> Any:
        if self._exchange is None:
            raise outages.unavailable("broker")
        correlation_id = str(uuid.uuid4())
        reply = asyncio.get_running_loop().create_future()
        self._pending[correlation_id] = reply
        try:
            message = aio_pika.Message(
                json.dumps({"args": [], "kwargs": kwargs}, ensure_ascii=False).encode(),
                content_type="application/json", content_encoding="utf-8", correlation_id=correlation_id,
                reply_to=self.reply_key, expiration=timeout,
                headers={"nameko.call_id_stack": [f"{self.caller}.{correlation_id}"]})
            try:
                await self._exchange.publish(message, routing_key=f"{service}.{method}", mandatory=True,
                                             timeout=timeout)
            except aio_pika.exceptions.PublishError:
                raise outages.unavailable("service", service=service) from None
            except (aio_pika.exceptions.AMQPError, *outages.BROKER_ERRORS) as exc:
                raise outages.unavailable("broker", exc) from None
            try:
                answer = await asyncio.wait_for(reply, timeout)
            except asyncio.TimeoutError:
                raise outages.timed_out(service) from None
        finally:
            self._pending.pop(correlation_id, None)
        if answer.get("error"):
            raise RemoteFailure(answer["error"])
        return answer.get("result")

    async def _on_reply(self, message: AbstractIncomingMessage) -> None:
        reply = self._pending.get(message.correlation_id or "")
        if reply is None or reply.done():
            log.debug("a reply nobody waits for: %s", message.correlation_id)
            return
        try:
            reply.set_result(json.loads(message.body))
        except ValueError as exc:
            log.warning("an unreadable reply to %s: %s", message.correlation_id, exc)
            reply.set_exception(Unavailable("the service's answer could not be read; try again",
                                            code="upstream_failed"))
