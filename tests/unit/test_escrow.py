"""Escrow in memory (guide 004): the rent auto-debit mandate required first (R004.12), the deposit after
signing (R004.15), and the saga's compensation, which is safe when its step never happened and refunds a
payment that arrives after the lease was cancelled. The bank is a fake that records what it was asked."""
import itertools

import pytest
from hypothesis import given, settings, strategies as st

from shared.context import SYSTEM, CommandContext
from shared.errors import Conflict, Forbidden, NotFound
from services.escrow.application.app import EscrowApplication
from services.escrow.domain.deposit import deposit_id
from services.escrow.domain.mandate import mandate_id

LEASE = "0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e"
ACCOUNT = {"lease_id": LEASE, "family_id": "F0007", "round_id": "r", "deposit": "3924.00", "state": "open"}
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32
GOOD = "6222020200112233446"
_refs = itertools.count(1)


class FakeBank:
    def __init__(self):
        self.requests = []
        self.answers = {}

    def _answer(self, kind, merchant_ref, answer):
        self.requests.append((kind, merchant_ref))
        return self.answers.setdefault(merchant_ref, answer)

    def request_mandate(self, *, merchant_ref, **kw):
        return self._answer("mandate", merchant_ref, {"mandate_ref": f"M{next(_refs)}"})

    def cancel_mandate(self, *, mandate_ref):
        self.requests.append(("cancel", mandate_ref))
        return {"mandate_ref": mandate_ref, "status": "cancelled"}

    def request_payment(self, *, merchant_ref, amount, **kw):
        n = next(_refs)
        return self._answer("payment", merchant_ref, {"payment_ref": f"P{n}", "pay_url": f"https://bank/pay/P{n}"})

    def request_refund(self, *, merchant_ref, **kw):
        return self._answer("refund", merchant_ref, {"refund_ref": f"R{next(_refs)}"})


@pytest.fixture
def app():
    return EscrowApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


@pytest.fixture
def bank():
    return FakeBank()


def family(key=None, family_id="F0007"):
    return CommandContext(actor_id=family_id, role="family", idempotency_key=key)


def request(app, bank, ctx=None, account=ACCOUNT, card=GOOD):
    return app.request_mandate(ctx or family(), account, LEASE, account_holder="张三", card_number=card,
                               card_front=PNG, card_back=PNG, bank=bank, callback_url="http://cb")


def mandate_report(app, kind, **extra):
    m = app.repository.get(mandate_id(LEASE))
    return {"type": kind, "merchant_ref": m.merchant_ref, "mandate_ref": m.mandate_ref, **extra}


def test_R004_12_mandate_keeps_only_the_masked_card_and_photo_hashes(app, bank):
    view = request(app, bank)
    assert view == {"lease_id": LEASE, "state": "requested", "attempts": 1, "card_masked": "**** **** **** 3446",
                    "refusal": None}
    event = list(app.events.get(mandate_id(LEASE)))[-1]
    assert GOOD not in repr(event.__dict__) and len(event.card_images_sha256) == 2
    assert app.bank_reported(SYSTEM, mandate_report(app, "mandate.activated"), bank, "http://cb") is True
    assert app.bank_reported(SYSTEM, mandate_report(app, "mandate.activated"), bank, "http://cb") is False
    assert app.get_mandate(family(), ACCOUNT, LEASE)["state"] == "active"
    with pytest.raises(Conflict) as again:
        request(app, bank)
    assert again.value.code == "mandate_active"


def test_R004_12_a_refused_mandate_can_be_requested_again_with_a_new_reference(app, bank):
    request(app, bank, card="6222020200112233440")
    app.bank_reported(SYSTEM, mandate_report(app, "mandate.refused", reason="invalid_card_number"), bank, "x")
    assert app.get_mandate(family(), ACCOUNT, LEASE)["refusal"] == "invalid_card_number"
    request(app, bank)
    assert [ref for kind, ref in bank.requests] == [f"{mandate_id(LEASE)}/1", f"{mandate_id(LEASE)}/2"]


