"""Guide 001 over HTTP through the real processes: the online cancellation story (filed online → cancellation →
both parties sign → cancelled, the number never issued again), the window story with a minor seller (both parents
and the proof of kinship, the bureau approves → filed), R001.10 in_filed_contract, R001.17 refused once the
real-estate register accepted the transfer, and the register's webhooks: forged, replayed and stale ones are
refused and change nothing."""
from __future__ import annotations

import json
import secrets
import time
import uuid
from datetime import date
from typing import Any

import pytest
import requests

from deploy.local.waiting import eventually
from shared.identity_documents import resident_id_number
from shared.webhooks import sign
from tests.integration.agency_flow import approved_agent, image_body, provider, verified_agency
from tests.integration.lease_flow import phone_scans
from tests.integration.support import Api, read_source_log

CONTRACTS = "/api/v1/existing-home-contracts"
CALLBACK = "/api/v1/callbacks/real-estate-registry"


def person_id(born: date) -> str:
    return resident_id_number("442000", born, secrets.randbelow(900) + 50)


def person(name: str, id_number: str) -> dict[str, str]:
    return {"name": name, "id_type": "resident_id", "id_number": id_number, "phone": "13912345678",
            "address": "中山市东区中山四路88号"}


@pytest.fixture(scope="module")
def agent(stack, api, bureau) -> Api:
    agency, agency_api = verified_agency(stack, api, bureau, "中山置家房产经纪有限公司")
    approved = approved_agent(stack, agency_api, bureau, agency["agency_id"], "赵经纪")
    return api.login(approved["credentials"]["username"], approved["credentials"]["password"])


def registered_property(stack, owner: dict[str, str]) -> dict[str, Any]:
    answer = requests.post(provider(stack, "/realestate/sim/properties"), timeout=5, json={"owners": [
        {"name": owner["name"], "id_type": "resident_id", "id_number": owner["id_number"], "share": "100%"}]})
    assert answer.status_code == 201, answer.text
    return answer.json()


def verification(agent: Api, record: dict[str, Any], owner: dict[str, str]) -> Any:
    return agent.call("POST", "/api/v1/property-verifications", {
        "method": "certificate", "certificate_number": record["certificate_number"], "owner_name": owner["name"],
        "owner_id_number": owner["id_number"]})


def drafted(agent: Api, record: dict[str, Any], seller: dict[str, str], buyer: dict[str, str], mode: str,
            escrow: dict[str, Any]) -> str:
    verified = verification(agent, record, seller)
    assert verified.status_code == 200, verified.text
    verification_id = verified.json()["verification_id"]
    draft = eventually(lambda: _draft(agent, verification_id, mode), what="contracts heard the verification")
    contract = draft["contract_id"]
    agent.ok("PUT", f"{CONTRACTS}/{contract}/parties", {"sellers": [seller], "buyers": [buyer]})
    agent.ok("PUT", f"{CONTRACTS}/{contract}/terms", {"price_fen": 86_000_000, "payment_method": "full",
                                                      "handover_date": "2027-03-31", "clauses": {}})
    agent.ok("PUT", f"{CONTRACTS}/{contract}/applicant", {"name": buyer["name"], "phone": buyer["phone"],
                                                          "id_number": buyer["id_number"]})
    agent.ok("PUT", f"{CONTRACTS}/{contract}/rating", {"rating": "good", "comment": "服务周到"})
    agent.ok("PUT", f"{CONTRACTS}/{contract}/escrow", escrow)
    agent.ok("PUT", f"{CONTRACTS}/{contract}/notes", {"notes": "已告知交易风险"})
    agent.ok("POST", f"{CONTRACTS}/{contract}/submit")
    return contract


