"""The existing-home contract at the window and its cancellation, in the contracts application (memory):
R001.16 window signing with a minor seller, R001.17 online cancellation signed by both parties and refused once
the transfer is accepted or for a window filing, R001.18 window cancellation under the bureau's review."""
from __future__ import annotations

import base64
import uuid
from datetime import date

import pytest

from shared.errors import Conflict, Forbidden, InvalidInput, RuleViolation
from shared.identity_documents import resident_id_number
from services.contracts.adapters.outbound_events import OUTBOUND
from tests.unit.existing_home_support import BUYER_A_ID, OWNER_ID, PROPERTY, row
from tests.unit.lease_support import FakeProviders
from tests.unit.test_existing_home_sales import (AGENCY_ID, BUREAU, agent, app, fixed, ready,  # noqa: F401
                                                 sign_as, verified)

MINOR_ID = resident_id_number("442000", date(2012, 6, 1), 51)
FATHER_ID = resident_id_number("442000", date(1980, 2, 2), 61)
MOTHER_ID = resident_id_number("442000", date(1982, 3, 3), 72)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
IMAGE = {"content_type": "image/png", "data_base64": base64.b64encode(PNG).decode()}
PARENTS = [{"relation": "father", "name": "李建国", "id_number": FATHER_ID},
           {"relation": "mother", "name": "张丽", "id_number": MOTHER_ID}]
NUMBERS = {"seller-1": OWNER_ID, "buyer-1": BUYER_A_ID}


def signed_and_filed(app, number="CLBA2026000001") -> str:
    fakes = FakeProviders()
    contract = ready(app)
    order = app.open_existing_home_order(agent(), contract)["order"]
    for signer in order["signers"]:
        sign_as(app, fakes, signer["link"], NUMBERS.get(signer["party_id"]) or _buyer_b())
    app.request_existing_home_filing(agent(), contract)
    app.record_existing_home_filed(contract, number)
    return contract


def _buyer_b():
    from tests.unit.existing_home_support import BUYER_B_ID
    return BUYER_B_ID


def published(app, contract_id):
    forms = [OUTBOUND.published_form(e) for e in app.events.get(uuid.UUID(contract_id))]
    return [(language.name, payload) for language, payload in (f for f in forms if f is not None)]


def test_r001_17_both_parties_sign_the_cancellation_then_the_filing_is_cancelled_and_the_property_free(app, fixed):
    fakes = FakeProviders()
    contract = signed_and_filed(app)
    opened = app.open_existing_home_cancellation(agent(), contract, "买方贷款未获批准")
    assert opened["state"] == "cancellation_open" and opened["order"]["purpose"] == "cancellation"
    with pytest.raises(RuleViolation) as early:
        app.file_existing_home_cancellation(agent(), contract)
    assert early.value.code == "not_all_signed"
    for signer in opened["order"]["signers"]:
        sign_as(app, fakes, signer["link"], NUMBERS.get(signer["party_id"]) or _buyer_b())
    app.file_existing_home_cancellation(agent(), contract)
    assert ("ExistingHomeCancellationRequested", {"filing_number": "CLBA2026000001", "route": "online",
                                                  "reason": "买方贷款未获批准"}) in [
        (name, {k: p[k] for k in ("filing_number", "route", "reason")}) for name, p in published(app, contract)
        if name == "ExistingHomeCancellationRequested"]
    assert app.record_existing_home_filing_cancelled(contract) is True
    assert app.record_existing_home_filing_cancelled(contract) is False
    assert app.get_existing_home(BUREAU, contract)["state"] == "cancelled"
    names = [name for name, _ in published(app, contract)]
    assert names[-1] == "ExistingHomeContractCancelled"
    assert app.draft_existing_home(agent(), verified(app), "online")["created"] is True


def test_r001_17_cancellation_is_refused_once_the_registry_accepted_the_transfer(app, fixed):
    contract = signed_and_filed(app)
    assert app.record_existing_home_transfer_accepted("ZS-0001", "CLBA2026999999") is False  # another filing
    assert app.record_existing_home_transfer_accepted("ZS-0001", "CLBA2026000001") is True
    assert app.record_existing_home_transfer_accepted("ZS-0001", "CLBA2026000001") is False
    with pytest.raises(Conflict) as refused:
        app.open_existing_home_cancellation(agent(), contract, "卖方反悔")
    assert (refused.value.code, refused.value.status) == ("transfer_accepted", 409)
    assert app.get_existing_home(BUREAU, contract)["state"] == "filed"


def test_r001_17_a_transfer_accepted_while_the_parties_sign_stops_the_cancellation(app, fixed):
    fakes = FakeProviders()
    contract = signed_and_filed(app)
    opened = app.open_existing_home_cancellation(agent(), contract, "买方放弃")
    for signer in opened["order"]["signers"]:
        sign_as(app, fakes, signer["link"], NUMBERS.get(signer["party_id"]) or _buyer_b())
    app.record_existing_home_transfer_accepted("ZS-0001", "CLBA2026000001")
    with pytest.raises(Conflict) as refused:
        app.file_existing_home_cancellation(agent(), contract)
    assert refused.value.code == "transfer_accepted"


