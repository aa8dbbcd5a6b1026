"""The cancellation of an existing-home contract's filing (注销网签备案), one record per contract.

Online (R001.17): both parties e-signed the cancellation, so the filing is cancelled at once.
Window (R001.18): the termination agreement and the parties' photos were uploaded at the window; the bureau
reviews: approved → cancelled; refused with reasons → the filing stands, and a later request may follow.

A cancelled filing's number is never issued again: numbers only come from their sequence, which never goes back.
"""
from __future__ import annotations

import uuid

from shared.aggregate import ServiceAggregate
from shared.errors import RuleViolation
from services.filing.domain.reasons import require_reasons

ONLINE, WINDOW = "online", "window"
FILED, PENDING, CANCELLED = "filed", "pending", "cancelled"
_NS = uuid.UUID("3c9e1d7a-2b4f-4e6a-8d0c-5f1a2b3c4d6e")


def cancellation_id(contract_id: str) -> uuid.UUID:
    return uuid.uuid5(_NS, f"filing-cancellation/{contract_id}")


class FilingCancellation(ServiceAggregate):
    class Opened(ServiceAggregate.Created):
        contract_id: str
        filing_number: str

        def apply(self, cancellation: "FilingCancellation") -> None:
            cancellation.contract_id, cancellation.filing_number = self.contract_id, self.filing_number
            cancellation.state = FILED
            cancellation.pending = None
            cancellation.requests = []
            cancellation.refusals = []

    class CancellationRequested(ServiceAggregate.Event):
        request_ref: str
        route: str
        reason: str

        def apply(self, cancellation: "FilingCancellation") -> None:
            cancellation.requests.append(self.request_ref)
            cancellation.pending = {"route": self.route, "reason": self.reason, "requested_at": self.timestamp}
            cancellation.state = PENDING

    class FilingCancelled(ServiceAggregate.Event):
        contract_id: str
        filing_number: str

        def apply(self, cancellation: "FilingCancellation") -> None:
            cancellation.state = CANCELLED

    class CancellationRefused(ServiceAggregate.Event):
        contract_id: str
        reasons: list[str]

        def apply(self, cancellation: "FilingCancellation") -> None:
            cancellation.refusals.append({"reasons": list(self.reasons), "at": self.timestamp.isoformat()})
            cancellation.pending = None
            cancellation.state = FILED

    @classmethod
    def open(cls, contract_id: str, filing_number: str) -> "FilingCancellation":
        return cls._create(cls.Opened, id=cancellation_id(contract_id), contract_id=contract_id,
                           filing_number=filing_number)

    def request(self, request_ref: str, route: str, reason: str) -> bool:
        """A request (named by the event that carried it: a redelivery changes nothing). Online requests are
        decided at once, both parties having signed them; window requests wait for the bureau."""
        if request_ref in self.requests or self.state == CANCELLED:
            return False
        if self.state == PENDING:
            raise RuleViolation("a cancellation of this filing is already waiting for review",
                                code="cancellation_pending")
        self.trigger_event(self.CancellationRequested, request_ref=request_ref, route=route, reason=reason)
        if route == ONLINE:
            self.approve()
        return True

    def approve(self) -> None:
        self._require_pending()
        self.trigger_event(self.FilingCancelled, contract_id=self.contract_id, filing_number=self.filing_number)

    def refuse(self, reasons: list[str]) -> None:
        self._require_pending()
        require_reasons(reasons, "refusal")
        self.trigger_event(self.CancellationRefused, contract_id=self.contract_id, reasons=list(reasons))

    def _require_pending(self) -> None:
        if self.state != PENDING:
            raise RuleViolation(f"this filing's cancellation is not waiting for review ({self.state})",
                                code="cancellation_not_pending", details={"state": self.state})
