"""The developer's side of remote notarized signing (guide 002, R002.1), beside its contract:

preparing (contract password, attachments) → pushed (electronic contract to the chosen notary office)
→ case_opened (the notary's QR code for the buyer) → certified | returned (rejected: push again) | failed

The contract password is the buyer's access secret: only its Argon2id hash is kept, and wrong attempts are
throttled (five, then a quarter of an hour's wait). Attachments are typed, named and size-checked.
"""
from __future__ import annotations

import base64
import hashlib
import uuid
from datetime import timedelta
from typing import Any, Mapping

from shared import clock
from shared.aggregate import ServiceAggregate
from shared.errors import InvalidInput, RuleViolation, TooManyRequests

PREPARING, PUSHED, CASE_OPENED, CERTIFIED, RETURNED, FAILED = (
    "preparing", "pushed", "case_opened", "certified", "returned", "failed")
ATTACHMENT_KINDS = ("floor_plan", "drainage_layout", "site_plan", "other")
REQUIRED_ATTACHMENTS = ("floor_plan", "drainage_layout")
ATTACHMENT_TYPES = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff", "application/pdf": b"%PDF-"}
MAX_ATTACHMENT_BYTES = 500 * 1024
MAX_ATTACHMENTS = 10
PASSWORD_ATTEMPTS, PASSWORD_LOCK = 5, timedelta(minutes=15)
_NS = uuid.UUID("c4b1a2d3-e5f6-4a7b-8c9d-0e1f2a3b4c5d")


def notarization_id(contract_id: str) -> uuid.UUID:
    return uuid.uuid5(_NS, f"notarization/{contract_id}")


