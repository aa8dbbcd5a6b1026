"""Guide 001, agencies and agents in registry (in memory): R001.2–R001.9."""
from datetime import date, datetime, timezone

import pytest

from shared.errors import Conflict, Forbidden, InvalidInput, RuleViolation, Unauthenticated
from services.registry.domain.agencies import MAX_IMAGE_BYTES, latest_validity
from tests.unit.agency_support import (CREDIT_CODE, INFO, UNFILED_CODE, FakeSms, agency_ctx, agent_ctx, full_info,
                                       make_app, verified_agency)
from tests.unit.conftest import clock_fixed_at

TODAY = date(2026, 3, 2)


@pytest.fixture
def sms():
    return FakeSms()


@pytest.fixture
def app(fast_passwords, sms):
    with clock_fixed_at(datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)):
        yield make_app(fast_passwords, sms=sms)


def applied(app, bureau_ctx):
    agency = app.apply_for_agency_account(bureau_ctx, name=INFO["name"], credit_code=CREDIT_CODE,
                                          username="anju-agency", phone="13800000001")
    return agency["agency_id"], agency_ctx(agency["agency_id"])


def test_r001_2_only_a_filed_agency_gets_an_account_and_its_credentials_go_by_sms(app, bureau_ctx, sms):
    with pytest.raises(RuleViolation) as unfiled:
        app.apply_for_agency_account(bureau_ctx, name="无备案中介", credit_code=UNFILED_CODE, username="nofiling",
                                     phone="13800000002")
    assert unfiled.value.code == "agency_not_filed" and sms.sent == []
    agency_id, _ = applied(app, bureau_ctx)
    assert app.get_agency(bureau_ctx, agency_id)["filing_number"] == "ZSJJ-0001"
    [message] = sms.sent
    assert message["username"] == "anju-agency"
    assert app.authenticate("anju-agency", message["password"])["role"] == "agency"
    with pytest.raises(Conflict) as again:
        app.apply_for_agency_account(bureau_ctx, name=INFO["name"], credit_code=CREDIT_CODE, username="other",
                                     phone="13800000001")
    assert again.value.code == "agency_exists"


def test_r001_2_agents_come_after_the_agency_is_verified(app, bureau_ctx):
    agency_id, ctx = applied(app, bureau_ctx)
    with pytest.raises(RuleViolation) as early:
        app.add_agent(ctx, agency_id, name="王小明", id_type="resident_id", id_number="442000199001010011",
                      phone="13900000001")
    assert early.value.code == "agency_not_verified"


def test_r001_3_the_agency_account_manages_only_its_own_agency(app, bureau_ctx):
    agency_id, ctx = applied(app, bureau_ctx)
    stranger = agency_ctx("00000000-0000-0000-0000-000000000001")
    with pytest.raises(Forbidden):
        app.complete_agency_info(stranger, agency_id, full_info(TODAY))
    with pytest.raises(Forbidden):
        app.get_agency(stranger, agency_id)
    with pytest.raises(Forbidden):
        app.verify_property(ctx, {"method": "unit", "unit_number": "x", "owner_name": "李四"})


def test_r001_4_enterprise_info_needs_the_licence_fields(app, bureau_ctx):
    agency_id, ctx = applied(app, bureau_ctx)
    with pytest.raises(InvalidInput) as missing:
        app.complete_agency_info(ctx, agency_id, full_info(TODAY, legal_representative=""))
    assert missing.value.code == "agency_info_incomplete"
    assert missing.value.details["missing"] == ["legal_representative"]
    info = app.complete_agency_info(ctx, agency_id, full_info(TODAY))["info"]
    assert info["qualification_valid_until"] == info["business_term_until"] == "2027-03-02"


def test_r001_5_validity_at_most_two_years_from_today(app, bureau_ctx):
    agency_id, ctx = applied(app, bureau_ctx)
    two_years = date(2028, 3, 2)
    with pytest.raises(RuleViolation) as too_long:
        app.complete_agency_info(ctx, agency_id, full_info(TODAY, business_term_until=date(2028, 3, 3)))
    assert too_long.value.code == "validity_too_long"
    with pytest.raises(RuleViolation) as qualification:
        app.complete_agency_info(ctx, agency_id, full_info(TODAY, qualification_valid_until=date(2028, 3, 3)))
    assert qualification.value.details["field"] == "qualification_valid_until"
    with pytest.raises(RuleViolation) as expired:
        app.complete_agency_info(ctx, agency_id, full_info(TODAY, business_term_until=date(2026, 3, 1)))
    assert expired.value.code == "validity_expired"
    info = app.complete_agency_info(ctx, agency_id, full_info(TODAY, business_term_until=two_years,
                                                              qualification_valid_until=two_years))["info"]
    assert info["business_term_until"] == "2028-03-02"


