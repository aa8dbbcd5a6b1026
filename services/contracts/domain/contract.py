"""A new-home sale contract (商品房买卖合同), guide 000.

drafted → preview_printed ⇄ modified → formal_printed → confirmed → filed
           cancelled ← (drafted, preview_printed, modified, formal_printed)
           confirmed → filing_rejected → (corrections) → confirmed (resubmitted) → filed

R000.7 drafting names the buyer (`buyer`) and fills 24 clauses and 5 attachments, saved clause by clause
(presets applied first);
R000.8 a preview must be printed before the formal text, and again after any change (a clause or the buyer);
nothing is printed before the buyer is named fully;
R000.9/10 formal print, then confirmation makes the text immutable;
R000.11 not confirmed within 24 hours of formal print → void; R000.12 the buyer abandons → void;
R000.14 a rejected filing reopens the text for correction and resubmission.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from typing import Any, Mapping

from shared import clock
from shared.aggregate import ServiceAggregate
from shared.errors import InvalidInput, RuleViolation
from services.contracts.domain import buyer as buyers, check_codes, template
from services.contracts.domain.contract_numbers import ContractNumberSequence

DRAFTED, PREVIEW_PRINTED, MODIFIED, FORMAL_PRINTED = "drafted", "preview_printed", "modified", "formal_printed"
CONFIRMED, FILING_REJECTED, FILED, CANCELLED = "confirmed", "filing_rejected", "filed", "cancelled"
NOTARIZING = "notarizing"  # guide 002: confirmed on the notarized route, signed remotely before filing
EDITABLE = (DRAFTED, PREVIEW_PRINTED, MODIFIED)
CANCELLABLE = (DRAFTED, PREVIEW_PRINTED, MODIFIED, FORMAL_PRINTED)
CONFIRMATION_WINDOW = timedelta(hours=24)
BUYER_ABANDONED, EXPIRED = "buyer_abandoned", "expired"
NOTARIZATION_EXPIRED = "notarization_expired"


def new_verification_code() -> str:
    """The verification code of a printed document (check_codes says why it looks as it does)."""
    return check_codes.new_code()


def text_hash(sections: Mapping[str, Mapping[str, str]], buyer_name: str,
              buyer: Mapping[str, str] | None = None) -> str:
    """The hash of the text as printed. The buyer's other details count only once there are any, so that a
    contract drafted before they existed keeps the hash of its printed preview."""
    text: dict[str, Any] = {"sections": sections, "buyer": buyer_name}
    details = {k: v for k, v in (buyer or {}).items() if k != buyers.NAME}
    if any(details.values()):
        text["buyer_details"] = details
    canonical = json.dumps(text, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


class Contract(ServiceAggregate):
    class ContractDrafted(ServiceAggregate.Created):
        """Version 2 added the buyer's details (`buyer`: name, id_type, id_number, phone, address)."""

        room_id: str
        project_id: str
        developer_id: str
        buyer_name: str
        buyer: dict[str, str]
        room: dict[str, Any]
        sections: dict[str, dict[str, str]]
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["buyer"] = buyers.named_only(state["buyer_name"])

        def apply(self, contract: "Contract") -> None:
            contract.room_id = self.room_id
            contract.project_id = self.project_id
            contract.developer_id = self.developer_id
            contract.buyer_name = self.buyer_name
            contract.buyer = dict(self.buyer)
            contract.room = dict(self.room)
            contract.sections = {k: dict(v) for k, v in self.sections.items()}
            contract.state = DRAFTED
            contract.preview_hash = None
            contract.verification_code = None
            contract.confirm_by = None
            contract.cancel_reason = None
            contract.filing_number = None
            contract.rejections = []
            contract.submissions = 0
            contract.contract_number = None
            contract.printed_at = None
            contract.certificate = None

    class ContractNumbered(ServiceAggregate.Event):
        contract_number: str

        def apply(self, contract: "Contract") -> None:
            contract.contract_number = self.contract_number

    class ClauseSaved(ServiceAggregate.Event):
        section_id: str
        values: dict[str, str]

        def apply(self, contract: "Contract") -> None:
            contract.sections.setdefault(self.section_id, {}).update(self.values)

    class BuyerChanged(ServiceAggregate.Event):
        """The buyer's details changed before the formal print; after a preview, a new one is needed (R000.8)."""

        buyer_name: str
        buyer: dict[str, str]

        def apply(self, contract: "Contract") -> None:
            contract.buyer_name = self.buyer_name
            contract.buyer = dict(self.buyer)
            if contract.state == PREVIEW_PRINTED:
                contract.state = MODIFIED

    class PreviewPrinted(ServiceAggregate.Event):
        text_hash: str

        def apply(self, contract: "Contract") -> None:
            contract.preview_hash = self.text_hash
            contract.printed_at = self.timestamp
            contract.state = PREVIEW_PRINTED

    class ContractModified(ServiceAggregate.Event):
        section_id: str
        values: dict[str, str]

        def apply(self, contract: "Contract") -> None:
            contract.sections.setdefault(self.section_id, {}).update(self.values)
            contract.state = MODIFIED

    class PrintedFormal(ServiceAggregate.Event):
        text_hash: str
        verification_code: str
        confirm_by: datetime
        room_id: str

        def apply(self, contract: "Contract") -> None:
            contract.verification_code = self.verification_code
            contract.confirm_by = self.confirm_by
            contract.printed_at = self.timestamp
            contract.state = FORMAL_PRINTED

    class Confirmed(ServiceAggregate.Event):
        room_id: str
        developer_id: str
        project_id: str
        text_hash: str

        def apply(self, contract: "Contract") -> None:
            contract.state = CONFIRMED
            contract.submissions += 1

    class ConfirmedForNotarization(ServiceAggregate.Event):
        """R002.1: the developer submits the contract on the notarized route; the buyer signs before a notary."""

        room_id: str
        developer_id: str
        project_id: str
        text_hash: str

        def apply(self, contract: "Contract") -> None:
            contract.state = NOTARIZING

    class CertificateBound(ServiceAggregate.Event):
        """R002.7: the notarial certificate, bound to the text it notarized, goes with the contract to filing."""

        certificate_number: str
        content_hash: str
        bundle_sha256: str

        def apply(self, contract: "Contract") -> None:
            contract.certificate = {"certificate_number": self.certificate_number, "content_hash": self.content_hash,
                                    "bundle_sha256": self.bundle_sha256}

    class Cancelled(ServiceAggregate.Event):
        room_id: str
        reason: str

        def apply(self, contract: "Contract") -> None:
            contract.state = CANCELLED
            contract.cancel_reason = self.reason

    class FilingRejected(ServiceAggregate.Event):
        rejection_id: str
        reasons: list[str]

        def apply(self, contract: "Contract") -> None:
            contract.state = FILING_REJECTED
            contract.rejections.append({"rejection_id": self.rejection_id, "reasons": list(self.reasons)})

    class CorrectedAfterRejection(ServiceAggregate.Event):
        section_id: str
        values: dict[str, str]

        def apply(self, contract: "Contract") -> None:
            contract.sections.setdefault(self.section_id, {}).update(self.values)

    class ResubmittedForFiling(ServiceAggregate.Event):
        room_id: str
        text_hash: str
        submission: int

        def apply(self, contract: "Contract") -> None:
            contract.state = CONFIRMED
            contract.submissions = self.submission

    class Filed(ServiceAggregate.Event):
        room_id: str
        filing_number: str

        def apply(self, contract: "Contract") -> None:
            contract.state = FILED
            contract.filing_number = self.filing_number

    # Commands -------------------------------------------------------------------------------

    @classmethod
    def draft(cls, *, room_id: str, project_id: str, developer_id: str, buyer: Mapping[str, Any],
              room: Mapping[str, Any], presets: Mapping[str, Mapping[str, str]],
              numbers: ContractNumberSequence) -> "Contract":
        """R000.6/7: drafted for an available room and a buyer (`buyers.buyer_details`: the name at least);
        the room's facts and the developer's presets fill their blanks before anyone types. It takes the next
        contract number of `numbers`."""
        details = buyers.buyer_details(buyer)
        sections = template.apply_presets(presets, room_facts(room))
        contract = cls._create(cls.ContractDrafted, room_id=room_id, project_id=project_id,
                               developer_id=developer_id, buyer_name=details[buyers.NAME], buyer=details,
                               room=dict(room), sections=sections)
        contract.trigger_event(cls.ContractNumbered, contract_number=numbers.take(str(contract.id)))
        return contract

    def save_clause(self, section_id: str, values: Mapping[str, Any]) -> None:
        """Save one clause; after a preview this is a modification that needs a new preview (R000.8)."""
        clean = validated_clause(section_id, values)
        if self.state == DRAFTED:
            self.trigger_event(self.ClauseSaved, section_id=section_id, values=clean)
        elif self.state in (PREVIEW_PRINTED, MODIFIED):
            self.trigger_event(self.ContractModified, section_id=section_id, values=clean)
        elif self.state == FILING_REJECTED:
            self.trigger_event(self.CorrectedAfterRejection, section_id=section_id, values=clean)
        else:
            raise RuleViolation(f"a {self.state} contract cannot be changed (R000.10)",
                                code="contract_immutable", details={"state": self.state})

    def change_buyer(self, values: Mapping[str, Any]) -> None:
        """修改 the buyer's details: possible until the formal print, fixed from then on (R000.9/10). The same
        details again change nothing."""
        if self.state not in EDITABLE:
            code = "invalid_contract_state" if self.state == CANCELLED else "contract_immutable"
            raise RuleViolation(f"the buyer of a {self.state} contract cannot be changed", code=code,
                                details={"state": self.state})
        details = buyers.buyer_details(values, complete=True)
        if details != self.buyer:
            self.trigger_event(self.BuyerChanged, buyer_name=details[buyers.NAME], buyer=details)

    def print_preview(self) -> None:
        """R000.8: only a complete text naming the buyer fully can be previewed."""
        self._require(EDITABLE, "print a preview")
        self._require_buyer()
        missing = template.missing_required(self.sections)
        if missing:
            raise RuleViolation("required blanks are still empty", code="required_blanks_missing",
                                details=missing)
        self.trigger_event(self.PreviewPrinted, text_hash=self.current_hash)

    def print_formal(self) -> None:
        """R000.9: formal print only after a preview of the current text."""
        if self.state != PREVIEW_PRINTED or self.preview_hash != self.current_hash:
            raise RuleViolation("print a preview of the current text first (R000.9)", code="preview_required",
                                details={"state": self.state})
        self._require_buyer()
        self.trigger_event(self.PrintedFormal, text_hash=self.current_hash,
                           verification_code=new_verification_code(),
                           confirm_by=clock.now() + CONFIRMATION_WINDOW, room_id=self.room_id)

    def confirm(self) -> None:
        """R000.10: confirmation makes the contract immutable; the room becomes sold, awaiting filing."""
        self._require((FORMAL_PRINTED,), "confirm")
        if clock.now() > self.confirm_by:
            raise RuleViolation("the 24 hours to confirm have passed; the contract is void (R000.11)",
                                code="confirmation_window_expired")
        self.trigger_event(self.Confirmed, room_id=self.room_id, developer_id=self.developer_id,
                           project_id=self.project_id, text_hash=self.current_hash)

    def confirm_for_notarization(self) -> None:
        """R002.1: submitted on the notarized route instead of confirmed in person; immutable from now on."""
        self._require((FORMAL_PRINTED,), "submit for notarization")
        if clock.now() > self.confirm_by:
            raise RuleViolation("the 24 hours to confirm have passed; the contract is void (R000.11)",
                                code="confirmation_window_expired")
        self.trigger_event(self.ConfirmedForNotarization, room_id=self.room_id, developer_id=self.developer_id,
                           project_id=self.project_id, text_hash=self.current_hash)

    def bind_certificate(self, certificate_number: str, content_hash: str, bundle_sha256: str) -> bool:
        """R002.7/R002.8: the certificate's content hash must be this text's; then the contract goes to filing
        as a confirmed one. Safe to repeat with the same certificate."""
        certificate = getattr(self, "certificate", None)
        if certificate and certificate["certificate_number"] == certificate_number:
            return False
        self._require((NOTARIZING,), "bind a notarial certificate to")
        self.require_certified_text(content_hash)
        self.trigger_event(self.CertificateBound, certificate_number=certificate_number, content_hash=content_hash,
                           bundle_sha256=bundle_sha256)
        self.trigger_event(self.Confirmed, room_id=self.room_id, developer_id=self.developer_id,
                           project_id=self.project_id, text_hash=self.current_hash)
        return True

    def require_certified_text(self, content_hash: str) -> None:
        if content_hash != self.current_hash:
            raise RuleViolation("the notarial certificate was issued for another text of this contract: the content"
                                " hashes do not match; notarize the changed contract again",
                                code="certificate_hash_mismatch",
                                details={"certificate_hash": content_hash, "contract_hash": self.current_hash})

    def void_notarization(self) -> bool:
        """The notarization was not completed in time: the sale fails and the room is for sale again. Safe to
        repeat, and nothing happens to a contract no longer notarizing."""
        if self.state != NOTARIZING:
            return False
        self.trigger_event(self.Cancelled, room_id=self.room_id, reason=NOTARIZATION_EXPIRED)
        return True

    def abandon(self, note: str = "") -> None:
        """R000.12: the buyer says no (否): the contract is void and the room is for sale again."""
        self._require(CANCELLABLE, "abandon")
        self.trigger_event(self.Cancelled, room_id=self.room_id, reason=BUYER_ABANDONED)

    def expire(self) -> bool:
        """R000.11: void if formal-printed and not confirmed within 24 hours. Safe to repeat."""
        if self.state != FORMAL_PRINTED or clock.now() <= self.confirm_by:
            return False
        self.trigger_event(self.Cancelled, room_id=self.room_id, reason=EXPIRED)
        return True

    def reject_filing(self, rejection_id: str, reasons: list[str]) -> bool:
        """R000.14: the bureau refused to file; the developer may correct and resubmit. Safe to repeat."""
        if any(r["rejection_id"] == rejection_id for r in self.rejections) or self.state != CONFIRMED:
            return False
        self.trigger_event(self.FilingRejected, rejection_id=rejection_id, reasons=list(reasons))
        return True

    def resubmit(self) -> None:
        self._require((FILING_REJECTED,), "resubmit")
        if getattr(self, "certificate", None):
            self.require_certified_text(self.certificate["content_hash"])
        missing = template.missing_required(self.sections)
        if missing:
            raise RuleViolation("required blanks are still empty", code="required_blanks_missing",
                                details=missing)
        self.trigger_event(self.ResubmittedForFiling, room_id=self.room_id, text_hash=self.current_hash,
                           submission=self.submissions + 1)

    def record_filing(self, filing_number: str) -> bool:
        """R000.13: the filing number reaches the developer's contract. Safe to repeat."""
        if self.state == FILED:
            return False
        self._require((CONFIRMED,), "record a filing")
        self.trigger_event(self.Filed, room_id=self.room_id, filing_number=filing_number)
        return True

    # Helpers ----------------------------------------------------------------------------------

    @property
    def current_hash(self) -> str:
        return text_hash(self.sections, self.buyer_name, self.buyer)

    @property
    def buyer_missing(self) -> list[str]:
        return buyers.missing(self.buyer)

    def _require_buyer(self) -> None:
        if self.buyer_missing:
            raise RuleViolation("the buyer's details are not complete", code="buyer_details_missing",
                                details={"buyer": self.buyer_missing})

    @property
    def is_live(self) -> bool:
        return self.state != CANCELLED

    def _require(self, states: tuple[str, ...], action: str) -> None:
        if self.state not in states:
            raise RuleViolation(f"cannot {action} a {self.state} contract", code="invalid_contract_state",
                                details={"state": self.state, "allowed_states": list(states)})



def room_facts(room: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """Clause 3 and 4 blanks that the published room already answers."""
    wanted = {"clause-3": {"building_name": room.get("building_name"), "room_number": room.get("room_number"),
                           "floor_area": room.get("area_sqm")},
              "clause-4": {"unit_price": room.get("price_per_sqm")}}
    facts: dict[str, dict[str, str]] = {}
    for section_id, values in wanted.items():
        for key, value in values.items():
            if value in (None, ""):
                continue
            try:
                facts.setdefault(section_id, {}).update(template.validate_values(section_id, {key: value}))
            except (KeyError, template.TemplateError):
                continue
    return facts


def validated_clause(section_id: str, values: Mapping[str, Any]) -> dict[str, str]:
    """A clause's values checked against the standard text, or InvalidInput saying what is wrong."""
    try:
        return template.validate_values(section_id, dict(values))
    except KeyError:
        raise InvalidInput(f"no section {section_id}", code="unknown_section") from None
    except template.TemplateError as exc:
        raise InvalidInput(str(exc), code="invalid_clause_values", details=exc.details) from None
