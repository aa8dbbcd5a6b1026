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
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest
import requests

from deploy.local.waiting import eventually
from shared.identity_documents import resident_id_number
from shared.webhooks import sign
from tests.integration.agency_flow import image_body, provider
from tests.integration.existing_home_flow import (CONTRACTS, Agent, agent_of_a_verified_agency, complete, draft,
                                                  party_signs, rows_by_party)
from tests.integration.support import Api, read_source_log

CALLBACK = "/api/v1/callbacks/real-estate-registry"


def person_id(born: date) -> str:
    return resident_id_number("442000", born, secrets.randbelow(900) + 50)


def owner_row(name: str, born: date) -> dict[str, str]:
    return {"name": name, "id_type": "resident_id", "id_number": person_id(born)}


@pytest.fixture(scope="module")
def agent(stack, api, bureau) -> Agent:
    return agent_of_a_verified_agency(stack, api, bureau, "中山置家房产经纪有限公司")


def registered_property(stack, seller: dict[str, str]) -> dict[str, Any]:
    """A property of the test's own in the register, owned by `seller`, as existing_home_flow describes one."""
    answer = requests.post(provider(stack, "/realestate/sim/properties"), timeout=5, json={"owners": [
        {**seller, "share": "100%"}]})
    assert answer.status_code == 201, answer.text
    record = answer.json()
    return {"property_id": record["property_id"], "sellers": [seller], "query": {
        "method": "certificate", "certificate_number": record["certificate_number"], "owner_name": seller["name"],
        "owner_id_number": seller["id_number"]}}


def verification(agent: Agent, property_: dict[str, Any]) -> requests.Response:
    return agent.api.call("POST", "/api/v1/property-verifications", property_["query"])


def submitted(agent: Agent, property_: dict[str, Any], buyers: list[dict], mode: str,
              escrow: dict[str, Any] | None = None) -> str:
    contract = draft(agent, property_, mode)["contract_id"]
    complete(agent, contract, property_, buyers, escrow)
    return contract


def sign_order(api: Api, order: dict[str, Any], rows: dict[str, dict]) -> None:
    for signer in order["signers"]:
        party_signs(api, signer["link"], rows[signer["party_id"]])


def state_of(reader: Api, contract: str, state: str) -> dict[str, Any]:
    return eventually(lambda: (view := reader.ok("GET", f"{CONTRACTS}/{contract}"))["state"] == state and view,
                      timeout=30, what=f"contract {state}")


def filed_online(api: Api, agent: Agent, property_: dict[str, Any], buyers: list[dict]) -> dict[str, Any]:
    contract = submitted(agent, property_, buyers, "online")
    order = agent.api.ok("POST", f"{CONTRACTS}/{contract}/signature-order")["order"]
    sign_order(api, order, rows_by_party(property_, buyers))
    assert agent.api.call("POST", f"{CONTRACTS}/{contract}/filing").status_code in (200, 202)
    return state_of(agent.api, contract, "filed")


def at_once(call: Any, times: int = 4) -> list[requests.Response]:
    """The same request sent `times` times concurrently."""
    with ThreadPoolExecutor(times) as pool:
        return list(pool.map(lambda _: call(), range(times)))


def refusal(response: requests.Response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]["code"]


@pytest.fixture
def sale(stack):
    """A property of the test's own in the register, and its buyer."""
    return registered_property(stack, owner_row("梁卖方", date(1975, 4, 4))), [owner_row("何买方", date(1988, 8, 8))]


def test_r001_17_online_cancellation_signed_by_both_parties_frees_the_property_and_never_reuses_the_number(
        stack, api, agent, sale):
    property_, buyers = sale
    first = filed_online(api, agent, property_, buyers)
    assert first["filing_number"].startswith("CLBA")
    refused = eventually(lambda: [(answer := verification(agent, property_))][0].status_code == 422 and [answer],
                         what="registry heard the filing")[0]
    assert refused.json()["error"]["code"] == "property_in_filed_contract"
    assert refused.json()["error"]["details"] == {"outcome": "in_filed_contract",
                                                  "filing_number": first["filing_number"]}
    contract, path = first["contract_id"], f"{CONTRACTS}/{first['contract_id']}"
    assert refusal(agent.api.call("POST", f"{path}/cancellation", {})) == (400, "invalid_input")
    order = agent.api.ok("POST", f"{path}/cancellation", {"reason": "买方贷款未获批准"})["order"]
    assert order["purpose"] == "cancellation"
    assert refusal(agent.api.call("POST", f"{path}/cancellation/filing"))[1] == "not_all_signed"
    sign_order(api, order, rows_by_party(property_, buyers))
    agent.api.ok("POST", f"{path}/cancellation/filing")
    assert state_of(agent.api, contract, "cancelled")["filing_number"] == first["filing_number"]
    eventually(lambda: verification(agent, property_).status_code == 200, what="registry heard the cancellation")
    second = filed_online(api, agent, property_, buyers)
    assert second["filing_number"] != first["filing_number"]
    assert int(second["filing_number"][4:]) > int(first["filing_number"][4:])


