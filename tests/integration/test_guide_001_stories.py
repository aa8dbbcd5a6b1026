"""Guide 001's stories end to end over HTTP, through every real process (registry, contracts, filing, escrow, the
simulated register, bank, face and e-signature providers):
1. an agency onboarded, its agent approved, a property verified, a contract with two buyers owning by shares, escrow
   at 建设银行 chosen, every party verifies its face and signs, filed; the buyers' deposits reach the escrow account
   by the bank's webhooks, the register accepts then registers the transfer, and the balance is released;
2. the same up to the deposit, then an online cancellation signed by both parties (R001.17) and the buyers refunded.
The third story, at the window with a minor seller (R001.16), is
test_guide_001_window_and_cancellation.test_r001_16_a_minor_seller_signs_at_the_window_with_both_parents_and_the_bureau_files_it.
"""
from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import requests

from tests.integration.existing_home_flow import (CONTRACTS, agent_of_a_verified_agency, filed_online, owner_row,
                                                  register_moves_transfer, registered_property, rows_by_party,
                                                  sign_order, state_of)
from tests.integration.support import Api, eventually

pytestmark = pytest.mark.integration
CCB_ONLINE = {"chosen": True, "bank": "ccb", "channel": "online"}
PRICE_FEN = 158_000_000  # existing_home_flow.complete's price: 1,580,000.00 元


def escrow_of(reader: Api, contract_id: str, **expected: Any) -> dict[str, Any]:
    def matches() -> dict[str, Any] | None:
        response = reader.call("GET", f"{CONTRACTS}/{contract_id}/escrow")
        body = response.json() if response.status_code == 200 else None
        return body if body and all(body[k] == v for k, v in expected.items()) else None
    return eventually(matches, timeout=60, what=f"escrow of {contract_id} with {expected}")


def buyer_pays_in(stack: Any, account_ref: str, amount_fen: int) -> str:
    """The buyer pays into the escrow account at the bank; the bank reports it by a signed webhook."""
    answer = requests.post(f"{stack.env()['HOUSING_BANK_URL']}/sim/escrow-accounts/{account_ref}/deposits",
                           json={"amount_fen": amount_fen}, timeout=10)
    assert answer.status_code == 202, answer.text
    return answer.json()["deposit_ref"]


def two_buyers_by_shares() -> list[dict[str, str]]:
    return [{**owner_row("郑买方", date(1986, 6, 6)), "share": "50"},
            {**owner_row("罗买方", date(1987, 7, 7)), "share": "50"}]


def filed_with_deposits(stack: Any, api: Api, bureau: Api, agency_name: str) -> tuple[Any, dict, dict, list, dict]:
    agent = agent_of_a_verified_agency(stack, api, bureau, agency_name)
    property_ = registered_property(stack, owner_row("冯卖方", date(1970, 1, 2)))
    buyers = two_buyers_by_shares()
    contract = filed_online(api, agent, property_, buyers, CCB_ONLINE)
    assert contract["filing_number"].startswith("CLBA")
    opened = escrow_of(agent.api, contract["contract_id"], state="open")
    assert (opened["bank"], opened["channel"], opened["balance_fen"]) == ("ccb", "online", 0)
    buyer_pays_in(stack, opened["account_ref"], 100_000_000)
    buyer_pays_in(stack, opened["account_ref"], PRICE_FEN - 100_000_000)
    held = escrow_of(agent.api, contract["contract_id"], balance_fen=PRICE_FEN)
    assert [m["kind"] for m in held["movements"]] == ["deposit", "deposit"]
    return agent, property_, contract, buyers, held


def test_story_1_shares_escrow_signed_filed_deposited_transfer_registered_released(stack, api, bureau):
    agent, property_, contract, _, held = filed_with_deposits(stack, api, bureau, "中山恒信房地产代理有限公司")
    agency_view = escrow_of(agent.agency_api, contract["contract_id"], balance_fen=PRICE_FEN)  # R001.3: it reads
    assert agency_view["account_ref"] == held["account_ref"]

    register_moves_transfer(stack, property_, contract["filing_number"], "accepted")
    register_moves_transfer(stack, property_, contract["filing_number"], "registered")
    closed = escrow_of(bureau, contract["contract_id"], state="closed")
    assert closed["balance_fen"] == 0
    assert [(m["kind"], m["amount_fen"]) for m in closed["movements"]][-1] == ("release", PRICE_FEN)
    assert sum(m["amount_fen"] * (1 if m["kind"] == "deposit" else -1) for m in closed["movements"]) == 0
    assert agent.api.ok("GET", f"{CONTRACTS}/{contract['contract_id']}")["state"] == "filed"


def test_story_2_filed_deposited_then_cancelled_online_by_both_parties_and_refunded(stack, api, bureau):
    agent, property_, contract, buyers, held = filed_with_deposits(stack, api, bureau, "中山德信房产经纪有限公司")
    path = f"{CONTRACTS}/{contract['contract_id']}"
    order = agent.api.ok("POST", f"{path}/cancellation", {"reason": "买卖双方协商一致解除合同"})["order"]
    sign_order(api, order, rows_by_party(property_, buyers))
    agent.api.ok("POST", f"{path}/cancellation/filing")
    assert state_of(agent.api, contract["contract_id"], "cancelled")["filing_number"] == contract["filing_number"]

    refunded = escrow_of(bureau, contract["contract_id"], state="closed")
    assert refunded["balance_fen"] == 0
    assert [(m["kind"], m["amount_fen"]) for m in refunded["movements"]][-1] == ("refund", PRICE_FEN)
