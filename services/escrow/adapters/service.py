"""Escrow as a Nameko service: the family's mandate, the bank's signed callbacks, and its part of the
lease saga (deposit after signing, refund and mandate cancellation after a cancellation); the purchase-fund
accounts of existing-home contracts, whose bank webhooks the gateway relays."""
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
from shared.nameko_kit.callbacks import accept_webhook, handle_signed_callback
from shared.nameko_kit.edge import edge
from shared.nameko_kit.rpc import ServiceRpc
from shared.nameko_kit.service_base import EventSourcedService
from services.escrow.api import requests as schemas
from services.escrow.adapters.bank import bank_from_env
from services.escrow.adapters.consumers import LEASE_ACCOUNTS, PURCHASE_FUNDS
from services.escrow.adapters.outbound_events import OUTBOUND
from services.escrow.application.app import EscrowApplication

log = logging.getLogger(__name__)
FAMILY = ("family",)
BANK_CALLBACK = "/callbacks/bank"
BANK_WEBHOOK = "/api/v1/callbacks/escrow-bank"  # the gateway's route, which relays to escrow_bank_webhook
PURCHASE_FUND_READERS = ("agent", "agency", "bureau_officer", "auditor")


@consumers(LEASE_ACCOUNTS, PURCHASE_FUNDS)
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

    @property
    def purchase_fund_callback_url(self) -> str:
        """Where the bank sends the escrow accounts' webhooks: the gateway's public address."""
        gateway = self.settings.get("HOUSING_GATEWAY_PUBLIC_URL", "")
        if not gateway:
            raise RuntimeError("HOUSING_GATEWAY_PUBLIC_URL is not set: the bank could not call the escrow back")
        return gateway.rstrip("/") + BANK_WEBHOOK

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

    @rpc
    def escrow_bank_webhook(self, headers: dict[str, str], body_base64: str) -> dict[str, Any]:
        """A purchase-fund webhook (deposit.received, release.completed, refund.completed) as the gateway received
        it: the bank's signature is checked here, where the bank's secret is."""
        return accept_webhook("bank", self.bank.secret, headers, base64.b64decode(body_base64),
                              lambda report: self.app.purchase_fund_bank_reported(SYSTEM, report))

    @rpc
    @edge(roles=PURCHASE_FUND_READERS)
    def get_purchase_fund_account(self, ctx: Any, contract_id: str) -> dict[str, Any]:
        return self.app.purchase_fund_account_view(ctx, contract_id, self.purchase_funds.view.contract(contract_id))
