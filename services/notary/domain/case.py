"""A notarization case (公证案件), guide 002: opened when a developer pushes an electronic contract to a notary
office, followed by the buyer through the notary's mini-program, decided by a notary officer.

case_opened → identity_verified → documents_read → materials_uploaded → submitted → approved | rejected
(expired or withdrawn from any state before a decision, when the saga times the case out)

R002.2 the case returns a QR payload; R002.3 a mainland buyer passes face verification before reading and again
at submission; R002.4 a non-mainland buyer's identity document photo is verified instead, twice (the second at
final submission), and the buyer adds a 15-second evidence video; R002.5 four documents are read and confirmed
before notarizing; R002.6 the officer approves or rejects with reasons; R002.7 approval issues a certificate
bound to the contract's content hash.
"""
from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime
from typing import Any, Mapping

from shared.aggregate import ServiceAggregate
from shared.errors import Conflict, RuleViolation

OPENED, IDENTITY_VERIFIED, DOCUMENTS_READ = "case_opened", "identity_verified", "documents_read"
MATERIALS_UPLOADED, SUBMITTED, APPROVED, REJECTED = "materials_uploaded", "submitted", "approved", "rejected"
EXPIRED = "expired"
DECIDED = (APPROVED, REJECTED, EXPIRED)
BEFORE_READING, AT_SUBMISSION = "before_reading", "at_submission"
DOCUMENTS = ("sale_contract", "notarization_application", "notarization_notice", "case_record")
MAINLAND_MATERIALS = ("id_front", "id_back", "id_in_hand", "signature")
NON_MAINLAND_MATERIALS = MAINLAND_MATERIALS + ("evidence_video",)
_NS = uuid.UUID("5d0c1e27-93a4-4b6f-8e21-7c4a9b3d2e10")


def case_id(contract_id: str, attempt: int) -> uuid.UUID:
    """One case per push of a contract: the saga's command opens it any number of times."""
    return uuid.uuid5(_NS, f"case/{contract_id}/{attempt}")


def certificate_number(case: uuid.UUID, year: int) -> str:
    return f"({year})粤中证网字第{case.hex[:10].upper()}号"


def bundle_digest(parts: Mapping[str, str]) -> str:
    """The certificate bundle's identity: the SHA-256 of its parts' digests, in a fixed order."""
    return hashlib.sha256(json.dumps(dict(sorted(parts.items())), sort_keys=True).encode()).hexdigest()


