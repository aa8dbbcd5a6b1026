"""The existing-home contract list (the agent's drafts, the agency's contracts, the bureau's view) and the
R001.11 deadlines the deletion sweep works from: a projection of contracts' own published events; and the
policies that keep contracts' copy of registry's verifications and record filing's numbers."""
from __future__ import annotations

from typing import Any, Mapping, Protocol


# The list's state when the contract's filing was asked for: no longer due for deletion.
FILING_REQUESTED = "filing_requested"


class ExistingHomeListView(Protocol):
    def drafted(self, tx: Any, row: Mapping[str, Any]) -> None: ...
    def set_state(self, tx: Any, contract_id: str, state: str, filing_number: str | None = None) -> None: ...
    def changed(self, tx: Any, contract_id: str) -> None: ...


class ExistingHomeListProjection:
    def __init__(self, view: ExistingHomeListView) -> None:
        self.view = view

    def drafted(self, tx: Any, e: Mapping[str, Any]) -> None:
        p = e["payload"]
        self.view.drafted(tx, {"contract_id": e["aggregate_id"], "contract_number": p["contract_number"],
                               "property_id": p["property_id"], "agency_id": p["agency_id"],
                               "agent_id": p["agent_id"], "mode": p["mode"], "address": p["address"],
                               "delete_at": p["delete_at"], "drafted_at": e["occurred_at"]})

    def changed(self, tx: Any, e: Mapping[str, Any]) -> None:
        """A change to a submitted contract takes it back to drafting."""
        self.view.changed(tx, e["aggregate_id"])

    def order_opened(self, tx: Any, e: Mapping[str, Any]) -> None:
        if e["payload"]["purpose"] == "contract":
            self.view.set_state(tx, e["aggregate_id"], "signature_order_open")

    def order_cancelled(self, tx: Any, e: Mapping[str, Any]) -> None:
        if e["payload"]["purpose"] == "contract":
            self.view.set_state(tx, e["aggregate_id"], "drafted")

    def party_signed(self, tx: Any, e: Mapping[str, Any]) -> None:
        p = e["payload"]
        if p["purpose"] == "contract" and p["order_complete"]:
            self.view.set_state(tx, e["aggregate_id"], "all_signed")

    def filing_requested(self, tx: Any, e: Mapping[str, Any]) -> None:
        window = e["payload"]["mode"] == "window"
        self.view.set_state(tx, e["aggregate_id"], "window_review" if window else FILING_REQUESTED)

    def filed(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.view.set_state(tx, e["aggregate_id"], "filed", filing_number=e["payload"]["filing_number"])

    def cancellation_opened(self, tx: Any, e: Mapping[str, Any]) -> None:
        online = e["payload"]["route"] == "online"
        self.view.set_state(tx, e["aggregate_id"], "cancellation_open" if online else "window_cancellation_review")

    @staticmethod
    def moves_to(state: str) -> Any:
        def handler(self: "ExistingHomeListProjection", tx: Any, e: Mapping[str, Any]) -> None:
            self.view.set_state(tx, e["aggregate_id"], state)
        return handler


class VerifiedProperties:
    """Registry's PropertyVerified events: which agency's agent verified which property (idempotent)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def verified(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.app.record_property_verified(e["aggregate_id"], e["payload"])


class ExistingHomeFilingOutcomes:
    """Filing's ExistingHomeFiled: the contract becomes filed (已签约) with its number (idempotent)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def filed(self, tx: Any, e: Mapping[str, Any]) -> None:
        p = e["payload"]
        self.app.record_existing_home_filed(p["contract_id"], p["filing_number"])


