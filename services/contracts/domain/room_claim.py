"""At most one live contract per room (new homes) or per property (existing homes): the claim is saved
atomically with the contract.

Two clerks (or two agents) drafting for the same room at the same instant both read a free claim; only one
save succeeds (optimistic concurrency on the claim's version).
"""
from __future__ import annotations

import uuid

from shared.aggregate import ServiceAggregate
from shared.errors import Conflict

_NS = uuid.UUID("0d7f9b1a-5e2c-4c3d-8f6a-9b8c7d6e5f40")


def claim_id(room_id: str) -> uuid.UUID:
    return uuid.uuid5(_NS, room_id)


def property_claim_id(property_id: str) -> uuid.UUID:
    return uuid.uuid5(_NS, f"property/{property_id}")


class _LiveContractClaim(ServiceAggregate):
    """What is claimed (`claimed`) and which contract holds it; the subclasses name what they claim. The
    events keep the names the room claims were first stored under."""

    conflict_code = "claimed"
    conflict_message = "already in a live contract"
    claimed_key = "id"

    class RoomTaken(ServiceAggregate.Event):
        contract_id: str

        def apply(self, claim: "_LiveContractClaim") -> None:
            claim.contract_id = self.contract_id

    class RoomFreed(ServiceAggregate.Event):
        contract_id: str

        def apply(self, claim: "_LiveContractClaim") -> None:
            claim.contract_id = None

    def take(self, contract_id: str) -> None:
        if self.contract_id is not None:
            raise Conflict(self.conflict_message, code=self.conflict_code,
                           details={self.claimed_key: self.claimed, "contract_id": self.contract_id})
        self.trigger_event(self.RoomTaken, contract_id=contract_id)

    def free(self, contract_id: str) -> None:
        """Safe to call when this contract no longer holds the claim (a compensation may repeat)."""
        if self.contract_id == contract_id:
            self.trigger_event(self.RoomFreed, contract_id=contract_id)


class RoomClaim(_LiveContractClaim):
    conflict_code = "room_not_available"
    conflict_message = "this room already has a live contract"
    claimed_key = "room_id"

    class ClaimOpened(ServiceAggregate.Created):
        room_id: str

        def apply(self, claim: "RoomClaim") -> None:
            claim.room_id = claim.claimed = self.room_id
            claim.contract_id = None

    @classmethod
    def open(cls, room_id: str) -> "RoomClaim":
        return cls._create(cls.ClaimOpened, id=claim_id(room_id), room_id=room_id)


class PropertyClaim(_LiveContractClaim):
    """One existing-home property in at most one live (neither deleted nor cancelled) contract."""

    conflict_code = "property_in_live_contract"
    conflict_message = "this property is already in a live contract"
    claimed_key = "property_id"

    class ClaimOpened(ServiceAggregate.Created):
        property_id: str

        def apply(self, claim: "PropertyClaim") -> None:
            claim.property_id = claim.claimed = self.property_id
            claim.contract_id = None

    @classmethod
    def open(cls, property_id: str) -> "PropertyClaim":
        return cls._create(cls.ClaimOpened, id=property_claim_id(property_id), property_id=property_id)
