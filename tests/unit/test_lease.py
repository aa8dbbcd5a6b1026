"""Lease signing after selection (guide 004, R004.11–R004.15) in memory: each step's rule, the order the
guide imposes, idempotent provider reports, the bureau's review, the deadline, and hypothesis invariants
over random sequences of family commands, provider reports and the bureau's decisions."""
import hashlib
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from shared import clock
from shared.context import SYSTEM, CommandContext
from shared.errors import Forbidden, InvalidInput, RuleViolation
from shared.identity_documents import resident_id_number
from services.contracts.api.subjects import subject_hash
from services.contracts.application.app import ContractsApplication
from services.contracts.domain.lease import Lease, lease_term
from tests.unit.lease_support import FakeProviders, face_report, family_ctx, opened, walk

OFFICER = CommandContext(actor_id="officer-1", role="bureau_officer")


@pytest.fixture
def app():
    return ContractsApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


@pytest.fixture
def fakes():
    return FakeProviders()


@pytest.fixture
def fixed_clock():
    fixed = clock.FixedClock(datetime(2026, 11, 21, 1, 0, tzinfo=timezone.utc))
    previous = clock.use_clock(fixed)
    yield fixed
    clock.use_clock(previous)


def test_an_allocation_opens_one_lease_with_rent_and_deposit_from_the_round_terms(app):
    lease = opened(app)
    assert opened(app) == lease  # the policy may see the allocation again
    view = app.my_lease(family_ctx(), "6d1f0a8e-3b43-4c55-9d6e-7f8091a2b3c4")
    assert view["lease_id"] == lease
    assert view["monthly_rent"] == "1962.00" and view["deposit"] == "3924.00"  # 65.40 m² × 30.00, × 2 months
    assert view["next_step"] == "confirm_phone"


def test_R004_11_the_family_sees_the_leased_room_and_changes_its_phone(app):
    lease = opened(app)
    view = app.change_phone(family_ctx(), lease, "13912345678")
    assert view["room"]["room_number"] == "1203"
    assert view["phone_masked"] == "139****5678"
    with pytest.raises(InvalidInput) as bad:
        app.change_phone(family_ctx(), lease, "12345")
    assert bad.value.code == "invalid_phone"
    assert app.get_lease(family_ctx(), lease)["phone_masked"] == "139****5678"


def test_R004_11_another_family_cannot_see_or_change_the_lease(app):
    lease = opened(app)
    with pytest.raises(Forbidden):
        app.get_lease(family_ctx("F0008"), lease)
    with pytest.raises(Forbidden):
        app.change_phone(family_ctx("F0008"), lease, "13912345678")


def test_R004_12_bank_auto_debit_is_required_before_face_verification(app, fakes):
    lease = walk(app, fakes, "phone")
    with pytest.raises(RuleViolation) as refused:
        app.start_face_verification(family_ctx(), lease, fakes, "http://cb")
    assert refused.value.code == "mandate_required"
    assert fakes.calls == []  # the provider was never asked
    app.record_mandate_refused(SYSTEM, {"lease_id": lease, "mandate_ref": "M0", "reason": "invalid_card_number"})
    assert app.get_lease(family_ctx(), lease)["mandate_refusal"] == "invalid_card_number"
    app.record_mandate(SYSTEM, {"lease_id": lease, "mandate_ref": "M1",
                                                         "card_masked": "**** **** **** 1234"})
    assert app.get_lease(family_ctx(), lease)["next_step"] == "face_verification"


def test_R004_13_face_verification_opens_a_provider_session_and_records_the_verified_person(app, fakes):
    lease = walk(app, fakes, "mandate")
    session = app.start_face_verification(family_ctx(), lease, fakes, "http://cb/face")["face_verification"]
    assert session["qr_url"].startswith("https://face.example/")
    assert app.record_face_result(SYSTEM, face_report(session["session_id"], lease)) is True
    assert app.record_face_result(SYSTEM, face_report(session["session_id"], lease)) is False  # repeated callback
    view = app.get_lease(family_ctx(), lease)
    assert view["tenant"] == {"name": "张三", "id_masked": "440***********1234"}
    assert view["next_step"] == "sign"


