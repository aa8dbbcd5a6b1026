"""Hypothesis over random command sequences on an agency and an agent (R001.4–R001.8): whatever the order, an
agency is submitted only with its info, a comment and every material uploaded; only a named material gets a file,
and none over 500 KB; it is verified only from a submission; nothing changes while the bureau reviews it or after
verification; agents join only a verified agency; an agent is approved only after submitting an ID image."""
from __future__ import annotations

from datetime import date

from hypothesis import given, settings, strategies as st

from shared.errors import DomainError
from services.registry.domain.agencies import (APPLIED, MAX_IMAGE_BYTES, RETURNED, SUBMITTED, VERIFIED, Agency,
                                               latest_validity)
from services.registry.domain.agents import APPROVED, SUBMITTED as AGENT_SUBMITTED, Agent

TODAY = date(2026, 3, 2)
INFO = {"name": "中介", "legal_representative": "陈", "registered_address": "中山", "business_scope": "经纪",
        "contact_phone": "13800000001"}
AGENCY_COMMANDS = st.lists(st.tuples(st.sampled_from([
    "info", "info_too_long", "info_missing", "add", "name", "upload", "upload_large", "remove", "submit",
    "submit_blank", "verify", "return", "return_blank", "add_agent"]), st.integers(0, 3)), max_size=30)
AGENT_COMMANDS = st.lists(st.sampled_from(["image", "image_large", "submit", "approve", "reject"]), max_size=15)


def act(agency: Agency, command: str, pick: int) -> None:
    materials = list(agency.materials)
    material = materials[pick % len(materials)] if materials else "none"
    if command.startswith("info"):
        until = latest_validity(TODAY) if command == "info" else date(2030, 1, 1)
        info = {**INFO, "business_term_until": until, "qualification_valid_until": None}
        if command == "info_missing":
            info["name"] = ""
        agency.complete_info(info, TODAY)
    elif command == "add":
        agency.add_material(f"m{len(agency.materials)}-{pick}")
    elif command == "name":
        agency.name_material(material, "营业执照")
    elif command.startswith("upload"):
        size = MAX_IMAGE_BYTES + 1 if command == "upload_large" else MAX_IMAGE_BYTES
        agency.upload_material(material, sha256="a" * 64, content_type="image/png", size=size)
    elif command == "remove":
        agency.remove_material(material)
    elif command.startswith("submit"):
        agency.submit("" if command == "submit_blank" else "请审核")
    elif command == "verify":
        agency.verify()
    elif command.startswith("return"):
        agency.return_for_correction([] if command == "return_blank" else ["不清晰"])
    else:
        agency.add_agent(f"agent-{pick}")


@settings(max_examples=300, deadline=None)
@given(AGENCY_COMMANDS)
def test_R001_4_to_R001_8_no_command_sequence_breaks_an_agencys_invariants(commands):
    agency = Agency.apply_for_account(id=None, name="中介", credit_code="91442000MA4AGY0001", filing_number="F",
                                      account_username="u")
    ever_verified = False
    for command, pick in commands:
        before = (agency.state, agency.info, {k: dict(v) for k, v in agency.materials.items()}, agency.version)
        try:
            act(agency, command, pick)
        except DomainError:
            assert agency.version == before[3]  # a refused command records nothing
        if before[0] in (SUBMITTED, VERIFIED) and command not in ("verify", "return", "add_agent"):
            assert (agency.state, agency.info, agency.materials) == before[:3]  # frozen under review and after
        for material in agency.materials.values():
            assert material["file"] is None or (material["name"] and material["file"]["size"] <= MAX_IMAGE_BYTES)
        if agency.state == SUBMITTED:
            assert agency.info and agency.comment and agency.materials
            assert all(m["file"] for m in agency.materials.values())
        if agency.info:
            assert agency.info["business_term_until"] <= latest_validity(TODAY).isoformat()
        ever_verified = ever_verified or agency.state == VERIFIED
        if ever_verified:
            assert agency.state == VERIFIED  # verification is final
        if agency.agent_ids:
            assert ever_verified
        assert agency.state in (APPLIED, SUBMITTED, VERIFIED, RETURNED)
        if agency.state == RETURNED:
            assert agency.return_reasons


@settings(max_examples=200, deadline=None)
@given(AGENT_COMMANDS)
def test_R001_8_an_agent_is_approved_only_after_submitting_an_id_image_within_the_limit(commands):
    agent = Agent.register(id=None, agency_id="a", name="王小明", id_type="resident_id", id_number="442000199001010011",
                           phone="13900000001")
    for command in commands:
        try:
            if command.startswith("image"):
                size = MAX_IMAGE_BYTES + 1 if command == "image_large" else MAX_IMAGE_BYTES
                agent.upload_id_image(sha256="c" * 64, content_type="image/png", size=size)
            elif command == "submit":
                agent.submit()
            elif command == "approve":
                agent.approve("agent-x")
            else:
                agent.reject(["证件不清晰"])
        except DomainError:
            pass
        if agent.id_image:
            assert agent.id_image["size"] <= MAX_IMAGE_BYTES
        if agent.state in (AGENT_SUBMITTED, APPROVED):
            assert agent.id_image is not None
        if agent.state == APPROVED:
            assert agent.username == "agent-x"
