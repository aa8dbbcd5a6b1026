"""Existing-home sales (guide 001) end to end over HTTP through the running services: an agent of a verified agency
drafts for a verified property, two buyers by shares, escrow chosen, every party passes face verification and signs
through the simulated providers, the agent submits and the filing service files it with a CLBA number (R001.1,
R001.11–R001.15, R001.3); two agents drafting for one property at the same instant get one contract."""
from __future__ import annotations

import io
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta

import pytest
from pypdf import PdfReader

from tests.integration.existing_home_flow import (CONTRACTS, ZS_0001, ZS_0003, agent_of_a_verified_agency,
                                                  complete, draft, draft_response, owner_row, party_page, person,
                                                  party_signs, registered_property, rows_by_party, token_of,
                                                  verify)
from tests.integration.support import eventually, log_head, read_source_log

pytestmark = pytest.mark.integration
SECOND = timedelta(seconds=1)


@pytest.fixture
def pin_clock(stack):
    yield stack.pin_clock
    stack.move_clock(0)


def state_of(agent, contract_id: str) -> str:
    return agent.api.ok("GET", f"{CONTRACTS}/{contract_id}")["state"]


def test_R001_13_R001_14_two_buyers_by_shares_with_escrow_sign_face_verified_and_the_contract_is_filed(
        stack, api, bureau):
    head = log_head(stack, "contracts")
    agent = agent_of_a_verified_agency(stack, api, bureau)
    property_ = registered_property(stack, owner_row("黄国强", date(1958, 6, 12)))  # filed: the test's own
    contract = draft(agent, property_)
    contract_id = contract["contract_id"]
    assert contract["contract_number"].startswith("CL") and len(contract["contract_number"]) == 12
    assert contract["state"] == "drafted" and contract["created"] is True
    submitted = complete(agent, contract_id, property_)
    assert submitted["state"] == "submitted" and submitted["buyer_co_ownership"] == "shares"
    assert [b["share"] for b in submitted["buyers"]] == ["60", "40"]
    assert submitted["escrow"] == {"chosen": True, "bank": "ccb", "channel": "online"}

    order = agent.api.ok("POST", f"{CONTRACTS}/{contract_id}/signature-order")["order"]
    links = {signer["party_id"]: signer["link"] for signer in order["signers"]}
    assert set(links) == {"seller-1", "buyer-1", "buyer-2"} and all("/portal/party.html#t=" in l for l in links.values())
    page = party_page(api, links["buyer-1"])
    assert page["party"]["name"] == "王小红" and page["purpose"] == "contract" and page["price_fen"] == 158_000_000
    pdf = api.anonymous().call("GET", f"/api/v1/party-signing/{token_of(links['buyer-1'])}/pdf")
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    assert contract["contract_number"] in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()

    early = agent.api.call("POST", f"{CONTRACTS}/{contract_id}/filing")
    assert early.status_code == 422 and early.json()["error"]["code"] == "not_all_signed"
    for party_id, row in rows_by_party(property_).items():
        party_signs(api, links[party_id], row)
    assert state_of(agent, contract_id) == "all_signed"
    agent.api.ok("POST", f"{CONTRACTS}/{contract_id}/filing")
    filed = eventually(lambda: (lambda c: c if c["state"] == "filed" else None)(
        agent.api.ok("GET", f"{CONTRACTS}/{contract_id}")), timeout=30, what="filed by the filing service")
    assert filed["filing_number"].startswith("CLBA") and len(filed["filing_number"]) == 14
    assert all(s["signed"] and s["face_passed"] for s in filed["signatures"])

    published = [(e["type"], e["payload"]) for e in read_source_log(stack, "contracts", after=head)]
    filed_event = next(p for t, p in published if t == "ExistingHomeContractFiled")
    assert filed_event["filing_number"] == filed["filing_number"] and filed_event["price_fen"] == 158_000_000
    assert filed_event["buyers_masked"] == ["王**", "陈*"] and filed_event["escrow"]["bank"] == "ccb"
    locked = agent.api.call("PUT", f"{CONTRACTS}/{contract_id}/notes", {"notes": "改"})
    assert locked.status_code == 422 and locked.json()["error"]["code"] == "key_facts_locked"
    listed = agent.agency_api.ok("GET", f"{CONTRACTS}?state=filed")["contracts"]
    eventually(lambda: contract_id in [c["contract_id"] for c in
                                       agent.agency_api.ok("GET", f"{CONTRACTS}?state=filed")["contracts"]],
               what="the agency's list shows the filed contract")
    assert all(c["agency_id"] == agent.agency["agency_id"] for c in listed)


