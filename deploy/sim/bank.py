"""The simulated bank: auto-debit mandates (with the card's photos), payments the person pays from a link,
refunds. Outcomes go back as signed callbacks (mandate.activated / mandate.refused, payment.succeeded /
payment.failed, refund.succeeded)."""
from __future__ import annotations

import base64
import binascii
from decimal import Decimal

from werkzeug.routing import Rule
from werkzeug.wrappers import Request

from shared.errors import Conflict
from deploy.sim.parties import (Party, Switchboard, amount, callback_url, choice, find, invalid, json_body, new_ref,
                                texts)

IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def luhn_valid(number: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char)
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def card_refusal(card_number: str, images: tuple[str, str]) -> str | None:
    """Why the bank refuses a mandate, or None when it accepts it."""
    if not (card_number.isascii() and card_number.isdigit() and 16 <= len(card_number) <= 19
            and luhn_valid(card_number)):
        return "invalid_card_number"
    for encoded in images:
        try:
            image = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            return "unreadable_card_image"
        if not image.startswith(IMAGE_SIGNATURES):
            return "unreadable_card_image"
    return None


class Bank(Party):
    name = "bank"
    rules = (
        Rule("/bank/v1/mandates", endpoint="bank.open_mandate", methods=["POST"]),
        Rule("/bank/v1/mandates/<ref>/cancel", endpoint="bank.cancel_mandate", methods=["POST"]),
        Rule("/bank/sim/mandates/<ref>", endpoint="bank.mandate_status", methods=["GET"]),
        Rule("/bank/v1/payments", endpoint="bank.open_payment", methods=["POST"]),
        Rule("/bank/v1/refunds", endpoint="bank.refund", methods=["POST"]),
        Rule("/bank/pay/<ref>", endpoint="bank.pay", methods=["POST"]),
    )

    def __init__(self, board: Switchboard) -> None:
        super().__init__(board)
        self.mandates: dict[str, str] = {}  # mandate_ref -> active | refused | cancelled
        self.payments: dict[str, dict] = {}

    def open_mandate(self, request: Request) -> tuple[int, dict]:
        body = json_body(request)
        merchant_ref, _, card_number = texts(body, "merchant_ref", "account_holder", "card_number")
        card_front, card_back = body.get("card_front"), body.get("card_back")
        if not isinstance(card_front, str) or not isinstance(card_back, str):
            raise invalid("card_front and card_back are required (base64 strings)")
        url = callback_url(body)

        def create() -> dict:
            mandate_ref = new_ref("mdt")
            refusal = card_refusal(card_number, (card_front, card_back))
            self.mandates[mandate_ref] = "refused" if refusal else "active"
            if refusal:
                self.board.emit("bank", url, "mandate.refused", merchant_ref=merchant_ref, mandate_ref=mandate_ref,
                                reason=refusal)
            else:
                self.board.emit("bank", url, "mandate.activated", merchant_ref=merchant_ref,
                                mandate_ref=mandate_ref, card_last4=card_number[-4:])
            return {"mandate_ref": mandate_ref}

        return 202, self.board.once("mandate", merchant_ref, body, create)

    def cancel_mandate(self, request: Request, ref: str) -> tuple[int, dict]:
        """Stop debiting: safe to repeat; a refused mandate stays refused."""
        with self.board.lock:
            status = find(self.mandates, ref, "mandate")
            if status == "active":
                self.mandates[ref] = status = "cancelled"
        return 200, {"mandate_ref": ref, "status": status}

    def mandate_status(self, request: Request, ref: str) -> tuple[int, dict]:
        with self.board.lock:
            return 200, {"mandate_ref": ref, "status": find(self.mandates, ref, "mandate")}

    def open_payment(self, request: Request) -> tuple[int, dict]:
        body = json_body(request)
        merchant_ref, value, description = texts(body, "merchant_ref", "amount", "description")
        amount(value)
        url = callback_url(body)

        def create() -> dict:
            ref = new_ref("pay")
            self.payments[ref] = {"merchant_ref": merchant_ref, "amount": value, "description": description,
                                  "callback_url": url, "status": "pending", "refunded": Decimal(0)}
            return {"payment_ref": ref, "pay_url": f"{self.link_base}/pay/{ref}"}

        return 201, self.board.once("payment", merchant_ref, body, create)

    def pay(self, request: Request, ref: str) -> tuple[int, dict]:
        """The person pays (or fails to) from the payment's link."""
        outcome = choice(json_body(request), "outcome", ("succeeded", "failed"))
        payment = self.board.settle(self.payments, ref, "payment", outcome, pending="pending", code="already_paid")
        self.board.emit("bank", payment["callback_url"], f"payment.{outcome}", merchant_ref=payment["merchant_ref"],
                        payment_ref=ref, amount=payment["amount"])
        return 200, {"payment_ref": ref, "status": outcome}

    def refund(self, request: Request) -> tuple[int, dict]:
        body = json_body(request)
        merchant_ref, payment_ref, value = texts(body, "merchant_ref", "payment_ref", "amount")
        refunded = amount(value)
        url = callback_url(body)

        def create() -> dict:
            payment = find(self.payments, payment_ref, "payment")
            if payment["status"] != "succeeded":
                raise Conflict(f"payment {payment_ref} has not succeeded", code="payment_not_succeeded")
            if payment["refunded"] + refunded > Decimal(payment["amount"]):
                raise Conflict("the refund exceeds what remains of the payment", code="refund_exceeds_payment")
            payment["refunded"] += refunded
            refund_ref = new_ref("rfd")
            self.board.emit("bank", url, "refund.succeeded", merchant_ref=merchant_ref, refund_ref=refund_ref,
                            payment_ref=payment_ref, amount=value)
            return {"refund_ref": refund_ref}

        return 202, self.board.once("refund", merchant_ref, body, create)
