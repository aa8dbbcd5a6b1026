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
