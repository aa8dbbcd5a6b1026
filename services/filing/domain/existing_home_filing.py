"""The filing of an existing-home contract (存量房买卖合同网签备案), guide 001: one per contract.

Online (R001.14): the contract arrives with every party's e-signature and is filed at once with the next CLBA
number. A window filing (R001.16) waits for the bureau's review: approved, it is filed with the next number;
rejected with reasons, the contract is corrected, signed at the window again and comes back (a later request of
the contract, by its version). A filing, once numbered, keeps its number.

requested → filed;  requested (window) → rejected → requested → … → filed
"""
from __future__ import annotations

import uuid
from typing import Any, Mapping

from shared.aggregate import ServiceAggregate
from shared.errors import RuleViolation
from services.filing.domain.reasons import require_reasons

REQUESTED, FILED, REJECTED = "requested", "filed", "rejected"
ONLINE, WINDOW = "online", "window"
_NS = uuid.UUID("6e3b9f20-4c1d-4a7e-9f58-2b0d8c7a1e63")


def existing_home_filing_id(contract_id: str) -> uuid.UUID:
    return uuid.uuid5(_NS, contract_id)


class ExistingHomeFiling(ServiceAggregate):
    class Requested(ServiceAggregate.Created):
        contract_id: str
        property_id: str
        agency_id: str
        mode: str
        contract_number: str
        text_hash: str
        window: dict[str, Any]
        request_version: int

        def apply(self, filing: "ExistingHomeFiling") -> None:
            filing.contract_id, filing.property_id, filing.agency_id = (self.contract_id, self.property_id,
                                                                        self.agency_id)
            filing.mode, filing.contract_number, filing.text_hash = self.mode, self.contract_number, self.text_hash
            filing.window = dict(self.window)
            filing.state = REQUESTED
            filing.filing_number = None
            filing.request_version = self.request_version
            filing.rejections = []

    class Filed(ServiceAggregate.Event):
        contract_id: str
        property_id: str
        filing_number: str
        mode: str

        def apply(self, filing: "ExistingHomeFiling") -> None:
            filing.filing_number = self.filing_number
            filing.state = FILED

    class Rejected(ServiceAggregate.Event):
        """R001.16: the bureau's review refused the window filing, saying why."""

        contract_id: str
        reasons: list[str]

        def apply(self, filing: "ExistingHomeFiling") -> None:
            filing.state = REJECTED
            filing.rejections = [*filing.rejections, {"reasons": list(self.reasons), "at": self.timestamp.isoformat()}]

    class Resubmitted(ServiceAggregate.Event):
        text_hash: str
        window: dict[str, Any]
        request_version: int

        def apply(self, filing: "ExistingHomeFiling") -> None:
            filing.text_hash, filing.window = self.text_hash, dict(self.window)
            filing.request_version = self.request_version
            filing.state = REQUESTED

    @classmethod
    def request(cls, contract_id: str, fact: Mapping[str, Any]) -> "ExistingHomeFiling":
        """`fact["request_version"]`: the contract's version that requested it (a later one is a resubmission)."""
        return cls._create(cls.Requested, id=existing_home_filing_id(contract_id), contract_id=contract_id,
                           property_id=fact["property_id"], agency_id=fact["agency_id"], mode=fact["mode"],
                           contract_number=fact["contract_number"], text_hash=fact["text_hash"],
                           window=dict(fact.get("window") or {}), request_version=int(fact.get("request_version", 0)))

    def resubmit(self, fact: Mapping[str, Any]) -> bool:
        """The corrected contract, signed at the window again, comes back for review. Safe to repeat: a request
        no later than the last one changes nothing."""
        version = int(fact.get("request_version", 0))
        if self.state != REJECTED or version <= self.request_version:
            return False
        self.trigger_event(self.Resubmitted, text_hash=fact["text_hash"], window=dict(fact.get("window") or {}),
                           request_version=version)
        return True

    def require_window_review(self) -> None:
        if self.mode != WINDOW or self.state != REQUESTED:
            raise RuleViolation("this filing is not waiting for the bureau's review", code="filing_not_pending",
                                details={"state": self.state, "mode": self.mode})

    def reject(self, reasons: list[str]) -> None:
        self.require_window_review()
        require_reasons(reasons)
        self.trigger_event(self.Rejected, contract_id=self.contract_id, reasons=list(reasons))

    def file(self, filing_number: str) -> None:
        if self.state != REQUESTED:
            raise RuleViolation(f"this filing is {self.state}", code="wrong_state", details={"state": self.state})
        self.trigger_event(self.Filed, contract_id=self.contract_id, property_id=self.property_id,
                           filing_number=filing_number, mode=self.mode)
