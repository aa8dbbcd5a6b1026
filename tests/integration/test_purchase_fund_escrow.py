"""The purchase-fund escrow (资金监管) of existing-home contracts (R001.12) through the real processes: the account
opened at the chosen bank when the contract is filed, the buyer's deposits reported by the simulated bank's
signed webhooks through the gateway, the release to the seller once the registry registers the transfer, the
refund once the contract is cancelled; forged, unsigned, replayed-stale and repeated webhooks change nothing.

contracts' and registry's events are published here the way their relays publish them (event_injection): the
contracts and registry parts of issue 14 are built on other branches.
"""
from __future__ import annotations

import json
import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

from shared import webhooks
from tests.integration.event_injection import publish_as
from tests.integration.support import eventually

WEBHOOK = "/api/v1/callbacks/escrow-bank"
CONSUMER = ("escrow", "purchase_funds")


def escrow_path(contract_id: str) -> str:
    return f"/api/v1/existing-home-contracts/{contract_id}/escrow"


def filed(stack, escrow: dict, agency_id: str = "agency-w3") -> dict:
    contract_id, property_id = str(uuid.uuid4()), f"ZS-T{uuid.uuid4().hex[:6]}"
    number = f"CLBA2026{uuid.uuid4().int % 10**6:06d}"
    publish_as(stack, "contracts", "ExistingHomeContractFiled", contract_id, {
        "property_id": property_id, "agency_id": agency_id, "filing_number": number, "mode": "online",
        "price_fen": 200_000_000, "escrow": escrow, "buyers_masked": ["张*"], "sellers_masked": ["李*"]},
        consumer=CONSUMER)
    return {"contract_id": contract_id, "property_id": property_id, "filing_number": number}


def account(bureau, contract_id: str, **expected) -> dict:
    def matches():
        response = bureau.call("GET", escrow_path(contract_id))
        body = response.json() if response.status_code == 200 else None
        return body if body and all(body[k] == v for k, v in expected.items()) else None
    return eventually(matches, timeout=60, what=f"escrow account of {contract_id} with {expected}")


def deposit(stack, account_ref: str, amount_fen: int) -> dict:
    response = requests.post(f"{stack.env()['HOUSING_BANK_URL']}/sim/escrow-accounts/{account_ref}/deposits",
                             json={"amount_fen": amount_fen}, timeout=10)
    assert response.status_code == 202, response.text
    return response.json()


def sent_by_bank(stack, bank_ref: str) -> dict:
    """The bank's callback about this movement, as the simulator sent it."""
    def find():
        sent = requests.get(f"{stack.env()['HOUSING_BANK_URL']}/sim/callbacks", timeout=10).json()["callbacks"]
        return next((event for event in sent if event.get("bank_ref") == bank_ref), None)
    return eventually(find, what=f"the bank's callback about {bank_ref}")


def post_webhook(stack, body: bytes, headers: dict[str, str]) -> requests.Response:
    return requests.post(stack.gateway_url + WEBHOOK, data=body,
                         headers={"Content-Type": "application/json", **headers}, timeout=10)


def webhook_metric(stack, outcome: str) -> float:
    text = requests.get(f"http://127.0.0.1:{stack.specs['escrow'].port}/metrics", timeout=5).text
    found = re.search(rf'^housing_webhooks_total{{outcome="{outcome}",party="bank"}} ([0-9.e+]+)$', text, re.M)
    return float(found.group(1)) if found else 0.0


def test_R001_12_deposits_then_release_to_the_seller_once_the_transfer_is_registered(stack, bureau):
    contract = filed(stack, {"chosen": True, "bank": "ccb", "channel": "online"})
    opened = account(bureau, contract["contract_id"], state="open")
    assert (opened["bank"], opened["channel"], opened["balance_fen"], opened["movements"]) == ("ccb", "online", 0, [])

    first = deposit(stack, opened["account_ref"], 150_000_000)
    second = deposit(stack, opened["account_ref"], 49_999_999)
    held = account(bureau, contract["contract_id"], balance_fen=199_999_999)
    assert sorted((m["kind"], m["amount_fen"], m["ref"]) for m in held["movements"]) == sorted([
        ("deposit", 150_000_000, first["deposit_ref"]), ("deposit", 49_999_999, second["deposit_ref"])])

    publish_as(stack, "registry", "TransferRegistered", str(uuid.uuid4()),
               {"property_id": contract["property_id"], "filing_number": contract["filing_number"]},
               consumer=CONSUMER)
    closed = account(bureau, contract["contract_id"], state="closed")
    assert closed["balance_fen"] == 0
    assert sorted((m["kind"], m["amount_fen"]) for m in closed["movements"][:2]) == [
        ("deposit", 49_999_999), ("deposit", 150_000_000)]
    assert closed["movements"][2]["kind"] == "release" and closed["movements"][2]["amount_fen"] == 199_999_999
    bank_side = requests.get(f"{stack.env()['HOUSING_BANK_URL']}/sim/escrow-accounts/{opened['account_ref']}",
                             timeout=10).json()
    assert (bank_side["status"], bank_side["balance_fen"]) == ("closed", 0)


