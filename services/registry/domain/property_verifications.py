"""An agent's verification of an existing-home property against the real-estate register (R001.10): what the
register said at that moment, kept so the contract drafted from it (R001.11 on) names a verified property."""
from __future__ import annotations

from typing import Any

from shared.aggregate import ServiceAggregate

FAILURES = {
    "no_such_certificate": "property_certificate_not_found",
    "no_such_unit": "property_unit_not_found",
    "owner_mismatch": "property_owner_mismatch",
}


class PropertyVerification(ServiceAggregate):
    class PropertyVerified(ServiceAggregate.Created):
        agency_id: str
        agent_account_id: str
        method: str
        property: dict[str, Any]

        def apply(self, verification: "PropertyVerification") -> None:
            verification.agency_id = self.agency_id
            verification.agent_account_id = self.agent_account_id
            verification.method = self.method
            verification.property = dict(self.property)

    @classmethod
    def record(cls, *, agency_id: str, agent_account_id: str, method: str,
               property: dict[str, Any]) -> "PropertyVerification":  # noqa: A002
        return cls._create(cls.PropertyVerified, agency_id=agency_id, agent_account_id=agent_account_id,
                           method=method, property=property)


def first_generation_form(number: str) -> str:
    """A resident ID number as a first-generation certificate carries it (15 digits: no century, no check
    character), for owners whose old certificate predates their 18-character number (guide 001, 2.2 (二))."""
    if len(number) == 18 and number[6:8] == "19":
        return number[:6] + number[8:17]
    return number