def _draft(agent: Api, verification_id: str, mode: str) -> dict[str, Any] | None:
    answer = agent.call("POST", CONTRACTS, {"property_verification_id": verification_id, "mode": mode})
    if answer.status_code == 422 and answer.json()["error"]["code"] == "property_not_verified":
        return None
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def sign_order(api: Api, order: dict[str, Any], people: dict[str, dict[str, str]]) -> None:
    """Each party opens its link, passes face verification as itself and signs (R001.1, R001.14)."""
    party_api = api.anonymous()
    for signer in order["signers"]:
        token = signer["link"].split("#t=", 1)[1]
        who = people[signer["party_id"]]
        verify_url = party_api.ok("POST", f"/api/v1/party-signing/{token}/face")["verify_url"]
        assert phone_scans(verify_url, {"name": who["name"], "id_number": who["id_number"], "outcome": "passed"}).ok
        eventually(lambda: party_api.ok("GET", f"/api/v1/party-signing/{token}")["face_passed"], what="face passed")
        sign_url = party_api.ok("POST", f"/api/v1/party-signing/{token}/signature")["sign_url"]
        assert phone_scans(sign_url, {"outcome": "signed"}).ok
        eventually(lambda: party_api.ok("GET", f"/api/v1/party-signing/{token}")["signed"], what="signed")


def state_of(reader: Api, contract: str, state: str) -> dict[str, Any]:
    return eventually(lambda: (view := reader.ok("GET", f"{CONTRACTS}/{contract}"))["state"] == state and view,
                      timeout=30, what=f"contract {state}")


def filed_online(api: Api, agent: Api, record: dict[str, Any], seller: dict[str, str],
                 buyer: dict[str, str]) -> dict[str, Any]:
    contract = drafted(agent, record, seller, buyer, "online", {"chosen": True, "bank": "ccb", "channel": "online"})
    order = agent.ok("POST", f"{CONTRACTS}/{contract}/signature-order")["order"]
    sign_order(api, order, {"seller-1": seller, "buyer-1": buyer})
    assert agent.call("POST", f"{CONTRACTS}/{contract}/filing").status_code in (200, 202)
    return state_of(agent, contract, "filed")


def refusal(response: requests.Response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]["code"]


@pytest.fixture
def sale(stack):
    """A seller owning a property of its own in the register, and a buyer."""
    seller = person("梁卖方", person_id(date(1975, 4, 4)))
    return registered_property(stack, seller), seller, person("何买方", person_id(date(1988, 8, 8)))


def test_r001_17_online_cancellation_signed_by_both_parties_frees_the_property_and_never_reuses_the_number(
        stack, api, agent, sale):
    record, seller, buyer = sale
    first = filed_online(api, agent, record, seller, buyer)
    assert first["filing_number"].startswith("CLBA")
    refused = eventually(lambda: (answer := verification(agent, record, seller)).status_code == 422 and answer,
                         what="registry heard the filing")
    assert refused.json()["error"]["code"] == "property_in_filed_contract"
    assert refused.json()["error"]["details"] == {"outcome": "in_filed_contract",
                                                  "filing_number": first["filing_number"]}
    contract = first["contract_id"]
    assert refusal(agent.call("POST", f"{CONTRACTS}/{contract}/cancellation", {})) == (400, "invalid_input")
    order = agent.ok("POST", f"{CONTRACTS}/{contract}/cancellation", {"reason": "买方贷款未获批准"})["order"]
    assert order["purpose"] == "cancellation"
    assert refusal(agent.call("POST", f"{CONTRACTS}/{contract}/cancellation/filing"))[1] == "not_all_signed"
    sign_order(api, order, {"seller-1": seller, "buyer-1": buyer})
    agent.ok("POST", f"{CONTRACTS}/{contract}/cancellation/filing")
    cancelled = state_of(agent, contract, "cancelled")
    assert cancelled["filing_number"] == first["filing_number"]
    eventually(lambda: verification(agent, record, seller).status_code == 200, what="registry heard the cancellation")
    second = filed_online(api, agent, record, seller, buyer)
    assert second["filing_number"] != first["filing_number"]
    assert int(second["filing_number"][4:]) > int(first["filing_number"][4:])


