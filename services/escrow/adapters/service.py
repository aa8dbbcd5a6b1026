"""Escrow as a Nameko service: the family's mandate, the bank's signed callbacks, and its part of the
lease saga (deposit after signing, refund and mandate cancellation after a cancellation)."""
from __future__ import annotations

import base64
import logging
from typing import Any

from nameko.rpc import rpc
from nameko.timer import timer
from nameko.web.handlers import http
from werkzeug.wrappers import Request, Response

from shared import settings
from shared.context import SYSTEM
from shared.nameko_kit.dependencies import AdapterProvider, ApplicationProvider, ConsumerProvider, Instrumentation
from shared.nameko_kit.callbacks import handle_signed_callback
from shared.nameko_kit.edge import edge
from shared.nameko_kit.integration_events import integration_events
from shared.nameko_kit.rpc import ServiceRpc
from shared.nameko_kit.service_base import EventSourcedService
from services.escrow.api import requests as schemas
from services.escrow.adapters.bank import bank_from_env
from services.escrow.adapters.inbound_events import LEASE_SCHEMAS
from services.escrow.adapters.lease_accounts_view import PostgresLeaseAccountsView
from services.escrow.application.app import EscrowApplication
from services.escrow.application.lease_saga import LeaseSaga

log = logging.getLogger(__name__)
FAMILY = ("family",)
BANK_CALLBACK = "/callbacks/bank"
_env = lambda: settings.event_store_env("escrow")  # noqa: E731


class EscrowService(EventSourcedService):
    name = "escrow"

    app = ApplicationProvider(lambda: EscrowApplication(env=_env()))
    leases = ConsumerProvider(PostgresLeaseAccountsView, None, _env, "lease_accounts", LEASE_SCHEMAS)
    bank = AdapterProvider(bank_from_env)
    cluster = ServiceRpc()
    instrumentation = Instrumentation()

    @property
    def callback_url(self) -> str:
        return settings.callback_url("escrow", BANK_CALLBACK)

    @rpc
    @edge(schemas.MandateUploadSchema(), roles=FAMILY)
    def request_mandate(self, ctx: Any, body: dict, lease_id: str) -> dict[str, Any]:
        """R004.12: the rent auto-debit with the main applicant's debit card (number and both photos)."""
        files = body["files"]
        return self.app.request_mandate(
            ctx, self.leases.view.lease(lease_id), lease_id, account_holder=body["account_holder"],
            card_number=body["card_number"], card_front=base64.b64decode(files["card_front"]["data_base64"]),
            card_back=base64.b64decode(files["card_back"]["data_base64"]), bank=self.bank,
            callback_url=self.callback_url)

    @rpc
    @edge(roles=("family", "bureau_officer", "auditor"))
    def get_mandate(self, ctx: Any, lease_id: str) -> dict[str, Any]:
        return self.app.get_mandate(ctx, self.leases.view.lease(lease_id), lease_id)

    @http("POST", BANK_CALLBACK)
    def bank_callback(self, request: Request) -> Response:
        """The bank's signed callbacks: mandate, payment and refund outcomes."""
        return handle_signed_callback(request, self.bank.secret, lambda report: self.app.bank_reported(
            SYSTEM, report, self.bank, self.callback_url))

    @integration_events("contracts")
    def on_contracts_event(self, envelope: dict) -> str:
        return self.leases.using(self.saga).handle(envelope, self.fetch)

    @property
    def saga(self) -> LeaseSaga:
        return LeaseSaga(self.leases.view, self.app, self.bank, self.callback_url)

    @timer(interval=30, eager=True)
    def reconcile(self) -> None:
        self.catch_up_all([(self.leases.using(self.saga), "contracts")])

