"""Existing-home sales through agencies (guide 001, R001.1, R001.3, R001.11–R001.15): the agent drafts from a
verified property and completes the contract, opens the e-signature order, each party signs from the link in
its QR code (face verification, then the e-signature provider, both answering by signed callbacks), the agent
submits for filing; the system deletes what is not signed and filed in time.

Who may do what (R001.3): the agent who drafted a contract changes it; the agency account reads its agency's
contracts and drafts nothing; the bureau and auditors read all. A party has no account: the signed token of its
link is its credential, and it sees only what it signs and its own row.
"""
from __future__ import annotations

import uuid
from typing import Any, Callable, Mapping

from shared import clock
from shared.application import retry_on_contention
from shared.context import CommandContext
from shared.errors import Forbidden, RuleViolation
from services.contracts.application.ports import ESignature, FaceVerification
from services.contracts.application.signing_links import SigningLinks, new_order_id
from services.contracts.domain import existing_home_parties as parties
from services.contracts.domain.contract_numbers import EXISTING_HOME_PREFIX, ContractNumberSequence, sequence_id
from services.contracts.domain.existing_home import DELETED, CANCELLED, ExistingHomeContract
from services.contracts.domain.room_claim import PropertyClaim, property_claim_id
from services.contracts.domain.verified_property import VerifiedProperty, verified_property_id

AGENT, AGENCY = "agent", "agency"
ALL_READERS = ("bureau_officer", "auditor", "system")
MERCHANT_PREFIX = "eh"
DOCUMENT_TITLE = "广东省房地产买卖合同"
ATTEMPTS = 50  # drafts racing for the year's next number; parties and providers acting on one contract at once


def _contention(run: Callable[[], Any]) -> Any:
    return retry_on_contention(run, ATTEMPTS, "too many changes to this contract at once; try again")


def masked_id(number: str) -> str:
    return number[:3] + "*" * max(len(number) - 7, 1) + number[-4:] if number else ""


def registered_owners(names: list[str], numbers: list[str]) -> list[dict[str, str]]:
    """The owners as `existing_home_parties.require_owners` matches them: with the masked number where registry
    gave one for that owner."""
    return [{"name_masked": name, **({"id_number_masked": numbers[i]} if i < len(numbers) and numbers[i] else {})}
            for i, name in enumerate(names)]


