"""The purchase-fund account (资金监管, R001.12) in isolation, and over random sequences of bank reports
and contract/registry events: the balance is always the sum of the movements and never negative, a bank
reference counts once, money leaves only after the transfer is registered (release) or the contract is
cancelled (refund), and nothing moves after the account is closed."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from shared.errors import Conflict, DomainError, InvalidInput
from services.escrow.domain.purchase_fund import (CLOSED, OPEN, RELEASING, PurchaseFundAccount,
                                                  purchase_fund_account_id)

CONTRACT = "5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d"


def account(bank: str = "ccb", channel: str = "online") -> PurchaseFundAccount:
    return PurchaseFundAccount.open(contract_id=CONTRACT, bank=bank, channel=channel, account_ref="ESC-1")


def replayed(a: PurchaseFundAccount) -> PurchaseFundAccount:
    """The account rebuilt from its events alone."""
    rebuilt = None
    for event in a.collect_events():
        rebuilt = event.mutate(rebuilt)
    return rebuilt


def test_R001_12_an_account_per_contract_at_the_chosen_bank_and_channel() -> None:
    a = account("rcb", "branch")
    assert (a.id, a.bank, a.channel, a.state, a.balance_fen) == (
        purchase_fund_account_id(CONTRACT), "rcb", "branch", OPEN, 0)


@pytest.mark.parametrize("bank, channel", [("rcb", "online"), ("icbc", "branch"), ("ccb", "mobile")])
def test_R001_12_a_bank_opens_only_through_the_channels_it_offers(bank: str, channel: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        account(bank, channel)
    assert caught.value.code == "bank_channel_not_offered"


def test_deposits_add_up_and_a_bank_reference_counts_once() -> None:
    a = account()
    assert a.receive_deposit("D1", 100_000_00)
    assert not a.receive_deposit("D1", 100_000_00)
    assert a.receive_deposit("D2", 50)
    assert a.balance_fen == 100_000_50
    assert [m["kind"] for m in a.movements] == ["deposit", "deposit"]


@pytest.mark.parametrize("amount", [0, -1, 1.5, "100", True, None])
def test_an_amount_is_whole_positive_fen(amount: object) -> None:
    with pytest.raises(InvalidInput):
        account().receive_deposit("D1", amount)


def test_the_release_takes_the_whole_balance_once_the_transfer_is_registered() -> None:
    a = account()
    a.receive_deposit("D1", 300)
    a.receive_deposit("D2", 200)
    assert a.register_transfer()
    assert (a.state, a.pending_amount_fen) == (RELEASING, 500)
    with pytest.raises(Conflict) as caught:
        a.complete_release("R1", 400)
    assert caught.value.code == "amount_mismatch"
    assert a.complete_release("R1", 500)
    assert not a.complete_release("R1", 500)
    assert (a.state, a.balance_fen) == (CLOSED, 0)


def test_no_release_before_the_transfer_is_registered() -> None:
    a = account()
    a.receive_deposit("D1", 300)
    with pytest.raises(Conflict) as caught:
        a.complete_release("R1", 300)
    assert caught.value.code == "no_release_requested"


def test_no_refund_before_the_contract_is_cancelled() -> None:
    a = account()
    a.receive_deposit("D1", 300)
    a.register_transfer()
    with pytest.raises(Conflict) as caught:
        a.complete_refund("F1", 300)
    assert caught.value.code == "no_refund_requested"


def test_a_cancelled_contract_refunds_the_balance_and_then_nothing_moves() -> None:
    a = account()
    a.receive_deposit("D1", 300)
    assert a.cancel_contract()
    with pytest.raises(Conflict) as caught:
        a.receive_deposit("D2", 1)
    assert caught.value.code == "account_refunding"
    assert not a.register_transfer()
    a.complete_refund("F1", 300)
    assert (a.state, a.balance_fen) == (CLOSED, 0)
    with pytest.raises(Conflict) as caught:
        a.receive_deposit("D3", 1)
    assert caught.value.code == "account_closed"


def test_an_empty_account_closes_without_a_movement() -> None:
    a = account()
    a.cancel_contract()
    assert (a.state, a.movements) == (CLOSED, [])


COMMANDS = st.one_of(
    st.tuples(st.just("deposit"), st.sampled_from(["D1", "D2", "D3", "D4"]), st.integers(-5, 10**10)),
    st.tuples(st.just("transfer_registered")),
    st.tuples(st.just("contract_cancelled")),
    st.tuples(st.just("release"), st.sampled_from(["R1", "R2", "D1"]), st.integers(-5, 10**10)),
    st.tuples(st.just("refund"), st.sampled_from(["F1", "F2", "D2"]), st.integers(-5, 10**10)),
    st.tuples(st.just("settle_exactly"), st.sampled_from(["S1", "S2"])),
)


def _run(a: PurchaseFundAccount, command: tuple) -> None:
    kind, *args = command
    if kind == "deposit":
        a.receive_deposit(*args)
    elif kind == "transfer_registered":
        a.register_transfer()
    elif kind == "contract_cancelled":
        a.cancel_contract()
    elif kind == "release":
        a.complete_release(*args)
    elif kind == "refund":
        a.complete_refund(*args)
    elif a.state == RELEASING:
        a.complete_release(args[0], a.pending_amount_fen)
    else:
        a.complete_refund(args[0], a.pending_amount_fen)


@settings(max_examples=300, deadline=None)
@given(st.lists(COMMANDS, max_size=25))
def test_R001_12_balances_are_the_sum_of_movements_never_negative_and_close_for_good(commands: list) -> None:
    a = account()
    for command in commands:
        before = (a.state, list(a.movements), a.transfer_registered, a.contract_cancelled)
        try:
            _run(a, command)
        except DomainError:
            assert (a.state, a.movements, a.transfer_registered, a.contract_cancelled) == before
        signed = [m["amount_fen"] * (1 if m["kind"] == "deposit" else -1) for m in a.movements]
        assert a.balance_fen == sum(signed) >= 0
        assert all(type(m["amount_fen"]) is int and m["amount_fen"] > 0 for m in a.movements)
        assert len({m["ref"] for m in a.movements}) == len(a.movements)
        if before[0] == CLOSED:
            assert a.movements == before[1]
        kinds = [m["kind"] for m in a.movements]
        assert "release" not in kinds or a.transfer_registered
        assert "refund" not in kinds or a.contract_cancelled
        assert not (a.transfer_registered and a.contract_cancelled)
        outgoing = [i for i, k in enumerate(kinds) if k != "deposit"]
        assert len(outgoing) <= 1 and all(i == len(kinds) - 1 for i in outgoing)
        if a.state == CLOSED:
            assert a.balance_fen == 0
    rebuilt = replayed(a)
    assert (rebuilt.balance_fen, rebuilt.state, rebuilt.movements) == (a.balance_fen, a.state, a.movements)
