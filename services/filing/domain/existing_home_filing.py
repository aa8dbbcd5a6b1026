"""The filing of an existing-home contract (存量房买卖合同网签备案), guide 001: one per contract.

Online (R001.14): the contract arrives with every party's e-signature and is filed at once with the next CLBA
number. A window filing (R001.16) waits for the bureau's review. A filing, once numbered, keeps its number.
"""
from __future__ import annotations

import uuid
from typing import Any, Mapping

from shared.aggregate import ServiceAggregate
from shared.errors import RuleViolation

REQUESTED, FILED = "requested", "filed"
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

        def apply(self, filing: "ExistingHomeFiling") -> None:
            filing.contract_id, filing.property_id, filing.agency_id = (self.contract_id, self.property_id,
                                                                        self.agency_id)
            filing.mode, filing.contract_number, filing.text_hash = self.mode, self.contract_number, self.text_hash
            filing.window = dict(self.window)
            filing.state = REQUESTED
            filing.filing_number = None

    class Filed(ServiceAggregate.Event):
        contract_id: str
        property_id: str
        filing_number: str
        mode: str

        def apply(self, filing: "ExistingHomeFiling") -> None:
            filing.filing_number = self.filing_number
            filing.state = FILED

    @classmethod
    def request(cls, contract_id: str, fact: Mapping[str, Any]) -> "ExistingHomeFiling":
        return cls._create(cls.Requested, id=existing_home_filing_id(contract_id), contract_id=contract_id,
                           property_id=fact["property_id"], agency_id=fact["agency_id"], mode=fact["mode"],
                           contract_number=fact["contract_number"], text_hash=fact["text_hash"],
                           window=dict(fact.get("window") or {}))

    def file(self, filing_number: str) -> None:
        if self.state != REQUESTED:
            raise RuleViolation(f"this filing is {self.state}", code="wrong_state", details={"state": self.state})
        self.trigger_event(self.Filed, contract_id=self.contract_id, property_id=self.property_id,
                           filing_number=filing_number, mode=self.mode)