def minor_sellers_contract(app) -> str:
    ctx = agent()
    verification = str(uuid.uuid4())
    app.record_property_verified(verification, {
        "agency_id": AGENCY_ID, "agent_account_id": "agent-1", "property_id": "ZS-0001",
        **PROPERTY, "owner_names": ["李**"], "mortgaged": False})
    contract = app.draft_existing_home(ctx, verification, "window")["contract_id"]
    app.set_existing_home_parties(ctx, contract, {"sellers": [row("李小明", MINOR_ID)],
                                                  "buyers": [row("王小明", BUYER_A_ID)]})
    app.set_existing_home_terms(ctx, contract, {"price_fen": 98_000_000, "payment_method": "full",
                                                "handover_date": "2027-02-28", "clauses": {}})
    app.set_existing_home_applicant(ctx, contract, {"name": "王小明", "phone": "13912345678", "id_number": BUYER_A_ID})
    app.set_existing_home_rating(ctx, contract, {"rating": "good", "comment": ""})
    app.set_existing_home_escrow(ctx, contract, {"chosen": False, "waiver_declared": True})
    app.set_existing_home_notes(ctx, contract, {"notes": "卖方为未成年人，父母双方到场"})
    app.submit_existing_home(ctx, contract)
    return contract


def window_body(**changes):
    return {"present": [{"party_id": "seller-1", "in_person": True, "guardians": PARENTS, "kinship_proof": IMAGE},
                        {"party_id": "buyer-1", "in_person": True}],
            "signed_pages": [IMAGE], "waiver_declaration": IMAGE, **changes}


def test_r001_16_a_minor_seller_signs_at_the_window_with_both_parents_and_the_bureau_files_it(app, fixed):
    contract = minor_sellers_contract(app)
    with pytest.raises(RuleViolation) as online:
        app.open_existing_home_order(agent(), contract)
    assert online.value.code in ("minor_needs_window", "wrong_state")
    with pytest.raises(Forbidden):
        app.sign_existing_home_at_window(agent(), contract, window_body())
    version = app.get_existing_home(BUREAU, contract)["version"]
    one_parent = window_body(present=[{**window_body()["present"][0], "guardians": PARENTS[:1]},
                                      window_body()["present"][1]])
    for body, code in ((one_parent, "minor_needs_both_parents"),
                       (window_body(present=[{**window_body()["present"][0], "kinship_proof": None},
                                             window_body()["present"][1]]), "kinship_proof_required"),
                       (window_body(waiver_declaration=None), "waiver_declaration_required")):
        with pytest.raises(RuleViolation) as refused:
            app.sign_existing_home_at_window(BUREAU, contract, body)
        assert refused.value.code == code
    too_large = {"content_type": "image/png", "data_base64": base64.b64encode(PNG + bytes(500 * 1024)).decode()}
    with pytest.raises(InvalidInput) as large:
        app.sign_existing_home_at_window(BUREAU, contract, window_body(signed_pages=[too_large]))
    assert large.value.code == "image_too_large"
    assert app.get_existing_home(BUREAU, contract)["version"] == version
    view = app.sign_existing_home_at_window(BUREAU, contract, window_body())
    assert view["state"] == "window_review"
    [(_, request)] = [(n, p) for n, p in published(app, contract) if n == "ExistingHomeFilingRequested"]
    assert request["mode"] == "window" and IMAGE["data_base64"] not in str(request)
    sha = request["window"]["signed_pages"][0]["sha256"]
    assert app.window_evidence_image(BUREAU, contract, sha) == IMAGE
    assert app.record_existing_home_filed(contract, "CLBA2026000002") is True
    assert app.get_existing_home(BUREAU, contract)["state"] == "filed"
    with pytest.raises(RuleViolation) as at_window:
        app.open_existing_home_cancellation(agent(), contract, "协商解除")
    assert at_window.value.code == "filed_at_window"


def test_r001_16_a_rejected_window_filing_is_corrected_and_signed_again(app, fixed):
    contract = minor_sellers_contract(app)
    app.sign_existing_home_at_window(BUREAU, contract, window_body())
    assert app.record_existing_home_filing_rejected(contract, ["签章页不清晰"]) is True
    assert app.record_existing_home_filing_rejected(contract, ["签章页不清晰"]) is False
    assert app.get_existing_home(BUREAU, contract)["state"] == "window_rejected"
    app.set_existing_home_notes(agent(), contract, {"notes": "重新上传清晰的签章页"})
    app.resubmit_existing_home(agent(), contract)
    assert app.sign_existing_home_at_window(BUREAU, contract, window_body())["state"] == "window_review"


def test_r001_18_a_window_cancellation_with_the_termination_agreement_and_photos_is_reviewed(app, fixed):
    contract = signed_and_filed(app)
    body = {"termination_agreement": IMAGE, "photos": [IMAGE, IMAGE], "reason": "双方协商一致解除"}
    with pytest.raises(RuleViolation) as one_photo:
        app.cancel_existing_home_at_window(BUREAU, contract, {**body, "photos": [IMAGE]})
    assert one_photo.value.code == "party_photos_required"
    assert app.cancel_existing_home_at_window(BUREAU, contract, body)["state"] == "window_cancellation_review"
    assert app.record_existing_home_cancellation_refused(contract, ["终止协议缺少买方签字"]) is True
    assert app.get_existing_home(BUREAU, contract)["state"] == "filed"
    app.cancel_existing_home_at_window(BUREAU, contract, body)
    assert app.record_existing_home_filing_cancelled(contract) is True
    cancelled = [p for n, p in published(app, contract) if n == "ExistingHomeContractCancelled"]
    assert cancelled[-1]["route"] == "window" and cancelled[-1]["filing_number"] == "CLBA2026000001"
