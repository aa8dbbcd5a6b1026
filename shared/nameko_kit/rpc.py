"""RPC between services with a deadline, and without leaking Nameko's pending replies.

Nameko's ClusterRpc keeps a pending-reply entry for a call whose request was undeliverable
(UnknownService) or whose caller gave up waiting. After the next broker reconnect its reply
listener then finds the non-durable reply queue gone and stops the whole container with
ReplyQueueExpiredWithPendingReplies. Every call made here forgets its entry when it ends, and
waits for the reply listener's first connection before it registers.

A broker that is away (its connection refused or cut) is `Unavailable` like a service that does not
answer: 503 with Retry-After at the gateway, counted by `shared.outages`, the broker's error only logged.
"""
from __future__ import annotations

import functools
import os
from typing import Any

import eventlet
from nameko.exceptions import UnknownService
from nameko.rpc import Client, ClusterRpc

from shared import outages
from shared.nameko_kit import errors as _register_errors  # noqa: F401  (domain errors arrive as themselves)

RPC_TIMEOUT = float(os.environ.get("HOUSING_RPC_TIMEOUT", "10"))


class ServiceCaller:
    def __init__(self, publish: Any, listener: Any, context_data: dict) -> None:
        self.publish = publish
        self.listener = listener
        self.context_data = context_data

    def call(self, service: str, method: str, timeout: float = RPC_TIMEOUT, **kwargs: Any) -> Any:
        """Call `service.method(**kwargs)`; a service that is down or slow becomes Unavailable (503)."""
        correlation_ids: list[str] = []

        def register_for_reply(correlation_id: str) -> Any:
            correlation_ids.append(correlation_id)
            return self.listener.register_for_reply(correlation_id)

        # A request still queued when the caller gives up expires instead of running late.
        publish = functools.partial(self.publish, expiration=timeout)
        client = Client(publish, register_for_reply, self.context_data, service, method)
        # Extensions start concurrently: a call made at start-up (an eager timer) must not register
        # before the reply listener's first connection, which would take it for a lost reply.
        self.listener.consumer.wait_until_consumer_ready()
        try:
            reply = client.call_async(**kwargs)
            with eventlet.Timeout(timeout):
                return reply.result()
        except UnknownService:
            raise outages.unavailable("service", service=service) from None
        except outages.BROKER_ERRORS as exc:
            raise outages.unavailable("broker", exc) from None
        except eventlet.Timeout:
            raise outages.timed_out(service) from None
        finally:
            for correlation_id in correlation_ids:
                self.listener.pending.pop(correlation_id, None)


class ServiceRpc(ClusterRpc):
    """Injects a ServiceCaller: `self.rpc.call("registry", "get_room", ctx=..., room_id=...)`."""

    def setup(self) -> None:
        super().setup()
        # The reply queue is declared by the reply listener and the RPC exchange by every service;
        # declaring them again on each request costs a broker round trip per call.
        self.publisher.declare = []

    def get_dependency(self, worker_ctx: Any) -> ServiceCaller:
        return ServiceCaller(self.publisher.publish, self.reply_listener, worker_ctx.context_data)