def test_R004_12_a_retried_request_with_the_same_key_asks_the_bank_once(app, bank):
    first = request(app, bank, ctx=family("k-1"))
    assert request(app, bank, ctx=family("k-1")) == first
    assert len(bank.requests) == 1


def test_R004_12_only_the_family_of_an_open_lease_sets_up_its_mandate(app, bank):
    with pytest.raises(NotFound):
        request(app, bank, account=None)
    with pytest.raises(Forbidden):
        request(app, bank, ctx=family(family_id="F0008"))
    with pytest.raises(Conflict):
        request(app, bank, account={**ACCOUNT, "state": "cancelled"})
    assert bank.requests == []


def test_R004_15_the_deposit_order_is_opened_once_and_paid_by_callback(app, bank):
    assert app.open_deposit(SYSTEM, LEASE, "3924.00", bank, "http://cb") is True
    assert app.open_deposit(SYSTEM, LEASE, "3924.00", bank, "http://cb") is False
    deposit = app.repository.get(deposit_id(LEASE))
    paid = {"type": "payment.succeeded", "merchant_ref": str(deposit.id), "payment_ref": deposit.payment_ref}
    assert app.bank_reported(SYSTEM, paid, bank, "http://cb") is True
    assert app.bank_reported(SYSTEM, paid, bank, "http://cb") is False
    assert [type(e).__name__ for e in app.events.get(deposit.id)] == ["DepositRequested", "DepositPaid"]


def test_compensation_is_safe_when_nothing_happened(app, bank):
    assert app.compensate_cancelled_lease(SYSTEM, LEASE, bank, "http://cb") is False
    assert bank.requests == []


def test_compensation_cancels_the_mandate_and_refunds_a_paid_deposit(app, bank):
    request(app, bank)
    app.bank_reported(SYSTEM, mandate_report(app, "mandate.activated"), bank, "x")
    app.open_deposit(SYSTEM, LEASE, "3924.00", bank, "http://cb")
    deposit = app.repository.get(deposit_id(LEASE))
    app.bank_reported(SYSTEM, {"type": "payment.succeeded", "merchant_ref": str(deposit.id),
                               "payment_ref": deposit.payment_ref}, bank, "http://cb")
    app.compensate_cancelled_lease(SYSTEM, LEASE, bank, "http://cb")
    app.compensate_cancelled_lease(SYSTEM, LEASE, bank, "http://cb")  # a redelivered cancellation
    assert [kind for kind, _ in bank.requests].count("refund") == 1
    assert [ref for kind, ref in bank.requests if kind == "cancel"] == [app.repository.get(mandate_id(LEASE)).mandate_ref]
    deposit = app.repository.get(deposit_id(LEASE))
    refunded = {"type": "refund.succeeded", "merchant_ref": deposit.refund_merchant_ref, "refund_ref": deposit.refund_ref}
    assert app.bank_reported(SYSTEM, refunded, bank, "http://cb") is True
    assert app.repository.get(deposit_id(LEASE)).state == "refunded"
    assert app.repository.get(mandate_id(LEASE)).state == "cancelled"


def test_a_payment_after_the_cancellation_is_refunded(app, bank):
    app.open_deposit(SYSTEM, LEASE, "3924.00", bank, "http://cb")
    app.compensate_cancelled_lease(SYSTEM, LEASE, bank, "http://cb")
    assert [kind for kind, _ in bank.requests] == ["payment"]
    deposit = app.repository.get(deposit_id(LEASE))
    app.bank_reported(SYSTEM, {"type": "payment.succeeded", "merchant_ref": str(deposit.id),
                               "payment_ref": deposit.payment_ref}, bank, "http://cb")
    assert [kind for kind, _ in bank.requests] == ["payment", "refund"]


def test_a_callback_for_an_unknown_reference_is_refused_so_the_bank_retries(app, bank):
    with pytest.raises(NotFound):
        app.bank_reported(SYSTEM, {"type": "payment.succeeded", "merchant_ref": str(deposit_id(LEASE)),
                                   "payment_ref": "P1"}, bank, "http://cb")


