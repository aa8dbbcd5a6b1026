"""An existing-home sale contract (存量房买卖合同) drafted by an agent for a verified property, guide 001.

Online:  drafted → submitted → signature_order_open → all_signed → filed (已签约)
Window:  drafted → submitted → window_review → filed | window_rejected → (corrected) → submitted (R001.16)
Deleted: from drafted, submitted, signature_order_open or all_signed at the end of the next natural day after
         creation (Asia/Shanghai, R001.11), or by the agent before any signature order completed.
Cancel:  filed → cancellation_open (both parties e-sign, R001.17) → cancelled;
         filed → window_cancellation_review (R001.18) → cancelled (or back to filed when refused).

R001.12 applicant info, service rating, escrow choice (or the waiver declaration) and notes complete the
contract before it is submitted. R001.13 the e-signature order names every party as a signer; R001.14 each
party signs after passing face verification, within the order's time limit; R001.1 a signature counts only
from the person the face verification recognised. R001.15 while an order is open nothing changes (cancelling
the order voids its signatures and makes the contract editable again); after filing the key facts are locked.
Pure Python: no I/O, no third-party imports.
"""
from __future__ import annotations

import hashlib
import json
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any, Callable, Iterable, Mapping

from shared import clock
from shared.aggregate import ServiceAggregate
from shared.errors import Conflict, Forbidden, InvalidInput, RuleViolation
from services.contracts.domain import existing_home_parties as parties

DRAFTED, SUBMITTED, SIGNATURE_ORDER_OPEN, ALL_SIGNED = "drafted", "submitted", "signature_order_open", "all_signed"
FILED, WINDOW_REVIEW, WINDOW_REJECTED, DELETED = "filed", "window_review", "window_rejected", "deleted"
CANCELLATION_OPEN, WINDOW_CANCELLATION_REVIEW, CANCELLED = ("cancellation_open", "window_cancellation_review",
                                                            "cancelled")
STATES = (DRAFTED, SUBMITTED, SIGNATURE_ORDER_OPEN, ALL_SIGNED, FILED, WINDOW_REVIEW, WINDOW_REJECTED, DELETED,
          CANCELLATION_OPEN, WINDOW_CANCELLATION_REVIEW, CANCELLED)
ONLINE, WINDOW = "online", "window"
MODES = (ONLINE, WINDOW)
CONTRACT, CANCELLATION = "contract", "cancellation"
EXPIRED, BY_AGENT = "expired", "agent"
EDITABLE = (DRAFTED, SUBMITTED, WINDOW_REJECTED)
DELETABLE_AT_DEADLINE = (DRAFTED, SUBMITTED, SIGNATURE_ORDER_OPEN, ALL_SIGNED)
AFTER_FILING = (FILED, CANCELLATION_OPEN, WINDOW_CANCELLATION_REVIEW, CANCELLED)
NOT_LIVE = (DELETED, CANCELLED)
PAYMENT_METHODS = ("full", "mortgage", "installments")
RATINGS = ("good", "average", "poor")
BANK_CHANNELS = {"ccb": ("online", "branch"), "rcb": ("branch",)}
SECTIONS = ("parties", "terms", "applicant", "rating", "escrow", "notes")
FACE_VALID_FOR = timedelta(minutes=10)
TEXT_MAX, CLAUSE_MAX, CLAUSES_MAX = 500, 2000, 40
_NS = uuid.UUID("8b0f3c55-2d7e-4a8e-b1c6-5f2e9d3a7c14")


def delete_at(created_at: datetime) -> datetime:
    """R001.11: the end of the next natural day after creation, Asia/Shanghai (the midnight that starts the
    day after next): created 2026-12-01 10:00 CST → 2026-12-03 00:00:00 CST."""
    day = created_at.astimezone(clock.SHANGHAI).date() + timedelta(days=2)
    return datetime.combine(day, time(0), tzinfo=clock.SHANGHAI)


def today_in_shanghai() -> date:
    return clock.now().astimezone(clock.SHANGHAI).date()