def test_r001_17_cancellation_is_refused_once_the_register_accepted_the_transfer(stack, api, agent, sale):
    record, seller, buyer = sale
    filed = filed_online(api, agent, record, seller, buyer)
    answer = requests.post(provider(stack, "/realestate/sim/transfers"), timeout=5, json={
        "property_id": record["property_id"], "filing_number": filed["filing_number"], "status": "accepted"})
    assert answer.status_code == 202, answer.text
    eventually(lambda: agent.ok("GET", f"{CONTRACTS}/{filed['contract_id']}")["transfer_accepted"],
               what="contracts heard TransferAccepted")
    assert refusal(agent.call("POST", f"{CONTRACTS}/{filed['contract_id']}/cancellation",
                              {"reason": "卖方反悔"})) == (409, "transfer_accepted")
    assert agent.ok("GET", f"{CONTRACTS}/{filed['contract_id']}")["state"] == "filed"


def transfer_events(stack, property_id: str) -> list[str]:
    return [e["type"] for e in read_source_log(stack, "registry")
            if e["type"].startswith("Transfer") and e["payload"].get("property_id") == property_id]


def deliver(api: Api, headers: dict[str, str], raw: bytes) -> requests.Response:
    return api.anonymous().call("POST", CALLBACK, raw=raw, headers=headers)


def report(record: dict[str, Any], filing_number: str) -> bytes:
    return json.dumps({"type": "transfer.accepted", "property_id": record["property_id"],
                       "filing_number": filing_number}).encode()


def test_register_webhooks_unsigned_forged_tampered_or_stale_are_refused_and_change_nothing(stack, api, sale):
    record, _, _ = sale
    body = report(record, "CLBA2026000001")
    secret = stack.secrets["HOUSING_REALESTATE_SECRET"]
    message = f"msg_{uuid.uuid4().hex}"
    assert refusal(deliver(api, {}, body)) == (401, "bad_signature")
    assert refusal(deliver(api, sign("guessed-secret", message, body), body)) == (401, "bad_signature")
    tampered = body.replace(b"accepted", b"registered")
    assert refusal(deliver(api, sign(secret, message, body), tampered)) == (401, "bad_signature")
    stale = sign(secret, message, body, timestamp=int(time.time()) - 600)
    assert refusal(deliver(api, stale, body)) == (401, "stale_signature")
    assert refusal(deliver(api, sign(secret, message, body), body)) == (409, "filing_not_current")
    assert transfer_events(stack, record["property_id"]) == []


def test_register_webhooks_delivered_twice_count_once(stack, api, agent, sale):
    record, seller, buyer = sale
    filed = filed_online(api, agent, record, seller, buyer)
    eventually(lambda: verification(agent, record, seller).status_code == 422, what="registry heard the filing")
    body = report(record, filed["filing_number"])
    secret = stack.secrets["HOUSING_REALESTATE_SECRET"]
    message = f"msg_{uuid.uuid4().hex}"
    assert deliver(api, sign(secret, message, body), body).json() == {"recorded": True}
    assert deliver(api, sign(secret, message, body), body).json() == {"recorded": False}
    answer = requests.post(provider(stack, "/realestate/sim/transfers"), timeout=5, json={
        "property_id": record["property_id"], "filing_number": filed["filing_number"], "status": "accepted"})
    event_id = answer.json()["event_id"]
    assert requests.post(provider(stack, f"/realestate/sim/callbacks/{event_id}/redeliver"), timeout=5).status_code \
        == 202
    eventually(lambda: agent.ok("GET", f"{CONTRACTS}/{filed['contract_id']}")["transfer_accepted"],
               what="contracts heard TransferAccepted")
    assert transfer_events(stack, record["property_id"]) == ["TransferAccepted"]


