"""The lease deposit (押金) paid through the bank after signing (R004.15), and its refund when the lease
is cancelled. A payment that arrives after the cancellation is refunded as well."""
from __future__ import annotations

import uuid
from typing import Any

from shared import clock
from shared.aggregate import ServiceAggregate

_NS = uuid.UUID("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d")
REQUESTED, PAID, REFUND_REQUESTED, REFUNDED = "requested", "paid", "refund_requested", "refunded"


def deposit_id(lease_id: str) -> uuid.UUID:
    return uuid.uuid5(_NS, f"deposit/{lease_id}")


class LeaseDeposit(ServiceAggregate):
    class DepositRequested(ServiceAggregate.Created):
        lease_id: str
        amount: str
        payment_ref: str
        pay_url: str

        def apply(self, d: "LeaseDeposit") -> None:
            d.lease_id, d.amount, d.payment_ref, d.pay_url = self.lease_id, self.amount, self.payment_ref, self.pay_url
            d.state = REQUESTED
            d.lease_cancelled = False
            d.paid_at = None
            d.refund_ref = None

    class DepositPaid(ServiceAggregate.Event):
        lease_id: str
        payment_ref: str
        amount: str
        paid_at: str

        def apply(self, d: "LeaseDeposit") -> None:
            d.state = PAID
            d.paid_at = self.paid_at

    class DepositLeaseCancelled(ServiceAggregate.Event):
        lease_id: str

        def apply(self, d: "LeaseDeposit") -> None:
            d.lease_cancelled = True

    class RefundRequested(ServiceAggregate.Event):
        lease_id: str
        refund_ref: str
        amount: str

        def apply(self, d: "LeaseDeposit") -> None:
            d.state = REFUND_REQUESTED
            d.refund_ref = self.refund_ref

    class DepositRefunded(ServiceAggregate.Event):
        lease_id: str
        refund_ref: str
        amount: str

        def apply(self, d: "LeaseDeposit") -> None:
            d.state = REFUNDED

    @classmethod
    def request(cls, *, lease_id: str, amount: str, payment_ref: str, pay_url: str) -> "LeaseDeposit":
        return cls._create(cls.DepositRequested, id=deposit_id(lease_id), lease_id=lease_id, amount=amount,
                           payment_ref=payment_ref, pay_url=pay_url)

    @property
    def refund_merchant_ref(self) -> str:
        return f"{self.id}/refund"

    def bank_reported(self, report: dict[str, Any]) -> None:
        """Payment and refund callbacks; repeated ones change nothing."""
        if report["type"] == "payment.succeeded" and self.state == REQUESTED \
                and report["payment_ref"] == self.payment_ref:
            self.trigger_event(self.DepositPaid, lease_id=self.lease_id, payment_ref=self.payment_ref,
                               amount=self.amount, paid_at=report.get("paid_at") or clock.now().isoformat())
        elif report["type"] == "refund.succeeded" and self.state == REFUND_REQUESTED \
                and report["refund_ref"] == self.refund_ref:
            self.trigger_event(self.DepositRefunded, lease_id=self.lease_id, refund_ref=self.refund_ref,
                               amount=self.amount)

    def mark_lease_cancelled(self) -> None:
        if not self.lease_cancelled:
            self.trigger_event(self.DepositLeaseCancelled, lease_id=self.lease_id)

    @property
    def needs_refund(self) -> bool:
        return self.lease_cancelled and self.state == PAID

    def refund_requested(self, refund_ref: str) -> None:
        if self.needs_refund:
            self.trigger_event(self.RefundRequested, lease_id=self.lease_id, refund_ref=refund_ref, amount=self.amount)