def test_R001_12_a_cancelled_contract_refunds_the_buyer_at_a_branch_of_rcb(stack, bureau):
    contract = filed(stack, {"chosen": True, "bank": "rcb", "channel": "branch"})
    opened = account(bureau, contract["contract_id"], state="open")
    deposit(stack, opened["account_ref"], 30_000_000)
    account(bureau, contract["contract_id"], balance_fen=30_000_000)

    publish_as(stack, "contracts", "ExistingHomeContractCancelled", contract["contract_id"], {
        "property_id": contract["property_id"], "filing_number": contract["filing_number"], "route": "online",
        "reason": "双方协商解除"}, consumer=CONSUMER)
    closed = account(bureau, contract["contract_id"], state="closed")
    assert [(m["kind"], m["amount_fen"]) for m in closed["movements"]] == [("deposit", 30_000_000),
                                                                           ("refund", 30_000_000)]
    late = requests.post(f"{stack.env()['HOUSING_BANK_URL']}/sim/escrow-accounts/{opened['account_ref']}/deposits",
                         json={"amount_fen": 1}, timeout=10)
    assert late.status_code == 409 and account(bureau, contract["contract_id"])["balance_fen"] == 0


def test_R001_12_a_waived_escrow_has_no_account(stack, bureau):
    waived = filed(stack, {"chosen": False, "waiver_declared": True})
    later = filed(stack, {"chosen": True, "bank": "ccb", "channel": "branch"})
    account(bureau, later["contract_id"], state="open")  # events apply in order: the waiver was seen first
    response = bureau.call("GET", escrow_path(waived["contract_id"]))
    assert response.status_code == 404 and response.json()["error"]["code"] == "no_escrow"


def test_forged_unsigned_and_stale_webhooks_are_401_and_a_repeated_one_counts_once(stack, bureau):
    contract = filed(stack, {"chosen": True, "bank": "ccb", "channel": "online"})
    opened = account(bureau, contract["contract_id"], state="open")
    real = deposit(stack, opened["account_ref"], 1_000_00)
    account(bureau, contract["contract_id"], balance_fen=1_000_00)
    event = sent_by_bank(stack, real["deposit_ref"])
    body = json.dumps(event, ensure_ascii=False).encode("utf-8")
    secret = stack.secrets["HOUSING_BANK_SECRET"]
    repeated_before = webhook_metric(stack, "repeated")

    forged_event = {**event, "event_id": uuid.uuid4().hex, "bank_ref": "dep_forged", "amount_fen": 99_000_000_00}
    forged = json.dumps(forged_event).encode()
    answers = {
        "forged": post_webhook(stack, forged, webhooks.sign("not-the-bank-secret", forged_event["event_id"], forged)),
        "unsigned": post_webhook(stack, forged, {}),
        "tampered": post_webhook(stack, forged, webhooks.sign(secret, event["event_id"], body)),
        "replayed_stale": post_webhook(stack, body, webhooks.sign(secret, event["event_id"], body,
                                                                  timestamp=int(time.time()) - 301)),
    }
    codes = {name: (r.status_code, r.json()["error"]["code"]) for name, r in answers.items()}
    assert codes == {"forged": (401, "bad_signature"), "unsigned": (401, "bad_signature"),
                     "tampered": (401, "bad_signature"), "replayed_stale": (401, "stale_signature")}

    again = post_webhook(stack, body, webhooks.sign(secret, event["event_id"], body))
    assert (again.status_code, again.json()) == (200, {"recorded": False})
    redelivered = requests.post(f"{stack.env()['HOUSING_BANK_URL']}/sim/callbacks/{event['event_id']}/redeliver",
                                timeout=10)
    assert redelivered.status_code == 202
    eventually(lambda: webhook_metric(stack, "repeated") >= repeated_before + 2, what="the redelivery answered")
    after = account(bureau, contract["contract_id"])
    assert (after["balance_fen"], len(after["movements"])) == (1_000_00, 1)
    assert webhook_metric(stack, "bad_signature") >= 3 and webhook_metric(stack, "stale_signature") >= 1


def test_a_webhook_about_an_unknown_account_is_refused_so_the_bank_retries(stack):
    event = {"event_id": uuid.uuid4().hex, "type": "deposit.received", "merchant_ref": str(uuid.uuid4()),
             "account_ref": "esc_unknown", "bank_ref": "dep_x", "amount_fen": 100}
    body = json.dumps(event).encode()
    response = post_webhook(stack, body, webhooks.sign(stack.secrets["HOUSING_BANK_SECRET"], event["event_id"], body))
    assert (response.status_code, response.json()["error"]["code"]) == (404, "account_not_found")


def test_concurrent_deposits_into_one_account_are_each_counted_once(stack, bureau):
    contract = filed(stack, {"chosen": True, "bank": "ccb", "channel": "online"})
    opened = account(bureau, contract["contract_id"], state="open")
    amounts = [100 * (i + 1) for i in range(12)]
    with ThreadPoolExecutor(max_workers=len(amounts)) as pool:
        refs = {r["deposit_ref"] for r in pool.map(lambda a: deposit(stack, opened["account_ref"], a), amounts)}
    held = account(bureau, contract["contract_id"], balance_fen=sum(amounts))
    assert {m["ref"] for m in held["movements"]} == refs and len(held["movements"]) == len(amounts)


def test_R001_3_an_agency_reads_its_own_contracts_escrow_only(stack, api, bureau, estate):
    from tests.integration.agency_flow import verified_agency

    own, own_api = verified_agency(stack, api, bureau, "中山资金监管测试地产有限公司")
    _, other_api = verified_agency(stack, api, bureau, "中山另一家地产代理有限公司")
    contract = filed(stack, {"chosen": True, "bank": "ccb", "channel": "online"}, agency_id=own["agency_id"])
    opened = account(bureau, contract["contract_id"], state="open")
    assert own_api.ok("GET", escrow_path(contract["contract_id"]))["account_ref"] == opened["account_ref"]
    other = other_api.call("GET", escrow_path(contract["contract_id"]))
    assert (other.status_code, other.json()["error"]["code"]) == (404, "no_escrow")
    developer = estate.clerk.call("GET", escrow_path(contract["contract_id"]))
    assert (developer.status_code, developer.json()["error"]["code"]) == (403, "role_not_allowed")
