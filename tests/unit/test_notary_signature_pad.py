"""The notary's signature pad (R002.4: the signature captured live, never from an album) and the evidence the
office reviews."""
from __future__ import annotations

import pytest
from marshmallow import ValidationError

from shared.errors import InvalidInput, NotFound
from services.notary.adapters.signature_pad import render_signature
from services.notary.api.requests import SignaturePadSchema
from tests.unit.notary_support import World

NAME = [[[100 + 10 * i, 200 + (i % 3) * 20] for i in range(20)], [[300, 100], [320, 300]]]


@pytest.fixture
def world():
    return World()


def documents_read(world: World) -> str:
    case_id = world.case_of(world.pushed_contract())
    buyer = world.buyer(case_id)
    world.notary.start_face_verification(buyer, case_id, world.face, "http://cb")
    world.face.report(world.notary)
    world.notary.read_documents(buyer, case_id, ["sale_contract", "notarization_application",
                                                 "notarization_notice", "case_record"])
    return case_id


def test_R002_4_a_signature_drawn_on_the_pad_is_a_signed_live_capture(world):
    case_id = documents_read(world)
    case = world.notary.sign_on_pad(world.buyer(case_id), case_id, NAME, render_signature)
    assert "signature" in case["materials"]
    signature = world.notary.material(world.officer, case_id, "signature")
    assert signature["content_type"] == "image/png" and signature["capture"]["source"] == "signature_pad"
    assert signature["data_base64"].startswith("iVBORw0KGgo")


def test_R002_4_a_dot_or_a_stray_line_is_not_a_signature(world):
    case_id = documents_read(world)
    for strokes in ([[[500, 200]]], [[[100, 100], [110, 105]]]):
        with pytest.raises(InvalidInput) as refused:
            world.notary.sign_on_pad(world.buyer(case_id), case_id, strokes, render_signature)
        assert refused.value.code == "signature_too_short"
    assert "signature" not in world.notary.get_case(world.buyer(case_id), case_id)["materials"]


@pytest.mark.parametrize("body", [{"strokes": []}, {"strokes": [[[1001, 0]]]}, {"strokes": [[[1, 2, 3]]]},
                                  {"strokes": [[["1", 2]]]}, {"strokes": [[[1.5, 2]]]}, {"strokes": "x"}, {}])
def test_R002_4_the_pad_takes_only_points_inside_it(body):
    with pytest.raises(ValidationError):
        SignaturePadSchema().load(body)


def test_R002_6_only_the_office_sees_the_buyers_evidence_and_only_what_was_uploaded(world):
    case_id = documents_read(world)
    world.notary.sign_on_pad(world.buyer(case_id), case_id, NAME, render_signature)
    with pytest.raises(NotFound):
        world.notary.material(world.buyer(case_id), case_id, "signature")
    with pytest.raises(NotFound):
        world.notary.material(world.officer, case_id, "id_front")
