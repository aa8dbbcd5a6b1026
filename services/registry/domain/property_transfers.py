"""What registry knows of an existing-home property after its sale is filed: the filed contract it is in (so that
verification refuses it, R001.10) and what the real-estate register reported of its transfer registration
(accepted: no online cancellation any more, R001.17; registered: the escrow is released to the seller).

One aggregate per property. A filing ends with its cancellation or its registered transfer; the register's
webhooks are each recorded once (a redelivery of one message changes nothing)."""
from __future__ import annotations

import uuid

from shared.aggregate import ServiceAggregate
from shared.errors import Conflict

_NS = uuid.UUID("5d0c8a4e-1f2b-4c3d-9e8f-7a6b5c4d3e2f")
FILED, CANCELLED, ACCEPTED, REGISTERED = "filed", "cancelled", "accepted", "registered"


def transfer_id(property_id: str) -> uuid.UUID:
    return uuid.uuid5(_NS, f"property-transfer/{property_id}")


class PropertyTransfer(ServiceAggregate):
    class Opened(ServiceAggregate.Created):
        property_id: str

        def apply(self, transfer: "PropertyTransfer") -> None:
            transfer.property_id = self.property_id
            transfer.filings = {}  # filing number -> filed | cancelled | accepted | registered
            transfer.contracts = {}  # filing number -> contract id
            transfer.webhooks = []

    class ContractFiledNoted(ServiceAggregate.Event):
        contract_id: str
        filing_number: str

        def apply(self, transfer: "PropertyTransfer") -> None:
            transfer.filings[self.filing_number] = FILED
            transfer.contracts[self.filing_number] = self.contract_id

    class ContractCancellationNoted(ServiceAggregate.Event):
        filing_number: str

        def apply(self, transfer: "PropertyTransfer") -> None:
            transfer.filings[self.filing_number] = CANCELLED

    class TransferReported(ServiceAggregate.Event):
        """What the register reported, recorded with its webhook's message id (each message once)."""

        property_id: str
        filing_number: str
        webhook_id: str
        reaches = ""

        def apply(self, transfer: "PropertyTransfer") -> None:
            transfer.filings[self.filing_number] = self.reaches
            transfer.webhooks.append(self.webhook_id)

    class TransferAccepted(TransferReported):
        reaches = ACCEPTED

    class TransferRegistered(TransferReported):
        reaches = REGISTERED

    @classmethod
    def open(cls, property_id: str) -> "PropertyTransfer":
        return cls._create(cls.Opened, id=transfer_id(property_id), property_id=property_id)

    @property
    def filed_contract(self) -> str | None:
        """The filing number of the contract the property is in until it is cancelled or transferred."""
        return next((number for number, state in self.filings.items() if state in (FILED, ACCEPTED)), None)

    def note_filed(self, contract_id: str, filing_number: str) -> bool:
        if filing_number in self.filings:
            return False
        self.trigger_event(self.ContractFiledNoted, contract_id=contract_id, filing_number=filing_number)
        return True

    def note_cancelled(self, filing_number: str) -> bool:
        if self.filings.get(filing_number) == CANCELLED:
            return False
        self.trigger_event(self.ContractCancellationNoted, filing_number=filing_number)
        return True

    def report(self, webhook_id: str, outcome: str, filing_number: str) -> bool:
        """The register's report that it accepted or registered the transfer of the filed contract
        `filing_number`; False when this message, or the same outcome, was recorded before."""
        if webhook_id in self.webhooks:
            return False
        state = self.filings.get(filing_number)
        if state is None or state == CANCELLED:
            raise Conflict("the register reports a transfer of a contract that is not filed on this property",
                           code="filing_not_current", details={"filing_number": filing_number,
                                                               "property_id": self.property_id})
        if state == outcome or (outcome == ACCEPTED and state == REGISTERED):
            return False
        if outcome == REGISTERED and state != ACCEPTED:
            raise Conflict("the register reports a transfer registered before it was accepted",
                           code="transfer_not_accepted", details={"filing_number": filing_number})
        event = self.TransferAccepted if outcome == ACCEPTED else self.TransferRegistered
        self.trigger_event(event, property_id=self.property_id, filing_number=filing_number, webhook_id=webhook_id)
        return True
