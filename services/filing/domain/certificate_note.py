"""A notarial certificate bound to a contract (R002.8), noted by filing's intake before the contract's
confirmation arrives, so that the filing case opened from it carries the certificate."""
from __future__ import annotations

import uuid

from shared.aggregate import ServiceAggregate

_NS = uuid.UUID("1a2b3c4d-5e6f-4a8b-9c0d-e1f2a3b4c5d6")


def note_id(contract_id: str) -> uuid.UUID:
    return uuid.uuid5(_NS, f"certificate/{contract_id}")


class CertificateNote(ServiceAggregate):
    class CertificateNoted(ServiceAggregate.Created):
        contract_id: str
        certificate: dict

        def apply(self, note: "CertificateNote") -> None:
            note.contract_id, note.certificate = self.contract_id, dict(self.certificate)

    @classmethod
    def note(cls, contract_id: str, certificate: dict) -> "CertificateNote":
        return cls._create(cls.CertificateNoted, id=note_id(contract_id), contract_id=contract_id,
                           certificate=dict(certificate))