def test_R004_13_a_failed_face_verification_can_be_tried_again(app, fakes):
    lease = walk(app, fakes, "mandate")
    first = app.start_face_verification(family_ctx(), lease, fakes, "http://cb")["face_verification"]
    app.record_face_result(SYSTEM, face_report(first["session_id"], lease, passed=False))
    with pytest.raises(RuleViolation) as early:
        app.start_signing(family_ctx(), lease, fakes, "http://cb")
    assert early.value.code == "face_verification_required"
    second = app.start_face_verification(family_ctx(), lease, fakes, "http://cb")["face_verification"]
    app.record_face_result(SYSTEM, face_report(first["session_id"], lease))  # a late report of the old attempt
    assert app.get_lease(family_ctx(), lease)["tenant"] is None
    app.record_face_result(SYSTEM, face_report(second["session_id"], lease))
    assert app.get_lease(family_ctx(), lease)["tenant"]["name"] == "张三"


def test_R004_13_only_the_signed_in_main_applicant_passes_the_face_verification(app, fakes):
    """R001.1: a signature is attributable to a verified person, the one who signed in for the family."""
    lease = walk(app, fakes, "mandate")
    applicant = face_report("x", lease)["subject_hash"]
    session = app.start_face_verification(family_ctx(), lease, fakes, "http://cb", applicant)["face_verification"]
    someone_else = {**face_report(session["session_id"], lease), "subject_hash": "0" * 64, "name": "李四"}
    app.record_face_result(SYSTEM, someone_else)
    view = app.get_lease(family_ctx(), lease)
    assert view["tenant"] is None and view["face_verification"]["reason"] == "not_the_main_applicant"
    session = app.start_face_verification(family_ctx(), lease, fakes, "http://cb", applicant)["face_verification"]
    app.record_face_result(SYSTEM, face_report(session["session_id"], lease))
    assert app.get_lease(family_ctx(), lease)["tenant"]["name"] == "张三"


def test_R004_14_the_signature_must_be_on_the_lease_document_that_was_sent(app, fakes):
    lease = walk(app, fakes, "face")
    signing = app.start_signing(family_ctx(), lease, fakes, "http://cb/esign")["signing"]
    assert ("esign", {"merchant_ref": f"{lease}/esign/5", "document_sha256": signing["document_sha256"],
                      "document_title": "公共租赁住房租赁合同 3栋1203", "signer_name": "张三",
                      "callback_url": "http://cb/esign"}) in fakes.calls
    report = {"type": "esign.signed", "merchant_ref": f"{lease}/esign/5", "order_id": signing["order_id"],
              "signature_id": "sig-9", "signed_at": "2026-11-21T08:00:00+00:00", "document_sha256": "0" * 64}
    with pytest.raises(InvalidInput) as mismatch:
        app.record_signature(SYSTEM, report)
    assert mismatch.value.code == "document_mismatch"
    assert app.record_signature(SYSTEM, {**report, "document_sha256": signing["document_sha256"]}) is True
    view = app.get_lease(family_ctx(), lease)
    assert view["state"] == "signed" and view["signature"]["signature_id"] == "sig-9"
    assert view["next_step"] == "pay_deposit"
    with pytest.raises(RuleViolation):
        app.change_phone(family_ctx(), lease, "13912345678")


def test_R004_15_paying_the_deposit_submits_the_lease_for_review(app, fakes):
    lease = walk(app, fakes, "submitted")
    view = app.get_lease(OFFICER, lease)
    assert view["state"] == "submitted" and view["deposit_order"]["pay_url"] == "https://bank/pay/P1"
    assert view["deposit_paid"]["payment_ref"] == "P1" and view["next_step"] == "await_review"
    with pytest.raises(RuleViolation) as not_yet:
        app.lease_document(family_ctx(), lease)
    assert not_yet.value.code == "lease_not_approved"


