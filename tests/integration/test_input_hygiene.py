"""Input hygiene and identity documents through HTTP, against the real services: what cannot be stored is refused
with a 400 naming the problem, and nothing is written."""
import secrets
from datetime import date

import pytest
import requests

from deploy.sim.identity_provider import assertion_for, resident_ids
from shared.clock import now
from shared.identity_documents import PASSPORT, resident_id_number
from tests.integration.lease_flow import families_with_rooms, lease_of
from tests.integration.lottery_flow import family_login, new_round
from tests.integration.support import Api, ROOM_INFO, log_head

ROOM = {"building": "1栋", "room_number": "101", "layout": "2室1厅", "orientation": "S", "area_sqm": "48.50"}


@pytest.fixture
def heads(stack):
    def snapshot():
        return {s: log_head(stack, s) for s in ("registry", "contracts", "lottery")}
    return snapshot


def refused(response, status=400, code="invalid_input"):
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code and error["message"], error
    return error["details"]


def round_body(**room):
    return {"name": "公租房2026年第二批", "preselection_start": now().isoformat(), "rooms": [ROOM, {**ROOM, "room_number": "102", **room}]}


def test_a_round_with_nul_in_a_building_is_refused_and_nothing_is_stored(bureau, heads):
    before = heads()
    details = refused(bureau.call("POST", "/api/v1/lottery/rounds", round_body(building="N\u0000B")))
    assert details == {"rooms": {"1": {"building": ["control character U+0000 at position 2 is not allowed"]}}}
    for bad in ({"room_number": "1\u001b01"}, {"layout": "2室\u00851厅"}, {"orientation": "S\n"},
                {"area_sqm": "٤٨.٥٠"}, {"area_sqm": "48.50\n"}):
        assert "rooms" in refused(bureau.call("POST", "/api/v1/lottery/rounds", round_body(**bad)))
    assert heads() == before


def test_room_info_with_control_characters_is_refused_and_nothing_changes(estate, heads):
    room_id = estate.rooms[0]["room_id"]
    before = heads()
    for info in ({**ROOM_INFO, "layout": "3室\u00002厅"}, {**ROOM_INFO, "layout": "3室\u0007"},
                 {**ROOM_INFO, "layout": "3室\ud8002厅"}, {**ROOM_INFO, "area_sqm": "٨٩.٥٠"}):
        details = refused(estate.clerk.call("PUT", f"/api/v1/rooms/{room_id}/info", {"info": info}))
        assert set(details) == {"info"}
    assert heads() == before


@pytest.mark.parametrize("query", ["building=%00", "layout=a%00b", "orientation=%1B", "limit=%D9%A1",
                                   "building=a&x%00=1", "offset=99999999999999999999999999"])
def test_a_room_search_with_nul_or_other_digits_in_its_query_is_400(bureau, query):
    round_id = bureau.ok("POST", "/api/v1/lottery/rounds", round_body())["round_id"]
    refused(requests.get(f"{bureau.base}/api/v1/lottery/rounds/{round_id}/rooms?{query}",
                         headers={"Authorization": f"Bearer {bureau.token}"}, timeout=30))


@pytest.mark.parametrize("query", ["state=%00", "state=a%00", "project_id=%00", "%00=x"])
def test_contracts_with_nul_in_the_query_is_400(bureau, query):
    refused(requests.get(f"{bureau.base}/api/v1/contracts?{query}",
                         headers={"Authorization": f"Bearer {bureau.token}"}, timeout=30))


def test_a_path_parameter_with_a_control_character_is_400_and_nothing_changes(estate, heads):
    before = heads()
    for path in ("/api/v1/contracts/%00", "/api/v1/rooms/a%01b", "/api/v1/projects/%C2%85/room-map"):
        refused(estate.clerk.call("GET", path))
    details = refused(estate.clerk.call("POST", "/api/v1/contracts/%00/confirm"))
    assert list(details) == ["contract_id"]
    assert heads() == before


def test_headers_with_control_characters_are_400(bureau, estate, heads):
    before = heads()
    body = {"room_id": estate.rooms[0]["room_id"], "buyer_name": "张三"}
    refused(estate.clerk.call("POST", "/api/v1/contracts", body, headers={"Idempotency-Key": "k\x01y"}),
            code="invalid_idempotency_key")
    refused(estate.clerk.call("POST", "/api/v1/contracts", body, headers={"X-Request-Id": "r\x7fq"}),
            code="invalid_request_id")
    refused(estate.clerk.call("POST", "/api/v1/contracts", {**body, "buyer_name": "张\u0000三"}))
    refused(estate.clerk.call("POST", "/api/v1/contracts", raw=b'{"room_id\\u0000": "x"}'))
    assert heads() == before


def test_a_phone_with_a_trailing_newline_or_other_digits_is_refused_and_unchanged(api, bureau, stack):
    _, [(family, lease, _)] = families_with_rooms(api, bureau, 1)
    lease_id = lease["lease_id"]
    assert family.ok("PUT", f"/api/v1/leases/{lease_id}/phone", {"phone": "13912345678"})["phone_masked"] == \
        "139****5678"
    before = log_head(stack, "contracts")
    for phone in ("13812345678\n", "١٣٨١٢٣٤٥٦٧٨", "1٣٨١٢٣٤٥٦٧٨", "13812345678\u0000"):
        assert list(refused(family.call("PUT", f"/api/v1/leases/{lease_id}/phone", {"phone": phone}))) == ["phone"]
    assert log_head(stack, "contracts") == before
    assert lease_of(family, lease_id)["phone_masked"] == "139****5678"


