"""The public check endpoint (issue #12): no sign-in, the buyer masked, no help to anyone guessing codes
(a malformed and an unknown code get the same 404), a limit per source address, and nothing changes."""
from __future__ import annotations

from tests.integration.contract_flow import formal_printed
from tests.integration.support import eventually, log_head


def test_R000_9_anyone_checks_a_formal_print_by_its_code_without_signing_in(api, estate):
    contract = formal_printed(estate.clerk, estate.rooms[0]["room_id"])
    anyone = api.anonymous().from_source("127.0.0.61")
    answer = anyone.ok("GET", f"/api/v1/contract-checks/{contract['verification_code'].lower()}")
    assert answer["contract_number"] == contract["contract_number"] and answer["state"] == "formal_printed"
    assert answer["buyer_name"] == "张*" and "张三" not in str(answer)
    assert "verification_code" not in answer and "contract_id" not in answer
    listed = eventually(lambda: next((c for c in estate.clerk.ok("GET", "/api/v1/contracts")["contracts"]
                                      if c["contract_id"] == contract["contract_id"]), None), what="the list")
    assert listed["contract_number"] == contract["contract_number"]


def test_malformed_and_unknown_codes_get_the_same_answer_and_change_nothing(api, stack):
    anyone = api.anonymous().from_source("127.0.0.62")
    before = log_head(stack, "contracts")
    answers = []
    for typed in ("ABCDEFGHJKLMNPQR", "abcd", "%00", "A" * 3000, "null", "0" * 16, "ABCD%20EFGH"):
        response = anyone.call("GET", f"/api/v1/contract-checks/{typed}")
        answers.append((response.status_code, response.json()))
    assert {status for status, _ in answers} == {404}
    assert len({str(body) for _, body in answers}) == 1
    assert answers[0][1]["error"]["code"] == "contract_check_not_found"
    assert log_head(stack, "contracts") == before


def test_one_address_is_held_back_after_too_many_checks(api, stack):
    anyone, other = api.anonymous().from_source("127.0.0.63"), api.anonymous().from_source("127.0.0.64")
    statuses = [anyone.call("GET", "/api/v1/contract-checks/ABCDEFGHJKLMNPQR").status_code for _ in range(21)]
    assert statuses[:20] == [404] * 20 and statuses[20] == 429
    refused = anyone.call("GET", "/api/v1/contract-checks/ABCDEFGHJKLMNPQR")
    assert refused.json()["error"]["code"] == "too_many_checks" and 1 <= int(refused.headers["Retry-After"]) <= 60
    assert other.call("GET", "/api/v1/contract-checks/ABCDEFGHJKLMNPQR").status_code == 404
