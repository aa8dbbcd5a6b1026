"""The purchase-fund account (资金监管账户) of an existing-home contract whose parties chose escrow (R001.12).

Opened at the chosen bank when the contract is filed; the buyer's deposits come in, and the whole balance
goes out once: released to the seller when the real-estate registry has registered the transfer, or refunded
to the buyer when the contract is cancelled. Then the account is closed and nothing moves any more.

Money is integer fen. Every movement is an event (DepositReceived +, ReleaseCompleted -, RefundCompleted -),
so the balance is always their sum; it never goes below zero, because a release or refund takes exactly the
balance it was asked for, and no deposit is taken while one is under way. A bank reference is counted once.
"""
from __future__ import annotations

import uuid
from typing import Any

from shared.aggregate import ServiceAggregate
from shared.errors import Conflict, InvalidInput

_NS = uuid.UUID("3e1f6a2b-8c4d-4e5f-9a6b-7c8d9e0f1a2b")
OPEN, RELEASING, REFUNDING, CLOSED = "open", "releasing", "refunding", "closed"
BANK_CHANNELS = {"ccb": ("online", "branch"), "rcb": ("branch",)}
DEPOSIT, RELEASE, REFUND = "deposit", "release", "refund"
SIGN = {DEPOSIT: 1, RELEASE: -1, REFUND: -1}


def purchase_fund_account_id(contract_id: str) -> uuid.UUID:
    return uuid.uuid5(_NS, f"purchase-fund/{contract_id}")


def require_bank_channel(bank: str, channel: str) -> None:
    """ccb opens accounts online or at a branch, rcb at a branch only."""
    if channel not in BANK_CHANNELS.get(bank, ()):
        raise InvalidInput(f"{bank} does not open escrow accounts {channel}", code="bank_channel_not_offered",
                           details={"bank": bank, "channel": channel})


def require_fen(amount_fen: Any) -> int:
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int) or amount_fen <= 0:
        raise InvalidInput("an amount is a whole number of fen greater than 0", code="invalid_amount",
                           details={"amount_fen": repr(amount_fen)})
    return amount_fen


