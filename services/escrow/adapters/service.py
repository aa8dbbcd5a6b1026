"""Escrow as a Nameko service: the family's mandate, the bank's signed callbacks, and its part of the
lease saga (deposit after signing, refund and mandate cancellation after a cancellation)."""
from __future__ import annotations

import base64
import logging
from typing import Any

from nameko.rpc import rpc
from nameko.web.handlers import http
from werkzeug.wrappers import Request, Response

from shared.context import SYSTEM
from shared.nameko_kit.consumers import consumers
from shared.nameko_kit.dependencies import AdapterProvider, ApplicationProvider, Instrumentation
from shared.nameko_kit.callbacks import handle_signed_callback
from shared.nameko_kit.edge import edge
from shared.nameko_kit.rpc import ServiceRpc
from shared.nameko_kit.service_base import EventSourcedService
from services.escrow.api import requests as schemas
from services.escrow.adapters.bank import bank_from_env
from services.escrow.adapters.consumers import LEASE_ACCOUNTS
from services.escrow.adapters.outbound_events import OUTBOUND
from services.escrow.application.app import EscrowApplication

log = logging.getLogger(__name__)
FAMILY = ("family",)
BANK_CALLBACK = "/callbacks/bank"


@consumers(LEASE_ACCOUNTS)
class EscrowService(EventSourcedService):
    name = "escrow"
    publishes = OUTBOUND

    app = ApplicationProvider(lambda settings: EscrowApplication(env=settings.event_store))
    bank = AdapterProvider(bank_from_env)
    cluster = ServiceRpc()
    instrumentation = Instrumentation()

    @property
    def callback_url(self) -> str:
        return self.settings.callback_url(BANK_CALLBACK)

    @rpc
    @edge(schemas.MandateUploadSchema(), roles=FAMILY)
    def request_mandate(self, ctx: Any, body: dict, lease_id: str) -> dict[str, Any]:
        """R004.12: the rent auto-debit with the main applicant's debit card (number and both photos)."""
        files = body["files"]
        return self.app.request_mandate(
            ctx, self.lease_accounts.view.lease(lease_id), lease_id, account_holder=body["account_holder"],
            card_number=body["card_number"], card_front=base64.b64decode(files["card_front"]["data_base64"]),
            card_back=base64.b64decode(files["card_back"]["data_base64"]), bank=self.bank,
            callback_url=self.callback_url)

    @rpc
    @edge(roles=("family", "bureau_officer", "auditor"))
    def get_mandate(self, ctx: Any, lease_id: str) -> dict[str, Any]:
        return self.app.get_mandate(ctx, self.lease_accounts.view.lease(lease_id), lease_id)

    @http("POST", BANK_CALLBACK)
    def bank_callback(self, request: Request) -> Response:
        """The bank's signed callbacks: mandate, payment and refund outcomes."""
        return handle_signed_callback(request, self.bank.secret, lambda report: self.app.bank_reported(
            SYSTEM, report, self.bank, self.callback_url))
