"""Hypothesis over random command sequences on a notary case and a contract's notarization (R002.2–R002.7):
whatever the order, a case is submitted only after both identity verifications, the four documents and every
required material; a certificate exists only for a submitted-then-approved case and carries the pushed content
hash; a decided case never changes again; a notarization is pushed only with its password and drawings."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, settings, strategies as st

from shared.errors import DomainError
from services.contracts.domain.notarization import Notarization
from services.notary.domain.case import (AT_SUBMISSION, BEFORE_READING, DECIDED, DOCUMENTS, NotaryCase,
                                         SUBMITTED)

FACTS = {"sha256": "0" * 64, "size": 10, "content_type": "image/png"}
CASE_COMMANDS = st.lists(st.sampled_from([
    "face", "face_other", "document", "read", "read_some", "id_front", "id_back", "id_in_hand", "signature",
    "evidence_video", "submit_document", "approve", "reject", "expire"]), max_size=25)


def opened(mainland: bool) -> NotaryCase:
    return NotaryCase.open(contract_id="c", attempt=1, office_id="o", developer_id="d", content_hash="h" * 64,
                           pdf_sha256="p" * 64, buyer={"mainland": mainland, "subject_hash": "me"},
                           seller_name="s", room={}, link_expires_at=datetime(2030, 1, 1, tzinfo=timezone.utc))


def act(case: NotaryCase, command: str) -> None:
    if command in ("face", "face_other"):
        case.start_face_verification("s", "q")
        case.record_face_result("s", True, "me" if command == "face" else "someone else")
    elif command == "document":
        case.verify_document(FACTS, "")
    elif command in ("read", "read_some"):
        case.read_documents(list(DOCUMENTS) if command == "read" else list(DOCUMENTS[:2]))
    elif command == "submit_document":
        case.submit_with_document(FACTS, "")
    elif command == "approve":
        case.approve("officer", 2026, {"x": "y"})
    elif command == "reject":
        case.reject("officer", ["理由"])
    elif command == "expire":
        case.expire()
    else:
        case.upload_material(command, FACTS, "")


@settings(max_examples=300, deadline=None)
@given(st.booleans(), CASE_COMMANDS)
def test_R002_3_R002_4_R002_7_no_command_sequence_breaks_a_cases_invariants(mainland, commands):
    case = opened(mainland)
    decided_as = None
    for command in commands:
        try:
            act(case, command)
        except DomainError:
            pass
        if decided_as is not None:
            assert case.state == decided_as  # a decided case never changes again
        if case.state in DECIDED:
            decided_as = case.state
        stages = [v["stage"] for v in case.verifications]
        if case.state == SUBMITTED or case.certificate:
            assert stages == [BEFORE_READING, AT_SUBMISSION]
            assert {v["method"] for v in case.verifications} == {"face" if mainland else "document"}
            assert case.documents_read == list(DOCUMENTS)
            assert set(case.required_materials) <= set(case.materials)
        if case.certificate:
            assert case.certificate["content_hash"] == "h" * 64 and case.state == "approved"


NOTARIZATION_COMMANDS = st.lists(st.sampled_from(["password", "floor_plan", "drainage_layout", "push", "case",
                                                  "return", "fail", "certify"]), max_size=20)


@settings(max_examples=300, deadline=None)
@given(NOTARIZATION_COMMANDS)
def test_R002_1_a_notarization_is_pushed_only_with_its_password_and_drawings(commands):
    n = Notarization.open("c", "d")
    for command in commands:
        try:
            if command == "password":
                n.set_password("hash")
            elif command in ("floor_plan", "drainage_layout"):
                n.add_attachment({"kind": command, "name": command, "size": 1, "sha256": "0", "content_type": "x"}, "")
            elif command == "push":
                n.push(office_id="o", room_id="r", content_hash="h", pdf=b"%PDF", buyer={}, seller_name="s", room={})
                assert n.password_hash and {a["kind"] for a in n.attachments.values()} >= {"floor_plan",
                                                                                          "drainage_layout"}
            elif command == "case":
                n.record_case(n.attempt, "case", "qr")
            elif command == "return":
                n.return_to_developer(n.attempt, ["r"])
            elif command == "fail":
                n.fail(n.attempt, "expired")
            else:
                n.record_certificate(n.attempt, "no", "h")
        except DomainError:
            pass
        if n.state in ("certified", "failed"):
            assert n.attempt >= 1
    assert n.attempt == sum(1 for e in n.collect_events() if isinstance(e, Notarization.PushedToNotary))


def test_R002_1_five_wrong_passwords_lock_then_the_lock_passes():
    from shared import clock
    moving = clock.FixedClock(datetime(2026, 6, 1, tzinfo=timezone.utc))
    previous = clock.use_clock(moving)
    try:
        n = Notarization.open("c", "d")
        for _ in range(5):
            n.check_password(False)
        assert n.locked_until is not None
        moving.advance(timedelta(minutes=15, seconds=1))
        n.check_password(True)
        assert (n.failures, n.locked_until) == (0, None)
    finally:
        clock.use_clock(previous)
