"""The existing-home contract's entrypoints at the bureau's window (R001.16, R001.18) and its cancellation (R001.17),
mixed into ContractsService."""
from __future__ import annotations

from typing import Any

from nameko.rpc import rpc

from shared.nameko_kit.edge import edge
from services.contracts.api import window_requests as schemas

BUREAU, AGENT = ("bureau_officer",), ("agent", "agency")
READERS = ("bureau_officer", "auditor", "agency", "agent")


class WindowEntrypoints:
    app: Any

    @rpc
    @edge(schemas.WindowSigningSchema(), roles=BUREAU)
    def sign_existing_home_at_window(self, ctx: Any, body: dict, contract_id: str) -> dict[str, Any]:
        return self.app.sign_existing_home_at_window(ctx, contract_id, body)

    @rpc
    @edge(roles=AGENT)
    def resubmit_existing_home(self, ctx: Any, contract_id: str) -> dict[str, Any]:
        return self.app.resubmit_existing_home(ctx, contract_id)

    @rpc
    @edge(schemas.CancellationSchema(), roles=AGENT)
    def open_existing_home_cancellation(self, ctx: Any, body: dict, contract_id: str) -> dict[str, Any]:
        return self.app.open_existing_home_cancellation(ctx, contract_id, body["reason"])

    @rpc
    @edge(roles=AGENT)
    def file_existing_home_cancellation(self, ctx: Any, contract_id: str) -> dict[str, Any]:
        return self.app.file_existing_home_cancellation(ctx, contract_id)

    @rpc
    @edge(schemas.WindowCancellationSchema(), roles=BUREAU)
    def cancel_existing_home_at_window(self, ctx: Any, body: dict, contract_id: str) -> dict[str, Any]:
        return self.app.cancel_existing_home_at_window(ctx, contract_id, body)

    @rpc
    @edge(roles=READERS)
    def window_evidence_image(self, ctx: Any, contract_id: str, sha256: str) -> dict[str, Any]:
        return self.app.window_evidence_image(ctx, contract_id, sha256)
