"""The public addresses where external parties deliver their signed webhooks (Standard Webhooks layout): each is
forwarded, as received, to the service holding that party's secret, which verifies it and records it once."""
from __future__ import annotations

from services.gateway import responses as gateway_answers
from services.registry.api.transfer_reports import TransferReportSchema


def webhook_routes(route: type) -> tuple:
    """Built with the gateway's `Route` (passed in, so this module and routes.py do not import each other)."""
    return (
        route("real_estate_registry_callback", "POST", "/api/v1/callbacks/real-estate-registry", "registry",
              "real_estate_callback", "The real-estate register reports a filed sale's transfer accepted (受理) or "
              "registered (登记完成). Signed webhook (webhook-id, webhook-timestamp, webhook-signature: v1,<base64 "
              "HMAC-SHA256 of id.timestamp.body>), 5-minute window; unsigned, forged or stale: 401 and nothing "
              "changes; a message delivered twice counts once", public=True, webhook=True,
              body=TransferReportSchema, response=gateway_answers.WebhookAnswerSchema, tags=("callbacks",)),
        route("escrow_bank_webhook", "POST", "/api/v1/callbacks/escrow-bank", "escrow", "escrow_bank_webhook",
              "The escrow bank's webhooks (deposit.received, release.completed, refund.completed), signed in the "
              "Standard Webhooks layout: unsigned, forged or stale ones are 401 and change nothing; the same "
              "report again is answered recorded=false", public=True, webhook=True,
              response=gateway_answers.WebhookAnswerSchema, tags=("callbacks",)),
    )
