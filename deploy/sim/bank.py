"""The simulated bank: auto-debit mandates (with the card's photos), payments the person pays from a link,
refunds, and purchase-fund escrow accounts (资金监管账户) of existing-home contracts. Outcomes go back as signed
callbacks (mandate.activated / mandate.refused, payment.succeeded / payment.failed, refund.succeeded); the
escrow accounts' in the Standard Webhooks layout (deposit.received, release.completed, refund.completed)."""
from __future__ import annotations

import base64
import binascii
from decimal import Decimal

from werkzeug.routing import Rule
from werkzeug.wrappers import Request

from shared.errors import Conflict
from deploy.sim.parties import (Party, Switchboard, amount, callback_url, choice, fen, find, invalid, json_body,
                                new_ref, texts)

IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")
ESCROW_CHANNELS = {"ccb": ("online", "branch"), "rcb": ("branch",)}  # where each bank opens escrow accounts


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
        Rule("/bank/v1/escrow-accounts", endpoint="bank.open_escrow_account", methods=["POST"]),
        Rule("/bank/v1/escrow-accounts/<ref>/releases", endpoint="bank.release_escrow", methods=["POST"]),
        Rule("/bank/v1/escrow-accounts/<ref>/refunds", endpoint="bank.refund_escrow", methods=["POST"]),
        Rule("/bank/sim/escrow-accounts/<ref>", endpoint="bank.escrow_account", methods=["GET"]),
        Rule("/bank/sim/escrow-accounts/<ref>/deposits", endpoint="bank.deposit_into_escrow", methods=["POST"]),
    )

    def __init__(self, board: Switchboard) -> None:
        super().__init__(board)
        self.mandates: dict[str, str] = {}  # mandate_ref -> active | refused | cancelled
        self.payments: dict[str, dict] = {}
        self.escrow_accounts: dict[str, dict] = {}

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

    # Purchase-fund escrow accounts ---------------------------------------------------------------------

    def open_escrow_account(self, request: Request) -> tuple[int, dict]:
        """Open the escrow account of a contract (merchant_ref) at ccb (online or branch) or rcb (branch)."""
        body = json_body(request)
        merchant_ref, bank, channel = texts(body, "merchant_ref", "bank", "channel")
        if channel not in ESCROW_CHANNELS.get(bank, ()):
            raise invalid("bank must be ccb (channel online or branch) or rcb (channel branch)")
        url = callback_url(body)

        def create() -> dict:
            ref = new_ref("esc")
            self.escrow_accounts[ref] = {"merchant_ref": merchant_ref, "bank": bank, "channel": channel,
                                         "callback_url": url, "status": "open", "balance_fen": 0}
            return {"account_ref": ref, "status": "open"}

        return 201, self.board.once("escrow-account", merchant_ref, body, create)

    def escrow_account(self, request: Request, ref: str) -> tuple[int, dict]:
        with self.board.lock:
            account = find(self.escrow_accounts, ref, "escrow account")
            return 200, {"account_ref": ref, **{k: account[k] for k in ("bank", "channel", "status", "balance_fen")}}

    def deposit_into_escrow(self, request: Request, ref: str) -> tuple[int, dict]:
        """The buyer pays into the account (at the counter or online); the bank reports it by callback."""
        amount_fen = fen(json_body(request), "amount_fen")
        with self.board.lock:
            account = find(self.escrow_accounts, ref, "escrow account")
            if account["status"] != "open":
                raise Conflict(f"escrow account {ref} is {account['status']}", code="account_not_open")
            account["balance_fen"] += amount_fen
            deposit_ref = new_ref("dep")
        self._report(ref, account, "deposit.received", deposit_ref, amount_fen)
        return 202, {"account_ref": ref, "deposit_ref": deposit_ref, "amount_fen": amount_fen}

    def release_escrow(self, request: Request, ref: str) -> tuple[int, dict]:
        """Pay the balance out to the seller (release) once the transfer is registered."""
        return self._pay_out(request, ref, "release")

    def refund_escrow(self, request: Request, ref: str) -> tuple[int, dict]:
        """Pay the balance back to the buyer (refund) once the contract is cancelled."""
        return self._pay_out(request, ref, "refund")

    def _pay_out(self, request: Request, ref: str, kind: str) -> tuple[int, dict]:
        body = json_body(request)
        (merchant_ref,) = texts(body, "merchant_ref")
        amount_fen = fen(body, "amount_fen")

        def create() -> dict:
            account = find(self.escrow_accounts, ref, "escrow account")
            if account["status"] != "open":
                raise Conflict(f"escrow account {ref} is {account['status']}", code="account_not_open")
            if amount_fen != account["balance_fen"]:
                raise Conflict("a release or refund pays out the whole balance", code="amount_not_balance",
                               details={"balance_fen": account["balance_fen"]})
            account["status"], account["balance_fen"] = "closed", 0
            bank_ref = new_ref("rel" if kind == "release" else "rfd")
            self._report(ref, account, f"{kind}.completed", bank_ref, amount_fen)
            return {f"{kind}_ref": bank_ref}

        return 202, self.board.once(f"escrow-{kind}", merchant_ref, body, create)

    def _report(self, ref: str, account: dict, type_: str, bank_ref: str, amount_fen: int) -> None:
        self.board.emit("bank", account["callback_url"], type_, webhook=True, merchant_ref=account["merchant_ref"],
                        account_ref=ref, bank_ref=bank_ref, amount_fen=amount_fen)

