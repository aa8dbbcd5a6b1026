"""Escrow application: mandates and deposits of leases, driven by the family, the bank's callbacks and
the lease saga's events; the purchase-fund accounts of existing-home contracts (purchase_funds). Every bank request carries a reference the bank deduplicates on, so a retried
command or a redelivered event never asks the bank twice for different things."""
from __future__ import annotations

import hashlib
from typing import Any, Mapping

from shared.application import ServiceApplication
from shared.context import CommandContext
from shared.errors import Conflict, Forbidden, NotFound
from services.escrow.application.ports import Bank
from services.escrow.application.purchase_funds import PurchaseFundCommands
from services.escrow.domain.deposit import LeaseDeposit, deposit_id
from services.escrow.domain.mandate import CANCELLED, RentMandate, mandate_id


class EscrowApplication(PurchaseFundCommands, ServiceApplication):
    name = "escrow"

    # R004.12: the family sets up the rent auto-debit first -------------------------------------------

    def request_mandate(self, ctx: CommandContext, lease: Mapping[str, Any] | None, lease_id: str, *,
                        account_holder: str, card_number: str, card_front: bytes, card_back: bytes,
                        bank: Bank, callback_url: str) -> dict[str, Any]:
        """`lease` is the lease as escrow last heard of it from contracts (None if not yet)."""
        if lease is None:
            raise NotFound("no such lease (a new lease may take a moment to arrive)", code="lease_not_found",
                           details={"id": lease_id})
        if ctx.role != "family" or lease["family_id"] != ctx.actor_id:
            raise Forbidden("this lease belongs to another family", code="other_family")
        if lease["state"] != "open":
            raise Conflict(f"the lease is {lease['state']}", code="lease_not_open")

        def decide() -> Any:
            mandate = self.find(mandate_id(lease_id)) or RentMandate.open(lease_id, lease["family_id"])
            merchant_ref = mandate.next_merchant_ref()
            answer = bank.request_mandate(merchant_ref=merchant_ref, account_holder=account_holder,
                                          card_number=card_number, card_front=card_front, card_back=card_back,
                                          callback_url=callback_url)
            images = [hashlib.sha256(card_front).hexdigest(), hashlib.sha256(card_back).hexdigest()]
            mandate.requested(merchant_ref, answer["mandate_ref"], card_number, images)
            return self.mandate_view(mandate), [mandate]

        return self.execute(ctx, "request_mandate", decide)

    def get_mandate(self, ctx: CommandContext, lease: Mapping[str, Any] | None, lease_id: str) -> dict[str, Any]:
        if lease is None or (ctx.role == "family" and lease["family_id"] != ctx.actor_id):
            raise NotFound("no mandate for this lease", code="mandate_not_found", details={"id": lease_id})
        mandate = self.find(mandate_id(lease_id))
        if mandate is None:
            raise NotFound("no mandate for this lease", code="mandate_not_found", details={"id": lease_id})
        return self.mandate_view(mandate)

    # The lease saga's steps and compensations (policies) ----------------------------------------------

    def open_deposit(self, ctx: CommandContext, lease_id: str, amount: str, bank: Bank, callback_url: str) -> bool:
        """After signing (R004.15): one payment order per lease, however often the event arrives."""
        deposit_uuid = deposit_id(lease_id)
        if self.find(deposit_uuid) is not None:
            return False
        order = bank.request_payment(merchant_ref=str(deposit_uuid), amount=amount,
                                     description="公共租赁住房押金", callback_url=callback_url)
        self._save([LeaseDeposit.request(lease_id=lease_id, amount=amount, payment_ref=order["payment_ref"],
                                         pay_url=order["pay_url"])])
        return True

    def compensate_cancelled_lease(self, ctx: CommandContext, lease_id: str, bank: Bank, callback_url: str,
                                   family_id: str = "") -> bool:
        """Cancel the mandate and refund the deposit; each part does nothing if its step never happened.

        Without a mandate yet, a cancelled one is recorded all the same, so that a request racing with
        the cancellation cannot set one up afterwards. Returns whether a real step was undone."""
        changed, undone = [], False
        mandate = self.find(mandate_id(lease_id))
        if mandate is None:
            mandate = RentMandate.open(lease_id, family_id)
            mandate.cancel("lease_cancelled")
            changed.append(mandate)
        elif mandate.state != CANCELLED:
            if mandate.mandate_ref is not None:
                bank.cancel_mandate(mandate_ref=mandate.mandate_ref)
            mandate.cancel("lease_cancelled")
            changed.append(mandate)
            undone = True
        deposit = self.find(deposit_id(lease_id))
        if deposit is not None:
            deposit.mark_lease_cancelled()
            changed.append(deposit)
            undone = True
        self._save(changed)
        if deposit is not None:
            self._refund_if_needed(deposit, bank, callback_url)
        return undone

    # The bank's signed callbacks -----------------------------------------------------------------------

    def bank_reported(self, ctx: CommandContext, report: Mapping[str, Any], bank: Bank,
                      callback_url: str) -> bool:
        """Apply a verified bank callback; a repeated one changes nothing. Unknown references → NotFound,
        so the bank retries (our own record of the request may still be committing)."""
        aggregate_ref = report["merchant_ref"].split("/")[0]
        kind = RentMandate if report["type"].startswith("mandate.") else LeaseDeposit
        aggregate = self.get(aggregate_ref, kind, "bank reference")
        before = aggregate.version
        aggregate.bank_reported(dict(report))
        if aggregate.version != before:
            self._save([aggregate])
        if isinstance(aggregate, LeaseDeposit):
            self._refund_if_needed(aggregate, bank, callback_url)
        elif aggregate.state == CANCELLED and report["type"] == "mandate.activated" \
                and report.get("mandate_ref") != aggregate.mandate_ref:
            bank.cancel_mandate(mandate_ref=report["mandate_ref"])  # set up at the bank after the lease ended
        return aggregate.version != before

    # Helpers -----------------------------------------------------------------------------------------

    def _refund_if_needed(self, deposit: LeaseDeposit, bank: Bank, callback_url: str) -> None:
        if not deposit.needs_refund:
            return
        answer = bank.request_refund(merchant_ref=deposit.refund_merchant_ref, payment_ref=deposit.payment_ref,
                                     amount=deposit.amount, callback_url=callback_url)
        deposit.refund_requested(answer["refund_ref"])
        self._save([deposit])

    @staticmethod
    def mandate_view(mandate: RentMandate) -> dict[str, Any]:
        return {"lease_id": mandate.lease_id, "state": mandate.state, "attempts": mandate.attempts,
                "card_masked": mandate.card_masked, "refusal": mandate.refusal}
