"""Filing as a Nameko service: the bureau's review queue, approvals and rejections."""
from __future__ import annotations

from typing import Any

from nameko.rpc import rpc
from nameko.timer import timer

from shared import settings
from shared.consumer import TrackedView
from shared.nameko_kit.dependencies import ApplicationProvider, ConsumerProvider, Instrumentation
from shared.nameko_kit.edge import edge
from shared.nameko_kit.integration_events import integration_events
from shared.nameko_kit.rpc import ServiceRpc
from shared.nameko_kit.service_base import EventSourcedService
from services.filing.api import requests as schemas
from services.filing.adapters.inbound_events import INTAKE_SCHEMAS, REGISTER_SCHEMAS
from services.filing.adapters.register_view import PostgresFilingRegisterView
from services.filing.application.app import FilingApplication
from services.filing.application.contract_intake import ContractIntake
from services.filing.application.register import FilingRegisterProjection

BUREAU = "bureau_officer"
_env = lambda: settings.event_store_env("filing")  # noqa: E731


class FilingService(EventSourcedService):
    name = "filing"

    app = ApplicationProvider(lambda: FilingApplication(env=_env()))
    register = ConsumerProvider(PostgresFilingRegisterView, FilingRegisterProjection, _env, "filing_register",
                                REGISTER_SCHEMAS)
    intake = ConsumerProvider(TrackedView, None, _env, "contract_intake", INTAKE_SCHEMAS)
    cluster = ServiceRpc()
    instrumentation = Instrumentation()

    @rpc
    @edge(schemas.FilingQuerySchema(), roles=(BUREAU, "auditor", "developer"))
    def list_filings(self, ctx: Any, body: dict) -> dict[str, Any]:
        """The bureau's review queue (state=pending) and register; a developer sees its own."""
        developer = ctx.org_id if ctx.role == "developer" else None
        return {"filings": self.register.view.list(state=body["state"], developer_id=developer)}

    @rpc
    @edge()
    def get_filing(self, ctx: Any, filing_id: str) -> dict[str, Any]:
        return self.app.get_case(ctx, filing_id)

    @rpc
    @edge(roles=(BUREAU,))
    def approve_filing(self, ctx: Any, filing_id: str) -> dict[str, Any]:
        return self.app.approve(ctx, filing_id)

    @rpc
    @edge(schemas.RejectFilingSchema(), roles=(BUREAU,))
    def reject_filing(self, ctx: Any, body: dict, filing_id: str) -> dict[str, Any]:
        return self.app.reject(ctx, filing_id, body["reasons"])

    @integration_events("contracts")
    def on_contracts_event(self, envelope: dict) -> str:
        return self.intake.using(ContractIntake(self.app)).handle(envelope, self.fetch)

    @integration_events("filing")
    def on_filing_event(self, envelope: dict) -> str:
        return self.register.handle(envelope, self.fetch)

    @timer(interval=30, eager=True)
    def reconcile(self) -> None:
        self.catch_up_all([(self.intake.using(ContractIntake(self.app)), "contracts"), (self.register, "filing")])

    @rpc
    @edge(roles=(BUREAU, "system"))
    def rebuild_register(self, ctx: Any) -> dict[str, Any]:
        self.register.view.reset()
        return {"applied": {"filing": self.register.catch_up("filing", self.fetch)}}
