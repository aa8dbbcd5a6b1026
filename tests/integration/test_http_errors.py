"""Bad requests get a clear 4xx with a machine-readable code, and nothing is written."""
import pytest

from tests.integration.support import Api, ROOM_INFO, log_head


@pytest.fixture
def heads(stack):
    def snapshot():
        return {s: log_head(stack, s) for s in ("registry", "contracts")}
    return snapshot


def assert_error(response, status, code=None):
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details"} and error["message"]
    if code:
        assert error["code"] == code, error
    return error


def test_invalid_json_body(api, estate, heads):
    before = heads()
    response = estate.clerk.call("POST", "/api/v1/contracts", raw=b"{not json")
    assert_error(response, 400, "invalid_json")
    assert heads() == before


def test_unknown_field(api, estate, heads):
    before = heads()
    response = estate.clerk.call("POST", "/api/v1/contracts",
                                 {"room_id": estate.rooms[0]["room_id"], "buyer_name": "张三", "price": 1})
    error = assert_error(response, 400, "invalid_input")
    assert "price" in error["details"]
    assert heads() == before


def test_wrong_type(api, bureau, estate, heads):
    before = heads()
    response = bureau.call("POST", f"/api/v1/projects/{estate.project_id}/buildings",
                           {"name": "2栋", "floors": "ten", "units_per_floor": 2})
    error = assert_error(response, 400, "invalid_input")
    assert "floors" in error["details"]
    response = estate.clerk.call("PUT", f"/api/v1/rooms/{estate.rooms[0]['room_id']}/info",
                                 {"info": {**ROOM_INFO, "area_sqm": 89.5}})
    assert_error(response, 400, "invalid_input")
    assert heads() == before


def test_missing_and_forged_tokens(api, estate, heads):
    before = heads()
    anonymous = api.anonymous()
    assert_error(anonymous.call("POST", "/api/v1/contracts", {"room_id": estate.rooms[0]["room_id"],
                                                              "buyer_name": "张三"}), 401, "missing_token")
    forged = Api(api.base, token=estate.clerk.token[:-4] + "AAAA")
    assert_error(forged.call("GET", f"/api/v1/projects/{estate.project_id}/room-map"), 401, "invalid_token")
    assert heads() == before


def test_wrong_password_gets_401(api):
    assert_error(api.login_response("bureau.test", "not the password"), 401, "invalid_credentials")


def test_R000_1_login_needs_a_right_and_fresh_captcha(api, stack):
    from tests.integration.conftest import BUREAU_PASSWORD

    body = {"username": "bureau.test", "password": BUREAU_PASSWORD}
    assert_error(api.anonymous().call("POST", "/api/v1/auth/login", body), 400, "invalid_input")
    challenge = api.solved_captcha()
    wrong = {**body, "captcha_id": challenge["captcha_id"], "captcha_answer": "WRONG"}
    assert_error(api.anonymous().call("POST", "/api/v1/auth/login", wrong), 401, "captcha_wrong")
    forged = {**body, "captcha_id": "bm90LWEtY2FwdGNoYQ==", "captcha_answer": "ABCDE"}
    assert_error(api.anonymous().call("POST", "/api/v1/auth/login", forged), 401, "captcha_invalid")
    image = api.anonymous().ok("GET", "/api/v1/auth/captcha")["image"]
    assert image.startswith("data:image/png;base64,")
    assert_error(api.anonymous().call("POST", "/api/v1/auth/login", {**body, **challenge}), 401, "captcha_used")
    assert api.anonymous().call("POST", "/api/v1/auth/login", {**body, **api.solved_captcha()}).status_code == 200


def test_R000_3_a_developer_changing_building_rules_gets_403_and_nothing_changes(estate, heads):
    before = heads()
    response = estate.clerk.call("POST", f"/api/v1/projects/{estate.project_id}/buildings",
                                 {"name": "2栋", "floors": 3, "units_per_floor": 2})
    assert_error(response, 403, "role_not_allowed")
    assert heads() == before


def test_wrong_role_for_review(estate, heads):
    before = heads()
    response = estate.clerk.call("POST", f"/api/v1/rooms/{estate.rooms[0]['room_id']}/review", {"approve": True})
    assert_error(response, 403, "role_not_allowed")
    assert heads() == before


def test_another_organisations_resources(api, bureau, estate, heads):
    from tests.integration.support import new_developer_with_rooms

    other = new_developer_with_rooms(api, bureau, floors=1, units_per_floor=1, publish=False)
    before = heads()
    assert_error(other.clerk.call("GET", f"/api/v1/projects/{estate.project_id}/room-map"), 403,
                 "other_organisation")
    assert_error(other.clerk.call("PUT", f"/api/v1/rooms/{estate.rooms[0]['room_id']}/info",
                                  {"info": ROOM_INFO}), 403, "other_organisation")
    assert_error(other.clerk.call("POST", "/api/v1/contracts", {"room_id": estate.rooms[0]["room_id"],
                                                                "buyer_name": "张三"}), 403)
    assert heads() == before


def test_unknown_route_and_method(api, bureau):
    assert_error(bureau.call("GET", "/api/v1/nothing-here"), 404, "route_not_found")
    assert_error(bureau.call("DELETE", "/api/v1/contracts"), 405, "method_not_allowed")


def test_unknown_resource(bureau):
    assert_error(bureau.call("GET", "/api/v1/rooms/00000000-0000-0000-0000-000000000000"), 404, "room_not_found")
    assert_error(bureau.call("GET", "/api/v1/rooms/not-a-uuid"), 404, "room_not_found")


def test_openapi_document_lists_every_route(api):
    document = api.ok("GET", "/openapi.json")
    assert document["openapi"].startswith("3.")
    assert "/api/v1/projects/{project_id}/buildings" in document["paths"]
    body = document["paths"]["/api/v1/contracts"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["$ref"].endswith("DraftContract")
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def test_idempotency_key_makes_a_retry_harmless(estate, heads):
    room_id = estate.rooms[1]["room_id"]
    from tests.integration.support import eventually

    def draft():
        r = estate.clerk.call("POST", "/api/v1/contracts", {"room_id": room_id, "buyer_name": "张三"},
                              headers={"Idempotency-Key": f"draft-{room_id}"})
        return r if r.status_code == 200 else None

    first = eventually(draft, what="contracts knows the room")
    before = heads()
    second = draft()
    assert second.json() == first.json()
    assert heads() == before