def test_R004_15_approval_sets_the_term_and_the_sms_goes_out_once(app, fakes, fixed_clock):
    lease = walk(app, fakes, "submitted")
    approved = app.approve_lease(OFFICER, lease)
    assert approved["state"] == "approved" and approved["review"]["term_start"] == "2026-12-01"
    assert approved["review"]["term_end"] == "2029-11-30"
    assert app.notify_approval(SYSTEM, lease, fakes) is True
    assert app.notify_approval(SYSTEM, lease, fakes) is False
    sms = [kw for kind, kw in fakes.calls if kind == "sms"]
    assert sms == [{"client_ref": f"{lease}/approved", "phone": "13800138000", "template": "lease_approved",
                    "params": {"room": "3栋1203"}}]
    document = app.lease_document(family_ctx(), lease)
    assert document["lease"]["tenant_name"] == "张三" and len(document["verification_code"]) == 16
    assert document["lease"]["bank_card_masked"] == "**** **** **** 1234"


def test_R004_15_rejection_needs_reasons_and_cancels_the_lease_for_compensation(app, fakes):
    lease = walk(app, fakes, "submitted")
    with pytest.raises(InvalidInput):
        app.reject_lease(OFFICER, lease, [])
    rejected = app.reject_lease(OFFICER, lease, ["银行卡户名与主申请人不一致"])
    assert rejected["state"] == "rejected" and rejected["review"]["reasons"] == ["银行卡户名与主申请人不一致"]
    cancelled = list(app.events.get(uuid.UUID(lease)))[-1]
    assert isinstance(cancelled, Lease.LeaseCancelled) and cancelled.deposit_paid and cancelled.room_id == "room-1"
    app.record_refund(SYSTEM, {"lease_id": lease, "refund_ref": "R1", "amount": "3924.00"})
    assert app.get_lease(OFFICER, lease)["refund"] == {"refund_ref": "R1", "amount": "3924.00"}


def test_only_a_submitted_lease_can_be_reviewed(app, fakes):
    lease = walk(app, fakes, "signed")
    with pytest.raises(RuleViolation) as early:
        app.approve_lease(OFFICER, lease)
    assert early.value.code == "lease_state"


def test_the_signing_deadline_lapses_an_unfinished_lease_and_steps_are_refused_after_it(app, fakes, fixed_clock):
    lease = walk(app, fakes, "mandate")
    assert app.lapse_lease(SYSTEM, lease) is False  # not due yet
    fixed_clock.advance(timedelta(hours=72))
    with pytest.raises(RuleViolation) as late:
        app.start_face_verification(family_ctx(), lease, fakes, "http://cb")
    assert late.value.code == "signing_deadline_passed"
    assert app.lapse_lease(SYSTEM, lease) is True
    assert app.lapse_lease(SYSTEM, lease) is False
    assert app.get_lease(family_ctx(), lease)["state"] == "lapsed"


def test_a_submitted_lease_does_not_lapse(app, fakes, fixed_clock):
    lease = walk(app, fakes, "submitted")
    fixed_clock.advance(timedelta(days=10))
    assert app.lapse_lease(SYSTEM, lease) is False
    assert app.get_lease(OFFICER, lease)["state"] == "submitted"


def test_refusals_recorded_before_they_named_the_mandate_request_are_upcast():
    state = {"reason": "invalid_card_number"}
    Lease.MandateRefused.upcast_v1_v2(state)
    assert state == {"reason": "invalid_card_number", "mandate_ref": ""}


def test_lease_term_runs_from_the_first_of_next_month():
    assert lease_term(datetime(2026, 12, 31).date(), 12) == (datetime(2027, 1, 1).date(), datetime(2027, 12, 31).date())


# Hypothesis: random sequences of everything that can happen to a lease ---------------------------------

ACTIONS = st.lists(st.sampled_from([
    "phone", "bad_phone", "mandate_ok", "mandate_refused", "face_start", "face_pass", "face_fail", "face_repeat",
    "sign_start", "sign_ok", "sign_declined", "sign_repeat", "deposit_requested", "deposit_paid", "approve",
    "reject", "lapse", "time_passes", "refund", "notify"]), max_size=40)
