"""Cancelling existing-home filings (R001.17 online, R001.18 at the window with the bureau's review): contracts'
ExistingHomeCancellationRequested opens or advances the contract's cancellation record; the bureau decides a
window request. Mixed into FilingApplication."""
from __future__ import annotations

from typing import Any, Mapping

from shared.context import CommandContext
from shared.errors import Forbidden
from services.filing.domain.filing_cancellation import FilingCancellation, cancellation_id

BUREAU = "bureau_officer"
READERS = (BUREAU, "auditor", "system")


class FilingCancellationCommands:
    find: Any
    get: Any
    execute: Any
    _save: Any

    def request_cancellation(self, *, contract_id: str, filing_number: str, route: str, reason: str,
                             request_ref: str) -> bool:
        """Safe to repeat: a request is named by the event that carried it."""
        record = self.find(cancellation_id(contract_id)) or FilingCancellation.open(contract_id, filing_number)
        if not record.request(request_ref, route, reason):
            return False
        self._save([record])
        return True

    def review_cancellation(self, ctx: CommandContext, contract_id: str, decision: str,
                            reasons: list[str]) -> dict[str, Any]:
        """R001.18: the bureau approves the window cancellation (the filing is cancelled) or refuses it."""
        if ctx.role != BUREAU:
            raise Forbidden("the bureau reviews window cancellations", code="role_not_allowed")
        record = self.get(cancellation_id(contract_id), FilingCancellation, "filing cancellation")

        def decide() -> Any:
            record.approve() if decision == "approve" else record.refuse(reasons)
            return cancellation_view(record), [record]

        return self.execute(ctx, "review_filing_cancellation", decide)

    def get_cancellation(self, ctx: CommandContext, contract_id: str) -> dict[str, Any]:
        if ctx.role not in READERS:
            raise Forbidden("the bureau and auditors read filing cancellations", code="role_not_allowed")
        return cancellation_view(self.get(cancellation_id(contract_id), FilingCancellation, "filing cancellation"))


def cancellation_view(record: FilingCancellation) -> dict[str, Any]:
    pending = record.pending
    return {"contract_id": record.contract_id, "filing_number": record.filing_number, "state": record.state,
            "pending": None if pending is None else {"route": pending["route"], "reason": pending["reason"],
                                                     "requested_at": pending["requested_at"].isoformat()},
            "refusals": record.refusals, "version": record.version}


class CancellationIntake:
    """Policy on contracts' ExistingHomeCancellationRequested."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def requested(self, tx: Any, e: Mapping[str, Any]) -> None:
        p = e["payload"]
        self.app.request_cancellation(contract_id=e["aggregate_id"], filing_number=p["filing_number"],
                                      route=p["route"], reason=p["reason"], request_ref=str(e["event_id"]))