def test_r001_5_two_years_from_29_february():
    assert latest_validity(date(2028, 2, 29)) == date(2030, 2, 28)


def test_r001_6_a_material_is_named_and_saved_before_its_upload_and_at_most_500_kb(app, bureau_ctx):
    agency_id, ctx = applied(app, bureau_ctx)
    material = app.add_agency_material(ctx, agency_id)["material_id"]
    with pytest.raises(RuleViolation) as unnamed:
        app.upload_agency_material(ctx, agency_id, material, sha256="a" * 64, content_type="image/png", size=10)
    assert unnamed.value.code == "material_not_named"
    with pytest.raises(RuleViolation) as unknown:
        app.upload_agency_material(ctx, agency_id, "no-such", sha256="a" * 64, content_type="image/png", size=10)
    assert unknown.value.code == "material_not_found"
    app.name_agency_material(ctx, agency_id, material, "营业执照")
    with pytest.raises(InvalidInput) as large:
        app.upload_agency_material(ctx, agency_id, material, sha256="a" * 64, content_type="image/png",
                                   size=MAX_IMAGE_BYTES + 1024)
    assert large.value.code == "image_too_large"
    uploaded = app.upload_agency_material(ctx, agency_id, material, sha256="a" * 64, content_type="image/png",
                                          size=MAX_IMAGE_BYTES)
    assert uploaded["materials"][0]["file"]["size"] == 500 * 1024


def test_r001_7_submission_needs_a_comment_and_the_bureau_verifies_or_returns_with_reasons(app, bureau_ctx):
    agency_id, ctx = applied(app, bureau_ctx)
    with pytest.raises(RuleViolation) as no_info:
        app.submit_agency(ctx, agency_id, "请审核")
    assert no_info.value.code == "agency_info_missing"
    app.complete_agency_info(ctx, agency_id, full_info(TODAY))
    material = app.add_agency_material(ctx, agency_id)["material_id"]
    app.name_agency_material(ctx, agency_id, material, "营业执照")
    with pytest.raises(RuleViolation) as without_file:
        app.submit_agency(ctx, agency_id, "请审核")
    assert without_file.value.code == "materials_missing"
    app.upload_agency_material(ctx, agency_id, material, sha256="a" * 64, content_type="image/png", size=10)
    with pytest.raises(InvalidInput) as no_comment:
        app.submit_agency(ctx, agency_id, "   ")
    assert no_comment.value.code == "comment_required"
    assert app.submit_agency(ctx, agency_id, "请审核")["state"] == "submitted"
    with pytest.raises(Conflict):
        app.complete_agency_info(ctx, agency_id, full_info(TODAY))
    with pytest.raises(InvalidInput) as no_reasons:
        app.decide_agency(bureau_ctx, agency_id, approve=False, reasons=[" "])
    assert no_reasons.value.code == "reasons_required"
    with pytest.raises(Forbidden):
        app.decide_agency(ctx, agency_id, approve=True, reasons=[])
    returned = app.decide_agency(bureau_ctx, agency_id, approve=False, reasons=["营业执照图片不清晰"])
    assert returned["state"] == "returned" and returned["return_reasons"] == ["营业执照图片不清晰"]
    app.upload_agency_material(ctx, agency_id, material, sha256="b" * 64, content_type="image/png", size=20)
    app.submit_agency(ctx, agency_id, "已重新上传")
    assert app.decide_agency(bureau_ctx, agency_id, approve=True, reasons=[])["state"] == "verified"
    assert [a["agency_id"] for a in app.list_agencies(bureau_ctx, state="verified")["agencies"]] == [agency_id]


