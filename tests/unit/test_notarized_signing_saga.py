"""The notarized-signing saga in memory (guide 002, R002.1–R002.8): the real consumer declaration over the
contracts' and notary's published logs, commands sent to real in-memory applications with idempotency keys."""
from __future__ import annotations

import inspect
import re
from datetime import timedelta

import pytest

from shared.context import SYSTEM
from shared.errors import Conflict, RuleViolation, TooManyRequests, Unauthenticated
from services.contracts.domain.contract import Contract
from services.contracts.domain.room_claim import claim_id
from services.filing.domain.filing_case import case_id as filing_case_id
from services.notary.adapters.consumers import NOTARIZED_SIGNING
from services.notary.application import notarized_signing_saga
from services.notary.application.notarized_signing_saga import explained
from services.notary.domain.saga import saga_id
from tests.unit.notary_support import MAINLAND_ID, PASSPORT, World, upload, png
from tests.unit.test_selection import fixed  # noqa: F401 (fixture)


@pytest.fixture
def world(fixed):
    return World()


def file_it(world: World, contract_id: str) -> dict:
    world.run_saga()
    filing = world.filing.approve(world.officer.__class__(actor_id="b", role="bureau_officer"),
                                  str(filing_case_id(contract_id)))
    world.contracts.record_filing(SYSTEM, contract_id, filing["filing_number"])
    world.run_saga()
    return filing


@pytest.mark.parametrize("mainland", [True, False], ids=["mainland", "non-mainland"])
def test_R002_2_to_R002_8_a_pushed_contract_is_notarized_and_filed_with_its_certificate(world, mainland):
    contract_id = world.pushed_contract(*(("resident_id", MAINLAND_ID) if mainland else ("passport", PASSPORT)))
    case_id = world.case_of(contract_id)
    notarization = world.contracts.notarization(world.developer, contract_id)
    assert notarization["state"] == "case_opened" and "#case=" in notarization["case"]["qr_url"]
    (world.mainland_buyer_submits if mainland else world.non_mainland_buyer_submits)(case_id)
    assert world.notary.get_case(world.officer, case_id)["state"] == "submitted"
    approved = world.notary.approve(world.officer, case_id)
    filing = file_it(world, contract_id)
    contract = world.contracts.get(contract_id, Contract, "contract")
    assert contract.state == "filed"
    assert filing["certificate"]["certificate_number"] == approved["certificate"]["certificate_number"]
    assert filing["certificate"]["content_hash"] == filing["text_hash"] == contract.current_hash
    history = world.notary.history(SYSTEM, contract_id, lambda: "")
    steps = [step["step"] for step in history["sagas"][0]["steps"]]
    assert steps == ["started", "open_case", "show_qr_code", "identity_verified_before_reading", "documents_read",
                     "materials_uploaded", "identity_verified_at_submission", "submitted",
                     "submit_with_certificate", "filed", "completed"]
    assert len(explained(history)) == len(steps) + 1


def test_R002_3_a_face_report_for_anyone_but_the_buyer_does_not_verify(world):
    case_id = world.case_of(world.pushed_contract())
    world.notary.start_face_verification(world.buyer(case_id), case_id, world.face, "http://cb")
    world.face.report(world.notary, id_number="110105194912310029")
    assert world.notary.get_case(SYSTEM, case_id)["state"] == "case_opened"


def test_R002_4_a_non_mainland_buyer_verifies_by_document_not_face(world):
    case_id = world.case_of(world.pushed_contract("passport", PASSPORT))
    with pytest.raises(Conflict) as refused:
        world.notary.start_face_verification(world.buyer(case_id), case_id, world.face, "http://cb")
    assert refused.value.code == "wrong_verification_method"


