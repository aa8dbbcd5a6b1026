"""Webhooks from external parties (Standard Webhooks layout, shared.webhooks) reach the gateway's public address
and go on, as received, to the service that holds the sender's secret: the raw body (base64) and the three
webhook headers. The gateway holds no party's secret, so it neither verifies nor reads them."""
from __future__ import annotations

import base64
from typing import Any

from werkzeug.wrappers import Request

from shared import webhooks
from shared.errors import InvalidInput

MAX_WEBHOOK_BYTES = 64 * 1024


def forward(cluster: Any, service: str, rpc: str, request: Request) -> Any:
    if (request.content_length or 0) > MAX_WEBHOOK_BYTES:
        raise InvalidInput("the webhook body is too large", code="body_too_large",
                           details={"max": MAX_WEBHOOK_BYTES})
    body = request.get_data(cache=False)[:MAX_WEBHOOK_BYTES + 1]
    if len(body) > MAX_WEBHOOK_BYTES:
        raise InvalidInput("the webhook body is too large", code="body_too_large", details={"max": MAX_WEBHOOK_BYTES})
    headers = {name: request.headers[name] for name in webhooks.HEADERS if name in request.headers}
    return cluster.call(service, rpc, headers=headers, body_base64=base64.b64encode(body).decode())
