"""Guide 001's first slice end to end over HTTP: agency account, info, materials, verification, agents, SMS
credentials, unified-identity binding and property verification (R001.2–R001.10)."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import requests

from services.registry.domain.agencies import latest_validity
from tests.integration.agency_flow import (FIRST_GENERATION, PROPERTY_BY_CERTIFICATE, PROPERTY_BY_UNIT, SEIZED,
                                           apply_for_agency, approved_agent, bound_sign_in, bureau_today,
                                           fresh_resident_id, identity_assertion, image_body, licence_info,
                                           named_material, new_phone, prepared_and_submitted, provider,
                                           sms_credentials, verified_agency)
from tests.integration.support import log_head, read_source_log

pytestmark = pytest.mark.integration


def test_the_whole_story_from_application_to_a_verified_property(stack, api, bureau):
    head = log_head(stack, "registry")
    agency = apply_for_agency(stack, bureau)
    agency_id = agency["agency_id"]
    agency_api = api.login(agency["credentials"]["username"], agency["credentials"]["password"])
    assert agency_api.user["role"] == "agency" and agency_api.user["org_id"] == agency_id
    submitted = prepared_and_submitted(agency_api, agency, comment="首次提交，请审核")
    assert submitted["state"] == "submitted" and submitted["comment"] == "首次提交，请审核"
    queue = bureau.ok("GET", "/api/v1/agencies?state=submitted")["agencies"]
    assert agency_id in [a["agency_id"] for a in queue]
    returned = bureau.ok("POST", f"/api/v1/agencies/{agency_id}/verification",
                         {"approve": False, "reasons": ["营业执照图片不清晰，请重新上传"]})
    assert returned["state"] == "returned" and returned["return_reasons"] == ["营业执照图片不清晰，请重新上传"]
    licence = returned["materials"][0]["material_id"]
    agency_api.ok("PUT", f"/api/v1/agencies/{agency_id}/materials/{licence}/file", image_body(4096))
    agency_api.ok("POST", f"/api/v1/agencies/{agency_id}/submission", {"comment": "已重新上传营业执照"})
    verified = bureau.ok("POST", f"/api/v1/agencies/{agency_id}/verification", {"approve": True})
    assert verified["state"] == "verified"

    agent = approved_agent(stack, agency_api, bureau, agency_id)
    assert agent["state"] == "approved" and agent["credentials"]["username"] == agent["username"]
    agent_api = api.login(agent["username"], agent["credentials"]["password"])
    assert agent_api.user["role"] == "agent" and agent_api.user["org_id"] == agency_id
    by_identity = bound_sign_in(api, agent_api, agent["id_number"], "王小明")
    assert by_identity.user["username"] == agent["username"]

    found = by_identity.ok("POST", "/api/v1/property-verifications", PROPERTY_BY_CERTIFICATE)["property"]
    assert found["address"] == "中山市东区博爱六路1号1座101房" and found["mortgaged"] is True
    assert by_identity.ok("POST", "/api/v1/property-verifications", PROPERTY_BY_UNIT)["property"]["owners"][0][
        "name"] == "CHAN TAI MAN"

    published = [(e["type"], e["payload"]) for e in read_source_log(stack, "registry", after=head)]
    assert [t for t, _ in published] == ["AgencyVerified", "AgentApproved", "PropertyVerified", "PropertyVerified"]
    assert published[1][1]["agency_id"] == agency_id and published[1][1]["name"] == "王**"  # masked as it leaves
    assert published[3][1]["owner_names"] == ["C***********", "L***********"]


def test_r001_2_an_agency_not_in_the_filing_system_gets_no_account(bureau):
    response = bureau.call("POST", "/api/v1/agencies", {"name": "无备案中介", "credit_code": "91442000NOTFILED01",
                                                         "username": "unfiled-agency", "phone": new_phone()})
    assert response.status_code == 422 and response.json()["error"]["code"] == "agency_not_filed"


def test_r001_3_the_agency_account_cannot_draft_or_verify_properties(stack, api, bureau):
    _, agency_api = verified_agency(stack, api, bureau)
    draft = agency_api.call("POST", "/api/v1/contracts", {"room_id": "00000000-0000-0000-0000-000000000001",
                                                          "buyer_name": "张三"})
    assert draft.status_code == 403 and draft.json()["error"]["code"] == "role_not_allowed"
    verify = agency_api.call("POST", "/api/v1/property-verifications", PROPERTY_BY_UNIT)
    assert verify.status_code == 403 and verify.json()["error"]["code"] == "role_not_allowed"


def test_r001_3_an_agent_belongs_to_one_agency(stack, api, bureau):
    first, first_api = verified_agency(stack, api, bureau)
    agent = approved_agent(stack, first_api, bureau, first["agency_id"])
    second, second_api = verified_agency(stack, api, bureau, name="中山置家房产经纪有限公司")
    again = second_api.call("POST", f"/api/v1/agencies/{second['agency_id']}/agents",
                            {"name": "王小明", "id_number": agent["id_number"], "phone": new_phone()})
    assert again.status_code == 409 and again.json()["error"]["code"] == "agent_in_another_agency"
    other = second_api.call("GET", f"/api/v1/agents/{agent['agent_id']}")
    assert other.status_code == 403


def test_r001_4_and_r001_5_info_fields_and_validity(stack, api, bureau):
    agency = apply_for_agency(stack, bureau)
    agency_api = api.login(agency["credentials"]["username"], agency["credentials"]["password"])
    path = f"/api/v1/agencies/{agency['agency_id']}/info"
    incomplete = {k: v for k, v in licence_info(agency["name"]).items() if k != "legal_representative"}
    assert agency_api.call("PUT", path, incomplete).status_code == 400
    latest = latest_validity(bureau_today(api.base))
    beyond = agency_api.call("PUT", path, licence_info(agency["name"], until=latest + timedelta(days=1)))
    assert beyond.status_code == 422 and beyond.json()["error"]["code"] == "validity_too_long"
    exactly = agency_api.ok("PUT", path, licence_info(agency["name"], until=latest))
    assert exactly["info"]["business_term_until"] == exactly["info"]["qualification_valid_until"] == latest.isoformat()


def test_r001_6_materials_named_before_upload_and_at_most_500_kb(stack, api, bureau):
    agency = apply_for_agency(stack, bureau)
    agency_id = agency["agency_id"]
    agency_api = api.login(agency["credentials"]["username"], agency["credentials"]["password"])
    unnamed = agency_api.ok("POST", f"/api/v1/agencies/{agency_id}/materials")["material_id"]
    early = agency_api.call("PUT", f"/api/v1/agencies/{agency_id}/materials/{unnamed}/file", image_body())
    assert early.status_code == 422 and early.json()["error"]["code"] == "material_not_named"
    material = named_material(agency_api, agency_id, "营业执照")
    path = f"/api/v1/agencies/{agency_id}/materials/{material}/file"
    too_large = agency_api.call("PUT", path, image_body(501 * 1024))
    assert too_large.status_code == 400 and too_large.json()["error"]["code"] == "image_too_large"
    at_limit = agency_api.ok("PUT", path, image_body(500 * 1024))
    assert [m["file"]["size"] for m in at_limit["materials"] if m["material_id"] == material] == [500 * 1024]
    image = agency_api.call("GET", path)
    assert image.status_code == 200 and len(image.content) == 500 * 1024


def test_r001_7_submission_needs_a_comment(stack, api, bureau):
    agency = apply_for_agency(stack, bureau)
    agency_api = api.login(agency["credentials"]["username"], agency["credentials"]["password"])
    path = f"/api/v1/agencies/{agency['agency_id']}/submission"
    assert agency_api.call("POST", path, {}).status_code == 400
    blank = agency_api.call("POST", path, {"comment": "  "})
    assert blank.status_code in (400, 422)
    assert agency_api.ok("GET", f"/api/v1/agencies/{agency['agency_id']}")["state"] == "applied"


def test_r001_8_agents_only_after_verification_and_a_501_kb_id_image_is_refused(stack, api, bureau):
    agency = apply_for_agency(stack, bureau)
    agency_api = api.login(agency["credentials"]["username"], agency["credentials"]["password"])
    early = agency_api.call("POST", f"/api/v1/agencies/{agency['agency_id']}/agents",
                            {"name": "王小明", "id_number": fresh_resident_id(), "phone": new_phone()})
    assert early.status_code == 422 and early.json()["error"]["code"] == "agency_not_verified"
    verified, verified_api = verified_agency(stack, api, bureau)
    agent = verified_api.ok("POST", f"/api/v1/agencies/{verified['agency_id']}/agents",
                            {"name": "赵敏", "id_number": "442000198506010127", "phone": new_phone()})
    image = f"/api/v1/agents/{agent['agent_id']}/id-image"
    assert verified_api.call("PUT", image, image_body(501 * 1024)).json()["error"]["code"] == "image_too_large"
    verified_api.ok("PUT", image, image_body(500 * 1024))


def test_r001_9_one_identity_binds_one_account(stack, api, bureau):
    agency, agency_api = verified_agency(stack, api, bureau)
    agent = approved_agent(stack, agency_api, bureau, agency["agency_id"])
    agent_api = api.login(agent["username"], agent["credentials"]["password"])
    bound_sign_in(api, agent_api, agent["id_number"], "王小明")
    taken = agency_api.call("POST", "/api/v1/auth/identity-binding",
                            {"assertion": identity_assertion(api, agent["id_number"], "王小明")})
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "identity_already_bound"
    stranger = api.anonymous().call("POST", "/api/v1/auth/signing-accounts",
                                    {"assertion": identity_assertion(api, "442000198506010127", "赵敏")})
    assert stranger.status_code == 401 and stranger.json()["error"]["code"] == "identity_not_bound"
    forged = api.anonymous().call("POST", "/api/v1/auth/signing-accounts", {"assertion": "not-a-jwt"})
    assert forged.status_code == 401


@pytest.mark.parametrize("query, code", [
    ({**PROPERTY_BY_CERTIFICATE, "certificate_number": "粤(2021)中山市不动产权第9999999号"}, "property_certificate_not_found"),
    ({**PROPERTY_BY_CERTIFICATE, "owner_name": "李建"}, "property_owner_mismatch"),
    ({**PROPERTY_BY_UNIT, "unit_number": "442000009009GB00009F00090009"}, "property_unit_not_found"),
    ({**PROPERTY_BY_UNIT, "owner_name": "陈大文"}, "property_owner_mismatch"),
    ({**FIRST_GENERATION, "first_generation_id": False}, "property_owner_mismatch"),
    (SEIZED, "property_seized"),
])
def test_r001_10_each_failure_says_why(stack, api, bureau, agent_api, query, code):
    response = agent_api.call("POST", "/api/v1/property-verifications", query)
    assert response.status_code == 422 and response.json()["error"]["code"] == code


def test_r001_10_a_first_generation_id_on_an_old_certificate(agent_api):
    found = agent_api.ok("POST", "/api/v1/property-verifications", FIRST_GENERATION)["property"]
    assert found["certificate_number"] == "粤房地证字第C3456789号"
    as_printed = {**FIRST_GENERATION, "owner_id_number": "442000580612001", "first_generation_id": False}
    assert agent_api.ok("POST", "/api/v1/property-verifications", as_printed)["property"]["property_id"] == "ZS-0002"


def test_r001_10_queries_need_their_route_fields(agent_api):
    missing = agent_api.call("POST", "/api/v1/property-verifications", {"method": "unit", "owner_name": "李建华"})
    assert missing.status_code == 400 and "unit_number" in missing.json()["error"]["details"]


@pytest.fixture(scope="module")
def agent_api(stack, api, bureau):
    agency, agency_api = verified_agency(stack, api, bureau)
    agent = approved_agent(stack, agency_api, bureau, agency["agency_id"])
    return api.login(agent["username"], agent["credentials"]["password"])


def test_bad_input_is_refused_with_a_4xx_and_changes_nothing(stack, api, bureau):
    agency = apply_for_agency(stack, bureau)
    agency_id = agency["agency_id"]
    agency_api = api.login(agency["credentials"]["username"], agency["credentials"]["password"])
    material = agency_api.ok("POST", f"/api/v1/agencies/{agency_id}/materials")["material_id"]
    before = agency_api.ok("GET", f"/api/v1/agencies/{agency_id}")
    path = f"/api/v1/agencies/{agency_id}/materials/{material}"
    for body in ({"name": "营业\x00执照"}, {"name": "名" * 61}, {"name": ""}, {"name": 7}, {"name": "a", "x": 1}):
        assert agency_api.call("PUT", path, body).status_code == 400, body
    info = licence_info(agency["name"])
    for bad in ({**info, "contact_phone": "1380000000１"}, {**info, "business_term_until": "2027-02-30"},
                {**info, "legal_representative": "陈\u2028立新"}, {**info, "business_scope": "经" * 501}):
        assert agency_api.call("PUT", f"/api/v1/agencies/{agency_id}/info", bad).status_code == 400, bad
    assert agency_api.call("PUT", f"{path}/file", {"content_type": "image/gif", "data_base64": "R0lG"}).status_code == 400
    assert agency_api.call("PUT", f"{path}/file", {"content_type": "image/png", "data_base64": "not base64!"}
                           ).status_code in (400, 422)
    assert agency_api.call("PUT", "/api/v1/agencies/not-a-uuid/info", info).status_code == 404
    assert agency_api.ok("GET", f"/api/v1/agencies/{agency_id}") == before
    decision = bureau.call("POST", f"/api/v1/agencies/{agency_id}/verification", {"approve": "yes"})
    assert decision.status_code == 400


def test_r001_8_two_officers_approving_one_agent_at_once_open_one_account_and_send_one_sms(stack, api, bureau):
    agency, agency_api = verified_agency(stack, api, bureau)
    phone = new_phone()
    agent = agency_api.ok("POST", f"/api/v1/agencies/{agency['agency_id']}/agents",
                          {"name": "李四", "id_number": fresh_resident_id(), "phone": phone})
    agency_api.ok("PUT", f"/api/v1/agents/{agent['agent_id']}/id-image", image_body())
    agency_api.ok("POST", f"/api/v1/agents/{agent['agent_id']}/submission")
    path = f"/api/v1/agents/{agent['agent_id']}/approval"
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda _: bureau.call("POST", path, {"approve": True}), range(2)))
    assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
    messages = requests.get(provider(stack, "/sms/sim/messages"), params={"phone": phone}, timeout=5).json()
    assert len(messages["messages"]) == 1
    credentials = sms_credentials(stack, phone)
    assert api.login(credentials["username"], credentials["password"]).user["role"] == "agent"


def test_r001_9_two_accounts_binding_one_identity_at_once_one_wins(stack, api, bureau):
    agency, agency_api = verified_agency(stack, api, bureau)
    agent = approved_agent(stack, agency_api, bureau, agency["agency_id"])
    agent_api = api.login(agent["username"], agent["credentials"]["password"])
    person = fresh_resident_id()
    calls = [(signed_in, identity_assertion(api, person, "张三")) for signed_in in (agency_api, agent_api)]
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda c: c[0].call("POST", "/api/v1/auth/identity-binding", {"assertion": c[1]}),
                                calls))
    assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
    signed_in = api.anonymous().ok("POST", "/api/v1/auth/signing-accounts",
                                   {"assertion": identity_assertion(api, person, "张三")})
    winner = next(c[0] for c, a in zip(calls, answers) if a.status_code == 200)
    assert signed_in["user"]["username"] == winner.user["username"]
