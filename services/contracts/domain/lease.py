"""A public-housing lease signed online after room selection (guide 004, 网上签约), and its saga state.

opened → (phone, R004.11) → mandate active (R004.12, required first) → face verified (R004.13)
       → signed (R004.14) → deposit requested → submitted (deposit paid, R004.15) → approved | rejected
Any state before submission → lapsed when the signing deadline passes.

The lease is also the process manager of the signing flow: it records what the bank (through escrow),
the face-verification and e-signature providers reported, and a rejected or lapsed lease is cancelled,
which the escrow service compensates (refund the deposit, cancel the mandate) and the lottery
compensates (release the room). Provider reports are idempotent: a repeated callback changes nothing.
"""
from __future__ import annotations

import hashlib
import json
import re
import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Mapping

from shared import clock
from shared.aggregate import ServiceAggregate
from shared.errors import InvalidInput, RuleViolation

OPENED, SIGNED, SUBMITTED, APPROVED = "opened", "signed", "submitted", "approved"
REJECTED, LAPSED = "rejected", "lapsed"
CLOSED = (APPROVED, REJECTED, LAPSED)
_NS = uuid.UUID("3f1c2b8e-6a4d-4e7f-9b10-2c3d4e5f6a7b")
PHONE = re.compile(r"1[3-9][0-9]{9}")
CHINA = timezone(timedelta(hours=8))


def lease_id(round_id: str, family_id: str) -> uuid.UUID:
    """One lease per family and round: the allocation policy can open it any number of times."""
    return uuid.uuid5(_NS, f"lease/{round_id}/{family_id}")


def mask_phone(phone: str | None) -> str | None:
    return None if not phone else phone[:3] + "****" + phone[-4:]