def test_R001_3_the_agency_account_reads_its_agencys_contracts_and_cannot_draft(stack, api, bureau):
    agent = agent_of_a_verified_agency(stack, api, bureau)
    verification = verify(agent, ZS_0003)
    refused = agent.agency_api.call("POST", CONTRACTS, {"property_verification_id": verification, "mode": "online"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "agency_cannot_draft"
    contract_id = draft_response(agent, verification).json()["contract_id"]
    assert agent.agency_api.ok("GET", f"{CONTRACTS}/{contract_id}")["contract_id"] == contract_id
    change = agent.agency_api.call("PUT", f"{CONTRACTS}/{contract_id}/notes", {"notes": "代改"})
    assert change.status_code == 403 and change.json()["error"]["code"] == "agency_cannot_draft"
    other = agent_of_a_verified_agency(stack, api, bureau, "中山置家房产经纪有限公司")
    for outsider in (other.api, other.agency_api):
        seen = outsider.call("GET", f"{CONTRACTS}/{contract_id}")
        assert seen.status_code == 403 and seen.json()["error"]["code"] == "not_your_agency"
    eventually(lambda: contract_id in [c["contract_id"] for c in
                                       agent.agency_api.ok("GET", CONTRACTS)["contracts"]], what="agency's list")
    assert contract_id not in [c["contract_id"] for c in other.agency_api.ok("GET", CONTRACTS)["contracts"]]
    assert bureau.ok("GET", f"{CONTRACTS}/{contract_id}")["contract_id"] == contract_id
    agent.api.ok("DELETE", f"{CONTRACTS}/{contract_id}")


def test_R001_15_no_change_while_the_order_is_open_and_cancelling_it_voids_the_signatures(stack, api, bureau):
    agent = agent_of_a_verified_agency(stack, api, bureau)
    contract_id = draft(agent, ZS_0003)["contract_id"]
    complete(agent, contract_id, ZS_0003)
    order = agent.api.ok("POST", f"{CONTRACTS}/{contract_id}/signature-order")["order"]
    links = {signer["party_id"]: signer["link"] for signer in order["signers"]}
    party_signs(api, links["seller-1"], ZS_0003["sellers"][0])
    refused = agent.api.call("PUT", f"{CONTRACTS}/{contract_id}/notes", {"notes": "改"})
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "signature_order_open"
    gone = agent.api.call("DELETE", f"{CONTRACTS}/{contract_id}")
    assert gone.status_code == 422 and gone.json()["error"]["code"] == "signature_order_open"
    assert agent.api.ok("DELETE", f"{CONTRACTS}/{contract_id}/signature-order")["state"] == "drafted"
    closed = api.anonymous().call("GET", f"/api/v1/party-signing/{token_of(links['seller-1'])}")
    assert closed.status_code == 422 and closed.json()["error"]["code"] == "signature_order_closed"
    agent.api.ok("PUT", f"{CONTRACTS}/{contract_id}/notes", {"notes": "改过的注意事项"})
    agent.api.ok("POST", f"{CONTRACTS}/{contract_id}/submit")
    again = agent.api.ok("POST", f"{CONTRACTS}/{contract_id}/signature-order")["order"]
    assert not any(signer["signed"] for signer in again["signers"])
    agent.api.ok("DELETE", f"{CONTRACTS}/{contract_id}/signature-order")
    assert agent.api.ok("DELETE", f"{CONTRACTS}/{contract_id}")["state"] == "deleted"


def test_R001_1_a_forged_or_altered_signing_link_opens_nothing(stack, api, bureau):
    agent = agent_of_a_verified_agency(stack, api, bureau)
    contract_id = draft(agent, ZS_0001)["contract_id"]
    complete(agent, contract_id, ZS_0001)
    link = agent.api.ok("POST", f"{CONTRACTS}/{contract_id}/signature-order")["order"]["signers"][0]["link"]
    token = token_of(link)
    altered = token[:20] + ("B" if token[20] == "A" else "A") + token[21:]
    for forged in (altered, "x" * 58):
        for method, path in (("GET", ""), ("POST", "/face"), ("POST", "/signature")):
            answer = api.anonymous().call(method, f"/api/v1/party-signing/{forged}{path}")
            assert answer.status_code == 401 and answer.json()["error"]["code"] == "invalid_signing_link"
    agent.api.ok("DELETE", f"{CONTRACTS}/{contract_id}/signature-order")
    agent.api.ok("DELETE", f"{CONTRACTS}/{contract_id}")


def test_two_agents_drafting_for_the_same_property_at_the_same_instant_get_exactly_one_contract(stack, api, bureau):
    first = agent_of_a_verified_agency(stack, api, bureau)
    second = agent_of_a_verified_agency(stack, api, bureau, "中山好邻居房地产经纪有限公司")
    verifications = [(agent, verify(agent, ZS_0001)) for agent in (first, second)]
    # contracts reads registry's events in order: once it knows a later verification, it knows both of these
    probe = draft_response(first, verify(first, ZS_0003)).json()["contract_id"]
    first.api.ok("DELETE", f"{CONTRACTS}/{probe}")
    start = threading.Barrier(2)

    def race(pair):
        agent, verification = pair
        start.wait()
        return draft_response(agent, verification)

    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(race, verifications))
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200, 409], [answer.text for answer in answers]
    conflict = next(answer for answer in answers if answer.status_code == 409)
    assert conflict.json()["error"]["code"] == "property_in_live_contract"
    winner = next(i for i, answer in enumerate(answers) if answer.status_code == 200)
    won = answers[winner].json()

    def live_on_the_property() -> list[str]:
        return [c["contract_id"] for c in bureau.ok("GET", CONTRACTS)["contracts"]
                if c["property_id"] == won["property_id"] and c["state"] not in ("deleted", "cancelled")]

    assert eventually(lambda: live_on_the_property() or None, what="the contract listed") == [won["contract_id"]]
    verifications[winner][0].api.ok("DELETE", f"{CONTRACTS}/{won['contract_id']}")


