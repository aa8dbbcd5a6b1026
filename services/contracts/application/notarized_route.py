"""Remote notarized signing from the contract's side (guide 002, R002.1, R002.7): the developer submits on the
notarized route, sets the contract password, uploads attachments and pushes the e-contract to a notary office;
the saga (services.notary.application.notarized_signing_saga) then tells the contract what became of it.
Mixed into the contracts application (one event store)."""
from __future__ import annotations

import base64
from typing import Any, Callable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from shared.context import CommandContext
from shared.errors import Forbidden, NotFound, RuleViolation
from shared.identity_documents import RESIDENT_ID
from services.contracts.domain.contract import Contract
from services.contracts.domain.notarization import Notarization, checked_attachment, notarization_id

HASHER = PasswordHasher()


def mask_document(number: str) -> str:
    return number[:3] + "*" * max(len(number) - 7, 1) + number[-4:]


class NotarizedRoute:
    """Expects the ServiceApplication API and the contracts application's helpers."""

    # The developer (R002.1) -------------------------------------------------------------------------

    def confirm_for_notarization(self, ctx: CommandContext, contract_id: str) -> dict[str, Any]:
        contract = self._own_contract(ctx, contract_id, write=True)

        def decide() -> Any:
            contract.confirm_for_notarization()
            notarization = self.find(notarization_id(contract_id)) or Notarization.open(contract_id,
                                                                                        contract.developer_id)
            return self.contract_view(contract), [contract, notarization]

        return self.execute(ctx, "confirm_for_notarization", decide)

    def set_contract_password(self, ctx: CommandContext, contract_id: str, password: str) -> dict[str, Any]:
        return self._notarization_step(ctx, contract_id, "set_contract_password",
                                       lambda n, c: n.set_password(HASHER.hash(password)))

    def add_notarization_attachment(self, ctx: CommandContext, contract_id: str, kind: str, name: str,
                                    content_type: str, data: bytes) -> dict[str, Any]:
        facts = checked_attachment(kind, name, content_type, data)
        return self._notarization_step(ctx, contract_id, "add_notarization_attachment", lambda n, c: n.add_attachment(
            facts, base64.b64encode(data).decode()))

    def push_to_notary(self, ctx: CommandContext, contract_id: str, *, office_id: str, buyer_id_type: str,
                       buyer_id_number: str, pdf: bytes, subject_of: Callable[[str], str]) -> dict[str, Any]:
        """R002.1: the e-contract (its formal PDF and the text's content hash) goes to the chosen office."""
        buyer = {"mainland": buyer_id_type == RESIDENT_ID, "id_type": buyer_id_type,
                 "id_masked": mask_document(buyer_id_number), "subject_hash": subject_of(buyer_id_number)}

        def push(n: Notarization, c: Contract) -> None:
            n.push(office_id=office_id, room_id=c.room_id, content_hash=c.current_hash, pdf=pdf,
                   buyer={**buyer, "name": c.buyer_name}, seller_name=c.room.get("developer_name", ""), room=c.room)

        return self._notarization_step(ctx, contract_id, "push_to_notary", push)

    def notarization(self, ctx: CommandContext, contract_id: str) -> dict[str, Any]:
        self._own_contract(ctx, contract_id)
        return self._notarization_of(contract_id).view()

    # The buyer's access secret ----------------------------------------------------------------------

    def verify_contract_password(self, ctx: CommandContext, contract_id: str, password: str) -> bool:
        """Throttled: five wrong passwords lock the contract's password for a quarter of an hour."""
        notarization = self._notarization_of(contract_id)
        try:
            ok = notarization.password_hash is not None and HASHER.verify(notarization.password_hash, password)
        except (VerificationError, InvalidHashError):
            ok = False
        notarization.check_password(ok)
        self._save([notarization])
        return ok

    def pushed_contract_pdf(self, ctx: CommandContext, contract_id: str, attempt: int) -> dict[str, Any]:
        """The e-contract exactly as it was pushed (for the certificate bundle)."""
        for event in self.events.get(notarization_id(contract_id)):
            if isinstance(event, Notarization.PushedToNotary) and event.attempt == attempt:
                return {"content_type": "application/pdf", "data_base64": event.pdf_base64,
                        "pdf_sha256": event.pdf_sha256}
        raise NotFound("no such push of this contract", code="push_not_found")

    # The saga's commands (system, each with its idempotency key) ------------------------------------

    def record_notary_case(self, ctx: CommandContext, contract_id: str, attempt: int, case_id: str,
                           qr_url: str) -> dict[str, Any]:
        return self._saga_command(ctx, contract_id, "record_notary_case",
                                  lambda n, c: [n] if n.record_case(attempt, case_id, qr_url) else [])

    def submit_with_certificate(self, ctx: CommandContext, contract_id: str, attempt: int, certificate_number: str,
                                content_hash: str, bundle_sha256: str) -> dict[str, Any]:
        """R002.7/R002.8: bound to the contract only if it certifies this very text; then to filing."""
        def act(n: Notarization, c: Contract) -> list[Any]:
            changed = c.bind_certificate(certificate_number, content_hash, bundle_sha256)
            recorded = n.record_certificate(attempt, certificate_number, content_hash)
            return [a for a, did in ((c, changed), (n, recorded)) if did]

        return self._saga_command(ctx, contract_id, "submit_with_certificate", act)

    def return_notarization(self, ctx: CommandContext, contract_id: str, attempt: int,
                            reasons: list[str]) -> dict[str, Any]:
        """Compensation of a rejection: the contract goes back to the developer, the room stays in signing."""
        return self._saga_command(ctx, contract_id, "return_notarization",
                                  lambda n, c: [n] if n.return_to_developer(attempt, reasons) else [])

    def void_notarization(self, ctx: CommandContext, contract_id: str, attempt: int) -> dict[str, Any]:
        """Compensation of an expired case: the sale fails, the contract is void and the room for sale again."""
        def act(n: Notarization, c: Contract) -> list[Any]:
            if not n.fail(attempt, "notarization_expired"):
                return []
            changed: list[Any] = [n]
            if c.void_notarization():
                claim = self._claim(c.room_id)
                claim.free(str(c.id))
                changed += [c, claim]
            return changed

        return self._saga_command(ctx, contract_id, "void_notarization", act)

    # Helpers -------------------------------------------------------------------------------------------

    def _notarization_of(self, contract_id: str) -> Notarization:
        notarization = self.find(notarization_id(contract_id))
        if notarization is None:
            raise RuleViolation("this contract is not on the notarized route", code="not_notarized_route")
        return notarization

    def _notarization_step(self, ctx: CommandContext, contract_id: str, command: str,
                           action: Callable[[Notarization, Contract], None]) -> dict[str, Any]:
        contract = self._own_contract(ctx, contract_id, write=True)
        notarization = self._notarization_of(contract_id)

        def decide() -> Any:
            action(notarization, contract)
            return notarization.view(), [notarization]

        return self.execute(ctx, command, decide)

    def _saga_command(self, ctx: CommandContext, contract_id: str, command: str,
                      act: Callable[[Notarization, Contract], list[Any]]) -> dict[str, Any]:
        if ctx.role != "system":
            raise Forbidden("only the notarized-signing saga sends this", code="role_not_allowed")
        contract = self.get(contract_id, Contract, "contract")
        notarization = self._notarization_of(contract_id)

        def decide() -> Any:
            changed = act(notarization, contract)
            return {"contract_id": contract_id, "state": notarization.state, "changed": bool(changed),
                    "contract_state": contract.state}, changed

        return self.execute(ctx, command, decide)
