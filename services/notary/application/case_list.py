"""The officers' case list, a projection of notary's own case events."""
from __future__ import annotations

from typing import Any, Mapping


class CaseListProjection:
    def __init__(self, view: Any) -> None:
        self.view = view

    def opened(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.view.opened(tx, {"case_id": e["aggregate_id"], "office_id": e["payload"]["office_id"],
                              "contract_id": e["payload"]["contract_id"], "at": e["occurred_at"]})

    @staticmethod
    def moves_to(state: str) -> Any:
        def handler(self: "CaseListProjection", tx: Any, e: Mapping[str, Any]) -> None:
            self.view.set_state(tx, e["aggregate_id"], state, e["occurred_at"])
        return handler