def test_r001_16_a_minor_seller_signs_at_the_window_with_both_parents_and_the_bureau_files_it(
        stack, api, bureau, agent):
    minor = person("梁小宝", person_id(date(2013, 5, 20)))
    buyer = person("何买方", person_id(date(1988, 8, 8)))
    record = registered_property(stack, minor)
    contract = drafted(agent, record, minor, buyer, "window", {"chosen": False, "waiver_declared": True})
    parents = [{"relation": "father", "name": "梁父", "id_number": person_id(date(1980, 1, 1))},
               {"relation": "mother", "name": "陈母", "id_number": person_id(date(1982, 2, 2))}]
    present = [{"party_id": "seller-1", "in_person": True, "guardians": parents, "kinship_proof": image_body()},
               {"party_id": "buyer-1", "in_person": True}]
    body = {"present": present, "signed_pages": [image_body(), image_body(4096)], "waiver_declaration": image_body()}
    path = f"{CONTRACTS}/{contract}/window-signing"
    assert refusal(agent.call("POST", path, body))[0] == 403
    one_parent = {**body, "present": [{**present[0], "guardians": parents[:1]}, present[1]]}
    assert refusal(bureau.call("POST", path, one_parent)) == (422, "minor_needs_both_parents")
    no_proof = {**body, "present": [{**present[0], "kinship_proof": None}, present[1]]}
    assert refusal(bureau.call("POST", path, no_proof)) == (422, "kinship_proof_required")
    too_large = {**body, "signed_pages": [image_body(500 * 1024 + 1)]}
    assert refusal(bureau.call("POST", path, too_large)) == (400, "image_too_large")
    proxy = {**body, "present": [present[0], {"party_id": "buyer-1", "in_person": False, "proxy": {
        "name": "何代理", "id_number": person_id(date(1979, 9, 9)), "poa_notarized": True, "poa_matter": "代办房产过户"}}]}
    assert refusal(bureau.call("POST", path, proxy)) == (422, "poa_required")
    assert bureau.ok("GET", f"{CONTRACTS}/{contract}")["state"] == "submitted"
    assert bureau.ok("POST", path, body)["state"] == "window_review"
    filing = eventually(lambda: (answer := bureau.call("GET", f"{CONTRACTS}/{contract}/filing")).ok and answer.json(),
                        what="the window filing waits for review")
    assert filing["state"] == "requested" and filing["filing_number"] is None
    page = filing["window"]["signed_pages"][1]
    image = bureau.call("GET", f"{CONTRACTS}/{contract}/window-evidence/{page['sha256']}")
    assert image.status_code == 200 and len(image.content) == 4096
    approved = bureau.ok("POST", f"{CONTRACTS}/{contract}/window-review", {"decision": "approve"})
    assert approved["state"] == "filed" and approved["filing_number"].startswith("CLBA")
    filed = state_of(bureau, contract, "filed")
    assert filed["filing_number"] == approved["filing_number"]
    assert refusal(agent.call("POST", f"{CONTRACTS}/{contract}/cancellation", {"reason": "协商解除"})) == (
        422, "filed_at_window")


def test_r001_18_window_cancellation_with_the_termination_agreement_and_photos_after_the_bureaus_review(
        stack, api, bureau, agent, sale):
    record, seller, buyer = sale
    filed = filed_online(api, agent, record, seller, buyer)
    contract = filed["contract_id"]
    body = {"termination_agreement": image_body(), "photos": [image_body(), image_body(3000)], "reason": "协商一致解除"}
    assert refusal(bureau.call("POST", f"{CONTRACTS}/{contract}/window-cancellation",
                               {**body, "photos": [image_body()]}))[0] == 400
    assert bureau.ok("POST", f"{CONTRACTS}/{contract}/window-cancellation", body)["state"] == \
        "window_cancellation_review"
    review = f"{CONTRACTS}/{contract}/window-cancellation-review"
    assert refusal(bureau.call("POST", review, {"decision": "reject"}))[0] == 400
    eventually(lambda: bureau.call("POST", review, {"decision": "reject", "reasons": ["终止协议缺少买方签字"]}).ok,
               what="filing heard the cancellation request")
    state_of(bureau, contract, "filed")
    bureau.ok("POST", f"{CONTRACTS}/{contract}/window-cancellation", body)
    eventually(lambda: bureau.call("POST", review, {"decision": "approve"}).ok, what="the second request")
    assert state_of(bureau, contract, "cancelled")["filing_number"] == filed["filing_number"]
    eventually(lambda: verification(agent, record, seller).status_code == 200, what="registry heard the cancellation")
