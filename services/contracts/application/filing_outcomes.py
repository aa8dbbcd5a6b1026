"""Policy: the bureau's filing decisions reach the contract (R000.13 number, R000.14 rejection)."""
from __future__ import annotations

from typing import Any, Mapping

from shared.context import SYSTEM


class FilingOutcomes:
    """The contract's commands are idempotent, so a redelivery changes nothing."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def approved(self, tx: Any, e: Mapping[str, Any]) -> None:
        p = e["payload"]
        self.app.record_filing(SYSTEM.caused_by(e["event_id"]), p["contract_id"], p["filing_number"])

    def rejected(self, tx: Any, e: Mapping[str, Any]) -> None:
        p = e["payload"]
        self.app.reject_filing(SYSTEM.caused_by(e["event_id"]), p["contract_id"], p["rejection_id"], p["reasons"])