def lease_term(approved_on: date, term_months: int) -> tuple[date, date]:
    """The lease runs from the first day of the month after approval, for the round's number of months."""
    first = date(approved_on.year + approved_on.month // 12, approved_on.month % 12 + 1, 1)
    months = first.month - 1 + term_months
    return first, date(first.year + months // 12, months % 12 + 1, 1) - timedelta(days=1)


def rent_of(area_sqm: str, terms: Mapping[str, Any]) -> tuple[str, str]:
    """(monthly rent, deposit) in yuan, rounded to the fen."""
    monthly = (Decimal(area_sqm) * Decimal(str(terms["rent_per_sqm"]))).quantize(Decimal("0.01"))
    return str(monthly), str((monthly * int(terms["deposit_months"])).quantize(Decimal("0.01")))


class Lease(ServiceAggregate):
    class LeaseOpened(ServiceAggregate.Created):
        round_id: str
        round_name: str
        family_id: str
        room_id: str
        room: dict[str, Any]
        terms: dict[str, Any]
        monthly_rent: str
        deposit: str
        sign_by: datetime

        def apply(self, lease: "Lease") -> None:
            lease.round_id, lease.round_name, lease.family_id = self.round_id, self.round_name, self.family_id
            lease.room_id, lease.room, lease.terms = self.room_id, dict(self.room), dict(self.terms)
            lease.monthly_rent, lease.deposit, lease.sign_by = self.monthly_rent, self.deposit, self.sign_by
            lease.opened_at = self.timestamp
            lease.state = OPENED
            lease.phone = None
            lease.mandate = None
            lease.mandate_refusal = None
            lease.refused_mandate_ref = None
            lease.face_session = None
            lease.expected_subject = ""
            lease.tenant = None
            lease.signing = None
            lease.signature = None
            lease.deposit_order = None
            lease.deposit_paid = None
            lease.refund = None
            lease.review = None
            lease.notified = None
            lease.verification_code = None
            lease.submitted_at = None

    class PhoneChanged(ServiceAggregate.Event):
        phone: str

        def apply(self, lease: "Lease") -> None:
            lease.phone = self.phone

    class MandateActivated(ServiceAggregate.Event):
        mandate_ref: str
        card_masked: str

        def apply(self, lease: "Lease") -> None:
            lease.mandate = {"mandate_ref": self.mandate_ref, "card_masked": self.card_masked}
            lease.mandate_refusal = None

    class MandateRefused(ServiceAggregate.Event):
        """Version 2 added which mandate request was refused, so that a repeated report changes nothing."""

        mandate_ref: str
        reason: str
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["mandate_ref"] = ""

        def apply(self, lease: "Lease") -> None:
            lease.mandate_refusal, lease.refused_mandate_ref = self.reason, self.mandate_ref

    class FaceVerificationStarted(ServiceAggregate.Event):
        """`expected_subject`: the signed-in main applicant, as the provider names a person (R001.1)."""

        session_id: str
        qr_url: str
        expected_subject: str

        def apply(self, lease: "Lease") -> None:
            lease.face_session = {"session_id": self.session_id, "qr_url": self.qr_url, "outcome": None}
            lease.expected_subject = self.expected_subject

    class FaceVerified(ServiceAggregate.Event):
        session_id: str
        name: str
        id_masked: str
        subject_hash: str

        def apply(self, lease: "Lease") -> None:
            lease.face_session = {**(lease.face_session or {}), "outcome": "passed"}
            lease.tenant = {"name": self.name, "id_masked": self.id_masked, "subject_hash": self.subject_hash}

    class FaceVerificationFailed(ServiceAggregate.Event):
        session_id: str
        reason: str

        def apply(self, lease: "Lease") -> None:
            lease.face_session = {**(lease.face_session or {}), "outcome": "failed", "reason": self.reason}

    class SigningStarted(ServiceAggregate.Event):
        order_id: str
        qr_url: str
        document_sha256: str

        def apply(self, lease: "Lease") -> None:
            lease.signing = {"order_id": self.order_id, "qr_url": self.qr_url,
                             "document_sha256": self.document_sha256, "outcome": None}

    class LeaseSigned(ServiceAggregate.Event):
        order_id: str
        signature_id: str
        signed_at: str
        document_sha256: str
        deposit: str
        family_id: str

        def apply(self, lease: "Lease") -> None:
            lease.signing = {**(lease.signing or {}), "outcome": "signed"}
            lease.signature = {"signature_id": self.signature_id, "signed_at": self.signed_at,
                               "document_sha256": self.document_sha256}
            lease.state = SIGNED

    class SigningDeclined(ServiceAggregate.Event):
        order_id: str

        def apply(self, lease: "Lease") -> None:
            lease.signing = {**(lease.signing or {}), "outcome": "declined"}

    class DepositRequested(ServiceAggregate.Event):
        payment_ref: str
        pay_url: str
        amount: str

        def apply(self, lease: "Lease") -> None:
            lease.deposit_order = {"payment_ref": self.payment_ref, "pay_url": self.pay_url, "amount": self.amount}

    class LeaseSubmitted(ServiceAggregate.Event):
        """The deposit is paid: the signing application is submitted for review (R004.15)."""

        payment_ref: str
        paid_at: str

        def apply(self, lease: "Lease") -> None:
            lease.deposit_paid = {"payment_ref": self.payment_ref, "paid_at": self.paid_at}
            lease.submitted_at = self.timestamp
            lease.state = SUBMITTED

    class LeaseApproved(ServiceAggregate.Event):
        officer: str
        verification_code: str
        term_start: str
        term_end: str

        def apply(self, lease: "Lease") -> None:
            lease.review = {"outcome": APPROVED, "officer": self.officer, "at": self.timestamp.isoformat(),
                            "term_start": self.term_start, "term_end": self.term_end}
            lease.verification_code = self.verification_code
            lease.state = APPROVED

    class LeaseCancelled(ServiceAggregate.Event):
        """Rejected in review or lapsed: escrow refunds and cancels the mandate, lottery releases the room."""

        reason: str
        reasons: list[str]
        round_id: str
        family_id: str
        room_id: str
        deposit_paid: bool

        def apply(self, lease: "Lease") -> None:
            lease.state = REJECTED if self.reason == REJECTED else LAPSED
            lease.review = {"outcome": lease.state, "reasons": list(self.reasons), "at": self.timestamp.isoformat()}

    class DepositRefunded(ServiceAggregate.Event):
        refund_ref: str
        amount: str

        def apply(self, lease: "Lease") -> None:
            lease.refund = {"refund_ref": self.refund_ref, "amount": self.amount}

    class ApprovalNotified(ServiceAggregate.Event):
        message_id: str

        def apply(self, lease: "Lease") -> None:
            lease.notified = self.message_id

    # Opening ------------------------------------------------------------------------------------

    @classmethod
    def open(cls, *, round_id: str, round_name: str, family_id: str, room_id: str, room: Mapping[str, Any],
             terms: Mapping[str, Any]) -> "Lease":
        monthly_rent, deposit = rent_of(room["area_sqm"], terms)
        sign_by = clock.now() + timedelta(hours=int(terms["sign_within_hours"]))
        return cls._create(cls.LeaseOpened, id=lease_id(round_id, family_id), round_id=round_id,
                           round_name=round_name, family_id=family_id, room_id=room_id, room=dict(room),
                           terms=terms, monthly_rent=monthly_rent, deposit=deposit, sign_by=sign_by)

    # R004.11 leased-room info and phone -----------------------------------------------------------

    def change_phone(self, phone: str) -> None:
        self._require_signing_open()
        if self.state != OPENED:
            raise RuleViolation("the lease is signed; the phone number can no longer change here",
                                code="lease_already_signed")
        if not PHONE.fullmatch(phone):
            raise InvalidInput("a mainland mobile number has 11 digits and starts with 1", code="invalid_phone")
        if phone != self.phone:
            self.trigger_event(self.PhoneChanged, phone=phone)

    # R004.12 rent auto-debit mandate (reported by escrow) -----------------------------------------

    def record_mandate(self, mandate_ref: str, card_masked: str) -> None:
        if self.mandate and self.mandate["mandate_ref"] == mandate_ref or self.state in CLOSED:
            return
        self.trigger_event(self.MandateActivated, mandate_ref=mandate_ref, card_masked=card_masked)

    def record_mandate_refused(self, mandate_ref: str, reason: str) -> None:
        """Each refused request once (the family may try again, with another card, and be refused again)."""
        if self.mandate is None and self.state not in CLOSED and mandate_ref != self.refused_mandate_ref:
            self.trigger_event(self.MandateRefused, mandate_ref=mandate_ref, reason=reason)

    # R004.13 face verification --------------------------------------------------------------------

    def require_face_verification_allowed(self) -> None:
        self._require_state(OPENED)
        if self.phone is None:
            raise RuleViolation("confirm the phone number first (R004.11)", code="phone_required")
        if self.mandate is None:
            raise RuleViolation("set up the rent auto-debit with your bank card first (R004.12)",
                                code="mandate_required")
        if self.tenant is not None:
            raise RuleViolation("the face verification has passed already", code="already_verified")

    def start_face_verification(self, session_id: str, qr_url: str, expected_subject: str = "") -> None:
        self.require_face_verification_allowed()
        self.trigger_event(self.FaceVerificationStarted, session_id=session_id, qr_url=qr_url,
                           expected_subject=expected_subject)

    def record_face_result(self, session_id: str, passed: bool, person: Mapping[str, str]) -> None:
        if not self.face_session or self.face_session["session_id"] != session_id:
            return  # a late report of an abandoned attempt
        if self.face_session["outcome"] is not None or self.state in CLOSED:
            return
        if passed and self.expected_subject and person.get("subject_hash") != self.expected_subject:
            self.trigger_event(self.FaceVerificationFailed, session_id=session_id, reason="not_the_main_applicant")
        elif passed:
            self.trigger_event(self.FaceVerified, session_id=session_id, name=person["name"],
                               id_masked=person["id_number_masked"], subject_hash=person["subject_hash"])
        else:
            self.trigger_event(self.FaceVerificationFailed, session_id=session_id, reason="face_not_matched")

    # R004.14 e-signature --------------------------------------------------------------------------

    def document_hash(self) -> str:
        """What the tenant signs: the lease's terms, room and parties, canonically encoded."""
        document = {"lease_id": str(self.id), "round": self.round_name, "family_id": self.family_id,
                    "room": self.room, "terms": self.terms, "monthly_rent": self.monthly_rent,
                    "deposit": self.deposit, "tenant": (self.tenant or {}).get("name"),
                    "mandate": (self.mandate or {}).get("mandate_ref")}
        return hashlib.sha256(json.dumps(document, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    def require_signing_allowed(self) -> None:
        self._require_state(OPENED)
        if self.tenant is None:
            raise RuleViolation("pass the face verification first (R004.13)", code="face_verification_required")

    def start_signing(self, order_id: str, qr_url: str, document_sha256: str) -> None:
        self.require_signing_allowed()
        self.trigger_event(self.SigningStarted, order_id=order_id, qr_url=qr_url, document_sha256=document_sha256)

    def record_signature(self, order_id: str, signed: bool, signature_id: str, signed_at: str,
                         document_sha256: str) -> None:
        if not self.signing or self.signing["order_id"] != order_id or self.signing["outcome"] is not None:
            return
        if self.state in CLOSED:
            return
        if signed and document_sha256 != self.signing["document_sha256"]:
            raise InvalidInput("the signed document is not the lease that was sent", code="document_mismatch")
        if signed:
            self.trigger_event(self.LeaseSigned, order_id=order_id, signature_id=signature_id, signed_at=signed_at,
                               document_sha256=document_sha256, deposit=self.deposit, family_id=self.family_id)
        else:
            self.trigger_event(self.SigningDeclined, order_id=order_id)

    # R004.15 deposit, review, notification --------------------------------------------------------

    def record_deposit_requested(self, payment_ref: str, pay_url: str, amount: str) -> None:
        if self.deposit_order is None and self.state == SIGNED:
            self.trigger_event(self.DepositRequested, payment_ref=payment_ref, pay_url=pay_url, amount=amount)

    def record_deposit_paid(self, payment_ref: str, paid_at: str) -> None:
        if self.state == SIGNED:
            self.trigger_event(self.LeaseSubmitted, payment_ref=payment_ref, paid_at=paid_at)

    def approve(self, officer: str, verification_code: str) -> None:
        self._require_state(SUBMITTED)
        start, end = lease_term(clock.now().astimezone(CHINA).date(), int(self.terms["term_months"]))
        self.trigger_event(self.LeaseApproved, officer=officer, verification_code=verification_code,
                           term_start=start.isoformat(), term_end=end.isoformat())

    def reject(self, reasons: list[str]) -> None:
        self._require_state(SUBMITTED)
        if not reasons:
            raise InvalidInput("a rejection gives its reasons", code="reasons_required")
        self._cancel(REJECTED, reasons)

    def lapse(self) -> None:
        """The signing deadline passed before the deposit was paid."""
        if self.state in (OPENED, SIGNED) and clock.now() >= self.sign_by:
            self._cancel(LAPSED, ["not signed and paid before the deadline"])

    def record_refund(self, refund_ref: str, amount: str) -> None:
        if self.refund is None:
            self.trigger_event(self.DepositRefunded, refund_ref=refund_ref, amount=amount)

    def record_notification(self, message_id: str) -> None:
        if self.state == APPROVED and self.notified is None:
            self.trigger_event(self.ApprovalNotified, message_id=message_id)

    # Rules and views ------------------------------------------------------------------------------

    def _cancel(self, reason: str, reasons: list[str]) -> None:
        self.trigger_event(self.LeaseCancelled, reason=reason, reasons=list(reasons), round_id=self.round_id,
                           family_id=self.family_id, room_id=self.room_id,
                           deposit_paid=self.deposit_paid is not None)

    def _require_signing_open(self) -> None:
        if self.state in CLOSED:
            raise RuleViolation(f"the lease is {self.state}", code=f"lease_{self.state}")
        if clock.now() >= self.sign_by and self.state in (OPENED, SIGNED):
            raise RuleViolation("the signing deadline has passed", code="signing_deadline_passed",
                                details={"sign_by": self.sign_by.isoformat()})

    def _require_state(self, state: str) -> None:
        self._require_signing_open()
        if self.state != state:
            raise RuleViolation(f"the lease is {self.state}, not {state}", code="lease_state",
                                details={"state": self.state, "expected": state})

    def next_step(self) -> str | None:
        if self.state == OPENED:
            if self.phone is None:
                return "confirm_phone"
            if self.mandate is None:
                return "bank_mandate"
            return "face_verification" if self.tenant is None else "sign"
        return {SIGNED: "pay_deposit", SUBMITTED: "await_review", APPROVED: "download"}.get(self.state)

    def view(self) -> dict[str, Any]:
        return {"lease_id": str(self.id), "round_id": self.round_id, "round_name": self.round_name,
                "family_id": self.family_id, "room_id": self.room_id, "room": self.room, "terms": self.terms,
                "monthly_rent": self.monthly_rent, "deposit": self.deposit, "state": self.state,
                "next_step": self.next_step(), "sign_by": self.sign_by.isoformat(),
                "phone_masked": mask_phone(self.phone), "mandate": self.mandate,
                "mandate_refusal": self.mandate_refusal, "face_verification": self.face_session,
                "tenant": None if self.tenant is None else {"name": self.tenant["name"],
                                                            "id_masked": self.tenant["id_masked"]},
                "signing": self.signing, "signature": self.signature, "deposit_order": self.deposit_order,
                "deposit_paid": self.deposit_paid, "review": self.review, "refund": self.refund,
                "notified": self.notified is not None}
