"""The escrow bank (监管银行): card mandates, payments into the escrow account and refunds out of it.

Outcomes arrive later as signed callbacks (mandate.activated / mandate.refused, payment.succeeded /
payment.failed, refund.succeeded) at the given callback_url.
"""
from __future__ import annotations

import base64
import os
from typing import Mapping

from shared.signed_callbacks import SignedJsonClient

DEFAULT_URL = "http://127.0.0.1:8190/bank"


class BankClient(SignedJsonClient):
    def request_mandate(self, *, merchant_ref: str, account_holder: str, card_number: str, card_front: bytes,
                        card_back: bytes, callback_url: str) -> dict:
        """Ask the bank to verify a card (number and photos of both sides); returns {"mandate_ref"}."""
        return self.post("/v1/mandates", {
            "merchant_ref": merchant_ref, "account_holder": account_holder, "card_number": card_number,
            "card_front": base64.b64encode(card_front).decode("ascii"),
            "card_back": base64.b64encode(card_back).decode("ascii"),
            "callback_url": callback_url})

    def cancel_mandate(self, *, mandate_ref: str) -> dict:
        """Stop the auto-debit; the bank answers a repeated cancellation the same way."""
        return self.post(f"/v1/mandates/{mandate_ref}/cancel", {})

    def request_payment(self, *, merchant_ref: str, amount: str, description: str, callback_url: str) -> dict:
        """Open a payment the payer completes on their phone; returns {"payment_ref", "pay_url"}."""
        return self.post("/v1/payments", {"merchant_ref": merchant_ref, "amount": amount,
                                          "description": description, "callback_url": callback_url})

    def request_refund(self, *, merchant_ref: str, payment_ref: str, amount: str, callback_url: str) -> dict:
        """Refund (part of) a succeeded payment; returns {"refund_ref"}."""
        return self.post("/v1/refunds", {"merchant_ref": merchant_ref, "payment_ref": payment_ref,
                                         "amount": amount, "callback_url": callback_url})


def bank_from_env(environ: Mapping[str, str] = os.environ) -> BankClient:
    return BankClient.from_env(environ, "HOUSING_BANK_URL", DEFAULT_URL, "HOUSING_BANK_SECRET")
