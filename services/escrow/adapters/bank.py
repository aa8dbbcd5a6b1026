"""The escrow bank (监管银行): card mandates, payments into the escrow account and refunds out of it, and the
purchase-fund escrow accounts of existing-home contracts.

Outcomes arrive later as signed callbacks at the given callback_url: mandate.activated / mandate.refused,
payment.succeeded / payment.failed, refund.succeeded (shared.signed_callbacks), and for escrow accounts
deposit.received, release.completed, refund.completed (Standard Webhooks layout, shared.webhooks).
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

    def open_escrow_account(self, *, merchant_ref: str, bank: str, channel: str, callback_url: str) -> dict:
        """Open a contract's purchase-fund account; returns {"account_ref"} (the same again for a repeat)."""
        return self.post("/v1/escrow-accounts", {"merchant_ref": merchant_ref, "bank": bank, "channel": channel,
                                                 "callback_url": callback_url})

    def release_escrow(self, *, account_ref: str, merchant_ref: str, amount_fen: int) -> dict:
        """Pay the balance to the seller; returns {"release_ref"}, reported by a release.completed callback."""
        return self.post(f"/v1/escrow-accounts/{account_ref}/releases",
                         {"merchant_ref": merchant_ref, "amount_fen": amount_fen})

    def refund_escrow(self, *, account_ref: str, merchant_ref: str, amount_fen: int) -> dict:
        """Pay the balance back to the buyer; returns {"refund_ref"}, reported by a refund.completed callback."""
        return self.post(f"/v1/escrow-accounts/{account_ref}/refunds",
                         {"merchant_ref": merchant_ref, "amount_fen": amount_fen})


def bank_from_env(environ: Mapping[str, str] = os.environ) -> BankClient:
    return BankClient.from_env(environ, "HOUSING_BANK_URL", DEFAULT_URL, "HOUSING_BANK_SECRET")
