"""Filing as a Nameko service: the bureau's review queue, approvals and rejections."""
from __future__ import annotations

from typing import Any

from nameko.rpc import rpc

from shared.nameko_kit.consumers import consumers
from shared.nameko_kit.dependencies import ApplicationProvider, Instrumentation
from shared.nameko_kit.edge import edge
from shared.nameko_kit.rpc import ServiceRpc
from shared.nameko_kit.service_base import EventSourcedService
from services.filing.api import requests as schemas, window_requests as window_schemas
from services.filing.adapters.consumers import CANCELLATION_INTAKE, CONTRACT_INTAKE, FILING_REGISTER
from services.filing.adapters.outbound_events import OUTBOUND
from services.filing.application.app import FilingApplication

BUREAU = "bureau_officer"


@consumers(CONTRACT_INTAKE, FILING_REGISTER, CANCELLATION_INTAKE)
class FilingService(EventSourcedService):
    name = "filing"
    publishes = OUTBOUND

    app = ApplicationProvider(lambda settings: FilingApplication(env=settings.event_store,
                                                                city_code=settings.get("HOUSING_CITY_CODE", "421000")))
    cluster = ServiceRpc()
    instrumentation = Instrumentation()

    @rpc
    @edge(schemas.FilingQuerySchema(), roles=(BUREAU, "auditor", "developer"))
    def list_filings(self, ctx: Any, body: dict) -> dict[str, Any]:
        """The bureau's review queue (state=pending) and register; a developer sees its own."""
        developer = ctx.org_id if ctx.role == "developer" else None
        return {"filings": self.filing_register.view.list(state=body["state"], developer_id=developer)}

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

    @rpc
    @edge(window_schemas.ReviewSchema(), roles=(BUREAU,))
    def review_window_filing(self, ctx: Any, body: dict, contract_id: str) -> dict[str, Any]:
        """R001.16: approve (filed with the next CLBA number) or reject with reasons a window filing."""
        return self.app.review_window_filing(ctx, contract_id, body["decision"], body["reasons"])

    @rpc
    @edge(roles=(BUREAU, "auditor"))
    def get_existing_home_filing(self, ctx: Any, contract_id: str) -> dict[str, Any]:
        return self.app.get_existing_home_filing(ctx, contract_id)

    @rpc
    @edge(window_schemas.ReviewSchema(), roles=(BUREAU,))
    def review_existing_home_cancellation(self, ctx: Any, body: dict, contract_id: str) -> dict[str, Any]:
        """R001.18: approve or refuse a window cancellation of an existing-home filing."""
        return self.app.review_cancellation(ctx, contract_id, body["decision"], body["reasons"])

    @rpc
    @edge(roles=(BUREAU, "auditor"))
    def get_existing_home_cancellation(self, ctx: Any, contract_id: str) -> dict[str, Any]:
        return self.app.get_cancellation(ctx, contract_id)

    @rpc
    @edge(roles=(BUREAU, "system"))
    def rebuild_register(self, ctx: Any) -> dict[str, Any]:
        return {"applied": self.rebuild(FILING_REGISTER)}