def test_a_mandate_form_with_a_control_character_is_refused(api, bureau):
    _, [(family, lease, _)] = families_with_rooms(api, bureau, 1)
    response = requests.post(f"{family.base}/api/v1/leases/{lease['lease_id']}/mandate",
                             headers={"Authorization": f"Bearer {family.token}"},
                             data={"account_holder": "张\u0000三", "card_number": "6222020200112233446"},
                             files={"card_front": ("f.png", b"\x89PNG\r\n\x1a\n", "image/png"),
                                    "card_back": ("b.png", b"\x89PNG\r\n\x1a\n", "image/png")}, timeout=30)
    assert list(refused(response)) == ["account_holder"]


# Identity documents (R001.10) --------------------------------------------------------------------------

def open_round(bureau: Api) -> str:
    return bureau.ok("POST", "/api/v1/lottery/rounds", round_body())["round_id"]


def register(bureau: Api, round_id: str, *families: dict) -> requests.Response:
    return bureau.call("POST", f"/api/v1/lottery/rounds/{round_id}/families", {"families": list(families)})


def sign_in(api: Api, round_id: str, number: str, id_type: str | None = None) -> requests.Response:
    assertion = assertion_for(number, "申请人", api.secret, id_type=id_type)
    return api.anonymous().call("POST", "/api/v1/auth/families", {"round_id": round_id, "assertion": assertion})


def test_R001_10_a_family_registered_by_its_15_digit_number_signs_in_with_the_18_digit_form(api, bureau):
    born = date(1960 + secrets.randbelow(39), 1 + secrets.randbelow(12), 1 + secrets.randbelow(28))
    eighteen = resident_id_number("440301", born, secrets.randbelow(1000))
    fifteen = eighteen[:6] + eighteen[8:17]
    round_id = open_round(bureau)
    other = resident_ids(1, first=secrets.randbelow(10**6))[0]
    assert register(bureau, round_id, {"family_id": "F15", "applicant_id_number": fifteen},
                    {"family_id": "F18", "applicant_id_number": other.lower()}).status_code == 200
    assert sign_in(api, round_id, eighteen).json()["user"]["user_id"] == "F15"
    assert sign_in(api, round_id, fifteen).json()["user"]["user_id"] == "F15"
    assert sign_in(api, round_id, other[:6] + other[8:17]).json()["user"]["user_id"] == "F18"


def test_R001_10_the_same_person_under_both_forms_registers_once(bureau):
    number = resident_ids(1, first=secrets.randbelow(10**6))[0]
    round_id = open_round(bureau)
    assert register(bureau, round_id, {"family_id": "A", "applicant_id_number": number}).status_code == 200
    second = register(bureau, round_id, {"family_id": "B", "applicant_id_number": number[:6] + number[8:17]})
    assert second.status_code == 422 and second.json()["error"]["code"] == "applicant_registered_twice"
    both = register(bureau, round_id, {"family_id": "C", "applicant_id_number": number.lower()})
    assert both.json()["error"]["details"] == {"families": ["C"]}


@pytest.mark.parametrize("number,reason", [("123456", "format"), ("110105194912310021", "check_character"),
                                           ("110105194902300025", "birth_date"), ("000000199001011234", "region")])
def test_R001_10_invalid_id_numbers_are_refused_and_nothing_is_registered(bureau, stack, number, reason):
    round_id = open_round(bureau)
    before = log_head(stack, "lottery")
    details = refused(register(bureau, round_id, {"family_id": "X", "applicant_id_number": number}))
    assert f"({reason})" in details["families"]["0"]["applicant_id_number"][0]
    assert log_head(stack, "lottery") == before


def test_R001_10_non_mainland_documents_register_and_sign_in_by_type(api, bureau):
    round_id = open_round(bureau)
    passport = f"E{secrets.randbelow(10**8):08d}"
    permit = f"H{secrets.randbelow(10**8):08d}"
    assert register(bureau, round_id,
                    {"family_id": "P", "applicant_id_type": PASSPORT, "applicant_id_number": passport.lower()},
                    {"family_id": "H", "applicant_id_type": "hk_macau_travel_permit", "applicant_id_number": permit},
                    ).status_code == 200
    assert sign_in(api, round_id, passport, PASSPORT).json()["user"]["user_id"] == "P"
    assert sign_in(api, round_id, permit, "hk_macau_travel_permit").json()["user"]["user_id"] == "H"
    assert sign_in(api, round_id, passport).status_code == 401  # a passport number is no resident ID
    refused(register(bureau, round_id, {"family_id": "Q", "applicant_id_type": PASSPORT, "applicant_id_number": "E1"}))


def test_R001_10_an_assertion_naming_no_valid_document_is_refused(api, bureau):
    world = new_round(bureau, families=1, rooms=1, session_size=1, starts_in=3600, formal_minutes=1)
    number = next(iter(world["people"].values()))
    wrong_check = number[:17] + ("0" if number[17] != "0" else "1")
    refused(sign_in(api, world["round_id"], wrong_check), status=401, code="invalid_identity_document")
    refused(sign_in(api, world["round_id"], "123456"), status=401, code="invalid_identity_document")
    assert family_login(api, world["round_id"], number.lower()).user["user_id"] in world["people"]
