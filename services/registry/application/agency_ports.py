"""What the agency slice of registry needs from outside (ports; the adapters implement them): the city's agency
filing system and real-estate register, and the SMS gateway for credentials."""
from __future__ import annotations

from typing import Any, Protocol


class AgencyFilingSystem(Protocol):
    def agency_filing(self, credit_code: str) -> dict[str, Any] | None:
        """The agency's filing (备案) in the agency filing system: {"filing_number", "name"}, or None if unfiled."""


class PropertyRegister(Protocol):
    def find_property(self, query: dict[str, Any]) -> dict[str, Any]:
        """The real-estate register's answer to a verification query: {"outcome": "found", "property": {...}} or
        {"outcome": "no_such_certificate" | "no_such_unit" | "owner_mismatch"}."""


class CredentialMessenger(Protocol):
    def send_credentials(self, *, client_ref: str, phone: str, username: str, password: str) -> None:
        """Send a signing account's username and initial password to its holder's phone (R001.8)."""