def party_id(role: str, index: int) -> str:
    return f"{role}-{index + 1}"


def _text(value: Any, field: str, limit: int = TEXT_MAX, required: bool = True) -> str:
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > limit:
        raise InvalidInput(f"{field} is text of 1 to {limit} characters", details={field: ["invalid"]})
    return value.strip()


class ExistingHomeContract(ServiceAggregate):
    class Drafted(ServiceAggregate.Created):
        property_id: str
        verification_id: str
        agency_id: str
        agent_id: str
        mode: str
        contract_number: str
        delete_at: datetime
        property: dict[str, Any]

        def apply(self, contract: "ExistingHomeContract") -> None:
            contract.property_id, contract.verification_id = self.property_id, self.verification_id
            contract.agency_id, contract.agent_id, contract.mode = self.agency_id, self.agent_id, self.mode
            contract.contract_number, contract.delete_at = self.contract_number, self.delete_at
            contract.property = dict(self.property)
            contract.created_at = self.timestamp
            contract.state = DRAFTED
            contract.sellers, contract.buyers = [], []
            contract.seller_co_ownership = contract.buyer_co_ownership = None
            contract.terms = contract.applicant = contract.rating = contract.escrow = contract.notes = None
            contract.order = None
            contract.orders_completed = 0
            contract.filing_requested = False
            contract.filing_number = None
            contract.filed_route = None
            contract.window = None
            contract.rejections = []
            contract.transfer_accepted = False
            contract.cancellation = None
            contract.deleted_reason = None

    class PartiesSet(ServiceAggregate.Event):
        sellers: list[dict[str, str]]
        buyers: list[dict[str, str]]
        seller_co_ownership: str | None
        buyer_co_ownership: str | None

        def apply(self, contract: "ExistingHomeContract") -> None:
            contract.sellers, contract.buyers = [dict(r) for r in self.sellers], [dict(r) for r in self.buyers]
            contract.seller_co_ownership, contract.buyer_co_ownership = (self.seller_co_ownership,
                                                                         self.buyer_co_ownership)
            contract._edited()

    class TermsSet(ServiceAggregate.Event):
        terms: dict[str, Any]

        def apply(self, contract: "ExistingHomeContract") -> None:
            contract.terms = dict(self.terms)
            contract._edited()

    class SectionSet(ServiceAggregate.Event):
        """The applicant (申请人信息), rating (好差评), escrow choice (资金监管信息) or notes (注意事项)."""

        section: str
        value: Any

        def apply(self, contract: "ExistingHomeContract") -> None:
            setattr(contract, self.section, self.value)
            contract._edited()

    class Submitted(ServiceAggregate.Event):
        property_id: str
        agency_id: str
        mode: str
        contract_number: str

        def apply(self, contract: "ExistingHomeContract") -> None:
            contract.state = SUBMITTED

    class SignatureOrderOpened(ServiceAggregate.Event):
        order_id: str
        purpose: str
        sign_by: datetime
        signers: list[dict[str, Any]]

        def apply(self, contract: "ExistingHomeContract") -> None:
            contract.order = {"order_id": self.order_id, "purpose": self.purpose,
                              "opened_at": self.timestamp, "sign_by": self.sign_by,
                              "signers": [{**signer, "face": None, "signing": None, "signature": None}
                                          for signer in self.signers]}
            if self.purpose == CONTRACT:
                contract.state = SIGNATURE_ORDER_OPEN

    class SignatureOrderCancelled(ServiceAggregate.Event):
        """注销电子合同订单: the order's signatures are void; the contract is editable again."""

        order_id: str
        purpose: str

        def apply(self, contract: "ExistingHomeContract") -> None:
            contract.order = None
            contract.state = DRAFTED if self.purpose == CONTRACT else FILED
            if self.purpose == CANCELLATION:
                contract.cancellation = None

    class PartyFaceStarted(ServiceAggregate.Event):
        order_id: str
        party_id: str
        session_id: str
        verify_url: str

        def apply(self, contract: "ExistingHomeContract") -> None:
            contract._signer(self.party_id)["face"] = {"session_id": self.session_id, "verify_url": self.verify_url,
                                                       "outcome": None, "passed_at": None}

    class PartyFaceResult(ServiceAggregate.Event):
        order_id: str
        party_id: str
        session_id: str
        outcome: str

        def apply(self, contract: "ExistingHomeContract") -> None:
            face = contract._signer(self.party_id)["face"]
            face["outcome"] = self.outcome
            face["passed_at"] = self.timestamp if self.outcome == "passed" else None

    class PartySigningStarted(ServiceAggregate.Event):
        order_id: str
        party_id: str
        esign_order_id: str
        sign_url: str
        document_sha256: str

        def apply(self, contract: "ExistingHomeContract") -> None:
            contract._signer(self.party_id)["signing"] = {"esign_order_id": self.esign_order_id,
                                                          "sign_url": self.sign_url,
                                                          "document_sha256": self.document_sha256}

    class PartySigned(ServiceAggregate.Event):
        order_id: str
        party_id: str
        role: str
        purpose: str
        signature_id: str
        signed_at: str
        document_sha256: str
        order_complete: bool

        def apply(self, contract: "ExistingHomeContract") -> None:
            contract._signer(self.party_id)["signature"] = {"signature_id": self.signature_id,
                                                            "signed_at": self.signed_at,
                                                            "document_sha256": self.document_sha256}
            if all(signer["signature"] for signer in contract.order["signers"]):
                contract.orders_completed += 1
                if self.purpose == CONTRACT:
                    contract.state = ALL_SIGNED

    class FilingRequested(ServiceAggregate.Event):
        property_id: str
        agency_id: str
        mode: str
        contract_number: str
        text_hash: str
        window: dict[str, Any]

        def apply(self, contract: "ExistingHomeContract") -> None:
            contract.filing_requested = True
            if self.window:
                contract.window = dict(self.window)
                contract.state = WINDOW_REVIEW

    class FilingRejected(ServiceAggregate.Event):
        reasons: list[str]

        def apply(self, contract: "ExistingHomeContract") -> None:
            contract.rejections = [*contract.rejections, {"reasons": list(self.reasons),
                                                          "at": self.timestamp.isoformat()}]
            contract.filing_requested = False
            contract.state = WINDOW_REJECTED

    class Resubmitted(ServiceAggregate.Event):
        def apply(self, contract: "ExistingHomeContract") -> None:
            contract.state = SUBMITTED

    class Filed(ServiceAggregate.Event):
        property_id: str
        agency_id: str
        filing_number: str
        mode: str
        price_fen: int
        escrow: dict[str, Any]
        buyers_masked: list[str]
        sellers_masked: list[str]

        def apply(self, contract: "ExistingHomeContract") -> None:
            contract.filing_number = self.filing_number
            contract.filed_route = self.mode
            contract.state = FILED

    class Deleted(ServiceAggregate.Event):
        property_id: str
        reason: str

        def apply(self, contract: "ExistingHomeContract") -> None:
            contract.deleted_reason = self.reason
            contract.order = None
            contract.state = DELETED

    class TransferAccepted(ServiceAggregate.Event):
        def apply(self, contract: "ExistingHomeContract") -> None:
            contract.transfer_accepted = True

    class CancellationOpened(ServiceAggregate.Event):
        route: str
        reason: str
        evidence: dict[str, Any]

        def apply(self, contract: "ExistingHomeContract") -> None:
            contract.cancellation = {"route": self.route, "reason": self.reason, "evidence": dict(self.evidence),
                                     "requested": False, "rejections": []}
            contract.state = CANCELLATION_OPEN if self.route == ONLINE else WINDOW_CANCELLATION_REVIEW

    class CancellationRequested(ServiceAggregate.Event):
        filing_number: str
        route: str
        reason: str

        def apply(self, contract: "ExistingHomeContract") -> None:
            contract.cancellation = {**contract.cancellation, "requested": True}

    class CancellationRefused(ServiceAggregate.Event):
        reasons: list[str]

        def apply(self, contract: "ExistingHomeContract") -> None:
            contract.cancellation = None
            contract.order = None
            contract.state = FILED

    class Cancelled(ServiceAggregate.Event):
        property_id: str
        filing_number: str
        route: str
        reason: str

        def apply(self, contract: "ExistingHomeContract") -> None:
            contract.order = None
            contract.state = CANCELLED

    # Drafting -------------------------------------------------------------------------------------

    @classmethod
    def draft(cls, *, contract_id: uuid.UUID, property_id: str, verification_id: str, agency_id: str,
              agent_id: str, mode: str, contract_number: str, property: Mapping[str, Any]) -> "ExistingHomeContract":
        if mode not in MODES:
            raise InvalidInput("mode is online or window", details={"mode": list(MODES)})
        return cls._create(cls.Drafted, id=contract_id, property_id=property_id, verification_id=verification_id,
                           agency_id=agency_id, agent_id=agent_id, mode=mode, contract_number=contract_number,
                           delete_at=delete_at(clock.now()), property=dict(property))

    def set_parties(self, sellers: Iterable[Mapping[str, Any]], buyers: Iterable[Mapping[str, Any]],
                    seller_co_ownership: str | None = None, buyer_co_ownership: str | None = None) -> None:
        self._require_editable(key_fact=True)
        seller_rows, seller_nature = parties.side(sellers, seller_co_ownership, parties.SELLER)
        buyer_rows, buyer_nature = parties.side(buyers, buyer_co_ownership, parties.BUYER)
        parties.require_distinct(seller_rows, buyer_rows)
        parties.require_owners(seller_rows, self.property.get("owners", []))
        self.trigger_event(self.PartiesSet, sellers=seller_rows, buyers=buyer_rows,
                           seller_co_ownership=seller_nature, buyer_co_ownership=buyer_nature)

    def set_terms(self, price_fen: Any, payment_method: Any, handover_date: Any, clauses: Any) -> None:
        self._require_editable(key_fact=True)
        if isinstance(price_fen, bool) or not isinstance(price_fen, int) or price_fen <= 0:
            raise InvalidInput("the price is a whole number of fen above 0", details={"price_fen": ["invalid"]})
        if payment_method not in PAYMENT_METHODS:
            raise InvalidInput("payment_method is full, mortgage or installments",
                               details={"payment_method": list(PAYMENT_METHODS)})
        try:
            handover = date.fromisoformat(handover_date)
        except (TypeError, ValueError):
            raise InvalidInput("handover_date is a date YYYY-MM-DD", details={"handover_date": ["invalid"]}) from None
        if not isinstance(clauses, Mapping) or len(clauses) > CLAUSES_MAX:
            raise InvalidInput(f"clauses are at most {CLAUSES_MAX} named texts", details={"clauses": ["invalid"]})
        texts = {_text(key, "clauses", 60): _text(value, f"clauses.{key}", CLAUSE_MAX, required=False)
                 for key, value in clauses.items()}
        self.trigger_event(self.TermsSet, terms={"price_fen": price_fen, "payment_method": payment_method,
                                                 "handover_date": handover.isoformat(), "clauses": texts})

    def set_applicant(self, name: Any, phone: Any, id_number: Any) -> None:
        self._require_editable()
        row = parties.person({"name": name, "phone": phone, "id_number": id_number, "address": "-----"},
                             "applicant")
        self._set("applicant", {"name": row["name"], "phone": row["phone"], "id_number": row["id_number"]})

    def set_rating(self, rating: Any, comment: Any) -> None:
        self._require_editable()
        if rating not in RATINGS:
            raise InvalidInput("rating is good, average or poor", details={"rating": list(RATINGS)})
        self._set("rating", {"rating": rating, "comment": _text(comment or "", "comment", required=False)})

    def set_escrow(self, chosen: Any, bank: Any = None, channel: Any = None, waiver_declared: Any = None) -> None:
        """R001.12: escrow at a bank (ccb online or at a branch, rcb at a branch), or the joint waiver."""
        self._require_editable()
        if chosen is True:
            if bank not in BANK_CHANNELS or channel not in BANK_CHANNELS[bank]:
                raise InvalidInput("ccb offers online or branch escrow, rcb branch only",
                                   code="invalid_escrow_channel", details={"allowed": BANK_CHANNELS})
            self._set("escrow", {"chosen": True, "bank": bank, "channel": channel})
        elif chosen is False and waiver_declared is True:
            self._set("escrow", {"chosen": False, "waiver_declared": True})
        else:
            raise InvalidInput("choose escrow with a bank and channel, or declare the joint waiver",
                               code="escrow_choice_required")

    def set_notes(self, notes: Any) -> None:
        self._require_editable()
        self._set("notes", _text(notes, "notes", CLAUSE_MAX))

    def _set(self, section: str, value: Any) -> None:
        self.trigger_event(self.SectionSet, section=section, value=value)

    def _edited(self) -> None:
        """A change to a submitted contract takes it back to drafting: it is submitted again."""
        if self.state == SUBMITTED:
            self.state = DRAFTED

    # Submission -----------------------------------------------------------------------------------

    @property
    def missing_sections(self) -> list[str]:
        present = {"parties": bool(self.sellers and self.buyers), "terms": self.terms is not None,
                   "applicant": self.applicant is not None, "rating": self.rating is not None,
                   "escrow": self.escrow is not None, "notes": self.notes is not None}
        return [section for section in SECTIONS if not present[section]]

    def submit(self) -> None:
        self._require((DRAFTED,), "submit")
        self._require_complete()
        self.trigger_event(self.Submitted, property_id=self.property_id, agency_id=self.agency_id, mode=self.mode,
                           contract_number=self.contract_number)

    def resubmit(self) -> None:
        """R001.16: a contract the window review rejected, corrected, goes back for window signing."""
        self._require((WINDOW_REJECTED,), "resubmit")
        self._require_complete()
        self.trigger_event(self.Resubmitted)

    def _require_complete(self) -> None:
        if self.missing_sections:
            raise RuleViolation("complete every section before submitting", code="incomplete",
                                details={"missing": self.missing_sections})

    @property
    def minors(self) -> list[str]:
        today = today_in_shanghai()
        return [signer["party_id"] for signer in self._signers() if parties.is_minor(signer["row"], today)]

    # R001.13/14 the e-signature order ----------------------------------------------------------------

    def open_signature_order(self, order_id: str) -> None:
        self._require((SUBMITTED,), "open a signature order for")
        if self.mode != ONLINE:
            raise RuleViolation("a window contract is signed at the bureau's window", code="wrong_state",
                                details={"mode": self.mode})
        if self.minors:
            raise RuleViolation("a contract with a minor party is signed at the window (R001.16)",
                                code="minor_needs_window", details={"minors": self.minors})
        self._open_order(order_id, CONTRACT, self.delete_at)

    def _open_order(self, order_id: str, purpose: str, sign_by: datetime) -> None:
        signers = [{"party_id": s["party_id"], "role": s["role"], "name": s["row"]["name"],
                    "id_type": s["row"]["id_type"], "id_number": s["row"]["id_number"]} for s in self._signers()]
        self.trigger_event(self.SignatureOrderOpened, order_id=order_id, purpose=purpose, sign_by=sign_by,
                           signers=signers)

    def cancel_signature_order(self) -> None:
        """注销电子合同订单 (R001.15): only before it is completely signed."""
        self._require_not_deleted()
        if self.order is None or self.order_complete:
            raise RuleViolation("there is no open signature order", code="wrong_state",
                                details={"state": self.state})
        self.trigger_event(self.SignatureOrderCancelled, order_id=self.order["order_id"],
                           purpose=self.order["purpose"])

    @property
    def order_complete(self) -> bool:
        return bool(self.order) and all(signer["signature"] for signer in self.order["signers"])

    def signer(self, order_id: str, party_id: str) -> dict[str, Any]:
        """The party's row in the open order; refused when the order is gone (cancelled, replaced)."""
        self._require_not_deleted()
        if not self.order or self.order["order_id"] != order_id:
            raise RuleViolation("this signing link belongs to an order that is no longer open",
                                code="signature_order_closed")
        return self._signer(party_id)

    def _signer(self, party_id: str) -> dict[str, Any]:
        for signer in self.order["signers"]:
            if signer["party_id"] == party_id:
                return signer
        raise RuleViolation("no such party in this order", code="unknown_party", details={"party_id": party_id})

    def _require_signing_open(self, order_id: str, party_id: str) -> dict[str, Any]:
        signer = self.signer(order_id, party_id)
        if clock.now() >= self.order["sign_by"]:
            raise RuleViolation("the time to sign has passed", code="signing_deadline_passed",
                                details={"sign_by": self.order["sign_by"].isoformat()})
        if signer["signature"]:
            raise RuleViolation("this party has signed already", code="already_signed")
        return signer

    def start_party_face(self, order_id: str, party_id: str, session_id: str, verify_url: str) -> None:
        self._require_signing_open(order_id, party_id)
        self.trigger_event(self.PartyFaceStarted, order_id=order_id, party_id=party_id, session_id=session_id,
                           verify_url=verify_url)

    def record_party_face(self, session_id: str, passed: bool, subject_seen: str,
                          subject_of: Callable[[str], str]) -> bool:
        """The provider's report; it counts only for the person the row names (R001.1): `subject_of` names a
        person by an identity number as the provider does. Safe to repeat."""
        found = self._signer_with(lambda s: (s["face"] or {}).get("session_id") == session_id)
        if found is None or found["face"]["outcome"] is not None:
            return False
        matches = subject_seen == subject_of(found["id_number"])
        outcome = "passed" if passed and matches else ("not_the_party" if passed else "failed")
        self.trigger_event(self.PartyFaceResult, order_id=self.order["order_id"], party_id=found["party_id"],
                           session_id=session_id, outcome=outcome)
        return True

    def require_party_may_sign(self, order_id: str, party_id: str) -> dict[str, Any]:
        signer = self._require_signing_open(order_id, party_id)
        face = signer["face"] or {}
        if face.get("outcome") != "passed" or clock.now() > face["passed_at"] + FACE_VALID_FOR:
            raise RuleViolation("pass the face verification first (within the last 10 minutes)",
                                code="face_verification_required")
        return signer

    def start_party_signing(self, order_id: str, party_id: str, esign_order_id: str, sign_url: str,
                            document_sha256: str) -> None:
        self.require_party_may_sign(order_id, party_id)
        self.trigger_event(self.PartySigningStarted, order_id=order_id, party_id=party_id,
                           esign_order_id=esign_order_id, sign_url=sign_url, document_sha256=document_sha256)

    def record_party_signature(self, esign_order_id: str, signed: bool, signature_id: str, signed_at: str,
                               document_sha256: str) -> bool:
        """The e-signature provider's report for the document it was sent. Safe to repeat."""
        found = self._signer_with(lambda s: (s["signing"] or {}).get("esign_order_id") == esign_order_id)
        if found is None or found["signature"] or not signed:
            return False
        if document_sha256 != found["signing"]["document_sha256"]:
            raise InvalidInput("the signed document is not the one that was sent", code="document_mismatch")
        if (found["face"] or {}).get("outcome") != "passed":
            return False
        others_signed = all(s["signature"] for s in self.order["signers"] if s is not found)
        self.trigger_event(self.PartySigned, order_id=self.order["order_id"], party_id=found["party_id"],
                           role=found["role"], purpose=self.order["purpose"], signature_id=signature_id,
                           signed_at=signed_at, document_sha256=document_sha256, order_complete=others_signed)
        return True

    def _signer_with(self, test: Any) -> dict[str, Any] | None:
        if not self.order or self.state in NOT_LIVE:
            return None
        return next((signer for signer in self.order["signers"] if test(signer)), None)

    # Filing ---------------------------------------------------------------------------------------

    def request_filing(self) -> None:
        """R001.14: all have signed; the agent submits for filing (online: filed at once by the filing service)."""
        self._require_not_deleted()
        if self.state == SIGNATURE_ORDER_OPEN:
            raise RuleViolation("not every party has signed", code="not_all_signed",
                                details={"unsigned": [s["party_id"] for s in self.order["signers"]
                                                      if not s["signature"]]})
        self._require((ALL_SIGNED,), "file")
        if self.filing_requested:
            return
        self._request_filing({})

    def record_window_signing(self, window: Mapping[str, Any]) -> None:
        """R001.16: staff recorded the parties' presence and uploaded the signed pages; the bureau reviews.
        `window` holds what was checked (present parties, pages' references, waiver declaration)."""
        self._require((SUBMITTED,), "sign at the window")
        self._request_filing(dict(window))

    def _request_filing(self, window: dict[str, Any]) -> None:
        self.trigger_event(self.FilingRequested, property_id=self.property_id, agency_id=self.agency_id,
                           mode=WINDOW if window else ONLINE, contract_number=self.contract_number,
                           text_hash=self.text_hash, window=window)

    def record_filed(self, filing_number: str) -> bool:
        if self.state == FILED and self.filing_number == filing_number or not self.filing_requested:
            return False
        self._require((ALL_SIGNED, WINDOW_REVIEW), "file")
        self.trigger_event(self.Filed, property_id=self.property_id, agency_id=self.agency_id,
                           filing_number=filing_number, mode=WINDOW if self.window else ONLINE,
                           price_fen=self.terms["price_fen"], escrow=dict(self.escrow),
                           buyers_masked=[parties.masked_name(row["name"]) for row in self.buyers],
                           sellers_masked=[parties.masked_name(row["name"]) for row in self.sellers])
        return True

    def record_filing_rejected(self, reasons: list[str]) -> bool:
        if self.state != WINDOW_REVIEW:
            return False
        self.trigger_event(self.FilingRejected, reasons=list(reasons))
        return True

    # Deletion -------------------------------------------------------------------------------------

    def delete(self) -> None:
        """The agent deletes the contract before any signature order completed, with no order open."""
        self._require_not_deleted()
        if self.state == SIGNATURE_ORDER_OPEN:
            raise RuleViolation("cancel the signature order first (R001.15)", code="signature_order_open")
        self._require((DRAFTED, SUBMITTED), "delete")
        self.trigger_event(self.Deleted, property_id=self.property_id, reason=BY_AGENT)

    def expire(self) -> bool:
        """R001.11: deleted when not signed and filed by `delete_at`, not one second before. Safe to repeat."""
        if self.state not in DELETABLE_AT_DEADLINE or self.filing_requested or clock.now() < self.delete_at:
            return False
        self.trigger_event(self.Deleted, property_id=self.property_id, reason=EXPIRED)
        return True

    # Cancellation (R001.17, R001.18) ------------------------------------------------------------------

    def record_transfer_accepted(self) -> bool:
        if self.transfer_accepted:
            return False
        self.trigger_event(self.TransferAccepted)
        return True

    def open_cancellation(self, reason: Any, order_id: str) -> None:
        """R001.17: online cancellation of a contract filed online whose transfer was not accepted; both parties
        e-sign it through a signature order."""
        self._require((FILED,), "cancel")
        if self.filed_route == WINDOW:
            raise RuleViolation("a contract filed at the window is cancelled at the window (R001.18)",
                                code="filed_at_window")
        self._require_transfer_not_accepted()
        self.trigger_event(self.CancellationOpened, route=ONLINE, reason=_text(reason, "reason"), evidence={})
        self._open_order(order_id, CANCELLATION, delete_at(clock.now()))

    def request_cancellation_filing(self) -> None:
        self._require((CANCELLATION_OPEN,), "file the cancellation of")
        if not self.order_complete:
            raise RuleViolation("not every party has signed the cancellation", code="not_all_signed")
        if self.cancellation["requested"]:
            return
        self._require_transfer_not_accepted()
        self.trigger_event(self.CancellationRequested, filing_number=self.filing_number, route=ONLINE,
                           reason=self.cancellation["reason"])

    def record_window_cancellation(self, reason: Any, evidence: Mapping[str, Any]) -> None:
        """R001.18: at the window with the termination agreement and photos; the bureau reviews it."""
        self._require((FILED,), "cancel")
        self._require_transfer_not_accepted()
        text = _text(reason, "reason")
        self.trigger_event(self.CancellationOpened, route=WINDOW, reason=text, evidence=dict(evidence))
        self.trigger_event(self.CancellationRequested, filing_number=self.filing_number, route=WINDOW, reason=text)

    def record_cancellation_refused(self, reasons: list[str]) -> bool:
        if self.state != WINDOW_CANCELLATION_REVIEW:
            return False
        self.trigger_event(self.CancellationRefused, reasons=list(reasons))
        return True

    def record_filing_cancelled(self) -> bool:
        """The filing service cancelled the filing (its number is never reused). Safe to repeat."""
        if self.state not in (CANCELLATION_OPEN, WINDOW_CANCELLATION_REVIEW) or not self.cancellation["requested"]:
            return False
        self.trigger_event(self.Cancelled, property_id=self.property_id, filing_number=self.filing_number,
                           route=self.cancellation["route"], reason=self.cancellation["reason"])
        return True

    def _require_transfer_not_accepted(self) -> None:
        if self.transfer_accepted:
            raise Conflict("the real-estate registry accepted the transfer: the filing cannot be cancelled",
                           code="transfer_accepted")

    # Rules and views ------------------------------------------------------------------------------

    @property
    def is_live(self) -> bool:
        return self.state not in NOT_LIVE

    def _signers(self) -> list[dict[str, Any]]:
        return [{"party_id": party_id(role, index), "role": role, "row": row}
                for role, rows in ((parties.SELLER, self.sellers), (parties.BUYER, self.buyers))
                for index, row in enumerate(rows)]

    @property
    def text_hash(self) -> str:
        """What the parties sign: the property, parties and terms, canonically encoded."""
        document = {"contract_number": self.contract_number, "property": self.property, "sellers": self.sellers,
                    "buyers": self.buyers, "seller_co_ownership": self.seller_co_ownership,
                    "buyer_co_ownership": self.buyer_co_ownership, "terms": self.terms, "escrow": self.escrow}
        return hashlib.sha256(json.dumps(document, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    def require_agency(self, agency_id: str | None) -> None:
        if agency_id != self.agency_id:
            raise Forbidden("this contract belongs to another agency", code="not_your_agency")

    def _require_not_deleted(self) -> None:
        if self.state == DELETED:
            raise Conflict("the contract was deleted", code="contract_deleted",
                           details={"reason": self.deleted_reason})

    def _require_editable(self, key_fact: bool = False) -> None:
        """R001.15: nothing changes while an order is open; nothing after filing."""
        self._require_not_deleted()
        if self.state in (SIGNATURE_ORDER_OPEN, ALL_SIGNED):
            raise RuleViolation("cancel the signature order before changing the contract (R001.15)",
                                code="signature_order_open")
        if self.state in AFTER_FILING:
            raise RuleViolation("the contract is filed: its facts are locked; cancel the filing and sign again",
                                code="key_facts_locked")
        self._require(EDITABLE, "change")

    def _require(self, states: tuple[str, ...], action: str) -> None:
        self._require_not_deleted()
        if self.state not in states:
            raise RuleViolation(f"cannot {action} a {self.state} contract", code="wrong_state",
                                details={"state": self.state, "allowed_states": list(states)})
