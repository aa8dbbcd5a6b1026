"""The existing-home contract at the bureau's window and its cancellation (guide 001 sections 3-5): staff record the
parties' presence and upload the signed pages, and filing's review files it (R001.16); the agent cancels a
contract filed online with both parties' e-signatures through a signature order (R001.17), refused once the
real-estate register accepted the transfer; staff cancel at the window with the termination agreement and the
parties' photos, and filing's review decides (R001.18). Mixed into ContractsApplication, beside ExistingHomeSales.

The images uploaded at the window are kept in the contract's WindowEvidence, apart from the contract, whose
window record (published with the filing request) names them by their facts.
"""
from __future__ import annotations

import base64
import functools
from typing import Any, Callable, Mapping

from shared.context import CommandContext
from shared.errors import Forbidden
from services.contracts.application.signing_links import new_order_id
from services.contracts.domain import window_signing as window
from services.contracts.domain.existing_home import ExistingHomeContract, today_in_shanghai
from services.contracts.domain.room_claim import property_claim_id
from services.contracts.domain.window_evidence import WindowEvidence, evidence_id

BUREAU = "bureau_officer"
EVIDENCE_READERS = (BUREAU, "auditor", "agency", "agent")


class ExistingHomeWindow:
    find: Any
    get: Any
    execute: Any
    _save: Any
    _agent_step: Any
    _existing_home: Any
    _freed: Any
    _readable: Any
    existing_home_view: Any
    existing_home_order: Any

    # R001.16 signing at the window ---------------------------------------------------------------------

    def sign_existing_home_at_window(self, ctx: CommandContext, contract_id: str,
                                     body: Mapping[str, Any]) -> dict[str, Any]:
        """Staff record each party's presence, upload the signed pages (and the waiver declaration without escrow);
        the contract goes to the bureau's review in filing."""
        _require_bureau(ctx, "sign contracts at the window")
        contract = self._existing_home(contract_id)
        images: dict[str, tuple[dict[str, Any], str]] = {}
        kept = functools.partial(_kept, images)
        present = [{**entry, "kinship_proof": kept(f"present[{index}].kinship_proof", entry.get("kinship_proof"))}
                   for index, entry in enumerate(body["present"])]
        pages = [kept(f"signed_pages[{index}]", page) for index, page in enumerate(body["signed_pages"])]
        waiver = kept("waiver_declaration", body.get("waiver_declaration"))

        def decide() -> Any:
            presence = window.presence_record(window.signers_of(contract), present,
                                              contract_number=contract.contract_number, today=today_in_shanghai())
            contract.record_window_signing(window.signing_record(presence, pages, waiver, contract.escrow))
            return self.existing_home_view(contract), [contract, self._evidence_with(contract, images)]

        return self.execute(ctx, "sign_existing_home_at_window", decide)

    def record_existing_home_filing_rejected(self, contract_id: str, reasons: list[str]) -> bool:
        """Filing's review rejected the window filing: the agent corrects and submits again. Safe to repeat."""
        return self._changed(contract_id, lambda c: c.record_filing_rejected(reasons))

    def resubmit_existing_home(self, ctx: CommandContext, contract_id: str) -> dict[str, Any]:
        return self._agent_step(ctx, contract_id, "resubmit_existing_home", lambda c: c.resubmit())

    # R001.17 online cancellation -------------------------------------------------------------------------

    def open_existing_home_cancellation(self, ctx: CommandContext, contract_id: str, reason: str) -> dict[str, Any]:
        """The agent states the reason; both parties then sign the cancellation from their links (the order's)."""
        self._agent_step(ctx, contract_id, "open_existing_home_cancellation",
                         lambda c: c.open_cancellation(reason, new_order_id()))
        return self.existing_home_order(ctx, contract_id)

    def file_existing_home_cancellation(self, ctx: CommandContext, contract_id: str) -> dict[str, Any]:
        """Both parties signed: the filing service cancels the filing; the contract follows its answer."""
        return self._agent_step(ctx, contract_id, "file_existing_home_cancellation",
                                lambda c: c.request_cancellation_filing())

    def record_existing_home_transfer_accepted(self, property_id: str, filing_number: str) -> bool:
        """The real-estate register accepted the transfer of the contract filed under `filing_number`: it can no
        longer be cancelled. Safe to repeat; a report of a contract no longer live changes nothing."""
        claim = self.find(property_claim_id(property_id))
        if claim is None or claim.contract_id is None:
            return False
        contract = self._existing_home(claim.contract_id)
        if contract.filing_number != filing_number or not contract.record_transfer_accepted():
            return False
        self._save([contract])
        return True

    # R001.18 window cancellation ---------------------------------------------------------------------------

    def cancel_existing_home_at_window(self, ctx: CommandContext, contract_id: str,
                                       body: Mapping[str, Any]) -> dict[str, Any]:
        _require_bureau(ctx, "cancel contracts at the window")
        contract = self._existing_home(contract_id)
        images: dict[str, tuple[dict[str, Any], str]] = {}
        agreement = _kept(images, "termination_agreement", body["termination_agreement"])
        photos = [_kept(images, f"photos[{index}]", photo) for index, photo in enumerate(body["photos"])]

        def decide() -> Any:
            contract.record_window_cancellation(body["reason"], window.cancellation_evidence(agreement, photos))
            return self.existing_home_view(contract), [contract, self._evidence_with(contract, images)]

        return self.execute(ctx, "cancel_existing_home_at_window", decide)

    def record_existing_home_cancellation_refused(self, contract_id: str, reasons: list[str]) -> bool:
        return self._changed(contract_id, lambda c: c.record_cancellation_refused(reasons))

    def record_existing_home_filing_cancelled(self, contract_id: str) -> bool:
        """The filing is cancelled (its number never issued again): the contract is cancelled and the property
        free. Safe to repeat."""
        contract = self._existing_home(contract_id)
        if not contract.record_filing_cancelled():
            return False
        self._save([contract, *self._freed(contract)])
        return True

    # The window's images ------------------------------------------------------------------------------------

    def window_evidence_image(self, ctx: CommandContext, contract_id: str, sha256: str) -> dict[str, Any]:
        """One image uploaded at the window, for whoever may read the contract."""
        if ctx.role not in EVIDENCE_READERS:
            raise Forbidden("this role does not read contracts' window evidence", code="role_not_allowed")
        self._readable(ctx, contract_id)
        evidence = self.get(evidence_id(contract_id), WindowEvidence, "window evidence")
        return evidence.image(sha256)

    # Helpers ------------------------------------------------------------------------------------------------

    def _evidence_with(self, contract: ExistingHomeContract,
                       images: Mapping[str, tuple[dict[str, Any], str]]) -> WindowEvidence:
        evidence = self.find(evidence_id(str(contract.id))) or WindowEvidence.open(str(contract.id))
        evidence.keep(images.values())
        return evidence

    def _changed(self, contract_id: str, change: Callable[[ExistingHomeContract], bool]) -> bool:
        contract = self._existing_home(contract_id)
        if not change(contract):
            return False
        self._save([contract])
        return True


def _kept(images: dict[str, tuple[dict[str, Any], str]], where: str,
          image: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """An uploaded image checked (PNG or JPEG, at most 500 KB) and set aside; its facts stand for it."""
    if not image:
        return None
    data = base64.b64decode(image["data_base64"])
    facts = window.checked_image(where, image["content_type"], data)
    images[facts["sha256"]] = (facts, image["data_base64"])
    return facts


def _require_bureau(ctx: CommandContext, action: str) -> None:
    if ctx.role != BUREAU:
        raise Forbidden(f"only the bureau's staff {action}", code="role_not_allowed")