def test_r001_8_agents_are_approved_by_the_bureau_and_get_their_credentials_by_sms(app, bureau_ctx, sms):
    agency_id, ctx = verified_agency(app, bureau_ctx, TODAY)
    agent = app.add_agent(ctx, agency_id, name="王小明", id_type="resident_id", id_number="442000199001010011",
                          phone="13900000001")
    assert agent["id_number_masked"] == "442***********0011"
    with pytest.raises(RuleViolation) as no_image:
        app.submit_agent(ctx, agent["agent_id"])
    assert no_image.value.code == "id_image_missing"
    with pytest.raises(InvalidInput) as large:
        app.upload_agent_id_image(ctx, agent["agent_id"], sha256="c" * 64, content_type="image/jpeg",
                                  size=MAX_IMAGE_BYTES + 1)
    assert large.value.code == "image_too_large"
    app.upload_agent_id_image(ctx, agent["agent_id"], sha256="c" * 64, content_type="image/jpeg",
                              size=MAX_IMAGE_BYTES)
    app.submit_agent(ctx, agent["agent_id"])
    assert [a["agent_id"] for a in app.list_agents(bureau_ctx, state="submitted")["agents"]] == [agent["agent_id"]]
    before = len(sms.sent)
    approved = app.decide_agent(bureau_ctx, agent["agent_id"], approve=True, reasons=[])
    assert approved["state"] == "approved"
    message = sms.sent[before]
    assert message["phone"] == "13900000001" and message["username"] == approved["username"]
    principal = app.authenticate(approved["username"], message["password"])
    assert principal["role"] == "agent" and principal["org_id"] == agency_id
    assert app.list_agents(ctx)["agents"][0]["username"] == approved["username"]


def test_r001_3_an_agent_belongs_to_exactly_one_agency(app, bureau_ctx):
    agency_id, ctx = verified_agency(app, bureau_ctx, TODAY)
    app.add_agent(ctx, agency_id, name="王小明", id_type="resident_id", id_number="442000199001010011",
                  phone="13900000001")
    with pytest.raises(Conflict) as twice:
        app.add_agent(ctx, agency_id, name="王小明", id_type="resident_id", id_number="442000199001010011",
                      phone="13900000001")
    assert twice.value.code == "agent_exists"
    app.filing_system.filed.add("91442000MA4AGY0002")
    other = app.apply_for_agency_account(bureau_ctx, name="另一家中介", credit_code="91442000MA4AGY0002",
                                         username="other-agency", phone="13800000003")
    other_ctx = agency_ctx(other["agency_id"], actor="other")
    app.complete_agency_info(other_ctx, other["agency_id"], full_info(TODAY))
    material = app.add_agency_material(other_ctx, other["agency_id"])["material_id"]
    app.name_agency_material(other_ctx, other["agency_id"], material, "营业执照")
    app.upload_agency_material(other_ctx, other["agency_id"], material, sha256="a" * 64, content_type="image/png",
                               size=10)
    app.submit_agency(other_ctx, other["agency_id"], "请审核")
    app.decide_agency(bureau_ctx, other["agency_id"], approve=True, reasons=[])
    with pytest.raises(Conflict) as elsewhere:
        app.add_agent(other_ctx, other["agency_id"], name="王小明", id_type="resident_id",
                      id_number="442000199001010011", phone="13900000001")
    assert elsewhere.value.code == "agent_in_another_agency"


def test_r001_9_a_signing_account_binds_one_to_one_to_a_unified_identity(app, bureau_ctx, sms):
    agency_id, ctx = verified_agency(app, bureau_ctx, TODAY)
    account = app.authenticate("anju-agency", sms.sent[0]["password"])
    account_ctx = agency_ctx(agency_id, actor=account["user_id"])
    with pytest.raises(Unauthenticated) as unbound:
        app.identity_sign_in("identity-a")
    assert unbound.value.code == "identity_not_bound"
    app.bind_identity(account_ctx, "identity-a")
    assert app.bind_identity(account_ctx, "identity-a")["bound"]  # the same binding again changes nothing
    assert app.identity_sign_in("identity-a")["username"] == "anju-agency"
    with pytest.raises(Conflict) as second_identity:
        app.bind_identity(account_ctx, "identity-b")
    assert second_identity.value.code == "account_already_bound"
    agent = app.add_agent(ctx, agency_id, name="王小明", id_type="resident_id", id_number="442000199001010011",
                          phone="13900000001")
    app.upload_agent_id_image(ctx, agent["agent_id"], sha256="c" * 64, content_type="image/png", size=10)
    app.submit_agent(ctx, agent["agent_id"])
    username = app.decide_agent(bureau_ctx, agent["agent_id"], approve=True, reasons=[])["username"]
    agent_account = app.authenticate(username, sms.sent[-1]["password"])
    with pytest.raises(Conflict) as taken:
        app.bind_identity(agent_ctx(agency_id, actor=agent_account["user_id"]), "identity-a")
    assert taken.value.code == "identity_already_bound"