class ExistingHomeSales:
    """Mixed into ContractsApplication."""

    signing_links: SigningLinks | None = None  # set by the process from its settings (the key is contracts' own)
    find: Any
    get: Any
    execute: Any
    _save: Any

    # What registry verified (its PropertyVerified events) -------------------------------------------

    def record_property_verified(self, verification_id: str, fact: Mapping[str, Any]) -> bool:
        """Safe to repeat: a verification is recorded once. The owners arrive by masked name and, from registry's
        events that carry them, by document number as the register masks it (first and last three characters)."""
        if self.find(verified_property_id(verification_id)) is not None:
            return False
        facts = {name: fact.get(name, "") for name in ("property_id", "certificate_number", "unit_number", "address")}
        facts["mortgaged"] = bool(fact.get("mortgaged"))
        facts["owners"] = registered_owners(fact.get("owner_names", []), fact.get("owner_id_numbers_masked", []))
        self._save([VerifiedProperty.record(verification_id, fact["agency_id"], fact["agent_account_id"], facts)])
        return True

    # The agent: drafting and completing (R001.11, R001.12) ------------------------------------------------

    def draft_existing_home(self, ctx: CommandContext, verification_id: str, mode: str) -> dict[str, Any]:
        """A contract for the property the agent verified, numbered CL + year + serial. One live contract per
        property: a second draft (another agent's, or concurrent) is refused; the same agent drafting again from
        the same verification gets its contract back."""
        _require_agent(ctx)
        verified = self._verified(verification_id)
        if verified is None or verified.agent_id != ctx.actor_id:
            if verified is not None and verified.agency_id != ctx.org_id:
                raise Forbidden("this verification belongs to another agency", code="not_your_agency")
            raise RuleViolation("verify the property first (R001.10); this verification is not the agent's",
                                code="property_not_verified", details={"property_verification_id": verification_id})
        property_id = verified.property["property_id"]

        def decide() -> Any:
            claim = self.find(property_claim_id(property_id)) or PropertyClaim.open(property_id)
            if claim.contract_id is not None:
                held = self._existing_home(claim.contract_id)
                if held.verification_id == verification_id and held.agent_id == ctx.actor_id and held.mode == mode:
                    return {**self.existing_home_view(held), "created": False}, []
            year = clock.now().astimezone(clock.SHANGHAI).year
            numbers = (self.find(sequence_id(year, EXISTING_HOME_PREFIX))
                       or ContractNumberSequence.open(year, EXISTING_HOME_PREFIX))
            contract_id = uuid.uuid4()
            claim.take(str(contract_id))
            contract = ExistingHomeContract.draft(
                contract_id=contract_id, property_id=property_id, verification_id=verification_id,
                agency_id=verified.agency_id, agent_id=verified.agent_id, mode=mode,
                contract_number=numbers.take(str(contract_id)), property=verified.property)
            return {**self.existing_home_view(contract), "created": True}, [contract, claim, numbers]

        return _contention(lambda: self.execute(ctx, "draft_existing_home", decide))

    def set_existing_home_parties(self, ctx: CommandContext, contract_id: str,
                                  body: Mapping[str, Any]) -> dict[str, Any]:
        return self._agent_step(ctx, contract_id, "set_existing_home_parties", lambda c: c.set_parties(
            body["sellers"], body["buyers"], body.get("seller_co_ownership"), body.get("buyer_co_ownership")))

    def set_existing_home_terms(self, ctx: CommandContext, contract_id: str,
                                body: Mapping[str, Any]) -> dict[str, Any]:
        return self._agent_step(ctx, contract_id, "set_existing_home_terms", lambda c: c.set_terms(
            body["price_fen"], body["payment_method"], body["handover_date"], body.get("clauses") or {}))

    def set_existing_home_applicant(self, ctx: CommandContext, contract_id: str,
                                    body: Mapping[str, Any]) -> dict[str, Any]:
        return self._agent_step(ctx, contract_id, "set_existing_home_applicant",
                                lambda c: c.set_applicant(body["name"], body["phone"], body["id_number"]))

    def set_existing_home_rating(self, ctx: CommandContext, contract_id: str,
                                 body: Mapping[str, Any]) -> dict[str, Any]:
        return self._agent_step(ctx, contract_id, "set_existing_home_rating",
                                lambda c: c.set_rating(body["rating"], body.get("comment") or ""))

    def set_existing_home_escrow(self, ctx: CommandContext, contract_id: str,
                                 body: Mapping[str, Any]) -> dict[str, Any]:
        return self._agent_step(ctx, contract_id, "set_existing_home_escrow", lambda c: c.set_escrow(
            body["chosen"], body.get("bank"), body.get("channel"), body.get("waiver_declared")))

    def set_existing_home_notes(self, ctx: CommandContext, contract_id: str,
                                body: Mapping[str, Any]) -> dict[str, Any]:
        return self._agent_step(ctx, contract_id, "set_existing_home_notes", lambda c: c.set_notes(body["notes"]))

    def submit_existing_home(self, ctx: CommandContext, contract_id: str) -> dict[str, Any]:
        return self._agent_step(ctx, contract_id, "submit_existing_home", lambda c: c.submit())

    def delete_existing_home(self, ctx: CommandContext, contract_id: str) -> dict[str, Any]:
        return self._agent_step(ctx, contract_id, "delete_existing_home", lambda c: c.delete())

    # R001.13 the e-signature order; R001.15 its cancellation -------------------------------------------------

    def open_existing_home_order(self, ctx: CommandContext, contract_id: str) -> dict[str, Any]:
        self._agent_step(ctx, contract_id, "open_existing_home_order",
                         lambda c: c.open_signature_order(new_order_id()))
        return self.existing_home_order(ctx, contract_id)

    def existing_home_order(self, ctx: CommandContext, contract_id: str) -> dict[str, Any]:
        contract = self._readable(ctx, contract_id)
        return {"contract_id": str(contract.id), "state": contract.state, "order": self._order_view(contract)}

    def cancel_existing_home_order(self, ctx: CommandContext, contract_id: str) -> dict[str, Any]:
        return self._agent_step(ctx, contract_id, "cancel_existing_home_order", lambda c: c.cancel_signature_order())

    def request_existing_home_filing(self, ctx: CommandContext, contract_id: str) -> dict[str, Any]:
        """R001.14: all have signed; the filing service files it and the contract becomes filed (the portal
        follows the state)."""
        return self._agent_step(ctx, contract_id, "request_existing_home_filing", lambda c: c.request_filing())

    # Reading ------------------------------------------------------------------------------------------------

    def get_existing_home(self, ctx: CommandContext, contract_id: str) -> dict[str, Any]:
        return self.existing_home_view(self._readable(ctx, contract_id))

    def existing_home_document(self, ctx: CommandContext, contract_id: str) -> dict[str, Any]:
        return self.document_of(self._readable(ctx, contract_id))

    # The parties (no account: the link's token) -----------------------------------------------------------------

    def party_signing(self, token: str) -> dict[str, Any]:
        contract, signer = self._party(token)
        order = contract.order
        face = signer["face"] or {}
        return {"contract_id": str(contract.id), "contract_number": contract.contract_number,
                "purpose": order["purpose"], "state": contract.state,
                "property": {"address": contract.property.get("address", ""),
                             "certificate_number": contract.property.get("certificate_number", "")},
                "price_fen": contract.terms["price_fen"], "handover_date": contract.terms["handover_date"],
                "party": {"party_id": signer["party_id"], "role": signer["role"], "name": signer["name"],
                          "id_number_masked": masked_id(signer["id_number"])},
                "face_passed": face.get("outcome") == "passed", "face_outcome": face.get("outcome"),
                "signed": bool(signer["signature"]), "sign_by": order["sign_by"].isoformat(),
                "document_sha256": contract.text_hash}

    def party_document(self, token: str) -> dict[str, Any]:
        contract, _ = self._party(token)
        return self.document_of(contract)

    def party_start_face(self, token: str, face: FaceVerification, callback_url: str) -> dict[str, Any]:
        return _contention(lambda: self._party_start_face(token, face, callback_url))

    def _party_start_face(self, token: str, face: FaceVerification, callback_url: str) -> dict[str, Any]:
        contract, signer = self._party(token)
        party = signer["party_id"]
        session = face.start(merchant_ref=f"{MERCHANT_PREFIX}/{contract.id}/{party}/{contract.version}",
                             purpose="existing_home_signing", callback_url=callback_url)
        contract.start_party_face(contract.order["order_id"], party, session["session_id"], session["qr_url"])
        self._save([contract])
        return {"verify_url": session["qr_url"], "session_id": session["session_id"]}

    def party_start_signing(self, token: str, esign: ESignature, callback_url: str) -> dict[str, Any]:
        """R001.14/R001.1: only after this party passed face verification in the last 10 minutes."""
        return _contention(lambda: self._party_start_signing(token, esign, callback_url))

    def _party_start_signing(self, token: str, esign: ESignature, callback_url: str) -> dict[str, Any]:
        contract, signer = self._party(token)
        party = signer["party_id"]
        contract.require_party_may_sign(contract.order["order_id"], party)
        document = contract.text_hash
        order = esign.open_order(merchant_ref=f"{MERCHANT_PREFIX}/{contract.id}/{party}/{contract.version}",
                                 document_sha256=document, document_title=f"{DOCUMENT_TITLE} {contract.contract_number}",
                                 signer_name=signer["name"], callback_url=callback_url)
        contract.start_party_signing(contract.order["order_id"], party, order["order_id"], order["qr_url"], document)
        self._save([contract])
        return {"sign_url": order["qr_url"], "esign_order_id": order["order_id"]}

    # Reports: providers' signed callbacks, filing's decisions, time -------------------------------------------

    def record_existing_home_face(self, report: Mapping[str, Any], subject_of: Callable[[str], str]) -> bool:
        return self._provider_report(report, lambda c: c.record_party_face(
            report.get("session_id", ""), report["type"] == "face.passed", report.get("subject_hash", ""),
            subject_of))

    def record_existing_home_signature(self, report: Mapping[str, Any]) -> bool:
        return self._provider_report(report, lambda c: c.record_party_signature(
            report.get("order_id", ""), report["type"] == "esign.signed", report.get("signature_id", ""),
            report.get("signed_at", ""), report.get("document_sha256", "")))

    def record_existing_home_filed(self, contract_id: str, filing_number: str) -> bool:
        contract = self._existing_home(contract_id)
        if not contract.record_filed(filing_number):
            return False
        self._save([contract])
        return True

    def expire_existing_home(self, ctx: CommandContext, contract_id: str) -> bool:
        """R001.11: not signed and filed by `delete_at` → deleted; the property is free again."""
        contract = self._existing_home(contract_id)
        if not contract.expire():
            return False
        self._save([contract, *self._freed(contract)])
        return True

    # Views ------------------------------------------------------------------------------------------------

    def existing_home_view(self, contract: ExistingHomeContract) -> dict[str, Any]:
        order = contract.order
        return {"contract_id": str(contract.id), "contract_number": contract.contract_number,
                "property_id": contract.property_id, "property_verification_id": contract.verification_id,
                "agency_id": contract.agency_id, "agent_id": contract.agent_id, "mode": contract.mode,
                "state": contract.state, "property": contract.property, "sellers": contract.sellers,
                "buyers": contract.buyers, "seller_co_ownership": contract.seller_co_ownership,
                "buyer_co_ownership": contract.buyer_co_ownership, "terms": contract.terms,
                "applicant": contract.applicant, "rating": contract.rating, "escrow": contract.escrow,
                "notes": contract.notes, "missing_sections": contract.missing_sections,
                "minors": contract.minors, "created_at": contract.created_at.isoformat(),
                "delete_at": contract.delete_at.isoformat(),
                "signature_order": None if order is None else {
                    "purpose": order["purpose"], "opened_at": order["opened_at"].isoformat(),
                    "sign_by": order["sign_by"].isoformat(), "complete": contract.order_complete},
                "signatures": [{"party_id": s["party_id"], "role": s["role"], "name_masked": parties.masked_name(
                    s["name"]), "face_passed": (s["face"] or {}).get("outcome") == "passed",
                                "signed": bool(s["signature"]),
                                "signed_at": (s["signature"] or {}).get("signed_at")}
                               for s in (order or {}).get("signers", [])],
                "filing_requested": contract.filing_requested, "filing_number": contract.filing_number,
                "filed_route": contract.filed_route, "rejections": contract.rejections,
                "cancellation": contract.cancellation, "transfer_accepted": contract.transfer_accepted,
                "deleted_reason": contract.deleted_reason, "version": contract.version}

    def document_of(self, contract: ExistingHomeContract) -> dict[str, Any]:
        """What the PDF prints: the contract as it is now, with its signatures when it has them."""
        return {**self.existing_home_view(contract), "text_hash": contract.text_hash,
                "printed_at": contract.modified_on.isoformat()}

    def _order_view(self, contract: ExistingHomeContract) -> dict[str, Any] | None:
        order = contract.order
        if order is None:
            return None
        return {"purpose": order["purpose"], "opened_at": order["opened_at"].isoformat(),
                "sign_by": order["sign_by"].isoformat(), "complete": contract.order_complete,
                "signers": [{"party_id": s["party_id"], "role": s["role"], "name_masked": parties.masked_name(s["name"]),
                             "link": self._links().link(str(contract.id), order["order_id"], s["party_id"],
                                                        order["sign_by"]),
                             "face_passed": (s["face"] or {}).get("outcome") == "passed",
                             "signed": bool(s["signature"])} for s in order["signers"]]}

    # Helpers ------------------------------------------------------------------------------------------------

    def _agent_step(self, ctx: CommandContext, contract_id: str, command: str,
                    action: Callable[[ExistingHomeContract], None]) -> dict[str, Any]:
        _require_agent(ctx)
        contract = self._existing_home(contract_id)
        _require_drafter(ctx, contract)

        def decide() -> Any:
            action(contract)
            return self.existing_home_view(contract), [contract, *self._freed(contract)]

        return self.execute(ctx, command, decide)

    def _freed(self, contract: ExistingHomeContract) -> list[Any]:
        """The property's claim, freed when the contract is no longer live."""
        if contract.state not in (DELETED, CANCELLED):
            return []
        claim = self.find(property_claim_id(contract.property_id))
        if claim is None or claim.contract_id != str(contract.id):
            return []
        claim.free(str(contract.id))
        return [claim]

    def _readable(self, ctx: CommandContext, contract_id: str) -> ExistingHomeContract:
        contract = self._existing_home(contract_id)
        if ctx.role in ALL_READERS:
            return contract
        if ctx.role == AGENCY:
            contract.require_agency(ctx.org_id)
            return contract
        _require_agent(ctx)
        _require_drafter(ctx, contract)
        return contract

    def _party(self, token: str) -> tuple[ExistingHomeContract, dict[str, Any]]:
        claims = self._links().read(token)
        contract = self._existing_home(claims.contract_id)
        return contract, contract.signer(claims.order_id, claims.party_id)

    def _provider_report(self, report: Mapping[str, Any], action: Callable[[ExistingHomeContract], bool]) -> bool:
        """Apply a provider's report, again on a fresh copy when a party's step saved first; True if it changed
        the contract (a repeated report changes nothing)."""
        ref = str(report.get("merchant_ref", "")).split("/")
        if len(ref) < 2 or ref[0] != MERCHANT_PREFIX:
            return False

        def apply() -> bool:
            contract = self._existing_home(ref[1])
            if not action(contract):
                return False
            self._save([contract])
            return True

        return _contention(apply)

    def _links(self) -> SigningLinks:
        if self.signing_links is None:
            raise RuntimeError("the parties' signing links need their key: set signing_links")
        return self.signing_links

    def _existing_home(self, contract_id: str) -> ExistingHomeContract:
        return self.get(contract_id, ExistingHomeContract, "existing_home contract")

    def _verified(self, verification_id: str) -> VerifiedProperty | None:
        return self.find(verified_property_id(str(verification_id)))


def _require_agent(ctx: CommandContext) -> None:
    if ctx.role == AGENCY:
        raise Forbidden("an agency account reads its agency's contracts; it does not draft or sign (R001.3)",
                        code="agency_cannot_draft")
    if ctx.role != AGENT:
        raise Forbidden("only agents draft and change existing-home contracts", code="role_not_allowed")


def _require_drafter(ctx: CommandContext, contract: ExistingHomeContract) -> None:
    contract.require_agency(ctx.org_id)
    if contract.agent_id != ctx.actor_id:
        raise Forbidden("this contract was drafted by another agent of the agency", code="not_your_contract")