class NotaryCase(ServiceAggregate):
    class CaseOpened(ServiceAggregate.Created):
        contract_id: str
        attempt: int
        office_id: str
        developer_id: str
        content_hash: str
        pdf_sha256: str
        buyer: dict[str, Any]
        seller_name: str
        room: dict[str, Any]
        link_expires_at: datetime

        def apply(self, case: "NotaryCase") -> None:
            case.contract_id, case.attempt, case.office_id = self.contract_id, self.attempt, self.office_id
            case.developer_id, case.content_hash, case.pdf_sha256 = self.developer_id, self.content_hash, self.pdf_sha256
            case.buyer, case.seller_name, case.room = dict(self.buyer), self.seller_name, dict(self.room)
            case.link_expires_at = self.link_expires_at
            case.state = OPENED
            case.verifications = []
            case.face_session = None
            case.documents_read = []
            case.materials = {}
            case.decision = None
            case.certificate = None

    class FaceVerificationStarted(ServiceAggregate.Event):
        stage: str
        session_id: str
        qr_url: str

        def apply(self, case: "NotaryCase") -> None:
            case.face_session = {"stage": self.stage, "session_id": self.session_id, "qr_url": self.qr_url,
                                 "outcome": None}

    class FaceVerificationFailed(ServiceAggregate.Event):
        session_id: str

        def apply(self, case: "NotaryCase") -> None:
            case.face_session = {**case.face_session, "outcome": "failed"}

    class IdentityVerified(ServiceAggregate.Event):
        stage: str
        method: str
        evidence: dict[str, Any]

        def apply(self, case: "NotaryCase") -> None:
            case.verifications.append({"stage": self.stage, "method": self.method, "at": self.timestamp.isoformat()})
            if self.method == "face":
                case.face_session = {**case.face_session, "outcome": "passed"}
            if self.stage == BEFORE_READING:
                case.state = IDENTITY_VERIFIED

    class DocumentsRead(ServiceAggregate.Event):
        documents: list[str]

        def apply(self, case: "NotaryCase") -> None:
            case.documents_read = list(self.documents)
            case.state = DOCUMENTS_READ

    class MaterialUploaded(ServiceAggregate.Event):
        """Internal: the image itself (for the certificate bundle) or the video's facts."""

        kind: str
        facts: dict[str, Any]
        data_base64: str

        def apply(self, case: "NotaryCase") -> None:
            case.materials[self.kind] = {**self.facts, "data_base64": self.data_base64}

    class MaterialsUploaded(ServiceAggregate.Event):
        kinds: list[str]

        def apply(self, case: "NotaryCase") -> None:
            case.state = MATERIALS_UPLOADED

    class CaseSubmitted(ServiceAggregate.Event):
        def apply(self, case: "NotaryCase") -> None:
            case.state = SUBMITTED

    class CertificateIssued(ServiceAggregate.Event):
        contract_id: str
        attempt: int
        certificate_number: str
        content_hash: str
        bundle_sha256: str
        officer: str

        def apply(self, case: "NotaryCase") -> None:
            case.state = APPROVED
            case.decision = {"outcome": APPROVED, "officer": self.officer, "reasons": [],
                             "at": self.timestamp.isoformat()}
            case.certificate = {"certificate_number": self.certificate_number, "content_hash": self.content_hash,
                                "bundle_sha256": self.bundle_sha256, "issued_at": self.timestamp.isoformat()}

    class CaseRejected(ServiceAggregate.Event):
        contract_id: str
        attempt: int
        reasons: list[str]
        officer: str

        def apply(self, case: "NotaryCase") -> None:
            case.state = REJECTED
            case.decision = {"outcome": REJECTED, "officer": self.officer, "reasons": list(self.reasons),
                             "at": self.timestamp.isoformat()}

    class CaseExpired(ServiceAggregate.Event):
        contract_id: str
        attempt: int

        def apply(self, case: "NotaryCase") -> None:
            case.state = EXPIRED
            case.decision = {"outcome": EXPIRED, "officer": "", "reasons": [], "at": self.timestamp.isoformat()}

    # Commands -----------------------------------------------------------------------------------

    @classmethod
    def open(cls, *, contract_id: str, attempt: int, office_id: str, developer_id: str, content_hash: str,
             pdf_sha256: str, buyer: Mapping[str, Any], seller_name: str, room: Mapping[str, Any],
             link_expires_at: datetime) -> "NotaryCase":
        """R002.2: a case for the pushed contract; its QR link expires with the case."""
        return cls._create(cls.CaseOpened, id=case_id(contract_id, attempt), contract_id=contract_id,
                           attempt=attempt, office_id=office_id, developer_id=developer_id,
                           content_hash=content_hash, pdf_sha256=pdf_sha256, buyer=dict(buyer),
                           seller_name=seller_name, room=dict(room), link_expires_at=link_expires_at)

    @property
    def mainland(self) -> bool:
        return bool(self.buyer.get("mainland"))

    @property
    def required_materials(self) -> tuple[str, ...]:
        return MAINLAND_MATERIALS if self.mainland else NON_MAINLAND_MATERIALS

    def next_stage(self) -> str:
        """Which identity verification the buyer owes now (R002.3, R002.4)."""
        if self.state == OPENED:
            return BEFORE_READING
        if self.state == MATERIALS_UPLOADED:
            return AT_SUBMISSION
        raise RuleViolation("no identity verification is due at this step", code="verification_not_due",
                            details={"state": self.state})

    def start_face_verification(self, session_id: str, qr_url: str) -> None:
        self._require_mainland(True)
        stage = self.next_stage()
        self.trigger_event(self.FaceVerificationStarted, stage=stage, session_id=session_id, qr_url=qr_url)

    def record_face_result(self, session_id: str, passed: bool, subject_hash: str) -> None:
        """The provider's report; a repeated or stale report changes nothing. Only the buyer named in the
        pushed contract can pass (R001.1)."""
        session = self.face_session
        if session is None or session["session_id"] != session_id or session["outcome"] is not None:
            return
        if self.state in DECIDED or self.state == SUBMITTED:
            return
        if passed and subject_hash != self.buyer.get("subject_hash"):
            passed = False
        if not passed:
            self.trigger_event(self.FaceVerificationFailed, session_id=session_id)
            return
        self.trigger_event(self.IdentityVerified, stage=session["stage"], method="face",
                           evidence={"session_id": session_id})
        if session["stage"] == AT_SUBMISSION:
            self.trigger_event(self.CaseSubmitted)

    def verify_document(self, facts: Mapping[str, Any], data_base64: str) -> None:
        """R002.4: a non-mainland buyer's identity document photo, before reading."""
        self._require_mainland(False)
        if self.next_stage() != BEFORE_READING:
            raise RuleViolation("submit the materials with the second document photo", code="verification_not_due")
        self.trigger_event(self.IdentityVerified, stage=BEFORE_READING, method="document",
                           evidence={"sha256": facts["sha256"], "size": facts["size"]})
        self.trigger_event(self.MaterialUploaded, kind="id_document_first", facts=dict(facts),
                           data_base64=data_base64)

    def read_documents(self, documents: list[str]) -> None:
        """R002.5: all four documents, after the identity check."""
        self._require((IDENTITY_VERIFIED,), "confirm the documents")
        missing = [d for d in DOCUMENTS if d not in documents]
        if missing:
            raise RuleViolation("read and confirm all four documents", code="documents_unread",
                                details={"missing": missing})
        self.trigger_event(self.DocumentsRead, documents=list(DOCUMENTS))

    def upload_material(self, kind: str, facts: Mapping[str, Any], data_base64: str) -> None:
        self._require((DOCUMENTS_READ,), "upload materials")
        if kind not in self.required_materials:
            raise RuleViolation(f"{kind} is not a material of this case", code="material_not_required",
                                details={"kind": kind, "required": list(self.required_materials)})
        self.trigger_event(self.MaterialUploaded, kind=kind, facts=dict(facts), data_base64=data_base64)
        if all(k in self.materials for k in self.required_materials):
            self.trigger_event(self.MaterialsUploaded, kinds=list(self.required_materials))

    def submit_with_document(self, facts: Mapping[str, Any], data_base64: str) -> None:
        """R002.4: the non-mainland buyer's final submission carries the second document verification."""
        self._require_mainland(False)
        self._require((MATERIALS_UPLOADED,), "submit")
        self.trigger_event(self.MaterialUploaded, kind="id_document_second", facts=dict(facts),
                           data_base64=data_base64)
        self.trigger_event(self.IdentityVerified, stage=AT_SUBMISSION, method="document",
                           evidence={"sha256": facts["sha256"], "size": facts["size"]})
        self.trigger_event(self.CaseSubmitted)

    def approve(self, officer: str, year: int, parts: Mapping[str, str]) -> None:
        """R002.6/R002.7: the certificate, bound to the content hash the developer pushed."""
        self._require((SUBMITTED,), "approve")
        self.trigger_event(self.CertificateIssued, contract_id=self.contract_id, attempt=self.attempt,
                           certificate_number=certificate_number(self.id, year), content_hash=self.content_hash,
                           bundle_sha256=bundle_digest(parts), officer=officer)

    def reject(self, officer: str, reasons: list[str]) -> None:
        self._require((SUBMITTED,), "reject")
        reasons = [r.strip() for r in reasons if r.strip()]
        if not reasons:
            raise RuleViolation("a rejection must give its reasons", code="reasons_required")
        self.trigger_event(self.CaseRejected, contract_id=self.contract_id, attempt=self.attempt, reasons=reasons,
                           officer=officer)

    def expire(self) -> bool:
        """The saga's timeout: a case not decided yet expires; a decided one stays as it is. Safe to repeat."""
        if self.state in DECIDED:
            return False
        self.trigger_event(self.CaseExpired, contract_id=self.contract_id, attempt=self.attempt)
        return True

    # Helpers ------------------------------------------------------------------------------------

    def _require(self, states: tuple[str, ...], action: str) -> None:
        if self.state not in states:
            raise RuleViolation(f"cannot {action} in a case that is {self.state}", code="invalid_case_state",
                                details={"state": self.state, "allowed_states": list(states)})

    def _require_mainland(self, mainland: bool) -> None:
        if self.mainland != mainland:
            raise Conflict("a mainland buyer verifies by face, others by identity document photos (R002.3, R002.4)",
                           code="wrong_verification_method", details={"mainland": self.mainland})
