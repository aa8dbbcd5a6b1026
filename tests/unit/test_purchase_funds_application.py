"""The purchase-fund escrow application in memory (R001.12): opening at the chosen bank once, the bank's reports
counted once, the balance paid out once the transfer is registered or the contract cancelled (asked again on a
redelivered event, with the same reference), and who may read an account. The bank is a fake that records
what it was asked and answers a repeated reference the same way."""
from __future__ import annotations

import itertools
import uuid

import pytest

from shared.context import SYSTEM, CommandContext
from shared.errors import Conflict, InvalidInput, NotFound
from services.escrow.application.app import EscrowApplication

_refs = itertools.count(1)
CALLBACK = "https://gateway/api/v1/callbacks/escrow-bank"
SYSTEM_READER = CommandContext(actor_id="b1", role="bureau_officer")
CONTRACT_ROW = {"agency_id": "A1"}


class FakeBank:
    def __init__(self) -> None:
        self.requests: list[tuple] = []
        self.answers: dict[str, dict] = {}

    def _answer(self, kind: str, merchant_ref: str, answer: dict, **asked) -> dict:
        self.requests.append((kind, merchant_ref, asked))
        return self.answers.setdefault(merchant_ref, answer)

    def open_escrow_account(self, *, merchant_ref, bank, channel, callback_url):
        return self._answer("open", merchant_ref, {"account_ref": f"esc_{next(_refs)}"}, bank=bank, channel=channel)

    def release_escrow(self, *, account_ref, merchant_ref, amount_fen):
        return self._answer("release", merchant_ref, {"release_ref": f"rel_{next(_refs)}"}, amount_fen=amount_fen)

    def refund_escrow(self, *, account_ref, merchant_ref, amount_fen):
        return self._answer("refund", merchant_ref, {"refund_ref": f"rfd_{next(_refs)}"}, amount_fen=amount_fen)


@pytest.fixture
def app():
    return EscrowApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


@pytest.fixture
def bank():
    return FakeBank()


@pytest.fixture
def contract_id(app, bank) -> str:
    contract_id = str(uuid.uuid4())
    assert app.open_purchase_fund_account(SYSTEM, contract_id, "ccb", "online", bank, CALLBACK)
    return contract_id


def report(app, contract_id: str, type_: str, bank_ref: str, amount_fen: int) -> bool:
    return app.purchase_fund_bank_reported(SYSTEM, {"type": type_, "merchant_ref": contract_id,
                                                    "account_ref": view(app, contract_id)["account_ref"],
                                                    "bank_ref": bank_ref,
                                                    "amount_fen": amount_fen})



def view(app, contract_id: str) -> dict:
    return app.purchase_fund_account_view(SYSTEM_READER, contract_id, CONTRACT_ROW)


def test_R001_12_the_account_is_opened_once_at_the_chosen_bank(app, bank, contract_id):
    assert not app.open_purchase_fund_account(SYSTEM, contract_id, "ccb", "online", bank, CALLBACK)
    assert [(kind, ref) for kind, ref, _ in bank.requests] == [("open", contract_id)]
    assert {k: view(app, contract_id)[k] for k in ("bank", "channel", "state", "balance_fen")} == {
        "bank": "ccb", "channel": "online", "state": "open", "balance_fen": 0}


def test_R001_12_rcb_opens_at_a_branch_only(app, bank):
    with pytest.raises(InvalidInput):
        app.open_purchase_fund_account(SYSTEM, str(uuid.uuid4()), "rcb", "online", bank, CALLBACK)
    assert bank.requests == []


def test_a_deposit_reported_twice_counts_once(app, contract_id):
    assert report(app, contract_id, "deposit.received", "dep_1", 100_00)
    assert not report(app, contract_id, "deposit.received", "dep_1", 100_00)
    assert view(app, contract_id)["balance_fen"] == 100_00


def test_R001_12_the_transfer_releases_the_balance_once_and_asks_again_with_the_same_reference(app, bank,
                                                                                               contract_id):
    report(app, contract_id, "deposit.received", "dep_1", 700)
    assert app.release_purchase_funds(SYSTEM, contract_id, bank)
    assert not app.release_purchase_funds(SYSTEM, contract_id, bank)  # a redelivered TransferRegistered
    releases = [(ref, asked) for kind, ref, asked in bank.requests if kind == "release"]
    assert len({ref for ref, _ in releases}) == 1 and [a for _, a in releases] == [{"amount_fen": 700}] * 2
    assert view(app, contract_id)["state"] == "releasing"
    assert report(app, contract_id, "release.completed", "rel_1", 700)
    assert (view(app, contract_id)["state"], view(app, contract_id)["balance_fen"]) == ("closed", 0)
    assert not app.refund_purchase_funds(SYSTEM, contract_id, bank)


def test_R001_12_a_refund_is_refused_until_the_contract_is_cancelled(app, bank, contract_id):
    report(app, contract_id, "deposit.received", "dep_1", 500)
    with pytest.raises(Conflict):
        report(app, contract_id, "refund.completed", "rfd_1", 500)
    app.refund_purchase_funds(SYSTEM, contract_id, bank)
    assert report(app, contract_id, "refund.completed", "rfd_1", 500)
    assert [m["kind"] for m in view(app, contract_id)["movements"]] == ["deposit", "refund"]


def test_nothing_is_paid_out_of_an_empty_account(app, bank, contract_id):
    app.refund_purchase_funds(SYSTEM, contract_id, bank)
    assert [kind for kind, _, _ in bank.requests] == ["open"] and view(app, contract_id)["state"] == "closed"


def test_a_contract_without_an_account_moves_nothing(app, bank):
    assert not app.release_purchase_funds(SYSTEM, str(uuid.uuid4()), bank)
    assert bank.requests == []


def test_reports_about_unknown_accounts_or_of_unknown_kinds_are_refused(app, contract_id):
    with pytest.raises(NotFound):
        app.purchase_fund_bank_reported(SYSTEM, {"type": "deposit.received", "merchant_ref": contract_id,
                                                 "account_ref": "esc_other", "bank_ref": "d", "amount_fen": 1})
    with pytest.raises(InvalidInput):
        report(app, contract_id, "deposit.reversed", "d", 1)


@pytest.mark.parametrize("role, org_id, visible", [
    ("bureau_officer", None, True), ("auditor", None, True), ("agency", "A1", True), ("agent", "A1", True),
    ("agency", "A2", False), ("agent", "A2", False)])
def test_R001_3_an_agency_and_its_agents_read_their_own_contracts_accounts_only(app, contract_id, role, org_id,
                                                                                visible):
    ctx = CommandContext(actor_id="x", role=role, org_id=org_id)
    if visible:
        assert app.purchase_fund_account_view(ctx, contract_id, CONTRACT_ROW)["contract_id"] == contract_id
    else:
        with pytest.raises(NotFound):
            app.purchase_fund_account_view(ctx, contract_id, CONTRACT_ROW)


def test_a_waived_or_unheard_of_contract_has_no_escrow(app):
    with pytest.raises(NotFound) as caught:
        app.purchase_fund_account_view(SYSTEM_READER, str(uuid.uuid4()), None)
    assert caught.value.code == "no_escrow"
