"""Pre-selection (预选, R004.1): a family's cart from the round's pre-selection start until its own
formal session starts; it must be synced and confirmed in formal selection, else it lapses."""
from __future__ import annotations

import uuid
from datetime import datetime

from shared import clock
from shared.aggregate import ServiceAggregate
from shared.errors import RuleViolation
from services.lottery.domain import cart

_NS = uuid.UUID("5c4b3a29-1807-4f6e-9d5c-4b3a29180706")


def preselection_id(round_id: str, family_id: str) -> uuid.UUID:
    return uuid.uuid5(_NS, f"{round_id}/{family_id}")


class PreSelection(ServiceAggregate):
    class PreSelectionStarted(ServiceAggregate.Created):
        round_id: str
        family_id: str
        opens_at: datetime
        closes_at: datetime

        def apply(self, pre: "PreSelection") -> None:
            pre.round_id = self.round_id
            pre.family_id = self.family_id
            pre.opens_at = self.opens_at
            pre.closes_at = self.closes_at
            pre.cart = []

    class PreSelectionCartChanged(ServiceAggregate.Event):
        cart: list[str]
        operation: str
        room_id: str

        def apply(self, pre: "PreSelection") -> None:
            pre.cart = list(self.cart)

    @classmethod
    def start(cls, *, round_id: str, family_id: str, opens_at: datetime, closes_at: datetime) -> "PreSelection":
        return cls._create(cls.PreSelectionStarted, id=preselection_id(round_id, family_id), round_id=round_id,
                           family_id=family_id, opens_at=opens_at, closes_at=closes_at)

    def change(self, operation: str, room_id: str) -> list[str]:
        now = clock.now()
        if not self.opens_at <= now < self.closes_at:
            raise RuleViolation("pre-selection runs from its start until your formal session starts (R004.1)",
                                code="outside_preselection_window",
                                details={"opens_at": self.opens_at.isoformat(), "closes_at": self.closes_at.isoformat()})
        new_cart = cart.changed(self.cart, operation, room_id)
        self.trigger_event(self.PreSelectionCartChanged, cart=new_cart, operation=operation, room_id=room_id)
        return new_cart