def test_R002_4_a_signature_from_an_album_and_a_short_video_are_refused(world):
    from services.notary.domain import evidence
    case_id = world.case_of(world.pushed_contract("passport", PASSPORT))
    buyer = world.buyer(case_id)
    world.notary.verify_document(buyer, case_id, upload(png(1)))
    world.notary.read_documents(buyer, case_id, ["sale_contract", "notarization_application", "notarization_notice",
                                                 "case_record"])
    album = {"source": "album", "captured_at": "x", "device_id": "d", "signature": "0" * 64}
    for capture, code in ((None, "capture_not_live"), (album, "capture_not_live"),
                          ({**album, "source": "camera"}, "capture_signature_invalid")):
        with pytest.raises(Exception) as refused:
            world.notary.upload_material(buyer, case_id, "signature", upload(png(2)), capture)
        assert refused.value.code == code
    with pytest.raises(Exception) as short:
        world.notary.upload_material(buyer, case_id, "evidence_video", upload(evidence.mp4(5), "video/mp4"), None)
    assert short.value.code == "video_duration"
    assert world.notary.get_case(SYSTEM, case_id)["materials"] == ["id_document_first"]


def test_R002_5_all_four_documents_must_be_confirmed(world):
    case_id = world.case_of(world.pushed_contract("passport", PASSPORT))
    world.notary.verify_document(world.buyer(case_id), case_id, upload(png(1)))
    with pytest.raises(RuleViolation) as refused:
        world.notary.read_documents(world.buyer(case_id), case_id, ["sale_contract"])
    assert refused.value.code == "documents_unread"


def test_R002_1_the_push_needs_the_password_and_the_drawings(world):
    contract_id = world.pushed_contract()
    # a second push while the case runs is refused
    with pytest.raises(RuleViolation) as refused:
        world.contracts.push_to_notary(world.developer, contract_id, office_id="x", buyer_id_type="resident_id",
                                       buyer_id_number=MAINLAND_ID, pdf=b"%PDF", subject_of=str)
    assert refused.value.code == "invalid_notarization_state"


def test_R002_1_wrong_contract_passwords_are_throttled(world, fixed):
    contract_id = world.pushed_contract()
    assert world.contracts.verify_contract_password(SYSTEM, contract_id, "buyer-pass-1") is True
    for _ in range(5):
        assert world.contracts.verify_contract_password(SYSTEM, contract_id, "wrong") is False
    with pytest.raises(TooManyRequests):
        world.contracts.verify_contract_password(SYSTEM, contract_id, "buyer-pass-1")
    fixed.advance(timedelta(minutes=16))
    assert world.contracts.verify_contract_password(SYSTEM, contract_id, "buyer-pass-1") is True


def test_R002_2_a_forged_or_expired_qr_link_opens_nothing(world, fixed):
    case_id = world.case_of(world.pushed_contract())
    qr = world.notary.qr(world.notary.find(case_id))
    expires = int(qr["qr_url"].split("expires=")[1].split("&")[0])
    signature = qr["qr_url"].split("signature=")[1]
    assert str(world.notary.buyer_link(case_id, expires, signature).id) == case_id
    with pytest.raises(Unauthenticated):
        world.notary.buyer_link(case_id, expires + 1, signature)
    fixed.advance(timedelta(days=8))
    with pytest.raises(Unauthenticated):
        world.notary.buyer_link(case_id, expires, signature)


def test_R002_6_a_rejected_case_returns_the_contract_to_the_developer_and_keeps_the_room(world):
    contract_id = world.pushed_contract()
    case_id = world.case_of(contract_id)
    world.mainland_buyer_submits(case_id)
    world.notary.reject(world.officer, case_id, ["手持身份证照片不清晰"])
    world.run_saga()
    notarization = world.contracts.notarization(world.developer, contract_id)
    assert notarization["state"] == "returned" and notarization["returns"][0]["reasons"] == ["手持身份证照片不清晰"]
    contract = world.contracts.get(contract_id, Contract, "contract")
    assert contract.state == "notarizing"
    assert world.contracts.find(claim_id(contract.room_id)).contract_id == contract_id
    saga = world.notary.find(saga_id(contract_id, 1))
    assert saga.state == "compensated" and saga.history[-2]["kind"] == "compensation"


def test_a_case_not_completed_in_time_expires_and_the_sale_fails(world, fixed):
    contract_id = world.pushed_contract()
    case_id = world.case_of(contract_id)
    policy = world.saga.policy
    assert world.index.due(fixed.now()) == []
    fixed.advance(timedelta(days=7, seconds=1))
    due = world.index.due(fixed.now())
    assert due == [str(saga_id(contract_id, 1))]
    assert policy.time_out(None, due[0]) is True
    assert policy.time_out(None, due[0]) is False  # again: nothing more
    contract = world.contracts.get(contract_id, Contract, "contract")
    assert (contract.state, contract.cancel_reason) == ("cancelled", "notarization_expired")
    assert world.contracts.find(claim_id(contract.room_id)).contract_id is None
    assert world.notary.get_case(SYSTEM, case_id)["state"] == "expired"
    assert world.index.due(fixed.now()) == []


