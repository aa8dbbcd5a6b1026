"""Lease signing after selection (guide 004, R004.11–R004.15): the family's steps, the providers' reports,
the bureau's review, and the saga's timeouts. Mixed into the contracts application (one event store)."""
from __future__ import annotations

from typing import Any, Callable, Mapping

from shared.context import CommandContext
from shared.errors import Forbidden, RuleViolation
from services.contracts.application.ports import ESignature, FaceVerification, Sms
from services.contracts.domain.contract import new_verification_code
from services.contracts.domain.lease import Lease, lease_id, mask_phone

STAFF = ("bureau_officer", "auditor", "system")
APPROVAL_TEMPLATE = "lease_approved"


class LeaseSigning:
    """Expects the ServiceApplication API (get, find, execute, _save)."""

    # Opened by the allocation policy --------------------------------------------------------------

    def open_lease(self, ctx: CommandContext, *, round_id: str, round_name: str, family_id: str, room_id: str,
                   room: Mapping[str, Any], terms: Mapping[str, Any]) -> bool:
        """Idempotent: the lease of a family in a round is opened once, whatever is redelivered."""
        if self.find(lease_id(round_id, family_id)) is not None:
            return False
        lease = Lease.open(round_id=round_id, round_name=round_name, family_id=family_id, room_id=room_id,
                           room=room, terms=terms)
        self._save([lease])
        return True

    # The family (R004.11–R004.14) -----------------------------------------------------------------

    def my_lease(self, ctx: CommandContext, round_id: str) -> dict[str, Any]:
        return self._lease_for(ctx, str(lease_id(round_id, ctx.actor_id))).view()

    def get_lease(self, ctx: CommandContext, lease_ref: str) -> dict[str, Any]:
        return self._lease_for(ctx, lease_ref).view()

    def change_phone(self, ctx: CommandContext, lease_ref: str, phone: str) -> dict[str, Any]:
        return self._family_step(ctx, lease_ref, "change_phone", lambda lease: lease.change_phone(phone))

    def start_face_verification(self, ctx: CommandContext, lease_ref: str, face: FaceVerification,
                                callback_url: str, expected_subject: str = "") -> dict[str, Any]:
        """R004.13 after R004.11/12: opens a provider session whose QR code the main applicant scans;
        `expected_subject` (who signed in) is the only person who can pass it."""
        lease = self._lease_for(ctx, lease_ref, write=True)

        def decide() -> Any:
            lease.require_face_verification_allowed()
            session = face.start(merchant_ref=f"{lease.id}/face/{lease.version}", purpose="public_housing_lease",
                                 callback_url=callback_url)
            lease.start_face_verification(session["session_id"], session["qr_url"], expected_subject)
            return lease.view(), [lease]

        return self.execute(ctx, "start_face_verification", decide)

    def start_signing(self, ctx: CommandContext, lease_ref: str, esign: ESignature,
                      callback_url: str) -> dict[str, Any]:
        """R004.14: the lease text's hash goes to the e-signature provider; the tenant signs on the phone."""
        lease = self._lease_for(ctx, lease_ref, write=True)

        def decide() -> Any:
            lease.require_signing_allowed()
            document = lease.document_hash()
            order = esign.open_order(merchant_ref=f"{lease.id}/esign/{lease.version}", document_sha256=document,
                                     document_title=f"公共租赁住房租赁合同 {lease.room.get('building', '')}"
                                                    f"{lease.room.get('room_number', '')}",
                                     signer_name=lease.tenant["name"], callback_url=callback_url)
            lease.start_signing(order["order_id"], order["qr_url"], document)
            return lease.view(), [lease]

        return self.execute(ctx, "start_signing", decide)

    # Provider and escrow reports (signed callbacks, integration events) --------------------------------

    def record_face_result(self, ctx: CommandContext, report: Mapping[str, Any]) -> bool:
        lease_ref = report["merchant_ref"].split("/")[0]
        return self._report(lease_ref, lambda lease: lease.record_face_result(
            report["session_id"], report["type"] == "face.passed", report))

    def record_signature(self, ctx: CommandContext, report: Mapping[str, Any]) -> bool:
        lease_ref = report["merchant_ref"].split("/")[0]
        return self._report(lease_ref, lambda lease: lease.record_signature(
            report["order_id"], report["type"] == "esign.signed", report.get("signature_id", ""),
            report.get("signed_at", ""), report.get("document_sha256", "")))

    # Escrow's facts about the mandate and the deposit (R004.12, R004.15, compensation): each a payload of
    # escrow's integration event, with the lease it is about.

    def record_mandate(self, ctx: CommandContext, fact: Mapping[str, Any]) -> bool:
        return self._report(fact["lease_id"], lambda l: l.record_mandate(fact["mandate_ref"], fact["card_masked"]))

    def record_mandate_refused(self, ctx: CommandContext, fact: Mapping[str, Any]) -> bool:
        return self._report(fact["lease_id"], lambda l: l.record_mandate_refused(fact["mandate_ref"], fact["reason"]))

    def record_deposit_requested(self, ctx: CommandContext, fact: Mapping[str, Any]) -> bool:
        return self._report(fact["lease_id"], lambda l: l.record_deposit_requested(
            fact["payment_ref"], fact["pay_url"], fact["amount"]))

    def record_deposit_paid(self, ctx: CommandContext, fact: Mapping[str, Any]) -> bool:
        return self._report(fact["lease_id"], lambda l: l.record_deposit_paid(fact["payment_ref"], fact["paid_at"]))

    def record_refund(self, ctx: CommandContext, fact: Mapping[str, Any]) -> bool:
        return self._report(fact["lease_id"], lambda l: l.record_refund(fact["refund_ref"], fact["amount"]))

    # The bureau (R004.15) --------------------------------------------------------------------------

    def approve_lease(self, ctx: CommandContext, lease_ref: str) -> dict[str, Any]:
        lease = self.get(lease_ref, Lease, "lease")

        def decide() -> Any:
            lease.approve(ctx.actor_id, new_verification_code())
            return lease.view(), [lease]

        return self.execute(ctx, "approve_lease", decide)

    def reject_lease(self, ctx: CommandContext, lease_ref: str, reasons: list[str]) -> dict[str, Any]:
        lease = self.get(lease_ref, Lease, "lease")

        def decide() -> Any:
            lease.reject(reasons)
            return lease.view(), [lease]

        return self.execute(ctx, "reject_lease", decide)

    def notify_approval(self, ctx: CommandContext, lease_ref: str, sms: Sms) -> bool:
        """SMS on approval, once: the provider deduplicates by our reference, the lease records the id."""
        lease = self.get(lease_ref, Lease, "lease")
        if lease.notified is not None or lease.phone is None:
            return False
        sent = sms.send(client_ref=f"{lease.id}/approved", phone=lease.phone, template=APPROVAL_TEMPLATE,
                        params={"room": f"{lease.room.get('building', '')}{lease.room.get('room_number', '')}"})
        return self._report(lease_ref, lambda l: l.record_notification(sent["message_id"]))

    def lapse_lease(self, ctx: CommandContext, lease_ref: str) -> bool:
        """The saga's deadline: unsigned or unpaid at sign_by → cancelled (and compensated)."""
        return self._report(lease_ref, lambda lease: lease.lapse())

    def lease_document(self, ctx: CommandContext, lease_ref: str) -> dict[str, Any]:
        """What the lease PDF needs, once approved (R004.15: downloadable materials)."""
        lease = self._lease_for(ctx, lease_ref)
        if lease.state != "approved":
            raise RuleViolation("the lease materials are ready once the bureau approves", code="lease_not_approved")
        return {"verification_code": lease.verification_code, "lease": {
            "lease_id": str(lease.id), "round_name": lease.round_name, "family_id": lease.family_id,
            "tenant_name": lease.tenant["name"], "tenant_id_masked": lease.tenant["id_masked"],
            "phone_masked": mask_phone(lease.phone), "room": lease.room, "monthly_rent": lease.monthly_rent,
            "deposit": lease.deposit, "rent_per_sqm": lease.terms["rent_per_sqm"],
            "deposit_months": lease.terms["deposit_months"], "term_start": lease.review["term_start"],
            "term_end": lease.review["term_end"],
            "bank_card_masked": lease.mandate["card_masked"], "mandate_ref": lease.mandate["mandate_ref"],
            "signature_id": lease.signature["signature_id"], "signed_at": lease.signature["signed_at"],
            "document_sha256": lease.signature["document_sha256"],
            "deposit_payment_ref": lease.deposit_paid["payment_ref"], "deposit_paid_at": lease.deposit_paid["paid_at"],
            "approved_at": lease.review["at"], "approved_by": lease.review["officer"]}}

    # Helpers -----------------------------------------------------------------------------------------

    def _lease_for(self, ctx: CommandContext, lease_ref: str, write: bool = False) -> Lease:
        lease = self.get(lease_ref, Lease, "lease")
        if ctx.role == "family" and ctx.actor_id == lease.family_id and ctx.org_id in (None, lease.round_id):
            return lease
        if ctx.role in STAFF and not write:
            return lease
        raise Forbidden("this lease belongs to another family", code="other_family")

    def _family_step(self, ctx: CommandContext, lease_ref: str, command: str,
                     action: Callable[[Lease], None]) -> dict[str, Any]:
        lease = self._lease_for(ctx, lease_ref, write=True)

        def decide() -> Any:
            action(lease)
            return lease.view(), [lease]

        return self.execute(ctx, command, decide)

    def _report(self, lease_ref: str, action: Callable[[Lease], None]) -> bool:
        """Apply a report; True if it changed the lease (a repeated report changes nothing)."""
        lease = self.get(lease_ref, Lease, "lease")
        before = lease.version
        action(lease)
        if lease.version == before:
            return False
        self._save([lease])
        return True
