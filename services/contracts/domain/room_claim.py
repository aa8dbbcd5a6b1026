"""At most one live contract per room: the claim is saved atomically with the contract.

Two developers' clerks drafting for the same room at the same instant both read a free claim;
only one save succeeds (optimistic concurrency on the claim's version).
"""
from __future__ import annotations

import uuid

from shared.aggregate import ServiceAggregate
from shared.errors import Conflict

_NS = uuid.UUID("0d7f9b1a-5e2c-4c3d-8f6a-9b8c7d6e5f40")


def claim_id(room_id: str) -> uuid.UUID:
    return uuid.uuid5(_NS, room_id)


class RoomClaim(ServiceAggregate):
    class ClaimOpened(ServiceAggregate.Created):
        room_id: str

        def apply(self, claim: "RoomClaim") -> None:
            claim.room_id = self.room_id
            claim.contract_id = None

    class RoomTaken(ServiceAggregate.Event):
        contract_id: str

        def apply(self, claim: "RoomClaim") -> None:
            claim.contract_id = self.contract_id

    class RoomFreed(ServiceAggregate.Event):
        contract_id: str

        def apply(self, claim: "RoomClaim") -> None:
            claim.contract_id = None

    @classmethod
    def open(cls, room_id: str) -> "RoomClaim":
        return cls._create(cls.ClaimOpened, id=claim_id(room_id), room_id=room_id)

    def take(self, contract_id: str) -> None:
        if self.contract_id is not None:
            raise Conflict("this room already has a live contract", code="room_not_available",
                           details={"room_id": self.room_id})
        self.trigger_event(self.RoomTaken, contract_id=contract_id)

    def free(self, contract_id: str) -> None:
        """Safe to call when this contract no longer holds the room (a compensation may repeat)."""
        if self.contract_id == contract_id:
            self.trigger_event(self.RoomFreed, contract_id=contract_id)
