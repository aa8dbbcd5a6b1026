"""The notarized-signing saga with the real processes when things go wrong (guide 002): the notary service, the
contracts service and the saga's own process killed (SIGKILL) in the middle of the saga and restarted, after
which the saga completes and no command took effect twice (the events are counted); the compensations of a
rejection and of a timeout (the clock moved past the case period) leave the room and the contract as the guide
requires; a contract changed after the push cannot be filed with the old certificate."""
from __future__ import annotations

import hashlib
import hmac
from collections import Counter

import pytest

from tests.integration.contract_flow import contract_state, pending_filing
from tests.integration.notary_flow import (bureau_files, mainland_buyer_applies, notary_officer, officer_approves,
                                           prepare_and_push, qr_code, submit_on_notarized_route)
from tests.integration.support import eventually, read_source_log, room_status

CASE_DAYS = 7


@pytest.fixture(scope="module")
def capture_key(stack):
    return hmac.new(stack.secrets["HOUSING_NOTARY_SECRET"].encode(), b"mini-program-capture",
                    hashlib.sha256).hexdigest()


@pytest.fixture(scope="module")
def officer(api, bureau):
    return notary_officer(api, bureau)


def restart(stack, name: str) -> None:
    stack.start(name)
    stack.wait_healthy([name])


def published(stack, service: str, contract_id: str, case_id: str | None = None) -> Counter:
    """How many of each integration event the service published about this contract (or its case)."""
    ids = {contract_id, case_id} - {None}
    return Counter(e["type"] for e in read_source_log(stack, service)
                   if e["aggregate_id"] in ids or e["payload"].get("contract_id") in ids)


def history(clerk, contract_id: str) -> dict:
    return clerk.ok("GET", f"/api/v1/contracts/{contract_id}/notarization/history")


def completed(clerk, contract_id: str) -> dict:
    return eventually(lambda: (h := history(clerk, contract_id))["sagas"] and h["sagas"][-1]["state"] == "completed"
                      and h, timeout=60, what="the saga completed")


def assert_each_step_once(saga: dict) -> None:
    steps = [s["step"] for s in saga["steps"]]
    assert len(steps) == len(set(steps)), steps
    keys = [s["command"]["idempotency_key"] for s in saga["steps"] if s["command"]]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("victim, when", [("notary", "after_push"), ("notary-saga", "after_push"),
                                          ("contracts", "before_approval")])
def test_a_killed_process_restarts_and_the_saga_completes_with_every_command_once(
        stack, api, bureau, estate, officer, capture_key, victim, when):
    clerk, room_id = estate.clerk, estate.rooms[0]["room_id"]
    contract_id = submit_on_notarized_route(clerk, room_id)
    if when == "after_push":  # the saga is opening the case at that moment, or about to
        prepare_and_push(clerk, contract_id)
        stack.kill(victim)
        restart(stack, victim)
        qr = qr_code(clerk, contract_id)
        case_id = mainland_buyer_applies(api, qr, capture_key)
        officer_approves(officer, case_id)
    else:
        prepare_and_push(clerk, contract_id)
        case_id = mainland_buyer_applies(api, qr_code(clerk, contract_id), capture_key)
        stack.kill(victim)
        officer_approves(officer, case_id)  # the certificate is issued while contracts is down
        restart(stack, victim)
    bureau_files(bureau, contract_id)
    saga = completed(clerk, contract_id)["sagas"][0]
    assert_each_step_once(saga)
    notary = published(stack, "notary", contract_id, case_id)
    assert (notary["CaseOpened"], notary["CaseSubmitted"], notary["CertificateIssued"]) == (1, 1, 1)
    contracts = published(stack, "contracts", contract_id)
    assert (contracts["NotarizationPushed"], contracts["CertificateBound"], contracts["Confirmed"],
            contracts["Filed"]) == (1, 1, 1, 1)


