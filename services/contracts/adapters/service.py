"""Contracts as a Nameko service: sale contracts (guide 000), through LeaseEntrypoints leases (004) and through
ExistingHomeEntrypoints existing-home contracts (001)."""
from __future__ import annotations

import base64
from typing import Any

from nameko.rpc import rpc
from nameko.timer import timer

from shared import clock
from shared.nameko_kit.consumers import consumers
from shared.nameko_kit.dependencies import ApplicationProvider, Instrumentation
from shared.nameko_kit.edge import database_outage_as_unavailable, edge
from shared.nameko_kit.process_pool import ProcessPoolProvider
from shared.nameko_kit.rpc import ServiceRpc
from shared.nameko_kit.service_base import EventSourcedService
from services.contracts.api import requests as schemas
from services.contracts.adapters.consumers import (CONTRACT_LIST, EXISTING_HOME_CONSUMERS, EXISTING_HOME_LIST,
                                                   LEASE_CONSUMERS, LEASE_LIST, SALE_CONSUMERS, SELLABLE_ROOMS,
                                                   WINDOW_CONSUMERS)
from services.contracts.adapters.existing_home_entrypoints import ExistingHomeEntrypoints
from services.contracts.adapters.window_entrypoints import WindowEntrypoints
from services.contracts.adapters.lease_entrypoints import LeaseEntrypoints
from services.contracts.adapters.notarization_entrypoints import NotarizationEntrypoints
from services.contracts.adapters.outbound_events import OUTBOUND
from services.contracts.adapters.check_page import check_page_url
from services.contracts.adapters.pdf import render_contract_pdf
from services.contracts.adapters.renderers import pdf_renderers
from services.contracts.application.app import ContractsApplication
from services.contracts.application.signing_links import SigningLinks
from shared.settings import ProcessSettings, cipher_key
from services.contracts.application.public_check import check_contract
from services.contracts.application.contract_template import contract_template

DEVELOPER = ("developer",)
FORMAL_STATES = ["formal_printed", "confirmed", "filing_rejected", "filed"]


def contracts_application(settings: ProcessSettings) -> ContractsApplication:
    """The application, with the parties' signing links (existing homes) signed by a key derived from contracts'
    own sealing key and pointing at the portal people's phones open."""
    app = ContractsApplication(env=settings.event_store)
    key = cipher_key("contracts", settings.environ)
    if not key:
        raise RuntimeError("HOUSING_CIPHER_KEY (or HOUSING_CIPHER_KEY_CONTRACTS) is needed to sign parties' links")
    app.signing_links = SigningLinks(key, settings.get("HOUSING_GATEWAY_PUBLIC_URL", "http://127.0.0.1:8080"))
    return app


def buyer_of(body: dict[str, Any]) -> dict[str, Any]:
    """The buyer's details of a loaded draft or change body, as the contract names them."""
    number = body.get("buyer_id_number") or ""
    return {"name": body["buyer_name"], "id_type": body["buyer_id_type"] if number else "", "id_number": number,
            "phone": body.get("buyer_phone") or "", "address": body.get("buyer_address") or ""}


