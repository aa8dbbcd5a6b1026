"""A new-home sale contract (商品房买卖合同).

drafted → preview_printed ⇄ modified → formal_printed → confirmed → filing_submitted → filed,
with cancelled reachable from drafted, preview_printed and formal_printed.
This module holds the drafting and cancellation part of that life.
"""
from __future__ import annotations

from shared.aggregate import ServiceAggregate
from shared.errors import RuleViolation

DRAFTED, CANCELLED = "drafted", "cancelled"
CANCELLABLE = ("drafted", "preview_printed", "formal_printed")


class Contract(ServiceAggregate):
    class ContractDrafted(ServiceAggregate.Created):
        room_id: str
        project_id: str
        developer_id: str
        buyer_name: str

        def apply(self, contract: "Contract") -> None:
            contract.room_id = self.room_id
            contract.project_id = self.project_id
            contract.developer_id = self.developer_id
            contract.buyer_name = self.buyer_name
            contract.state = DRAFTED
            contract.cancel_reason = None

    class Cancelled(ServiceAggregate.Event):
        room_id: str
        reason: str

        def apply(self, contract: "Contract") -> None:
            contract.state = CANCELLED
            contract.cancel_reason = self.reason

    @classmethod
    def draft(cls, *, room_id: str, project_id: str, developer_id: str, buyer_name: str) -> "Contract":
        """R000.7: a contract is drafted for a published, available room."""
        return cls._create(cls.ContractDrafted, room_id=room_id, project_id=project_id,
                           developer_id=developer_id, buyer_name=buyer_name)

    def cancel(self, reason: str) -> None:
        if self.state not in CANCELLABLE:
            raise RuleViolation(f"a {self.state} contract cannot be cancelled", code="not_cancellable")
        self.trigger_event(self.Cancelled, room_id=self.room_id, reason=reason)

    @property
    def is_live(self) -> bool:
        return self.state != CANCELLED