def test_R002_6_a_rejected_case_returns_the_contract_to_the_developer_and_the_room_stays_in_signing(
        stack, api, estate, officer, capture_key):
    clerk, room_id = estate.clerk, estate.rooms[0]["room_id"]
    contract_id = submit_on_notarized_route(clerk, room_id)
    prepare_and_push(clerk, contract_id)
    case_id = mainland_buyer_applies(api, qr_code(clerk, contract_id), capture_key)
    eventually(lambda: any(c["case_id"] == case_id for c in
                           officer.ok("GET", "/api/v1/notary/cases?state=submitted")["cases"]))
    rejected = officer.ok("POST", f"/api/v1/notary/cases/{case_id}/reject", {"reasons": ["手持身份证照片不清晰"]})
    assert rejected["decision"]["reasons"] == ["手持身份证照片不清晰"]
    notarization = eventually(lambda: (n := clerk.ok("GET", f"/api/v1/contracts/{contract_id}/notarization"))
                              ["state"] == "returned" and n, what="the contract returned to the developer")
    assert notarization["returns"] == [{"attempt": 1, "reasons": ["手持身份证照片不清晰"]}]
    assert contract_state(clerk, contract_id) == "notarizing"
    assert room_status(clerk, estate.project_id, room_id) == "signing"
    saga = history(clerk, contract_id)["sagas"][0]
    assert saga["state"] == "compensated" and saga["steps"][-2]["step"] == "return_to_developer"
    again = officer.call("POST", f"/api/v1/notary/cases/{case_id}/approve")
    assert again.status_code == 422 and again.json()["error"]["code"] == "invalid_case_state"


def test_R002_7_a_contract_changed_after_the_push_cannot_be_filed_with_the_old_certificate(
        stack, api, bureau, estate, officer, capture_key):
    clerk, room_id = estate.clerk, estate.rooms[0]["room_id"]
    contract_id = submit_on_notarized_route(clerk, room_id)
    prepare_and_push(clerk, contract_id)
    officer_approves(officer, mainland_buyer_applies(api, qr_code(clerk, contract_id), capture_key))
    filing = pending_filing(bureau, contract_id)
    bureau.ok("POST", f"/api/v1/filings/{filing['filing_id']}/reject", {"reasons": ["建筑面积与测绘报告不符"]})
    eventually(lambda: contract_state(clerk, contract_id) == "filing_rejected", what="the rejection reached the contract")
    clerk.ok("PUT", f"/api/v1/contracts/{contract_id}/clauses/clause-3", {"values": {"floor_area": "90.12"}})
    refused = clerk.call("POST", f"/api/v1/contracts/{contract_id}/resubmit")
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert error["code"] == "certificate_hash_mismatch" and "hash" in error["message"]
    assert error["details"]["certificate_hash"] != error["details"]["contract_hash"]
    assert contract_state(clerk, contract_id) == "filing_rejected"


def test_a_case_not_completed_in_time_expires_the_sale_fails_and_the_room_is_for_sale_again(
        stack, api, estate, capture_key):
    clerk, room_id = estate.clerk, estate.rooms[0]["room_id"]
    contract_id = submit_on_notarized_route(clerk, room_id)
    prepare_and_push(clerk, contract_id)
    qr_code(clerk, contract_id)
    try:
        stack.move_clock(CASE_DAYS * 86400 + 60)
        eventually(lambda: contract_state(clerk, contract_id) == "cancelled", timeout=40,
                   what="the saga's deadline voiding the contract")
    finally:
        stack.move_clock(0)
    eventually(lambda: room_status(clerk, estate.project_id, room_id) == "available", what="the room for sale again")
    saga = history(clerk, contract_id)["sagas"][0]
    assert [s["step"] for s in saga["steps"]][-3:] == ["expire_case", "void_contract", "compensated"]
    assert clerk.ok("GET", f"/api/v1/contracts/{contract_id}/notarization")["failure"] == "notarization_expired"
    case_id = saga["case_id"]
    assert clerk.ok("GET", f"/api/v1/notary/cases/{case_id}")["state"] == "expired"
