"""R001.16 and R001.18 at the window, in the domain: presence (in person, proxy with a notarized power of
attorney naming this matter, a minor with both parents and the proof of kinship), signed pages, the waiver
declaration without escrow, the termination agreement and both parties' photos; images PNG/JPEG of 500 KB."""
import json
from datetime import date

import pytest

from shared.errors import InvalidInput, RuleViolation
from shared.identity_documents import resident_id_number
from services.contracts.domain import window_signing as window
from tests.unit.existing_home_support import BUYER_A_ID, OWNER_ID, row

TODAY = date(2026, 12, 1)
MINOR_ID = resident_id_number("442000", date(2012, 6, 1), 51)
FATHER_ID = resident_id_number("442000", date(1980, 2, 2), 61)
MOTHER_ID = resident_id_number("442000", date(1982, 3, 3), 72)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
IMAGE = window.checked_image("x", "image/png", PNG)
SIGNERS = [{"party_id": "seller-1", "role": "seller", "row": row("李小明", MINOR_ID)},
           {"party_id": "buyer-1", "role": "buyer", "row": row("王小明", BUYER_A_ID)}]
PARENTS = [{"relation": "father", "name": "李建国", "id_number": FATHER_ID},
           {"relation": "mother", "name": "张丽", "id_number": MOTHER_ID}]
PROXY = {"name": "赵代理", "id_number": OWNER_ID, "poa_notarized": True,
         "poa_matter": "委托办理存量房买卖合同网签备案"}


def record(*present, signers=SIGNERS):
    return window.presence_record(signers, present, contract_number="CL2026000001", today=TODAY)


def minor_seller(**changes):
    return {"party_id": "seller-1", "in_person": True, "guardians": PARENTS, "kinship_proof": IMAGE, **changes}


BUYER_IN_PERSON = {"party_id": "buyer-1", "in_person": True}


def code_of(call, error=RuleViolation):
    with pytest.raises(error) as refused:
        call()
    return refused.value.code


def test_r001_16_a_minor_seller_with_both_parents_and_the_kinship_proof_is_recorded():
    [seller, buyer] = record(minor_seller(), BUYER_IN_PERSON)
    assert [g["relation"] for g in seller["guardians"]] == ["father", "mother"]
    assert seller["kinship_proof"] == IMAGE and FATHER_ID not in str(seller)
    assert buyer == {"party_id": "buyer-1", "role": "buyer", "in_person": True}


@pytest.mark.parametrize("guardians", [PARENTS[:1], [PARENTS[0], {**PARENTS[1], "relation": "father"}],
                                       [PARENTS[0], {**PARENTS[1], "id_number": FATHER_ID}],
                                       [PARENTS[0], {**PARENTS[1], "id_number": MINOR_ID}], []],
                         ids=["one parent", "two fathers", "the same person twice", "the minor as parent", "none"])
def test_r001_16_a_minor_needs_both_parents(guardians):
    assert code_of(lambda: record(minor_seller(guardians=guardians), BUYER_IN_PERSON)) == "minor_needs_both_parents"


def test_r001_16_a_minor_needs_the_proof_of_kinship():
    assert code_of(lambda: record(minor_seller(kinship_proof=None), BUYER_IN_PERSON)) == "kinship_proof_required"


@pytest.mark.parametrize("proxy", [None, {**PROXY, "poa_notarized": False}, {**PROXY, "poa_matter": "代为办理房产事务"},
                                   {**PROXY, "poa_matter": "委托办理注销存量房买卖合同网签备案"}],
                         ids=["no proxy", "not notarized", "another matter", "the cancellation's matter"])
def test_r001_16_a_proxy_needs_a_notarized_power_of_attorney_naming_this_matter(proxy):
    absent_buyer = {"party_id": "buyer-1", "in_person": False, "proxy": proxy}
    assert code_of(lambda: record(minor_seller(), absent_buyer)) == "poa_required"


def test_r001_16_a_proxy_whose_power_of_attorney_names_the_matter_or_the_contract_is_recorded_masked():
    for matter in (PROXY["poa_matter"], "委托办理CL2026000001号合同的签约"):
        [_, buyer] = record(minor_seller(), {"party_id": "buyer-1", "in_person": False,
                                             "proxy": {**PROXY, "poa_matter": matter}})
        assert buyer["proxy"]["name"] == "赵代理" and OWNER_ID not in str(buyer)


def test_r001_16_every_party_is_recorded_once():
    assert code_of(lambda: record(minor_seller())) == "party_presence_required"
    assert code_of(lambda: record(minor_seller(), BUYER_IN_PERSON, BUYER_IN_PERSON), InvalidInput) == \
        "duplicate_party"
    assert code_of(lambda: record(minor_seller(), {"party_id": "buyer-9", "in_person": True}), InvalidInput) == \
        "unknown_party"


def test_r001_16_signed_pages_and_without_escrow_the_waiver_declaration():
    presence = record(minor_seller(), BUYER_IN_PERSON)
    assert code_of(lambda: window.signing_record(presence, [], None, {"chosen": True})) == "signed_pages_required"
    assert code_of(lambda: window.signing_record(presence, [IMAGE], None, {"chosen": False})) == \
        "waiver_declaration_required"
    kept = window.signing_record(presence, [IMAGE], IMAGE, {"chosen": False, "waiver_declared": True})
    assert kept["waiver_declaration"] == IMAGE and kept["signed_pages"] == [IMAGE]
    assert window.signing_record(presence, [IMAGE], IMAGE, {"chosen": True})["waiver_declaration"] is None


def test_r001_16_images_are_png_or_jpeg_of_at_most_500_kb():
    assert window.checked_image("page", "image/jpeg", b"\xff\xd8\xff" + bytes(500 * 1024 - 3))["size"] == 500 * 1024
    assert code_of(lambda: window.checked_image("page", "image/png", PNG + bytes(500 * 1024)), InvalidInput) == \
        "image_too_large"
    assert code_of(lambda: window.checked_image("page", "image/jpeg", PNG), InvalidInput) == "unsupported_media_type"
    assert code_of(lambda: window.checked_image("page", "image/gif", b"GIF89a"), InvalidInput) == \
        "unsupported_media_type"


def test_r001_18_a_window_cancellation_brings_the_termination_agreement_and_both_parties_photos():
    assert code_of(lambda: window.cancellation_evidence(None, [IMAGE, IMAGE])) == "termination_agreement_required"
    assert code_of(lambda: window.cancellation_evidence(IMAGE, [IMAGE])) == "party_photos_required"
    assert window.cancellation_evidence(IMAGE, [IMAGE, IMAGE]) == {"termination_agreement": IMAGE,
                                                                   "photos": [IMAGE, IMAGE]}


def test_r001_16_a_window_body_may_carry_its_images_where_other_bodies_stop_at_the_usual_limit():
    from services.gateway import commands
    from services.gateway.routes import BY_NAME

    size = commands.MAX_BODY_BYTES + 1
    raw = json.dumps({"reason": "x" * size}).encode()
    with pytest.raises(InvalidInput) as refused:
        commands.json_object(BY_NAME["open_existing_home_cancellation"], raw, "application/json", len(raw))
    assert refused.value.code == "body_too_large"
    window = BY_NAME["sign_existing_home_at_window"]
    assert commands.json_object(window, raw, "application/json", len(raw)) is not None
    too_large = commands.body_limit(window) + 1
    with pytest.raises(InvalidInput):
        commands.json_object(window, raw, "application/json", too_large)
