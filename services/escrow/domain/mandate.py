"""The rent auto-debit mandate (租金托收) a family sets up with its bank before signing a lease (R004.12).

Only what is needed is kept: the card's last four digits and the SHA-256 of the card photos; the card
number and the photos go to the bank and nowhere else.
"""
from __future__ import annotations

import uuid
from typing import Any

from shared.aggregate import ServiceAggregate
from shared.errors import Conflict

_NS = uuid.UUID("5b7c9d1e-2f30-4a41-8b52-6c7d8e9fa0b1")
REQUESTED, ACTIVE, REFUSED, CANCELLED = "requested", "active", "refused", "cancelled"


def mandate_id(lease_id: str) -> uuid.UUID:
    return uuid.uuid5(_NS, f"mandate/{lease_id}")


def mask_card(card_number: str) -> str:
    return "**** **** **** " + card_number[-4:]


class RentMandate(ServiceAggregate):
    class MandateOpened(ServiceAggregate.Created):
        lease_id: str
        family_id: str

        def apply(self, m: "RentMandate") -> None:
            m.lease_id, m.family_id = self.lease_id, self.family_id
            m.state = None
            m.attempts = 0
            m.merchant_ref = None
            m.mandate_ref = None
            m.card_masked = None
            m.refusal = None

    class MandateRequested(ServiceAggregate.Event):
        lease_id: str
        attempt: int
        merchant_ref: str
        mandate_ref: str
        card_masked: str
        card_images_sha256: list[str]

        def apply(self, m: "RentMandate") -> None:
            m.state = REQUESTED
            m.attempts = self.attempt
            m.merchant_ref, m.mandate_ref, m.card_masked = self.merchant_ref, self.mandate_ref, self.card_masked
            m.refusal = None

    class MandateActivated(ServiceAggregate.Event):
        lease_id: str
        mandate_ref: str
        card_masked: str

        def apply(self, m: "RentMandate") -> None:
            m.state = ACTIVE

    class MandateRefused(ServiceAggregate.Event):
        lease_id: str
        mandate_ref: str
        reason: str

        def apply(self, m: "RentMandate") -> None:
            m.state = REFUSED
            m.refusal = self.reason

    class MandateCancelled(ServiceAggregate.Event):
        lease_id: str
        reason: str

        def apply(self, m: "RentMandate") -> None:
            m.state = CANCELLED

    @classmethod
    def open(cls, lease_id: str, family_id: str) -> "RentMandate":
        return cls._create(cls.MandateOpened, id=mandate_id(lease_id), lease_id=lease_id, family_id=family_id)

    def next_merchant_ref(self) -> str:
        """The reference of the next request to the bank; the bank answers a repeated one the same way."""
        self.require_requestable()
        return f"{self.id}/{self.attempts + 1}"

    def require_requestable(self) -> None:
        if self.state in (REQUESTED, ACTIVE):
            raise Conflict(f"the auto-debit mandate is {self.state} already", code=f"mandate_{self.state}")
        if self.state == CANCELLED:
            raise Conflict("the lease was cancelled", code="mandate_cancelled")

    def requested(self, merchant_ref: str, mandate_ref: str, card_number: str, images_sha256: list[str]) -> None:
        self.require_requestable()
        self.trigger_event(self.MandateRequested, lease_id=self.lease_id, attempt=self.attempts + 1,
                           merchant_ref=merchant_ref, mandate_ref=mandate_ref, card_masked=mask_card(card_number),
                           card_images_sha256=images_sha256)

    def bank_reported(self, report: dict[str, Any]) -> None:
        """A bank callback; repeated or stale reports change nothing."""
        if self.state != REQUESTED or report["merchant_ref"] != self.merchant_ref:
            return
        if report["type"] == "mandate.activated":
            self.trigger_event(self.MandateActivated, lease_id=self.lease_id, mandate_ref=self.mandate_ref,
                               card_masked=self.card_masked)
        elif report["type"] == "mandate.refused":
            self.trigger_event(self.MandateRefused, lease_id=self.lease_id, mandate_ref=self.mandate_ref,
                               reason=report.get("reason", "refused"))

    def cancel(self, reason: str) -> None:
        """Compensation for a cancelled lease; safe when no mandate was ever requested."""
        if self.state != CANCELLED:
            self.trigger_event(self.MandateCancelled, lease_id=self.lease_id, reason=reason)