def test_r001_17_cancellation_is_refused_once_the_register_accepted_the_transfer(stack, api, agent, sale):
    property_, buyers = sale
    filed = filed_online(api, agent, property_, buyers)
    path = f"{CONTRACTS}/{filed['contract_id']}"
    answer = requests.post(provider(stack, "/realestate/sim/transfers"), timeout=5, json={
        "property_id": property_["property_id"], "filing_number": filed["filing_number"], "status": "accepted"})
    assert answer.status_code == 202, answer.text
    eventually(lambda: agent.api.ok("GET", path)["transfer_accepted"], what="contracts heard TransferAccepted")
    assert refusal(agent.api.call("POST", f"{path}/cancellation", {"reason": "卖方反悔"})) == (409, "transfer_accepted")
    assert agent.api.ok("GET", path)["state"] == "filed"


def transfer_events(stack, property_id: str) -> list[str]:
    return [e["type"] for e in read_source_log(stack, "registry")
            if e["type"].startswith("Transfer") and e["payload"].get("property_id") == property_id]


def deliver(api: Api, headers: dict[str, str], raw: bytes) -> requests.Response:
    return api.anonymous().call("POST", CALLBACK, raw=raw, headers=headers)


def report(property_: dict[str, Any], filing_number: str) -> bytes:
    return json.dumps({"type": "transfer.accepted", "property_id": property_["property_id"],
                       "filing_number": filing_number}).encode()


def test_register_webhooks_unsigned_forged_tampered_or_stale_are_refused_and_change_nothing(stack, api, sale):
    property_, _ = sale
    body = report(property_, "CLBA2026000001")
    secret = stack.secrets["HOUSING_REALESTATE_SECRET"]
    message = f"msg_{uuid.uuid4().hex}"
    assert refusal(deliver(api, {}, body)) == (401, "bad_signature")
    assert refusal(deliver(api, sign("guessed-secret", message, body), body)) == (401, "bad_signature")
    tampered = body.replace(b"accepted", b"registered")
    assert refusal(deliver(api, sign(secret, message, body), tampered)) == (401, "bad_signature")
    stale = sign(secret, message, body, timestamp=int(time.time()) - 600)
    assert refusal(deliver(api, stale, body)) == (401, "stale_signature")
    assert refusal(deliver(api, sign(secret, message, body), body)) == (409, "filing_not_current")
    assert transfer_events(stack, property_["property_id"]) == []


def test_register_webhooks_delivered_twice_count_once(stack, api, agent, sale):
    property_, buyers = sale
    filed = filed_online(api, agent, property_, buyers)
    eventually(lambda: verification(agent, property_).status_code == 422, what="registry heard the filing")
    body = report(property_, filed["filing_number"])
    secret = stack.secrets["HOUSING_REALESTATE_SECRET"]
    message = f"msg_{uuid.uuid4().hex}"
    together = at_once(lambda: deliver(api, sign(secret, message, body), body))
    assert sorted(answer.json()["recorded"] for answer in together) == [False, False, False, True]
    assert deliver(api, sign(secret, message, body), body).json() == {"recorded": False}
    eventually(lambda: transfer_events(stack, property_["property_id"]) == ["TransferAccepted"], timeout=30,
               what="TransferAccepted published")
    eventually(lambda: agent.api.ok("GET", f"{CONTRACTS}/{filed['contract_id']}")["transfer_accepted"],
               what="contracts heard TransferAccepted")
    assert deliver(api, sign(secret, f"msg_{uuid.uuid4().hex}", body), body).json() == {"recorded": False}
    assert transfer_events(stack, property_["property_id"]) == ["TransferAccepted"]