def test_R001_11_deleted_at_the_end_of_the_next_natural_day_not_one_second_before(stack, api, bureau, pin_clock):
    agent = agent_of_a_verified_agency(stack, api, bureau)
    contract = draft(agent, ZS_0001)
    contract_id = contract["contract_id"]
    delete_at = datetime.fromisoformat(contract["delete_at"])
    created = datetime.fromisoformat(contract["created_at"]).astimezone(delete_at.tzinfo)
    assert delete_at.time().isoformat() == "00:00:00" and (delete_at.date() - created.date()).days == 2
    complete(agent, contract_id, ZS_0001)
    agent.api.ok("POST", f"{CONTRACTS}/{contract_id}/signature-order")
    eventually(lambda: contract_id in [c["contract_id"] for c in bureau.ok(
        "GET", f"{CONTRACTS}?state=signature_order_open")["contracts"]], what="listed with its deadline")

    pin_clock(delete_at - SECOND)
    seen = stack_sweeps(stack)
    eventually(lambda: stack_sweeps(stack) >= seen + 2, timeout=40, what="two deletion sweeps")
    assert state_of(agent, contract_id) == "signature_order_open"

    pin_clock(delete_at)
    eventually(lambda: state_of(agent, contract_id) == "deleted", timeout=40, what="deleted at the instant")
    view = agent.api.ok("GET", f"{CONTRACTS}/{contract_id}")
    assert view["deleted_reason"] == "expired"
    refused = agent.api.call("PUT", f"{CONTRACTS}/{contract_id}/notes", {"notes": "迟了"})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "contract_deleted"
    again = draft(agent, ZS_0001)  # the property is free again
    assert again["created"] is True and again["contract_number"] != contract["contract_number"]
    agent.api.ok("DELETE", f"{CONTRACTS}/{again['contract_id']}")


def stack_sweeps(stack) -> float:
    from tests.integration.test_deadline_edges import sweeps
    return sweeps(stack, "contracts", "delete_overdue_existing_homes")




def test_R001_10_a_namesake_of_the_owner_is_not_a_seller_registry_publishes_the_numbers_masked(stack, api, bureau):
    """The sellers are the registered owners (R001.10's owner and ID as registered): a person whose name masks as the
    owner's (李**) but whose document number differs is refused, and the owner's full number never leaves registry."""
    agent = agent_of_a_verified_agency(stack, api, bureau)
    owner = owner_row("李建国", date(1970, 5, 1))
    namesake = owner_row("李建军", date(1981, 9, 9))
    while namesake["id_number"][-3:] == owner["id_number"][-3:]:  # masked alike: first three and last three
        namesake = owner_row("李建军", date(1981, 9, 9))
    property_ = registered_property(stack, owner)
    before = log_head(stack, "registry")
    contract = draft(agent, property_)["contract_id"]
    published = [e for e in read_source_log(stack, "registry", before) if e["type"] == "PropertyVerified"
                 and e["payload"]["property_id"] == property_["property_id"]]
    number = owner["id_number"]
    assert published[0]["payload"]["owner_id_numbers_masked"] == [f"{number[:3]}{'*' * 12}{number[-3:]}"]
    assert number not in str(published)

    parties = {"sellers": [person(namesake)], "buyers": [person(owner_row("陈丽", date(1987, 4, 4)))]}
    with ThreadPoolExecutor(2) as pool:  # sent twice at once
        answers = list(pool.map(lambda _: agent.api.call("PUT", f"{CONTRACTS}/{contract}/parties", parties), range(2)))
    for refused in answers:
        assert refused.status_code == 422 and refused.json()["error"]["code"] == "seller_not_owner", refused.text
    assert agent.api.ok("GET", f"{CONTRACTS}/{contract}")["sellers"] == []
    parties["sellers"] = [person(owner)]
    agent.api.ok("PUT", f"{CONTRACTS}/{contract}/parties", parties)
    agent.api.ok("DELETE", f"{CONTRACTS}/{contract}")