class PurchaseFundAccount(ServiceAggregate):
    class AccountOpened(ServiceAggregate.Created):
        contract_id: str
        bank: str
        channel: str
        account_ref: str

        def apply(self, a: "PurchaseFundAccount") -> None:
            a.contract_id, a.bank, a.channel, a.account_ref = self.contract_id, self.bank, self.channel, self.account_ref
            a.state = OPEN
            a.movements = []
            a.transfer_registered = a.contract_cancelled = False
            a.pending_amount_fen = 0

    class DepositReceived(ServiceAggregate.Event):
        contract_id: str
        bank_ref: str
        amount_fen: int

        def apply(self, a: "PurchaseFundAccount") -> None:
            a.movements.append(_movement(DEPOSIT, self))

    class TransferRegistered(ServiceAggregate.Event):
        """The registry registered the transfer; the balance, if any, is now being released to the seller."""
        contract_id: str
        amount_fen: int

        def apply(self, a: "PurchaseFundAccount") -> None:
            a.transfer_registered = True
            _pay_out(a, RELEASING, self.amount_fen)

    class ContractCancelled(ServiceAggregate.Event):
        """The contract was cancelled; the balance, if any, is now being refunded to the buyer."""
        contract_id: str
        amount_fen: int

        def apply(self, a: "PurchaseFundAccount") -> None:
            a.contract_cancelled = True
            _pay_out(a, REFUNDING, self.amount_fen)

    class ReleaseCompleted(ServiceAggregate.Event):
        contract_id: str
        bank_ref: str
        amount_fen: int

        def apply(self, a: "PurchaseFundAccount") -> None:
            _paid_out(a, RELEASE, self)

    class RefundCompleted(ServiceAggregate.Event):
        contract_id: str
        bank_ref: str
        amount_fen: int

        def apply(self, a: "PurchaseFundAccount") -> None:
            _paid_out(a, REFUND, self)

    @classmethod
    def open(cls, *, contract_id: str, bank: str, channel: str, account_ref: str) -> "PurchaseFundAccount":
        require_bank_channel(bank, channel)
        return cls._create(cls.AccountOpened, id=purchase_fund_account_id(contract_id), contract_id=contract_id,
                           bank=bank, channel=channel, account_ref=account_ref)

    # What the account holds --------------------------------------------------------------------------

    @property
    def balance_fen(self) -> int:
        return sum(SIGN[m["kind"]] * m["amount_fen"] for m in self.movements)

    def counted(self, bank_ref: str) -> bool:
        return any(m["ref"] == bank_ref for m in self.movements)

    @property
    def settlement_ref(self) -> str:
        """The reference of the one release or refund asked of the bank (the bank answers a repeat the same)."""
        return f"{self.id}/{RELEASE if self.state == RELEASING else REFUND}"

    # Commands ------------------------------------------------------------------------------------------

    def receive_deposit(self, bank_ref: str, amount_fen: int) -> bool:
        """A deposit the bank reported; the same reference again changes nothing. Returns whether it counted."""
        if self.counted(bank_ref):
            return False
        require_fen(amount_fen)
        self._require_open("deposit")
        self.trigger_event(self.DepositReceived, contract_id=self.contract_id, bank_ref=bank_ref,
                           amount_fen=amount_fen)
        return True

    def register_transfer(self) -> bool:
        """Release the balance to the seller; a repeat, or one after the contract's cancellation, changes nothing."""
        return self._decide(self.TransferRegistered)

    def cancel_contract(self) -> bool:
        """Refund the balance to the buyer; a repeat, or one after the transfer was registered, changes nothing."""
        return self._decide(self.ContractCancelled)

    def _decide(self, event_class: Any) -> bool:
        """Whichever of the transfer and the cancellation comes first decides where the whole balance goes."""
        if self.state != OPEN:
            return False
        self.trigger_event(event_class, contract_id=self.contract_id, amount_fen=self.balance_fen)
        return True

    def complete_release(self, bank_ref: str, amount_fen: int) -> bool:
        return self._complete(RELEASING, self.ReleaseCompleted, bank_ref, amount_fen)

    def complete_refund(self, bank_ref: str, amount_fen: int) -> bool:
        return self._complete(REFUNDING, self.RefundCompleted, bank_ref, amount_fen)

    def _complete(self, expected: str, event_class: Any, bank_ref: str, amount_fen: int) -> bool:
        if self.counted(bank_ref):
            return False
        require_fen(amount_fen)
        if self.state != expected:
            what = "release" if expected == RELEASING else "refund"
            raise Conflict(f"no {what} was asked of the bank for this account (it is {self.state})",
                           code=f"no_{what}_requested", details={"state": self.state})
        if amount_fen != self.pending_amount_fen:
            raise Conflict("the bank reports another amount than the one asked", code="amount_mismatch",
                           details={"asked_fen": self.pending_amount_fen, "reported_fen": amount_fen})
        self.trigger_event(event_class, contract_id=self.contract_id, bank_ref=bank_ref, amount_fen=amount_fen)
        return True

    def _require_open(self, what: str) -> None:
        if self.state != OPEN:
            raise Conflict(f"the account takes no {what} while it is {self.state}", code=f"account_{self.state}",
                           details={"state": self.state})


def _pay_out(a: PurchaseFundAccount, state: str, amount_fen: int) -> None:
    """The balance is now being paid out (nothing to pay out closes the account at once)."""
    a.state, a.pending_amount_fen = (state, amount_fen) if amount_fen else (CLOSED, 0)


def _paid_out(a: PurchaseFundAccount, kind: str, event: Any) -> None:
    a.movements.append(_movement(kind, event))
    a.state, a.pending_amount_fen = CLOSED, 0


def _movement(kind: str, event: Any) -> dict[str, Any]:
    return {"kind": kind, "amount_fen": event.amount_fen, "at": event.timestamp.isoformat(), "ref": event.bank_ref}