@consumers(*SALE_CONSUMERS, *LEASE_CONSUMERS, *EXISTING_HOME_CONSUMERS, *WINDOW_CONSUMERS)
class ContractsService(WindowEntrypoints, ExistingHomeEntrypoints, NotarizationEntrypoints, LeaseEntrypoints,
                       EventSourcedService):
    name = "contracts"
    publishes = OUTBOUND

    app = ApplicationProvider(contracts_application)
    renderers = ProcessPoolProvider(pdf_renderers)
    cluster = ServiceRpc()
    instrumentation = Instrumentation()

    # Presets (R000.6) --------------------------------------------------------------------------

    @rpc
    @edge(schemas.PresetsSchema(), roles=DEVELOPER)
    def set_presets(self, ctx: Any, body: dict, project_id: str) -> dict[str, Any]:
        return self.app.set_presets(ctx, project_id, body["sections"])

    @rpc
    @edge(roles=DEVELOPER)
    def get_presets(self, ctx: Any, project_id: str) -> dict[str, Any]:
        return self.app.get_presets(ctx, project_id)

    @rpc
    @edge()
    def contract_template(self, ctx: Any) -> dict[str, Any]:
        return contract_template()

    # The contract's life (R000.7–R000.12) --------------------------------------------------------

    @rpc
    @edge(schemas.DraftContractSchema(), roles=DEVELOPER)
    def draft_contract(self, ctx: Any, body: dict) -> dict[str, Any]:
        room = self.sellable_rooms.view.room(body["room_id"])
        return self.app.draft_contract(ctx, room, body["room_id"], buyer_of(body))

    @rpc
    @edge(schemas.BuyerSchema(), roles=DEVELOPER)
    def change_buyer(self, ctx: Any, body: dict, contract_id: str) -> dict[str, Any]:
        """修改 the buyer's details before the formal print."""
        return self.app.change_buyer(ctx, contract_id, buyer_of(body))

    @rpc
    @edge(schemas.SaveClauseSchema(), roles=DEVELOPER)
    def save_clause(self, ctx: Any, body: dict, contract_id: str, section_id: str) -> dict[str, Any]:
        return self.app.save_clause(ctx, contract_id, section_id, body["values"])

    @rpc
    @edge(roles=DEVELOPER)
    def print_preview(self, ctx: Any, contract_id: str) -> dict[str, Any]:
        return self.app.print_preview(ctx, contract_id)

    @rpc
    @edge(roles=DEVELOPER)
    def print_formal(self, ctx: Any, contract_id: str) -> dict[str, Any]:
        return self.app.print_formal(ctx, contract_id)

    @rpc
    @edge(roles=DEVELOPER)
    def confirm(self, ctx: Any, contract_id: str) -> dict[str, Any]:
        return self.app.confirm(ctx, contract_id)

    @rpc
    @edge(roles=DEVELOPER)
    def abandon(self, ctx: Any, contract_id: str) -> dict[str, Any]:
        return self.app.abandon(ctx, contract_id)

    @rpc
    @edge(roles=DEVELOPER)
    def resubmit(self, ctx: Any, contract_id: str) -> dict[str, Any]:
        return self.app.resubmit(ctx, contract_id)

    @rpc
    @edge()
    def get_contract(self, ctx: Any, contract_id: str) -> dict[str, Any]:
        return self.app.get_contract(ctx, contract_id)

    @rpc
    @edge()
    def contract_pdf(self, ctx: Any, contract_id: str) -> dict[str, Any]:
        """The latest printed text: preview (watermarked) or formal (with verification code, the QR code of
        the public check page and, once filed, the filing number on its cover)."""
        document = self.app.document(ctx, contract_id)
        code = document["verification_code"]
        pdf = self.renderers.call(render_contract_pdf, document["contract"], kind=document["kind"],
                                  verification_code=code, filing_number=document["filing_number"],
                                  check_url=check_page_url(self.settings, code) if code else None)
        return {"content_type": "application/pdf", "filename": f"contract-{contract_id}-{document['kind']}.pdf",
                "data_base64": base64.b64encode(pdf).decode()}

    @rpc
    @edge(schemas.ContractQuerySchema())
    def list_contracts(self, ctx: Any, body: dict) -> dict[str, Any]:
        """A developer's formal contracts with their filing status (the bureau sees all)."""
        developer = ctx.org_id if ctx.role == "developer" else None
        states = body["state"] or FORMAL_STATES
        return {"contracts": self.contract_list.view.list(developer, body["project_id"], states)}

    @rpc
    @database_outage_as_unavailable
    def check_contract(self, code: str) -> dict[str, Any]:
        """The public check of a formal print by its verification code (no caller: anyone may ask; the
        gateway limits how often)."""
        return check_contract(self.app, code)

    # Time and the bureau's decisions ------------------------------------------------------------

    @timer(interval=10, eager=True)
    def expire_unconfirmed(self) -> None:
        """R000.11: contracts formal-printed more than 24 hours ago and not confirmed become void."""
        self.run_deadlines(self.contract_list.view.due_for_expiry(clock.now()), self.app.expire, "contract")

    @rpc
    @edge(roles=("bureau_officer", "system"))
    def rebuild_views(self, ctx: Any) -> dict[str, Any]:
        """Forget the sellable rooms, the contract lists and the lease list and replay them from the event stores."""
        return {"applied": {"registry": self.rebuild(SELLABLE_ROOMS)["registry"],
                            "contracts": self.rebuild(CONTRACT_LIST)["contracts"],
                            "leases": self.rebuild(LEASE_LIST)["contracts"],
                            "existing_homes": self.rebuild(EXISTING_HOME_LIST)["contracts"]}}
