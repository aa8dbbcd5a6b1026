"""The receiving end of an external party's signed callback (bank, face verification, e-signature): served by
the service itself (shared.signed_callbacks), or relayed by the gateway in the Standard Webhooks layout
(shared.webhooks: the escrow bank's accounts, the real-estate registry).

Answer 2xx only once the report is recorded (or was recorded before): any other answer makes the party
retry, which is what we want while our own record of the request may still be committing, or while
our database is away (503).
"""
from __future__ import annotations

import json
import logging
from typing import Any, Callable

from werkzeug.wrappers import Request, Response

from shared import metrics, signed_callbacks, webhooks
from shared.context import SYSTEM, acting_as
from shared.errors import DomainError, InvalidInput
from shared.text import refused_anywhere
from shared.nameko_kit.edge import database_outage_as_unavailable

log = logging.getLogger(__name__)


def handle_signed_callback(request: Request, secret: str, record: Callable[[dict[str, Any]], bool]) -> Response:
    body = request.get_data(cache=False)
    try:
        signed_callbacks.verify(secret, request.headers, body)
        report = _report(body)
        with acting_as(SYSTEM):
            changed = database_outage_as_unavailable(record)(report)
    except DomainError as exc:
        log.info("callback at %s refused: %s", request.path, exc.code)
        return Response(json.dumps({"error": exc.as_dict()}), status=exc.status, mimetype="application/json")
    return Response(json.dumps({"recorded": changed}), mimetype="application/json")


def accept_webhook(party: str, secret: str, headers: dict[str, str], body: bytes,
                   record: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """Verify and record one relayed webhook; `record(report)` says whether it counted (False: it had been
    counted before, as when the party delivers the same webhook-id again); the report is a JSON object with a
    text `type`, whatever else the party's reports carry. A refusal raises its DomainError
    (401 for an unsigned, forged or stale one) and records nothing. The webhook-id becomes the causation id
    of whatever the report records."""
    try:
        msg_id = webhooks.verify(secret, headers, body)
        report = _report(body, required=("type",))
        with acting_as(SYSTEM.caused_by(msg_id)):
            counted = database_outage_as_unavailable(record)(report)
    except DomainError as exc:
        log.info("webhook from %s refused: %s", party, exc.code)
        metrics.WEBHOOKS.labels(party, exc.code).inc()
        raise
    metrics.WEBHOOKS.labels(party, "recorded" if counted else "repeated").inc()
    return {"recorded": counted}


def _report(body: bytes, required: tuple[str, ...] = ("type", "merchant_ref")) -> dict[str, Any]:
    try:
        report = json.loads(body)
    except ValueError:
        raise InvalidInput("the callback is not JSON", code="invalid_callback") from None
    if not isinstance(report, dict) or not all(isinstance(report.get(k), str) for k in required):
        raise InvalidInput(f"the callback lacks {' or '.join(required)}", code="invalid_callback")
    problem = refused_anywhere(report)
    if problem:
        raise InvalidInput(f"the callback holds a character that cannot be stored: {problem}", code="invalid_callback")
    return report
