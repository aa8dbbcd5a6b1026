"""A reply the broker cannot take costs its caller a timeout, never the service its life.

Nameko publishes an RPC's reply from the worker's result handler. When the broker is away the
publisher's retries run out and kombu raises; Nameko takes an error there for an unrecoverable one
and stops the service's container: the process stays up but never consumes a request again (found
by tests/integration/test_outage.py). Here that reply is given up and logged. The request is left
unacknowledged: the broker hands it out again once the service has reconnected, unless it expired
with its caller's deadline meanwhile, and commands are idempotent, so a repeat answers the same.
"""
from __future__ import annotations

import logging
from typing import Any

from nameko import rpc

from shared import outages

log = logging.getLogger(__name__)


class SurvivingRpcConsumer(rpc.RpcConsumer):
    def handle_result(self, message: Any, result: Any, exc_info: Any) -> tuple[Any, Any]:
        try:
            return super().handle_result(message, result, exc_info)
        except outages.BROKER_ERRORS as exc:
            log.warning("the reply to %s could not be sent, the broker is away: %s: %s",
                        message.properties.get("correlation_id"), type(exc).__name__, exc)
            return result, exc_info


def install() -> None:
    """Every `@rpc` entrypoint of the process shares this consumer (one per container, as before)."""
    rpc.Rpc.rpc_consumer = SurvivingRpcConsumer()