def test_r001_16_a_minor_seller_signs_at_the_window_with_both_parents_and_the_bureau_files_it(
        stack, api, bureau, agent):
    property_ = registered_property(stack, owner_row("梁小宝", date(2013, 5, 20)))
    buyers = [owner_row("何买方", date(1988, 8, 8))]
    contract = submitted(agent, property_, buyers, "window", {"chosen": False, "waiver_declared": True})
    parents = [{"relation": "father", "name": "梁父", "id_number": person_id(date(1980, 1, 1))},
               {"relation": "mother", "name": "陈母", "id_number": person_id(date(1982, 2, 2))}]
    present = [{"party_id": "seller-1", "in_person": True, "guardians": parents, "kinship_proof": image_body()},
               {"party_id": "buyer-1", "in_person": True}]
    body = {"present": present, "signed_pages": [image_body(), image_body(4096)], "waiver_declaration": image_body()}
    path = f"{CONTRACTS}/{contract}/window-signing"
    assert refusal(agent.api.call("POST", path, body))[0] == 403
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
    queue = eventually(lambda: [row for row in bureau.ok("GET", f"{CONTRACTS}?state=window_review")["contracts"]
                                if row["contract_id"] == contract], what="the contract in the review queue")
    assert queue[0]["state"] == "window_review"
    filing = eventually(lambda: (answer := bureau.call("GET", f"{CONTRACTS}/{contract}/filing")).ok and answer.json(),
                        what="the window filing waits for review")
    assert filing["state"] == "requested" and filing["filing_number"] is None
    page = filing["window"]["signed_pages"][1]
    image = bureau.call("GET", f"{CONTRACTS}/{contract}/window-evidence/{page['sha256']}")
    assert image.status_code == 200 and len(image.content) == 4096
    officer = Api(bureau.base, bureau.token, bureau.user)
    decisions = at_once(lambda: Api(officer.base, officer.token, officer.user).call(
        "POST", f"{CONTRACTS}/{contract}/window-review", {"decision": "approve"}))
    [approved] = [answer.json() for answer in decisions if answer.status_code == 200]
    assert sorted(refusal(answer) for answer in decisions if answer.status_code != 200) == [
        (422, "filing_not_pending")] * 3
    assert approved["state"] == "filed" and approved["filing_number"].startswith("CLBA")
    assert state_of(bureau, contract, "filed")["filing_number"] == approved["filing_number"]
    assert refusal(agent.api.call("POST", f"{CONTRACTS}/{contract}/cancellation", {"reason": "协商解除"})) == (
        422, "filed_at_window")


def test_r001_18_window_cancellation_with_the_termination_agreement_and_photos_after_the_bureaus_review(
        stack, api, bureau, agent, sale):
    property_, buyers = sale
    filed = filed_online(api, agent, property_, buyers)
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
    eventually(lambda: verification(agent, property_).status_code == 200, what="registry heard the cancellation")


def test_r001_16_a_rejected_window_filing_is_corrected_signed_again_and_filed(stack, api, bureau, agent, sale):
    property_, buyers = sale
    contract = submitted(agent, property_, buyers, "window")
    path = f"{CONTRACTS}/{contract}"
    body = {"present": [{"party_id": "seller-1", "in_person": True},
                        {"party_id": "buyer-1", "in_person": False, "proxy": {
                            "name": "何代理", "id_number": person_id(date(1979, 9, 9)), "poa_notarized": True,
                            "poa_matter": "委托办理存量房买卖合同网签备案"}}],
            "signed_pages": [image_body()]}
    assert bureau.ok("POST", f"{path}/window-signing", body)["state"] == "window_review"
    eventually(lambda: bureau.call("GET", f"{path}/filing").ok, what="the window filing waits for review")
    assert refusal(bureau.call("POST", f"{path}/window-review", {"decision": "reject", "reasons": [" "]}))[0] == 400
    rejected = bureau.ok("POST", f"{path}/window-review", {"decision": "reject", "reasons": ["签章页缺买方签字"]})
    assert rejected["state"] == "rejected" and rejected["filing_number"] is None
    view = state_of(agent.api, contract, "window_rejected")
    assert view["rejections"][-1]["reasons"] == ["签章页缺买方签字"]
    agent.api.ok("PUT", f"{path}/notes", {"notes": "已补签买方签章页"})
    assert agent.api.ok("POST", f"{path}/resubmission")["state"] == "submitted"
    assert bureau.ok("POST", f"{path}/window-signing", body)["state"] == "window_review"
    again = eventually(lambda: (answer := bureau.ok("GET", f"{path}/filing"))["state"] == "requested" and answer,
                       what="the corrected contract back in review")
    assert again["rejections"][0]["reasons"] == ["签章页缺买方签字"]
    filed = bureau.ok("POST", f"{path}/window-review", {"decision": "approve"})
    assert state_of(agent.api, contract, "filed")["filing_number"] == filed["filing_number"]
