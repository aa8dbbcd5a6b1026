"""The buyer's details over HTTP (R000.7): careless or hostile input is a 400 naming its field and changes nothing;
修改 before the formal print, fixed after it; the whole identity number only in the contract's own detail, masked
in the list and in what contracts publishes, never in a log."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.integration import contract_flow as flow
from tests.integration.support import eventually, log_head, new_developer_with_rooms, read_source_log
from tests.unit.contract_support import BUYER, buyer_fields

pytestmark = pytest.mark.integration

HOSTILE = [
    ("buyer_name", ""), ("buyer_name", "   "), ("buyer_name", "张\u0000三"), ("buyer_name", "张" * 101),
    ("buyer_name", ["张三"]), ("buyer_name", "张三3"),
    ("buyer_id_type", "driving_licence"), ("buyer_id_type", None),
    ("buyer_id_number", "421002198806151238"), ("buyer_id_number", "9" * 18), ("buyer_id_number", "1" * 5000),
    ("buyer_id_number", 421002198806151237), ("buyer_id_number", "421002\u202e198806151237"),
    ("buyer_phone", "1387123456"), ("buyer_phone", "23871234567"), ("buyer_phone", 13871234567),
    ("buyer_phone", "１３８７１２３４５６７"), ("buyer_address", "荆州"), ("buyer_address", "路" * 201),
    ("buyer_address", "江津路\n88号"), ("buyer_address", {"city": "荆州"}),
]


def refused_naming(response, field):
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_input" and field in error["details"], error
    return error


def draft_body(room_id, **overrides):
    return {"room_id": room_id, **buyer_fields(), **overrides}


def test_R000_7_a_careless_buyer_is_refused_naming_the_field_and_nothing_is_drafted(estate, stack):
    room_id = estate.rooms[0]["room_id"]
    before = log_head(stack, "contracts")
    for field, value in HOSTILE:
        refused_naming(estate.clerk.call("POST", "/api/v1/contracts", draft_body(room_id, **{field: value})), field)
    assert log_head(stack, "contracts") == before
    assert estate.clerk.ok("GET", "/api/v1/contracts?state=drafted")["contracts"] == []


def test_R000_7_R000_8_a_buyer_named_only_is_completed_with_修改_before_anything_is_printed(estate, stack):
    contract = eventually(lambda: _draft_named_only(estate.clerk, estate.rooms[0]["room_id"]), what="a draft")
    cid = contract["contract_id"]
    assert contract["buyer"] == {"name": "李四", "id_type": "", "id_number": "", "phone": "", "address": ""}
    assert contract["buyer_missing"] == ["buyer_id_type", "buyer_id_number", "buyer_phone", "buyer_address"]
    flow.fill(estate.clerk, cid)
    refused = estate.clerk.call("POST", f"/api/v1/contracts/{cid}/preview")
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "buyer_details_missing"

    before = log_head(stack, "contracts")
    for field, value in HOSTILE:
        refused_naming(estate.clerk.call("PUT", f"/api/v1/contracts/{cid}/buyer",
                                         {**buyer_fields({**BUYER, "name": "李四"}), field: value}), field)
    refused_naming(estate.clerk.call("PUT", f"/api/v1/contracts/{cid}/buyer", {"buyer_name": "李四"}), "buyer_phone")
    assert log_head(stack, "contracts") == before

    changed = estate.clerk.ok("PUT", f"/api/v1/contracts/{cid}/buyer",
                              buyer_fields({**BUYER, "name": "李四", "id_number": "421002880615123"}))
    assert changed["buyer"]["id_number"] == BUYER["id_number"] and changed["buyer_missing"] == []
    assert estate.clerk.ok("POST", f"/api/v1/contracts/{cid}/preview")["state"] == "preview_printed"


def _draft_named_only(clerk, room_id):
    response = clerk.call("POST", "/api/v1/contracts", {"room_id": room_id, "buyer_name": "李四"})
    return response.json() if response.status_code == 200 else None


def test_R000_8_a_changed_buyer_needs_a_new_preview_and_the_list_follows_masked(estate):
    contract = flow.draft(estate.clerk, estate.rooms[0]["room_id"])
    cid = contract["contract_id"]
    flow.fill(estate.clerk, cid)
    estate.clerk.ok("POST", f"/api/v1/contracts/{cid}/preview")
    changed = estate.clerk.ok("PUT", f"/api/v1/contracts/{cid}/buyer",
                              buyer_fields({**BUYER, "name": "王五", "phone": "13900001111"}))
    assert changed["state"] == "modified" and changed["preview_current"] is False
    refused = estate.clerk.call("POST", f"/api/v1/contracts/{cid}/formal-print")
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "preview_required"
    listed = eventually(lambda: next((c for c in estate.clerk.ok("GET", "/api/v1/contracts?state=modified")["contracts"]
                                      if c["contract_id"] == cid and c["buyer_name"] == "王*"
                                      and c["buyer_phone_masked"] == "139****1111"), None),
                        what="the list shows the change, masked")
    assert "王五" not in str(listed) and BUYER["id_number"] not in str(listed)


def test_R000_10_after_the_formal_print_the_buyer_is_fixed(estate, stack):
    contract = flow.formal_printed(estate.clerk, estate.rooms[0]["room_id"])
    cid = contract["contract_id"]
    before = log_head(stack, "contracts")
    refused = estate.clerk.call("PUT", f"/api/v1/contracts/{cid}/buyer", buyer_fields({**BUYER, "name": "王五"}))
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "contract_immutable"
    assert log_head(stack, "contracts") == before
    assert estate.clerk.ok("GET", f"/api/v1/contracts/{cid}")["buyer"] == BUYER


def test_the_same_change_sent_twice_at_once_is_made_once(estate, stack):
    contract = flow.draft(estate.clerk, estate.rooms[0]["room_id"])
    cid = contract["contract_id"]
    body = buyer_fields({**BUYER, "phone": "13900001111"})
    before = log_head(stack, "contracts")
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda key: estate.clerk.call(
            "PUT", f"/api/v1/contracts/{cid}/buyer", body, headers={"Idempotency-Key": key}),
            ["same-key", "same-key", "other-key", "third-key"]))
    assert all(a.status_code in (200, 409) for a in answers), [a.text for a in answers]
    assert any(a.status_code == 200 for a in answers)
    assert estate.clerk.ok("GET", f"/api/v1/contracts/{cid}")["buyer"]["phone"] == "13900001111"
    changes = [e for e in read_source_log(stack, "contracts", after=before) if e["type"] == "BuyerChanged"]
    assert len(changes) == 1


def test_another_developer_can_neither_read_nor_change_the_buyer(api, bureau, estate):
    contract = flow.draft(estate.clerk, estate.rooms[0]["room_id"])
    other = new_developer_with_rooms(api, bureau, floors=1, units_per_floor=1, publish=False)
    cid = contract["contract_id"]
    assert other.clerk.call("GET", f"/api/v1/contracts/{cid}").status_code == 403
    assert other.clerk.call("PUT", f"/api/v1/contracts/{cid}/buyer", buyer_fields()).status_code == 403
    assert bureau.call("PUT", f"/api/v1/contracts/{cid}/buyer", buyer_fields()).status_code == 403


def test_R000_7_the_identity_number_is_whole_only_in_the_detail_and_the_pdf_and_never_logged(estate, stack):
    contract = flow.draft(estate.clerk, estate.rooms[0]["room_id"])
    cid = contract["contract_id"]
    number = BUYER["id_number"]
    assert estate.clerk.ok("GET", f"/api/v1/contracts/{cid}")["buyer"]["id_number"] == number
    published = [e for e in read_source_log(stack, "contracts") if e["aggregate_id"] == cid]
    drafted = next(e for e in published if e["type"] == "ContractDrafted")["payload"]
    assert drafted["buyer_id_number"] == "4" + "*" * 17 and drafted["buyer_phone_masked"] == "138****4567"
    assert number not in str(published) and BUYER["phone"] not in str(published)
    estate.clerk.call("PUT", f"/api/v1/contracts/{cid}/buyer",
                      buyer_fields({**BUYER, "id_number": number[:-1] + "8"}))  # refused: its field is named
    for name in ("gateway", "contracts", "relay-contracts"):
        log = stack.log_file(name)
        assert not log.exists() or number[:-1] not in log.read_text(errors="replace"), f"{name} logged the number"
