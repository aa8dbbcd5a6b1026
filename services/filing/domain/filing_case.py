"""A contract's filing case: submitted on confirmation, reviewed by the bureau, filed or rejected.

pending → filed | rejected → (resubmitted) pending → …   (R000.13, R000.14)
"""
from __future__ import annotations

import uuid

from shared.aggregate import ServiceAggregate
from shared.errors import RuleViolation
from services.filing.domain.reasons import require_reasons

PENDING, FILED, REJECTED = "pending", "filed", "rejected"
_NS = uuid.UUID("9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a")


def case_id(contract_id: str) -> uuid.UUID:
    return uuid.uuid5(_NS, contract_id)


class FilingCase(ServiceAggregate):
    class FilingSubmitted(ServiceAggregate.Created):
        contract_id: str
        developer_id: str
        project_id: str
        room_id: str
        text_hash: str

        def apply(self, case: "FilingCase") -> None:
            case.contract_id = self.contract_id
            case.developer_id = self.developer_id
            case.project_id = self.project_id
            case.room_id = self.room_id
            case.text_hash = self.text_hash
            case.state = PENDING
            case.submission = 1
            case.filing_number = None
            case.rejections = []
            case.certificate = None

    class CertificateAttached(ServiceAggregate.Event):
        """R002.8: a notarized contract comes with its notarial certificate, bound to the text filed."""

        certificate_number: str
        content_hash: str
        bundle_sha256: str

        def apply(self, case: "FilingCase") -> None:
            case.certificate = {"certificate_number": self.certificate_number, "content_hash": self.content_hash,
                                "bundle_sha256": self.bundle_sha256}

    class FilingResubmitted(ServiceAggregate.Event):
        text_hash: str
        submission: int

        def apply(self, case: "FilingCase") -> None:
            case.text_hash = self.text_hash
            case.submission = self.submission
            case.state = PENDING

    class FilingApproved(ServiceAggregate.Event):
        contract_id: str
        developer_id: str
        room_id: str
        filing_number: str

        def apply(self, case: "FilingCase") -> None:
            case.state = FILED
            case.filing_number = self.filing_number

    class FilingRejected(ServiceAggregate.Event):
        contract_id: str
        rejection_id: str
        reasons: list[str]

        def apply(self, case: "FilingCase") -> None:
            case.state = REJECTED
            case.rejections.append({"rejection_id": self.rejection_id, "reasons": list(self.reasons)})

    @classmethod
    def submit(cls, *, contract_id: str, developer_id: str, project_id: str, room_id: str,
               text_hash: str) -> "FilingCase":
        return cls._create(cls.FilingSubmitted, id=case_id(contract_id), contract_id=contract_id,
                           developer_id=developer_id, project_id=project_id, room_id=room_id, text_hash=text_hash)

    def attach_certificate(self, certificate: dict) -> None:
        """R002.8: only a certificate of the very text submitted is accepted."""
        if certificate["content_hash"] != self.text_hash:
            raise RuleViolation("the notarial certificate was issued for another text: the content hashes do not"
                                " match", code="certificate_hash_mismatch",
                                details={"certificate_hash": certificate["content_hash"], "text_hash": self.text_hash})
        self.trigger_event(self.CertificateAttached, certificate_number=certificate["certificate_number"],
                           content_hash=certificate["content_hash"], bundle_sha256=certificate["bundle_sha256"])

    def resubmit(self, text_hash: str, submission: int) -> bool:
        """R000.14: the corrected contract comes back for review. Safe to repeat."""
        if submission <= self.submission:
            return False
        if self.state != REJECTED:
            raise RuleViolation("only a rejected filing can be resubmitted", code="not_rejected")
        self.trigger_event(self.FilingResubmitted, text_hash=text_hash, submission=submission)
        return True

    def approve(self, filing_number: str) -> None:
        self._require_pending()
        self.trigger_event(self.FilingApproved, contract_id=self.contract_id, developer_id=self.developer_id,
                           room_id=self.room_id, filing_number=filing_number)

    def reject(self, reasons: list[str]) -> None:
        """R000.14: a rejection always says why."""
        self._require_pending()
        require_reasons(reasons)
        self.trigger_event(self.FilingRejected, contract_id=self.contract_id,
                           rejection_id=f"{self.id}/{self.submission}", reasons=list(reasons))

    def _require_pending(self) -> None:
        if self.state != PENDING:
            raise RuleViolation(f"this filing is {self.state}, not pending review", code="filing_not_pending",
                                details={"state": self.state})