def test_a_deadline_after_the_approval_compensates_nothing(world, fixed):
    contract_id = world.pushed_contract()
    case_id = world.case_of(contract_id)
    world.mainland_buyer_submits(case_id)
    world.notary.approve(world.officer, case_id)
    fixed.advance(timedelta(days=8))
    assert world.saga.policy.time_out(None, str(saga_id(contract_id, 1))) is False
    world.run_saga()
    assert world.contracts.get(contract_id, Contract, "contract").state == "confirmed"


def test_compensations_whose_steps_never_happened_change_nothing(world):
    contract_id = world.pushed_contract()
    world.run_saga()
    before = world.contracts.recorder.max_notification_id()
    assert world.contracts.void_notarization(SYSTEM, contract_id, attempt=2)["changed"] is False
    assert world.contracts.return_notarization(SYSTEM, contract_id, attempt=2, reasons=["x"])["changed"] is False
    assert world.notary.expire_case(SYSTEM, "00000000-0000-0000-0000-000000000000")["state"] is None
    assert world.contracts.recorder.max_notification_id() == before


def test_every_event_redelivered_takes_no_step_twice(world):
    contract_id = world.pushed_contract()
    case_id = world.case_of(contract_id)
    world.mainland_buyer_submits(case_id)
    world.notary.approve(world.officer, case_id)
    world.run_saga()
    sent, stored = list(world.commands.sent), world.contracts.recorder.max_notification_id()
    world.index.positions.clear()  # as if every position were lost: everything is delivered again
    world.run_saga()
    assert world.contracts.recorder.max_notification_id() == stored
    assert len({key for _, _, key in world.commands.sent}) == len({key for _, _, key in sent})
    assert [s["step"] for s in world.notary.find(saga_id(contract_id, 1)).history].count("open_case") == 1


def test_R002_7_a_contract_changed_after_the_push_cannot_be_filed_with_the_old_certificate(world):
    contract_id = world.pushed_contract()
    case_id = world.case_of(contract_id)
    world.mainland_buyer_submits(case_id)
    world.notary.approve(world.officer, case_id)
    world.run_saga()
    world.filing.reject(world.officer.__class__(actor_id="b", role="bureau_officer"),
                        str(filing_case_id(contract_id)), ["面积有误"])
    world.contracts.reject_filing(SYSTEM, contract_id, f"{filing_case_id(contract_id)}/1", ["面积有误"])
    world.contracts.save_clause(world.developer, contract_id, "clause-3", {"floor_area": "90.00"})
    with pytest.raises(RuleViolation) as refused:
        world.contracts.resubmit(world.developer, contract_id)
    assert refused.value.code == "certificate_hash_mismatch"
    assert set(refused.value.details) == {"certificate_hash", "contract_hash"}


TABLE_ROW = re.compile(r"^\|\s*(\w+) (\w+)\s*\|\s*(step|compensation)\s*\|$", re.M)


def test_the_saga_modules_table_is_what_its_declaration_reads():
    documented = set(TABLE_ROW.findall(inspect.getdoc(notarized_signing_saga)))
    declared = {(read.source, read.type, read.kind) for read in NOTARIZED_SIGNING.reads}
    assert documented and documented == declared


def test_R002_8_filing_takes_a_certificate_only_for_the_text_it_files(world):
    from services.filing.domain.filing_case import FilingCase
    case = FilingCase.submit(contract_id="c", developer_id="d", project_id="p", room_id="r", text_hash="a" * 64)
    with pytest.raises(RuleViolation) as refused:
        case.attach_certificate({"certificate_number": "n", "content_hash": "b" * 64, "bundle_sha256": "x"})
    assert refused.value.code == "certificate_hash_mismatch" and case.certificate is None
    case.attach_certificate({"certificate_number": "n", "content_hash": "a" * 64, "bundle_sha256": "x"})
    assert case.certificate["certificate_number"] == "n"
