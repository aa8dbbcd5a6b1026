"""The filing register and the bureau's review queue: a projection of filing's own events."""
from __future__ import annotations

from typing import Any, Mapping, Protocol


class FilingRegisterView(Protocol):
    def submitted(self, tx: Any, case: Mapping[str, Any]) -> None: ...
    def decided(self, tx: Any, filing_id: str, state: str, filing_number: str | None, reasons: list[str]) -> None: ...
    def resubmitted(self, tx: Any, filing_id: str, submission: int) -> None: ...


class FilingRegisterProjection:
    name = "filing_register"
    sources = ("filing",)

    def __init__(self, view: FilingRegisterView) -> None:
        self.view = view

    def apply(self, tx: Any, envelope: Mapping[str, Any]) -> None:
        p, filing_id = envelope["payload"], envelope["aggregate_id"]
        kind = envelope["type"]
        if kind == "FilingSubmitted":
            self.view.submitted(tx, {"filing_id": filing_id, "contract_id": p["contract_id"],
                                     "developer_id": p["developer_id"], "project_id": p["project_id"],
                                     "room_id": p["room_id"], "submitted_at": envelope["occurred_at"]})
        elif kind == "FilingResubmitted":
            self.view.resubmitted(tx, filing_id, p["submission"])
        elif kind == "FilingApproved":
            self.view.decided(tx, filing_id, "filed", p["filing_number"], [])
        elif kind == "FilingRejected":
            self.view.decided(tx, filing_id, "rejected", None, p["reasons"])
