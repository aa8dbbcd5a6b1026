"""The developer's list of contracts with their filing status (我的正式合同), and the confirmation
deadlines the expiry timer works from: a projection of contracts' own events."""
from __future__ import annotations

from typing import Any, Mapping, Protocol

class ContractListView(Protocol):
    def drafted(self, tx: Any, row: Mapping[str, Any]) -> None: ...
    def set_state(self, tx: Any, contract_id: str, state: str, **fields: Any) -> None: ...
    def numbered(self, tx: Any, contract_id: str, contract_number: str) -> None: ...
    def buyer_changed(self, tx: Any, contract_id: str, buyer_name: str, buyer_phone_masked: str) -> None: ...


class ContractListProjection:
    def __init__(self, view: ContractListView) -> None:
        self.view = view

    def drafted(self, tx: Any, e: Mapping[str, Any]) -> None:
        p = e["payload"]
        self.view.drafted(tx, {"contract_id": e["aggregate_id"], "room_id": p["room_id"],
                               "project_id": p["project_id"], "developer_id": p["developer_id"],
                               "buyer_name": p["buyer_name"], "buyer_phone_masked": p["buyer_phone_masked"],
                               "room_number": p["room"].get("room_number", ""),
                               "drafted_at": e["occurred_at"]})

    def numbered(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.view.numbered(tx, e["aggregate_id"], e["payload"]["contract_number"])

    def buyer_changed(self, tx: Any, e: Mapping[str, Any]) -> None:
        """The (masked) name follows a change; a previewed contract needs a new preview (R000.8)."""
        self.view.buyer_changed(tx, e["aggregate_id"], e["payload"]["buyer_name"], e["payload"]["buyer_phone_masked"])

    def formal_printed(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.view.set_state(tx, e["aggregate_id"], "formal_printed", confirm_by=e["payload"]["confirm_by"])

    def cancelled(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.view.set_state(tx, e["aggregate_id"], "cancelled", cancel_reason=e["payload"]["reason"])

    def filed(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.view.set_state(tx, e["aggregate_id"], "filed", filing_number=e["payload"]["filing_number"])

    @staticmethod
    def moves_to(state: str) -> Any:
        """A handler that only moves the contract to `state`."""
        def handler(self: "ContractListProjection", tx: Any, e: Mapping[str, Any]) -> None:
            self.view.set_state(tx, e["aggregate_id"], state)
        return handler