def test_r001_2_a_repeated_application_with_its_idempotency_key_answers_as_the_first(app, bureau_ctx, sms):
    from dataclasses import replace

    keyed = replace(bureau_ctx, idempotency_key="apply-1")
    first = app.apply_for_agency_account(keyed, name=INFO["name"], credit_code=CREDIT_CODE, username="anju-agency",
                                         phone="13800000001")
    assert app.apply_for_agency_account(keyed, name=INFO["name"], credit_code=CREDIT_CODE, username="anju-agency",
                                        phone="13800000001") == first
    assert len(sms.sent) == 1


def test_r001_8_a_retried_approval_sends_the_same_credentials_under_the_same_reference(app, bureau_ctx, sms,
                                                                                       monkeypatch):
    agency_id, ctx = verified_agency(app, bureau_ctx, TODAY)
    agent = app.add_agent(ctx, agency_id, name="王小明", id_type="resident_id", id_number="442000199001010011",
                          phone="13900000001")
    app.upload_agent_id_image(ctx, agent["agent_id"], sha256="c" * 64, content_type="image/png", size=10)
    app.submit_agent(ctx, agent["agent_id"])
    save = app.save

    def lost_connection(*aggregates, **kwargs):
        monkeypatch.setattr(app, "save", save)
        raise ConnectionError("the database went away")

    monkeypatch.setattr(app, "save", lost_connection)
    with pytest.raises(ConnectionError):
        app.decide_agent(bureau_ctx, agent["agent_id"], approve=True, reasons=[])
    username = app.decide_agent(bureau_ctx, agent["agent_id"], approve=True, reasons=[])["username"]
    first, second = sms.sent[-2:]
    assert first == second  # the SMS gateway takes the second for the first: one message
    assert app.authenticate(username, first["password"])["role"] == "agent"


def test_r001_8_a_rejected_agent_says_why_and_may_be_submitted_again(app, bureau_ctx, sms):
    agency_id, ctx = verified_agency(app, bureau_ctx, TODAY)
    agent = app.add_agent(ctx, agency_id, name="王小明", id_type="resident_id", id_number="442000199001010011",
                          phone="13900000001")
    app.upload_agent_id_image(ctx, agent["agent_id"], sha256="c" * 64, content_type="image/png", size=10)
    app.submit_agent(ctx, agent["agent_id"])
    sent = len(sms.sent)
    rejected = app.decide_agent(bureau_ctx, agent["agent_id"], approve=False, reasons=["身份证图片不清晰"])
    assert rejected["state"] == "rejected" and rejected["reasons"] == ["身份证图片不清晰"] and len(sms.sent) == sent
    with pytest.raises(Conflict):
        app.decide_agent(bureau_ctx, agent["agent_id"], approve=True, reasons=[])
    app.upload_agent_id_image(ctx, agent["agent_id"], sha256="d" * 64, content_type="image/png", size=20)
    app.submit_agent(ctx, agent["agent_id"])
    assert app.decide_agent(bureau_ctx, agent["agent_id"], approve=True, reasons=[])["state"] == "approved"


def test_r001_8_an_unverified_agency_learns_nothing_of_a_person_who_is_another_agencys_agent(app, bureau_ctx):
    agency_id, ctx = verified_agency(app, bureau_ctx, TODAY)
    app.add_agent(ctx, agency_id, name="王小明", id_type="resident_id", id_number="442000199001010011",
                  phone="13900000001")
    app.filing_system.filed.add("91442000MA4AGY0002")
    other = app.apply_for_agency_account(bureau_ctx, name="另一家中介", credit_code="91442000MA4AGY0002",
                                         username="other-agency", phone="13800000003")
    with pytest.raises(RuleViolation) as early:
        app.add_agent(agency_ctx(other["agency_id"], actor="other"), other["agency_id"], name="王小明",
                      id_type="resident_id", id_number="442000199001010011", phone="13900000001")
    assert early.value.code == "agency_not_verified"
