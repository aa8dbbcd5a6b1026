"""Existing-home sales in the contracts application, in memory: drafting from a verified property, who may do
what (R001.3), one live contract per property, the parties' signing links with face verification and
e-signature (R001.1, R001.13, R001.14), R001.15, filing, and the R001.11 deadline freeing the property."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from shared import clock
from shared.context import SYSTEM, CommandContext
from shared.errors import Conflict, DomainError, Forbidden, RuleViolation, Unauthenticated
from services.contracts.application.app import ContractsApplication
from services.contracts.application.signing_links import SigningLinks
from tests.unit.conftest import clock_fixed_at
from services.contracts.domain.existing_home_parties import masked_number
from tests.unit.existing_home_support import (BUYER_A_ID, BUYER_B_ID, CO_OWNER_ID, OWNER_ID, PROPERTY, SELLER, TWO_BUYERS,
                                              row, subject_of)
from tests.unit.lease_support import FakeProviders

CST = clock.SHANGHAI
AGENCY_ID, OTHER_AGENCY = "agency-1", "agency-2"


def agent(actor: str = "agent-1", agency: str = AGENCY_ID) -> CommandContext:
    return CommandContext(actor_id=actor, role="agent", org_id=agency)


AGENCY = CommandContext(actor_id="acct-1", role="agency", org_id=AGENCY_ID)
BUREAU = CommandContext(actor_id="officer-1", role="bureau_officer")


def new_app() -> ContractsApplication:
    app = ContractsApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    app.signing_links = SigningLinks("unit-test-key")
    return app


@pytest.fixture
def app():
    return new_app()


@pytest.fixture
def fixed():
    with clock_fixed_at(datetime(2026, 12, 1, 10, 0, tzinfo=CST)) as moved:
        yield moved


def verified(app, verification_id: str | None = None, agent_id: str = "agent-1", agency: str = AGENCY_ID,
             **owners: list[str]) -> str:
    verification_id = verification_id or str(uuid.uuid4())
    app.record_property_verified(verification_id, {
        "agency_id": agency, "agent_account_id": agent_id, "property_id": "ZS-0001", **PROPERTY,
        "owner_names": ["李**"], "mortgaged": False, **owners})
    return verification_id


def test_R001_10_a_namesake_of_the_owner_is_refused_when_registry_published_the_masked_number(app):
    """Registry publishes each owner's number as the register masks it (first and last three characters); a
    seller whose name masks alike (李**) but whose number differs is not the owner. Events without numbers
    (published before they were) still match by name."""
    namesake = row("李建军", CO_OWNER_ID)
    assert masked_number(CO_OWNER_ID) != masked_number(OWNER_ID)
    parties = {"buyers": TWO_BUYERS, "buyer_co_ownership": "shares"}
    numbered = app.draft_existing_home(agent(), verified(app, owner_id_numbers_masked=[masked_number(OWNER_ID)]),
                                       "online")["contract_id"]
    with pytest.raises(RuleViolation) as refused:
        app.set_existing_home_parties(agent(), numbered, {"sellers": [namesake], **parties})
    assert refused.value.code == "seller_not_owner"
    app.set_existing_home_parties(agent(), numbered, {"sellers": [SELLER], **parties})
    app.delete_existing_home(agent(), numbered)

    by_name = app.draft_existing_home(agent(), verified(app), "online")["contract_id"]
    app.set_existing_home_parties(agent(), by_name, {"sellers": [namesake], **parties})


def ready(app, ctx=None) -> str:
    ctx = ctx or agent()
    contract = app.draft_existing_home(ctx, verified(app), "online")["contract_id"]
    app.set_existing_home_parties(ctx, contract, {"sellers": [SELLER], "buyers": TWO_BUYERS,
                                                  "buyer_co_ownership": "shares"})
    app.set_existing_home_terms(ctx, contract, {"price_fen": 150_000_000, "payment_method": "full",
                                                "handover_date": "2027-01-31", "clauses": {}})
    app.set_existing_home_applicant(ctx, contract, {"name": "王小明", "phone": "13912345678",
                                                    "id_number": BUYER_A_ID})
    app.set_existing_home_rating(ctx, contract, {"rating": "good", "comment": "服务周到"})
    app.set_existing_home_escrow(ctx, contract, {"chosen": True, "bank": "ccb", "channel": "online"})
    app.set_existing_home_notes(ctx, contract, {"notes": "已告知交易风险"})
    app.submit_existing_home(ctx, contract)
    return contract


def token_of(link: str) -> str:
    return link.split("#t=", 1)[1]


def sign_as(app, fakes, link: str, number: str) -> None:
    token = token_of(link)
    face = app.party_start_face(token, fakes, "http://cb/face")
    ref = fakes.calls[-1][1]["merchant_ref"]
    app.record_existing_home_face({"type": "face.passed", "merchant_ref": ref, "session_id": face["session_id"],
                                   "subject_hash": subject_of(number)}, subject_of)
    started = app.party_start_signing(token, fakes, "http://cb/esign")
    call = fakes.calls[-1][1]
    app.record_existing_home_signature({"type": "esign.signed", "merchant_ref": call["merchant_ref"],
                                        "order_id": started["esign_order_id"], "signature_id": uuid.uuid4().hex,
                                        "signed_at": "2026-12-01T11:00:00+08:00",
                                        "document_sha256": call["document_sha256"]})


NUMBERS = {"seller-1": OWNER_ID, "buyer-1": BUYER_A_ID}


def test_a_draft_is_numbered_CL_and_needs_the_agents_own_verification(app, fixed):
    with pytest.raises(RuleViolation) as unknown:
        app.draft_existing_home(agent(), str(uuid.uuid4()), "online")
    assert unknown.value.code == "property_not_verified"
    theirs = verified(app, agent_id="agent-2")
    with pytest.raises(RuleViolation):
        app.draft_existing_home(agent(), theirs, "online")
    with pytest.raises(Forbidden) as other:
        app.draft_existing_home(agent(agency=OTHER_AGENCY), theirs, "online")
    assert other.value.code == "not_your_agency"
    view = app.draft_existing_home(agent(), verified(app), "online")
    assert view["contract_number"] == "CL2026000001" and view["created"] is True
    assert view["delete_at"] == "2026-12-03T00:00:00+08:00"


def test_R001_3_the_agency_account_reads_its_contracts_but_cannot_draft(app, fixed):
    contract = app.draft_existing_home(agent(), verified(app), "online")["contract_id"]
    with pytest.raises(Forbidden) as refused:
        app.draft_existing_home(AGENCY, verified(app), "online")
    assert refused.value.code == "agency_cannot_draft"
    with pytest.raises(Forbidden) as change:
        app.set_existing_home_notes(AGENCY, contract, {"notes": "x"})
    assert change.value.code == "agency_cannot_draft"
    assert app.get_existing_home(AGENCY, contract)["contract_id"] == contract
    assert app.get_existing_home(BUREAU, contract)["contract_id"] == contract
    with pytest.raises(Forbidden) as other:
        app.get_existing_home(CommandContext(actor_id="acct-2", role="agency", org_id=OTHER_AGENCY), contract)
    assert other.value.code == "not_your_agency"
    with pytest.raises(Forbidden) as colleague:
        app.set_existing_home_notes(agent("agent-9"), contract, {"notes": "x"})
    assert colleague.value.code == "not_your_contract"


def test_one_live_contract_per_property_until_it_is_deleted(app, fixed):
    first = app.draft_existing_home(agent(), verified(app), "online")
    again = app.draft_existing_home(agent(), first["property_verification_id"], "online")
    assert again["contract_id"] == first["contract_id"] and again["created"] is False
    with pytest.raises(Conflict) as taken:
        app.draft_existing_home(agent("agent-2"), verified(app, agent_id="agent-2"), "online")
    assert taken.value.code == "property_in_live_contract"
    app.delete_existing_home(agent(), first["contract_id"])
    second = app.draft_existing_home(agent("agent-2"), verified(app, agent_id="agent-2"), "online")
    assert second["contract_number"] == "CL2026000002"  # a number is never reused


def test_R001_11_the_deadline_deletes_and_frees_the_property_not_one_second_before(app, fixed):
    contract = ready(app)
    deadline = datetime(2026, 12, 3, tzinfo=CST)
    fixed.advance(deadline - clock.now() - timedelta(seconds=1))
    assert app.expire_existing_home(SYSTEM, contract) is False
    fixed.advance(timedelta(seconds=1))
    assert app.expire_existing_home(SYSTEM, contract) is True
    assert app.get_existing_home(BUREAU, contract)["deleted_reason"] == "expired"
    assert app.draft_existing_home(agent(), verified(app), "online")["created"] is True


def test_R001_13_R001_14_R001_1_each_party_signs_from_its_link_after_its_own_face_verification(app, fixed):
    fakes = FakeProviders()
    contract = ready(app)
    order = app.open_existing_home_order(agent(), contract)["order"]
    links = {s["party_id"]: s["link"] for s in order["signers"]}
    assert set(links) == {"seller-1", "buyer-1", "buyer-2"}
    page = app.party_signing(token_of(links["buyer-1"]))
    assert page["party"]["name"] == "王小明" and page["purpose"] == "contract" and not page["signed"]
    with pytest.raises(RuleViolation) as early:
        app.party_start_signing(token_of(links["buyer-1"]), fakes, "http://cb/esign")
    assert early.value.code == "face_verification_required"
    face = app.party_start_face(token_of(links["buyer-1"]), fakes, "http://cb/face")
    impostor = {"type": "face.passed", "merchant_ref": fakes.calls[-1][1]["merchant_ref"],
                "session_id": face["session_id"], "subject_hash": subject_of(OWNER_ID)}
    app.record_existing_home_face(impostor, subject_of)
    assert app.party_signing(token_of(links["buyer-1"]))["face_outcome"] == "not_the_party"
    for party, number in NUMBERS.items():
        sign_as(app, fakes, links[party], number)
    with pytest.raises(RuleViolation) as unsigned:
        app.request_existing_home_filing(agent(), contract)
    assert unsigned.value.code == "not_all_signed"
    sign_as(app, fakes, links["buyer-2"], BUYER_B_ID)
    assert app.get_existing_home(agent(), contract)["state"] == "all_signed"
    assert app.request_existing_home_filing(agent(), contract)["filing_requested"] is True
    assert app.record_existing_home_filed(contract, "CLBA2026000001") is True
    assert app.record_existing_home_filed(contract, "CLBA2026000001") is False
    view = app.get_existing_home(AGENCY, contract)
    assert view["state"] == "filed" and view["filing_number"] == "CLBA2026000001"


def test_a_forged_or_altered_signing_link_opens_nothing(app, fixed):
    contract = ready(app)
    link = app.open_existing_home_order(agent(), contract)["order"]["signers"][0]["link"]
    token = token_of(link)
    altered = token[:10] + ("A" if token[10] != "A" else "B") + token[11:]
    for forged in (token[:-2] + ("xx" if token[-2:] != "xx" else "yy"), altered, "nonsense", token + "A"):
        with pytest.raises(Unauthenticated) as refused:
            app.party_signing(forged)
        assert refused.value.code == "invalid_signing_link"
    assert app.party_signing(token)["contract_id"] == contract
    fixed.advance(datetime(2026, 12, 3, tzinfo=CST) - clock.now())
    with pytest.raises(Unauthenticated) as expired:
        app.party_signing(token)
    assert expired.value.code == "signing_link_expired"


def test_R001_15_cancelling_the_order_voids_its_links_and_signatures(app, fixed):
    fakes = FakeProviders()
    contract = ready(app)
    links = {s["party_id"]: s["link"] for s in app.open_existing_home_order(agent(), contract)["order"]["signers"]}
    sign_as(app, fakes, links["seller-1"], OWNER_ID)
    with pytest.raises(DomainError) as refused:
        app.set_existing_home_notes(agent(), contract, {"notes": "改"})
    assert refused.value.code == "signature_order_open"
    app.cancel_existing_home_order(agent(), contract)
    with pytest.raises(RuleViolation) as closed:
        app.party_signing(token_of(links["seller-1"]))
    assert closed.value.code == "signature_order_closed"
    app.set_existing_home_notes(agent(), contract, {"notes": "改"})
    app.submit_existing_home(agent(), contract)
    again = app.open_existing_home_order(agent(), contract)["order"]
    assert not any(s["signed"] for s in again["signers"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(("draft", "delete", "advance_and_expire", "file")),
                                st.integers(0, 2)), max_size=25))
def test_at_most_one_live_contract_per_property_over_random_drafts_deletions_and_deadlines(fixed, steps):
    """Drafts by three agents, deletions, filings and the R001.11 sweep in any order: never two live contracts
    for the property, and its claim names the live one (or none)."""
    from services.contracts.domain.room_claim import property_claim_id

    app = new_app()
    fixed.reset()
    drafted: list[str] = []
    for step, who in steps:
        ctx = agent(f"agent-{who}")
        try:
            if step == "draft":
                drafted.append(app.draft_existing_home(ctx, verified(app, agent_id=f"agent-{who}"),
                                                       "online")["contract_id"])
            elif step == "delete" and drafted:
                contract = drafted[who % len(drafted)]
                app.delete_existing_home(agent(app.get_existing_home(BUREAU, contract)["agent_id"]), contract)
            elif step == "advance_and_expire":
                fixed.advance(timedelta(hours=20))
                for contract in drafted:
                    app.expire_existing_home(SYSTEM, contract)
            elif step == "file" and drafted:
                contract = drafted[-1]
                owner = agent(app.get_existing_home(BUREAU, contract)["agent_id"])
                ready_contract(app, owner, contract)
        except DomainError:
            pass
        live = [c for c in drafted if app.get_existing_home(BUREAU, c)["state"] not in ("deleted", "cancelled")]
        assert len(live) <= 1
        claim = app.find(property_claim_id("ZS-0001"))
        assert (claim.contract_id if claim else None) == (live[0] if live else None)


def ready_contract(app, ctx, contract: str) -> None:
    """Complete, sign (every party through the fake providers) and file the contract."""
    fakes = FakeProviders()
    app.set_existing_home_parties(ctx, contract, {"sellers": [SELLER], "buyers": TWO_BUYERS,
                                                  "buyer_co_ownership": "shares"})
    app.set_existing_home_terms(ctx, contract, {"price_fen": 1, "payment_method": "full",
                                                "handover_date": "2027-01-31", "clauses": {}})
    app.set_existing_home_applicant(ctx, contract, {"name": "王小明", "phone": "13912345678", "id_number": BUYER_A_ID})
    app.set_existing_home_rating(ctx, contract, {"rating": "good"})
    app.set_existing_home_escrow(ctx, contract, {"chosen": False, "waiver_declared": True})
    app.set_existing_home_notes(ctx, contract, {"notes": "注意事项"})
    app.submit_existing_home(ctx, contract)
    links = {s["party_id"]: s["link"] for s in app.open_existing_home_order(ctx, contract)["order"]["signers"]}
    for party, number in {**NUMBERS, "buyer-2": BUYER_B_ID}.items():
        sign_as(app, fakes, links[party], number)
    app.request_existing_home_filing(ctx, contract)
    app.record_existing_home_filed(contract, f"CLBA2026{len(contract):06d}")
