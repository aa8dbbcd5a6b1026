"""Existing-home contracts (guide 001) over HTTP: an agent of a verified agency with a verified property, a contract
completed section by section, and each party signing from its link through the simulated face-verification and
e-signature providers. Used by the API tests and available to the browser tests and the demo seed."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests

from tests.integration.agency_flow import approved_agent, verified_agency
from tests.integration.support import Api, eventually

CONTRACTS = "/api/v1/existing-home-contracts"
# The demo register's properties (deploy/sim/real_estate_registry.py), each with the sellers who own it.
ZS_0001 = {"query": {"method": "certificate", "certificate_number": "粤(2021)中山市不动产权第0012345号",
                     "owner_name": "李建华", "owner_id_number": "442000197503150015"},
           "sellers": [{"name": "李建华", "id_type": "resident_id", "id_number": "442000197503150015"}]}
ZS_0002 = {"query": {"method": "certificate", "certificate_number": "粤房地证字第C3456789号", "owner_name": "黄国强",
                     "owner_id_number": "442000195806120017", "first_generation_id": True},
           "sellers": [{"name": "黄国强", "id_type": "resident_id", "id_number": "442000195806120017"}]}
ZS_0003 = {"query": {"method": "unit", "unit_number": "442000003003GB00003F00030003", "owner_name": "CHAN TAI MAN"},
           "sellers": [{"name": "CHAN TAI MAN", "id_type": "hk_macau_travel_permit", "id_number": "H12345678"},
                       {"name": "LEE MEI LING", "id_type": "hk_macau_travel_permit", "id_number": "H87654321"}]}
BUYERS = [{"name": "王小红", "id_type": "resident_id", "id_number": "440101198503030317", "share": "60"},
          {"name": "陈丽", "id_type": "resident_id", "id_number": "440101198704040423", "share": "40"}]
ADDRESS, PHONE = "中山市东区中山四路88号", "13912345678"


@dataclass
class Agent:
    agency: dict
    agency_api: Api
    api: Api


def agent_of_a_verified_agency(stack: Any, api: Api, bureau: Api, agency_name: str = "中山安居地产代理有限公司",
                               agency: tuple[dict, Api] | None = None) -> Agent:
    agency_record, agency_api = agency or verified_agency(stack, api, bureau, agency_name)
    agent = approved_agent(stack, agency_api, bureau, agency_record["agency_id"])
    return Agent(agency_record, agency_api, api.login(agent["username"], agent["credentials"]["password"]))


def verify(agent: Agent, property_: dict) -> str:
    return agent.api.ok("POST", "/api/v1/property-verifications", property_["query"])["verification_id"]


def draft_response(agent: Agent, verification_id: str, mode: str = "online") -> requests.Response:
    """The draft, once contracts has heard of the verification (registry publishes it a moment later)."""
    def answered() -> list[requests.Response] | None:  # in a list: a 4xx response is falsy
        response = agent.api.call("POST", CONTRACTS, {"property_verification_id": verification_id, "mode": mode})
        refused = response.status_code == 422 and response.json()["error"]["code"] == "property_not_verified"
        return None if refused else [response]
    return eventually(answered, what="contracts knows the verification")[0]


def draft(agent: Agent, property_: dict, mode: str = "online") -> dict:
    response = draft_response(agent, verify(agent, property_), mode)
    assert response.status_code == 200, response.text
    return response.json()


def person(row: dict) -> dict:
    return {"phone": PHONE, "address": ADDRESS, **row}


def complete(agent: Agent, contract_id: str, property_: dict, buyers: list[dict] | None = None,
             escrow: dict | None = None) -> dict:
    path = f"{CONTRACTS}/{contract_id}"
    sellers = property_["sellers"]
    agent.api.ok("PUT", f"{path}/parties", {
        "sellers": [person(s) for s in sellers], "buyers": [person(b) for b in buyers or BUYERS],
        "seller_co_ownership": "joint" if len(sellers) > 1 else None, "buyer_co_ownership": "shares"})
    agent.api.ok("PUT", f"{path}/terms", {"price_fen": 158_000_000, "payment_method": "mortgage",
                                          "handover_date": "2027-03-31", "clauses": {"税费": "按国家规定各自承担"}})
    agent.api.ok("PUT", f"{path}/applicant", {"name": "王小红", "phone": PHONE, "id_number": BUYERS[0]["id_number"]})
    agent.api.ok("PUT", f"{path}/rating", {"rating": "good", "comment": "服务周到"})
    agent.api.ok("PUT", f"{path}/escrow", escrow or {"chosen": True, "bank": "ccb", "channel": "online"})
    agent.api.ok("PUT", f"{path}/notes", {"notes": "已告知买卖双方交易风险及资金监管"})
    return agent.api.ok("POST", f"{path}/submit")


def token_of(link: str) -> str:
    return link.split("#t=", 1)[1]


def party_page(api: Api, link: str) -> dict:
    return api.anonymous().ok("GET", f"/api/v1/party-signing/{token_of(link)}")


def party_signs(api: Api, link: str, row: dict) -> None:
    """The party opens its link, reads, passes face verification as itself and signs (R001.14)."""
    party = api.anonymous()
    path = f"/api/v1/party-signing/{token_of(link)}"
    verify_url = party.ok("POST", f"{path}/face")["verify_url"]
    scanned = requests.post(verify_url, json={"name": row["name"], "id_number": row["id_number"],
                                              "id_type": row.get("id_type", "resident_id"), "outcome": "passed"},
                            timeout=10)
    assert scanned.ok, scanned.text
    eventually(lambda: party.ok("GET", path)["face_passed"], what="face verification recorded")
    sign_url = party.ok("POST", f"{path}/signature")["sign_url"]
    assert requests.post(sign_url, json={"outcome": "signed"}, timeout=10).ok
    eventually(lambda: party.ok("GET", path)["signed"], what="signature recorded")


def rows_by_party(property_: dict, buyers: list[dict] | None = None) -> dict[str, dict]:
    rows = {f"seller-{i + 1}": row for i, row in enumerate(property_["sellers"])}
    rows.update({f"buyer-{i + 1}": row for i, row in enumerate(buyers or BUYERS)})
    return rows