ORDER = ["opened", "signed", "submitted", "approved"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
def test_lease_invariants_over_random_sequences(actions):
    """States only move forward; approval implies every step; cancellation happens at most once and freezes
    the lease; repeated reports change nothing."""
    fixed = clock.FixedClock(datetime(2026, 11, 21, tzinfo=timezone.utc))
    previous = clock.use_clock(fixed)
    try:
        app, fakes = ContractsApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}), FakeProviders()
        lease = opened(app)
        ctx, last_state = family_ctx(), "opened"
        for action in actions:
            view = app.get_lease(OFFICER, lease)
            try:
                _do(app, fakes, ctx, lease, view, action, fixed)
            except (RuleViolation, InvalidInput, Forbidden):
                pass
            state = app.get_lease(OFFICER, lease)["state"]
            if last_state in ("rejected", "lapsed", "approved"):
                assert state == last_state
            elif state in ORDER:
                assert ORDER.index(state) >= ORDER.index(last_state)
            last_state = state
        final = app.get_lease(OFFICER, lease)
        events = [type(e).__name__ for e in app.events.get(uuid.UUID(lease))]
        assert events.count("LeaseCancelled") <= 1 and events.count("LeaseApproved") <= 1
        assert events.count("LeaseSigned") <= 1 and events.count("ApprovalNotified") <= 1
        if final["state"] == "approved":
            assert final["mandate"] and final["tenant"] and final["signature"] and final["deposit_paid"]
            assert final["phone_masked"] is not None
        if "LeaseSigned" in events:
            assert events.index("LeaseSigned") > events.index("FaceVerified") > events.index("MandateActivated")
    finally:
        clock.use_clock(previous)


def _do(app, fakes, ctx, lease, view, action, fixed):
    if action == "phone":
        app.change_phone(ctx, lease, "13800138000")
    elif action == "bad_phone":
        app.change_phone(ctx, lease, "1380013")
    elif action == "mandate_ok":
        app.record_mandate(SYSTEM, {"lease_id": lease, "mandate_ref": "M1",
                                                             "card_masked": "**** 1234"})
    elif action == "mandate_refused":
        app.record_mandate_refused(SYSTEM, {"lease_id": lease, "mandate_ref": "M0", "reason": "invalid_card_number"})
    elif action == "face_start":
        app.start_face_verification(ctx, lease, fakes, "http://cb")
    elif action in ("face_pass", "face_fail", "face_repeat") and view["face_verification"]:
        app.record_face_result(SYSTEM, face_report(view["face_verification"]["session_id"], lease,
                                                   passed=action != "face_fail"))
    elif action == "sign_start":
        app.start_signing(ctx, lease, fakes, "http://cb")
    elif action in ("sign_ok", "sign_declined", "sign_repeat") and view["signing"]:
        app.record_signature(SYSTEM, {"type": "esign.declined" if action == "sign_declined" else "esign.signed",
                                      "merchant_ref": f"{lease}/esign/1", "order_id": view["signing"]["order_id"],
                                      "signature_id": "sig", "signed_at": "2026-11-21T08:00:00+00:00",
                                      "document_sha256": view["signing"]["document_sha256"]})
    elif action == "deposit_requested":
        app.record_deposit_requested(SYSTEM, {"lease_id": lease, "payment_ref": "P1",
                                                             "pay_url": "https://bank/pay/P1", "amount": "3924.00"})
    elif action == "deposit_paid":
        app.record_deposit_paid(SYSTEM, {"lease_id": lease, "payment_ref": "P1",
                                                        "paid_at": "2026-11-21T09:00:00+00:00"})
    elif action == "approve":
        app.approve_lease(OFFICER, lease)
    elif action == "reject":
        app.reject_lease(OFFICER, lease, ["材料不符"])
    elif action == "lapse":
        app.lapse_lease(SYSTEM, lease)
    elif action == "time_passes":
        fixed.advance(timedelta(hours=30))
    elif action == "refund":
        app.record_refund(SYSTEM, {"lease_id": lease, "refund_ref": "R1", "amount": "1"})
    elif action == "notify":
        app.notify_approval(SYSTEM, lease, fakes)


def test_the_subject_hash_is_keyed_and_ignores_case_spaces_and_the_number_generation():
    number = next(n for n in (resident_id_number("440301", date(1960, 1, 1), s) for s in range(1000)) if n[-1] == "X")
    assert subject_hash(f" {number.lower()} ", "k") == subject_hash(number, "k")
    assert subject_hash(number[:6] + number[8:17], "k") == subject_hash(number, "k")
    assert subject_hash(number, "k") != subject_hash(number, "other key")
    assert subject_hash(number, "k") != hashlib.sha256(number.encode()).hexdigest()
