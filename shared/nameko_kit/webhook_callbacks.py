"""The receiving end of a webhook the gateway forwards (Standard Webhooks layout, shared.webhooks): the service
that holds the sender's secret verifies the raw body and headers, then records the report once per message id.

Forged, unsigned or stale deliveries are refused before anything is read from them; an answer other than 2xx
makes the sender retry, which is what we want while the record may still be committing or the database is away.
"""
from __future__ import annotations

import base64
import binascii
import json
import logging
from typing import Any, Callable, Mapping

from marshmallow import Schema

from shared import webhooks
from shared.context import SYSTEM, acting_as
from shared.errors import DomainError, InvalidInput
from shared.nameko_kit.edge import database_outage_as_unavailable, load

log = logging.getLogger(__name__)


def receive_webhook(secret: str, headers: Mapping[str, str], body_base64: str, schema: Schema,
                    record: Callable[[str, dict[str, Any]], bool]) -> dict[str, bool]:
    """`record(message_id, report)` answers whether the report changed anything (False for a redelivery)."""
    try:
        try:
            body = base64.b64decode(body_base64, validate=True)
        except (binascii.Error, TypeError, ValueError):
            raise InvalidInput("the forwarded body is not base64", code="invalid_callback") from None
        message_id = webhooks.verify(secret, headers if isinstance(headers, Mapping) else {}, body)
        try:
            report = load(schema, json.loads(body))
        except ValueError:
            raise InvalidInput("the webhook is not JSON", code="invalid_callback") from None
        with acting_as(SYSTEM):
            return {"recorded": database_outage_as_unavailable(record)(message_id, report)}
    except DomainError as exc:
        log.info("webhook refused: %s", exc.code)
        raise