def checked_attachment(kind: str, name: str, content_type: str, data: bytes) -> dict[str, Any]:
    """An attachment's facts, or InvalidInput saying what is wrong with it."""
    if kind not in ATTACHMENT_KINDS:
        raise InvalidInput("unknown attachment kind", code="unknown_attachment_kind", details={"kind": kind})
    magic = ATTACHMENT_TYPES.get(content_type)
    if magic is None or not data.startswith(magic):
        raise InvalidInput("an attachment is a PNG, JPEG or PDF file of the type it says", code="unsupported_media_type",
                           details={"content_type": content_type})
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise InvalidInput("the attachment is larger than 500 KB", code="attachment_too_large",
                           details={"size": len(data), "max": MAX_ATTACHMENT_BYTES})
    return {"kind": kind, "name": name, "content_type": content_type, "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest()}


class Notarization(ServiceAggregate):
    class NotarizationOpened(ServiceAggregate.Created):
        contract_id: str
        developer_id: str

        def apply(self, n: "Notarization") -> None:
            n.contract_id, n.developer_id = self.contract_id, self.developer_id
            n.state = PREPARING
            n.password_hash = None
            n.failures, n.locked_until = 0, None
            n.attachments = {}
            n.attempt = 0
            n.pushed = None
            n.case = None
            n.certificate = None
            n.returns = []
            n.failure = None

    class PasswordSet(ServiceAggregate.Event):
        password_hash: str

        def apply(self, n: "Notarization") -> None:
            n.password_hash, n.failures, n.locked_until = self.password_hash, 0, None

    class PasswordRefused(ServiceAggregate.Event):
        failures: int
        locked_until: Any

        def apply(self, n: "Notarization") -> None:
            n.failures, n.locked_until = self.failures, self.locked_until

    class PasswordAccepted(ServiceAggregate.Event):
        def apply(self, n: "Notarization") -> None:
            n.failures, n.locked_until = 0, None

    class AttachmentAdded(ServiceAggregate.Event):
        facts: dict[str, Any]
        data_base64: str

        def apply(self, n: "Notarization") -> None:
            n.attachments[self.facts["name"]] = dict(self.facts)

    class PushedToNotary(ServiceAggregate.Event):
        """Published (without the PDF) as NotarizationPushed: the saga opens the notary's case from it."""

        contract_id: str
        attempt: int
        office_id: str
        developer_id: str
        room_id: str
        content_hash: str
        pdf_sha256: str
        pdf_base64: str
        buyer: dict[str, Any]
        seller_name: str
        room: dict[str, Any]
        attachments: list[dict[str, Any]]

        def apply(self, n: "Notarization") -> None:
            n.attempt, n.state = self.attempt, PUSHED
            n.pushed = {"attempt": self.attempt, "office_id": self.office_id, "content_hash": self.content_hash,
                      "pdf_sha256": self.pdf_sha256, "at": self.timestamp.isoformat()}
            n.case = None

    class CaseRecorded(ServiceAggregate.Event):
        attempt: int
        case_id: str
        qr_url: str

        def apply(self, n: "Notarization") -> None:
            n.state, n.case = CASE_OPENED, {"case_id": self.case_id, "qr_url": self.qr_url}

    class CertificateRecorded(ServiceAggregate.Event):
        attempt: int
        certificate_number: str
        content_hash: str

        def apply(self, n: "Notarization") -> None:
            n.state = CERTIFIED
            n.certificate = {"certificate_number": self.certificate_number, "content_hash": self.content_hash}

    class NotarizationReturned(ServiceAggregate.Event):
        attempt: int
        reasons: list[str]

        def apply(self, n: "Notarization") -> None:
            n.state = RETURNED
            n.returns.append({"attempt": self.attempt, "reasons": list(self.reasons)})

    class NotarizationFailed(ServiceAggregate.Event):
        attempt: int
        reason: str

        def apply(self, n: "Notarization") -> None:
            n.state, n.failure = FAILED, self.reason

    # Commands -------------------------------------------------------------------------------------

    @classmethod
    def open(cls, contract_id: str, developer_id: str) -> "Notarization":
        return cls._create(cls.NotarizationOpened, id=notarization_id(contract_id), contract_id=contract_id,
                           developer_id=developer_id)

    def set_password(self, password_hash: str) -> None:
        self._require_preparing("set the contract password")
        self.trigger_event(self.PasswordSet, password_hash=password_hash)

    def add_attachment(self, facts: Mapping[str, Any], data_base64: str) -> None:
        self._require_preparing("upload attachments")
        if facts["name"] not in self.attachments and len(self.attachments) >= MAX_ATTACHMENTS:
            raise RuleViolation("at most ten attachments", code="too_many_attachments")
        self.trigger_event(self.AttachmentAdded, facts=dict(facts), data_base64=data_base64)

    def push(self, *, office_id: str, room_id: str, content_hash: str, pdf: bytes, buyer: Mapping[str, Any],
             seller_name: str, room: Mapping[str, Any]) -> None:
        """R002.1: password and the required drawings first; then the e-contract goes to the notary office."""
        self._require_preparing("push the contract to a notary office")
        missing = [kind for kind in REQUIRED_ATTACHMENTS
                   if not any(a["kind"] == kind for a in self.attachments.values())]
        if self.password_hash is None:
            raise RuleViolation("set the contract password first", code="contract_password_missing")
        if missing:
            raise RuleViolation("upload the floor plan and the drainage layout first", code="attachments_missing",
                                details={"missing": missing})
        self.trigger_event(self.PushedToNotary, contract_id=self.contract_id, attempt=self.attempt + 1, office_id=office_id,
                           developer_id=self.developer_id, room_id=room_id, content_hash=content_hash,
                           pdf_sha256=hashlib.sha256(pdf).hexdigest(), pdf_base64=base64.b64encode(pdf).decode(),
                           buyer=dict(buyer), seller_name=seller_name, room=dict(room),
                           attachments=[dict(a) for a in self.attachments.values()])

    def check_password(self, ok: bool) -> None:
        """Record one attempt of the buyer's password: TooManyRequests while locked (the attempt is not even
        checked), a refusal counted otherwise."""
        now = clock.now()
        if self.locked_until is not None and now < self.locked_until:
            raise TooManyRequests("too many wrong contract passwords; try again later", code="password_locked",
                                  details={"retry_after": int((self.locked_until - now).total_seconds()) + 1})
        if ok:
            if self.failures or self.locked_until is not None:
                self.trigger_event(self.PasswordAccepted)
            return
        failures = self.failures + 1
        locked = now + PASSWORD_LOCK if failures >= PASSWORD_ATTEMPTS else None
        self.trigger_event(self.PasswordRefused, failures=0 if locked else failures, locked_until=locked)

    def record_case(self, attempt: int, case_id: str, qr_url: str) -> bool:
        if attempt != self.attempt or self.state != PUSHED:
            return False
        self.trigger_event(self.CaseRecorded, attempt=attempt, case_id=case_id, qr_url=qr_url)
        return True

    def record_certificate(self, attempt: int, certificate_number: str, content_hash: str) -> bool:
        if attempt != self.attempt or self.state not in (PUSHED, CASE_OPENED):
            return False
        self.trigger_event(self.CertificateRecorded, attempt=attempt, certificate_number=certificate_number,
                           content_hash=content_hash)
        return True

    def return_to_developer(self, attempt: int, reasons: list[str]) -> bool:
        """Compensation of a rejected case: the developer may correct the attachments and push again."""
        if attempt != self.attempt or self.state not in (PUSHED, CASE_OPENED):
            return False
        self.trigger_event(self.NotarizationReturned, attempt=attempt, reasons=list(reasons))
        return True

    def fail(self, attempt: int, reason: str) -> bool:
        """Compensation of an expired case: nothing more can happen on this route."""
        if attempt != self.attempt or self.state not in (PUSHED, CASE_OPENED, RETURNED):
            return False
        self.trigger_event(self.NotarizationFailed, attempt=attempt, reason=reason)
        return True

    def view(self) -> dict[str, Any]:
        return {"contract_id": self.contract_id, "state": self.state, "password_set": self.password_hash is not None,
                "attachments": sorted(self.attachments.values(), key=lambda a: a["name"]), "attempt": self.attempt,
                "push": self.pushed, "case": self.case, "certificate": self.certificate, "returns": self.returns,
                "failure": self.failure}

    def _require_preparing(self, action: str) -> None:
        if self.state not in (PREPARING, RETURNED):
            raise RuleViolation(f"cannot {action} while the notarization is {self.state}",
                                code="invalid_notarization_state", details={"state": self.state})
