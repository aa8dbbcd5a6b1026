"""The purchase-fund escrow (资金监管) of existing-home contracts (R001.12): the account opened at the chosen bank
when the contract is filed, the bank's reports of deposits, releases and refunds, and the release or refund
of the balance when the registry registers the transfer or the contract is cancelled.

Every request to the bank carries a reference it answers the same way again, so a redelivered event or a
retried callback never asks twice for different things; a bank reference already counted changes nothing.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

from shared.application import retry_on_contention
from shared.context import CommandContext
from shared.errors import InvalidInput, NotFound
from services.escrow.application.ports import PurchaseFundBank
from services.escrow.domain.purchase_fund import (REFUNDING, RELEASING, PurchaseFundAccount,
                                                  purchase_fund_account_id, require_bank_channel)

READ_ALL = ("bureau_officer", "auditor")
REPORT_ATTEMPTS = 20  # the bank reports several deposits into one account at once
REPORTS: dict[str, Callable[[PurchaseFundAccount, str, int], bool]] = {
    "deposit.received": PurchaseFundAccount.receive_deposit,
    "release.completed": PurchaseFundAccount.complete_release,
    "refund.completed": PurchaseFundAccount.complete_refund,
}


class PurchaseFundCommands:
    """Mixed into EscrowApplication (find, _save come from ServiceApplication)."""

    def open_purchase_fund_account(self, ctx: CommandContext, contract_id: str, bank_name: str, channel: str,
                                   bank: PurchaseFundBank, callback_url: str) -> bool:
        """Open the contract's account at the bank; a repeat (a redelivered event) opens nothing more."""
        if self.find(purchase_fund_account_id(contract_id)) is not None:
            return False
        require_bank_channel(bank_name, channel)
        answer = bank.open_escrow_account(merchant_ref=contract_id, bank=bank_name, channel=channel,
                                          callback_url=callback_url)
        self._save([PurchaseFundAccount.open(contract_id=contract_id, bank=bank_name, channel=channel,
                                             account_ref=answer["account_ref"])])
        return True

    def release_purchase_funds(self, ctx: CommandContext, contract_id: str, bank: PurchaseFundBank) -> bool:
        """The transfer is registered: the balance goes to the seller."""
        return self._settle(contract_id, PurchaseFundAccount.register_transfer, bank)

    def refund_purchase_funds(self, ctx: CommandContext, contract_id: str, bank: PurchaseFundBank) -> bool:
        """The contract is cancelled: the balance goes back to the buyer."""
        return self._settle(contract_id, PurchaseFundAccount.cancel_contract, bank)

    def purchase_fund_bank_reported(self, ctx: CommandContext, report: Mapping[str, Any]) -> bool:
        """Apply a verified bank callback; returns whether it counted (False: its reference was counted before).

        An account we do not know (yet) is NotFound, so that the bank retries. Reports racing on one account
        are applied one after the other (the loser reads the account again)."""
        return retry_on_contention(lambda: self._apply_report(report), REPORT_ATTEMPTS,
                                   "the account changed too often at once; the bank will report again")

    def _apply_report(self, report: Mapping[str, Any]) -> bool:
        apply = REPORTS.get(report.get("type"))
        if apply is None:
            raise InvalidInput("the bank reports something escrow accounts do not know", code="invalid_callback",
                               details={"type": report.get("type")})
        account = self._account_of(str(report.get("merchant_ref")))
        if account is None or account.account_ref != report.get("account_ref"):
            raise NotFound("no such escrow account", code="account_not_found",
                           details={"account_ref": report.get("account_ref")})
        if not isinstance(report.get("bank_ref"), str) or not report["bank_ref"]:
            raise InvalidInput("the callback lacks bank_ref", code="invalid_callback")
        counted = apply(account, report["bank_ref"], report.get("amount_fen"))
        if counted:
            self._save([account])
        return counted

    def purchase_fund_account_view(self, ctx: CommandContext, contract_id: str,
                                   contract: Mapping[str, Any] | None) -> dict[str, Any]:
        """`contract` is the filed contract as escrow heard of it (None: not heard of, or not filed yet)."""
        visible = contract is not None and (ctx.role in READ_ALL or contract["agency_id"] == ctx.org_id)
        account = self._account_of(contract_id) if visible else None
        if account is None:
            raise NotFound("this contract has no purchase-fund escrow", code="no_escrow",
                           details={"contract_id": contract_id})
        return {"contract_id": contract_id, "account_ref": account.account_ref, "bank": account.bank,
                "channel": account.channel, "state": account.state, "balance_fen": account.balance_fen,
                "movements": [dict(m) for m in account.movements]}

    def _account_of(self, contract_id: str) -> PurchaseFundAccount | None:
        return self.find(purchase_fund_account_id(contract_id))

    def _settle(self, contract_id: str, decide: Callable[[PurchaseFundAccount], bool],
                bank: PurchaseFundBank) -> bool:
        account = self._account_of(contract_id)
        if account is None:
            return False
        changed = decide(account)
        if changed:
            self._save([account])
        self._ask_bank_to_pay_out(account, bank)
        return changed

    @staticmethod
    def _ask_bank_to_pay_out(account: PurchaseFundAccount, bank: PurchaseFundBank) -> None:
        """Asked again on a redelivered event (the bank answers the same reference the same way), so that a
        stop between recording the decision and asking the bank loses nothing."""
        if account.state not in (RELEASING, REFUNDING):
            return
        pay_out = bank.release_escrow if account.state == RELEASING else bank.refund_escrow
        pay_out(account_ref=account.account_ref, merchant_ref=account.settlement_ref,
                amount_fen=account.pending_amount_fen)
