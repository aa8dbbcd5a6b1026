"""Policy: the bureau's filing decisions reach the contract (R000.13 number, R000.14 rejection)."""
from __future__ import annotations

from typing import Any, Mapping

from shared.context import SYSTEM
from services.contracts.application.app import ContractsApplication


class FilingOutcomes:
    name = "filing_outcomes"
    sources = ("filing",)

    def __init__(self, app: ContractsApplication) -> None:
        self.app = app

    def apply(self, tx: Any, envelope: Mapping[str, Any]) -> None:
        """The contract's commands are idempotent, so a redelivery changes nothing."""
        p = envelope["payload"]
        ctx = SYSTEM.caused_by(envelope["event_id"])
        if envelope["type"] == "FilingApproved":
            self.app.record_filing(ctx, p["contract_id"], p["filing_number"])
        elif envelope["type"] == "FilingRejected":
            self.app.reject_filing(ctx, p["contract_id"], p["rejection_id"], p["reasons"])