OPERATIONS = st.lists(st.sampled_from([
    "request", "request_bad", "activated", "refused", "repeat_activated", "open_deposit", "paid", "repeat_paid",
    "cancel", "refunded", "repeat_cancel"]), max_size=30)


@settings(max_examples=150, deadline=None)
@given(operations=OPERATIONS)
def test_escrow_invariants_over_random_sequences(operations):
    """Money moves back only for a paid deposit of a cancelled lease, at most once; a cancelled mandate
    stays cancelled; no bank request is repeated with a different reference."""
    app, bank = EscrowApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}), FakeBank()
    account = dict(ACCOUNT)
    for op in operations:
        try:
            _escrow_step(app, bank, account, op)
        except (Conflict, NotFound):
            pass
    refunds = [ref for kind, ref in bank.requests if kind == "refund"]
    assert len([ref for kind, ref in bank.requests if kind == "cancel"]) <= 1
    payments = [ref for kind, ref in bank.requests if kind == "payment"]
    assert len(refunds) <= 1 and len(payments) <= 1
    deposit = app.find(deposit_id(LEASE))
    if refunds:
        assert deposit.lease_cancelled and deposit.state in ("refund_requested", "refunded")
    if deposit is not None and deposit.state in ("paid",):
        assert not deposit.lease_cancelled  # a paid deposit of a cancelled lease is always on its way back
    mandate = app.find(mandate_id(LEASE))
    events = [type(e).__name__ for e in app.events.get(mandate_id(LEASE))] if mandate else []
    if "MandateCancelled" in events:
        assert events[-1] == "MandateCancelled" and events.count("MandateCancelled") == 1


def _escrow_step(app, bank, account, op):
    mandate, deposit = app.find(mandate_id(LEASE)), app.find(deposit_id(LEASE))
    if op in ("request", "request_bad"):
        request(app, bank, account=account, card="1234567890123456" if op == "request_bad" else GOOD)
    elif op in ("activated", "refused", "repeat_activated") and mandate is not None and mandate.merchant_ref:
        kind = "mandate.refused" if op == "refused" else "mandate.activated"
        app.bank_reported(SYSTEM, mandate_report(app, kind, reason="invalid_card_number"), bank, "x")
    elif op == "open_deposit" and account["state"] == "open":
        app.open_deposit(SYSTEM, LEASE, "3924.00", bank, "x")
    elif op in ("paid", "repeat_paid") and deposit is not None:
        app.bank_reported(SYSTEM, {"type": "payment.succeeded", "merchant_ref": str(deposit.id),
                                   "payment_ref": deposit.payment_ref}, bank, "x")
    elif op in ("cancel", "repeat_cancel"):
        account["state"] = "cancelled"
        app.compensate_cancelled_lease(SYSTEM, LEASE, bank, "x")
    elif op == "refunded" and deposit is not None and deposit.refund_ref:
        app.bank_reported(SYSTEM, {"type": "refund.succeeded", "merchant_ref": deposit.refund_merchant_ref,
                                   "refund_ref": deposit.refund_ref}, bank, "x")


def test_a_mandate_requested_after_the_cancellation_is_refused_before_the_bank_is_asked(app, bank):
    app.compensate_cancelled_lease(SYSTEM, LEASE, bank, "http://cb", "F0007")
    with pytest.raises(Conflict) as refused:
        request(app, bank)
    assert refused.value.code == "mandate_cancelled" and bank.requests == []


def test_a_mandate_the_bank_activates_after_the_cancellation_is_cancelled_at_the_bank(app, bank):
    """A request that raced with the cancellation reached the bank; its activation must not stand."""
    app.compensate_cancelled_lease(SYSTEM, LEASE, bank, "http://cb", "F0007")
    late = {"type": "mandate.activated", "merchant_ref": f"{mandate_id(LEASE)}/1", "mandate_ref": "M-late"}
    assert app.bank_reported(SYSTEM, late, bank, "http://cb") is False
    assert bank.requests == [("cancel", "M-late")]
    assert app.find(mandate_id(LEASE)).state == "cancelled"
