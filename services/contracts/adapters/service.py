"""Contracts as a Nameko service: sale contracts (guide 000) and, through LeaseEntrypoints, leases (004)."""
from __future__ import annotations

import base64
from typing import Any

from nameko.rpc import rpc
from nameko.timer import timer

from shared import clock, settings
from shared.consumer import TrackedView
from shared.nameko_kit.dependencies import ApplicationProvider, ConsumerProvider, Instrumentation
from shared.nameko_kit.edge import edge
from shared.nameko_kit.integration_events import integration_events
from shared.nameko_kit.process_pool import ProcessPoolProvider
from shared.nameko_kit.rpc import ServiceRpc
from shared.nameko_kit.service_base import EventSourcedService
from services.contracts.api import requests as schemas
from services.contracts.adapters.contract_list_view import PostgresContractListView
from services.contracts.adapters.lease_entrypoints import LeaseEntrypoints
from services.contracts.adapters.inbound_events import (CONTRACT_LIST_SCHEMAS, FILING_OUTCOME_SCHEMAS,
                                                        SELLABLE_ROOMS_SCHEMAS)
from services.contracts.adapters.pdf import render_contract_pdf
from services.contracts.adapters.renderers import pdf_renderers
from services.contracts.adapters.sellable_rooms_view import PostgresSellableRoomsView
from services.contracts.application.app import ContractsApplication
from services.contracts.application.contract_list import ContractListProjection
from services.contracts.application.filing_outcomes import FilingOutcomes
from services.contracts.application.sellable_rooms import SellableRoomsProjection

DEVELOPER = ("developer",)
FORMAL_STATES = ["formal_printed", "confirmed", "filing_rejected", "filed"]
_env = lambda: settings.event_store_env("contracts")  # noqa: E731


class ContractsService(LeaseEntrypoints, EventSourcedService):
    name = "contracts"

    app = ApplicationProvider(lambda: ContractsApplication(env=_env()))
    sellable_rooms = ConsumerProvider(PostgresSellableRoomsView, SellableRoomsProjection, _env,
                                      "sellable_rooms", SELLABLE_ROOMS_SCHEMAS)
    contract_list = ConsumerProvider(PostgresContractListView, ContractListProjection, _env, "contract_list",
                                     CONTRACT_LIST_SCHEMAS)
    filing_outcomes = ConsumerProvider(TrackedView, None, _env, "filing_outcomes", FILING_OUTCOME_SCHEMAS)
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

    # The contract's life (R000.7–R000.12) --------------------------------------------------------

    @rpc
    @edge(schemas.DraftContractSchema(), roles=DEVELOPER)
    def draft_contract(self, ctx: Any, body: dict) -> dict[str, Any]:
        room = self.sellable_rooms.view.room(body["room_id"])
        return self.app.draft_contract(ctx, room, body["room_id"], body["buyer_name"])

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
        """The latest printed text: preview (watermarked) or formal (with verification code and, once
        filed, the filing number on its cover)."""
        document = self.app.document(ctx, contract_id)
        pdf = self.renderers.call(render_contract_pdf, document["contract"], kind=document["kind"],
                                  verification_code=document["verification_code"],
                                  filing_number=document["filing_number"])
        return {"content_type": "application/pdf", "filename": f"contract-{contract_id}-{document['kind']}.pdf",
                "data_base64": base64.b64encode(pdf).decode()}

    @rpc
    @edge(schemas.ContractQuerySchema())
    def list_contracts(self, ctx: Any, body: dict) -> dict[str, Any]:
        """A developer's formal contracts with their filing status (the bureau sees all)."""
        developer = ctx.org_id if ctx.role == "developer" else None
        states = body["state"] or FORMAL_STATES
        return {"contracts": self.contract_list.view.list(developer, body["project_id"], states)}

    # Time and the bureau's decisions ------------------------------------------------------------

    @timer(interval=10, eager=True)
    def expire_unconfirmed(self) -> None:
        """R000.11: contracts formal-printed more than 24 hours ago and not confirmed become void."""
        self.run_deadlines(self.contract_list.view.due_for_expiry(clock.now()), self.app.expire, "contract")

    @integration_events("registry")
    def on_registry_event(self, envelope: dict) -> str:
        return self.sellable_rooms.handle(envelope, self.fetch)

    @integration_events("contracts")
    def on_contracts_event(self, envelope: dict) -> str:
        return self.contract_list.handle(envelope, self.fetch)

    @integration_events("filing")
    def on_filing_event(self, envelope: dict) -> str:
        return self.filing_outcomes.using(FilingOutcomes(self.app)).handle(envelope, self.fetch)

    @rpc
    @edge(roles=("bureau_officer", "system"))
    def rebuild_views(self, ctx: Any) -> dict[str, Any]:
        """Forget the sellable rooms, the contract list and the lease list and replay them from the event stores."""
        for view in (self.sellable_rooms.view, self.contract_list.view, self.lease_list.view):
            view.reset()
        return {"applied": {"registry": self.sellable_rooms.catch_up("registry", self.fetch),
                            "contracts": self.contract_list.catch_up("contracts", self.fetch),
                            "leases": self.lease_list.catch_up("contracts", self.fetch)}}

    @timer(interval=30, eager=True)
    def reconcile(self) -> None:
        self.catch_up_all([(self.sellable_rooms, "registry"), (self.contract_list, "contracts"),
                           (self.filing_outcomes.using(FilingOutcomes(self.app)), "filing"),
                           *self.lease_consumers()])
