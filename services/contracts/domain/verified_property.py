"""What contracts knows of an agent's successful property verification (registry's PropertyVerified): the
agency and agent who verified, and the property's facts as the register gave them, the owners by masked name
and document number. An existing-home contract is drafted only from one of these (R001.10 → R001.11)."""
from __future__ import annotations

import uuid
from typing import Any, Mapping

from shared.aggregate import ServiceAggregate

_NS = uuid.UUID("c4a1e7d2-9b3f-4e65-8a20-1d7c5b9e3f48")


def verified_property_id(verification_id: str) -> uuid.UUID:
    return uuid.uuid5(_NS, verification_id)


class VerifiedProperty(ServiceAggregate):
    class Recorded(ServiceAggregate.Created):
        verification_id: str
        agency_id: str
        agent_id: str
        property: dict[str, Any]

        def apply(self, verified: "VerifiedProperty") -> None:
            verified.verification_id, verified.agency_id = self.verification_id, self.agency_id
            verified.agent_id, verified.property = self.agent_id, dict(self.property)

    @classmethod
    def record(cls, verification_id: str, agency_id: str, agent_id: str,
               property: Mapping[str, Any]) -> "VerifiedProperty":  # noqa: A002
        return cls._create(cls.Recorded, id=verified_property_id(verification_id), verification_id=verification_id,
                           agency_id=agency_id, agent_id=agent_id, property=dict(property))
