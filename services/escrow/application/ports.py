"""The bank as the escrow application sees it; services/escrow/adapters/bank.py speaks its protocol."""
from __future__ import annotations

from typing import Any, Protocol


class Bank(Protocol):
    def request_mandate(self, *, merchant_ref: str, account_holder: str, card_number: str, card_front: bytes,
                        card_back: bytes, callback_url: str) -> dict[str, Any]:
        """{"mandate_ref"}; the bank reports activation or refusal by callback."""

    def cancel_mandate(self, *, mandate_ref: str) -> dict[str, Any]:
        """Stop debiting; repeating it is harmless."""

    def request_payment(self, *, merchant_ref: str, amount: str, description: str,
                        callback_url: str) -> dict[str, Any]:
        """{"payment_ref", "pay_url"}; the payer pays on the phone, the bank reports by callback."""

    def request_refund(self, *, merchant_ref: str, payment_ref: str, amount: str,
                       callback_url: str) -> dict[str, Any]:
        """{"refund_ref"}; reported by callback."""


class PurchaseFundBank(Protocol):
    """The bank's purchase-fund escrow accounts; each request carries a reference it answers the same again."""

    def open_escrow_account(self, *, merchant_ref: str, bank: str, channel: str,
                            callback_url: str) -> dict[str, Any]:
        """{"account_ref"}; deposits are reported by deposit.received callbacks."""

    def release_escrow(self, *, account_ref: str, merchant_ref: str, amount_fen: int) -> dict[str, Any]:
        """{"release_ref"}; reported by a release.completed callback."""

    def refund_escrow(self, *, account_ref: str, merchant_ref: str, amount_fen: int) -> dict[str, Any]:
        """{"refund_ref"}; reported by a refund.completed callback."""
