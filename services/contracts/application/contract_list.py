"""The developer's list of contracts with their filing status (我的正式合同), and the confirmation
deadlines the expiry timer works from: a projection of contracts' own events."""
from __future__ import annotations

from typing import Any, Mapping, Protocol

STATES = {
    "PreviewPrinted": "preview_printed",
    "ContractModified": "modified",
    "Confirmed": "confirmed",
    "FilingRejected": "filing_rejected",
    "ResubmittedForFiling": "confirmed",
}


class ContractListView(Protocol):
    def drafted(self, tx: Any, row: Mapping[str, Any]) -> None: ...
    def set_state(self, tx: Any, contract_id: str, state: str, **fields: Any) -> None: ...


class ContractListProjection:
    name = "contract_list"
    sources = ("contracts",)

    def __init__(self, view: ContractListView) -> None:
        self.view = view

    def apply(self, tx: Any, envelope: Mapping[str, Any]) -> None:
        kind, p, contract_id = envelope["type"], envelope["payload"], envelope["aggregate_id"]
        if kind == "ContractDrafted":
            self.view.drafted(tx, {"contract_id": contract_id, "room_id": p["room_id"],
                                   "project_id": p["project_id"], "developer_id": p["developer_id"],
                                   "buyer_name": p["buyer_name"], "room_number": p["room"].get("room_number", ""),
                                   "drafted_at": envelope["occurred_at"]})
        elif kind == "PrintedFormal":
            self.view.set_state(tx, contract_id, "formal_printed", confirm_by=p["confirm_by"])
        elif kind == "Cancelled":
            self.view.set_state(tx, contract_id, "cancelled", cancel_reason=p["reason"])
        elif kind == "Filed":
            self.view.set_state(tx, contract_id, "filed", filing_number=p["filing_number"])
        elif kind in STATES:
            self.view.set_state(tx, contract_id, STATES[kind])
