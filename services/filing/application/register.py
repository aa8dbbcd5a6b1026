"""The filing register and the bureau's review queue: a projection of filing's own events."""
from __future__ import annotations

from typing import Any, Mapping, Protocol


class FilingRegisterView(Protocol):
    def submitted(self, tx: Any, case: Mapping[str, Any]) -> None: ...
    def decided(self, tx: Any, filing_id: str, state: str, filing_number: str | None, reasons: list[str]) -> None: ...
    def resubmitted(self, tx: Any, filing_id: str, submission: int) -> None: ...


class FilingRegisterProjection:
    def __init__(self, view: FilingRegisterView) -> None:
        self.view = view

    def submitted(self, tx: Any, e: Mapping[str, Any]) -> None:
        p = e["payload"]
        self.view.submitted(tx, {"filing_id": e["aggregate_id"], "contract_id": p["contract_id"],
                                 "developer_id": p["developer_id"], "project_id": p["project_id"],
                                 "room_id": p["room_id"], "submitted_at": e["occurred_at"]})

    def resubmitted(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.view.resubmitted(tx, e["aggregate_id"], e["payload"]["submission"])

    def approved(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.view.decided(tx, e["aggregate_id"], "filed", e["payload"]["filing_number"], [])

    def rejected(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.view.decided(tx, e["aggregate_id"], "rejected", None, e["payload"]["reasons"])
