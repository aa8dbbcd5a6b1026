"""The existing-home contract (guide 001) in memory: each rule it enforces, cited by id, every state the
shared interface names, and hypothesis invariants over random command sequences."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from shared import clock
from shared.errors import Conflict, DomainError, InvalidInput, RuleViolation
from shared.identity_documents import resident_id_number
from services.contracts.domain import existing_home as eh
from services.contracts.domain.existing_home import ExistingHomeContract
from tests.unit.conftest import clock_fixed_at
from tests.unit.existing_home_support import (BUYER_A_ID, BUYER_B_ID, CO_OWNER_ID, OWNER_ID, PROPERTY, SELLER,
                                              TWO_BUYERS, completed, drafted, filed, owner, row, sign_all, subject_of)

CST = clock.SHANGHAI
CREATED = datetime(2026, 12, 1, 10, 0, tzinfo=CST)


@pytest.fixture(autouse=True)
def fixed():
    with clock_fixed_at(CREATED) as moved:
        yield moved


def code_of(call, *args, **kwargs) -> str:
    with pytest.raises(DomainError) as refused:
        call(*args, **kwargs)
    return refused.value.code


# R001.11 the deadline -------------------------------------------------------------------------------

def test_R001_11_delete_at_is_the_midnight_that_ends_the_next_natural_day_in_shanghai():
    assert eh.delete_at(CREATED) == datetime(2026, 12, 3, 0, 0, tzinfo=CST)
    late_utc = datetime(2026, 12, 1, 17, 30, tzinfo=timezone.utc)  # 2026-12-02 01:30 CST
    assert eh.delete_at(late_utc) == datetime(2026, 12, 4, 0, 0, tzinfo=CST)
    assert drafted().delete_at == datetime(2026, 12, 3, 0, 0, tzinfo=CST)


def test_R001_11_not_deleted_one_second_before_and_deleted_at_the_instant(fixed):
    contract = completed(drafted())
    contract.submit()
    contract.open_signature_order("order-1")
    fixed.advance(datetime(2026, 12, 3, tzinfo=CST) - CREATED - timedelta(seconds=1))
    assert contract.expire() is False and contract.state == eh.SIGNATURE_ORDER_OPEN
    fixed.advance(timedelta(seconds=1))
    assert contract.expire() is True
    assert contract.state == eh.DELETED and contract.deleted_reason == eh.EXPIRED
    assert contract.expire() is False  # safe to repeat
    assert code_of(contract.set_notes, "x") == "contract_deleted"


def test_R001_11_a_contract_filed_in_time_is_never_deleted(fixed):
    contract = filed()
    fixed.advance(timedelta(days=5))
    assert contract.expire() is False and contract.state == eh.FILED


# Parties (R001.1x drafting rules) --------------------------------------------------------------------------

def test_several_buyers_need_a_co_ownership_nature_and_shares_total_exactly_100():
    contract = drafted()
    assert code_of(contract.set_parties, [SELLER], TWO_BUYERS) == "co_ownership_required"
    uneven = [row("王小明", BUYER_A_ID, share="60"), row("陈丽", BUYER_B_ID, share="39.99")]
    assert code_of(contract.set_parties, [SELLER], uneven, buyer_co_ownership="shares") == "shares_must_total_100"
    assert code_of(contract.set_parties, [SELLER], [row("王小明", BUYER_A_ID, share="100.001"),
                                                    row("陈丽", BUYER_B_ID)], buyer_co_ownership="shares") \
        == "invalid_share"
    thirds = [row("王小明", BUYER_A_ID, share="33.33"), row("陈丽", BUYER_B_ID, share="66.67")]
    contract.set_parties([SELLER], thirds, buyer_co_ownership="shares")
    assert [b["share"] for b in contract.buyers] == ["33.33", "66.67"]
    contract.set_parties([SELLER], TWO_BUYERS, buyer_co_ownership="joint")
    assert contract.buyer_co_ownership == "joint" and "share" not in contract.buyers[0]


def test_one_person_per_row_and_the_sellers_are_the_registered_owners():
    contract = drafted()
    twice = [row("王小明", BUYER_A_ID), row("王小明", BUYER_A_ID)]
    assert code_of(contract.set_parties, [SELLER], twice, buyer_co_ownership="joint") == "duplicate_person"
    assert code_of(contract.set_parties, [SELLER], [row("李建国", OWNER_ID)]) == "duplicate_person"
    assert code_of(contract.set_parties, [row("王小明", BUYER_A_ID)], [row("陈丽", BUYER_B_ID)]) == "seller_not_owner"
    assert code_of(contract.set_parties, [row("张建国", OWNER_ID)], [row("陈丽", BUYER_B_ID)]) == "seller_not_owner"
    co_owned = drafted(property_={**PROPERTY, "owners": [owner("李建国", OWNER_ID), owner("李芳", CO_OWNER_ID)]})
    assert code_of(co_owned.set_parties, [SELLER], TWO_BUYERS, buyer_co_ownership="joint") == "seller_not_owner"
    co_owned.set_parties([SELLER, row("李芳", CO_OWNER_ID)], TWO_BUYERS, seller_co_ownership="joint",
                         buyer_co_ownership="joint")
    assert len(co_owned.sellers) == 2


def test_a_first_generation_registered_owner_id_matches_its_18_digit_form():
    fifteen = "442000700501111"
    contract = drafted(property_={**PROPERTY, "owners": [owner("李建国", fifteen)]})
    contract.set_parties([row("李建国", fifteen)], [row("陈丽", BUYER_B_ID)])
    assert len(contract.sellers[0]["id_number"]) == 18


def test_bad_person_details_are_named_by_row_and_change_nothing():
    contract = drafted()
    with pytest.raises(InvalidInput) as bad:
        contract.set_parties([SELLER], [row("陈丽", "123")])
    assert "buyers[0].id_number" in bad.value.details
    assert contract.buyers == []


# R001.12 the sections, submission ----------------------------------------------------------------------------

def test_R001_12_applicant_rating_escrow_and_notes_are_required_before_submission():
    contract = drafted()
    contract.set_parties([SELLER], TWO_BUYERS, buyer_co_ownership="shares")
    with pytest.raises(RuleViolation) as incomplete:
        contract.submit()
    assert incomplete.value.code == "incomplete"
    assert incomplete.value.details["missing"] == ["terms", "applicant", "rating", "escrow", "notes"]
    completed(contract).submit()
    assert contract.state == eh.SUBMITTED


def test_R001_12_escrow_is_a_bank_and_channel_or_the_joint_waiver():
    contract = drafted()
    assert code_of(contract.set_escrow, True, "rcb", "online") == "invalid_escrow_channel"
    assert code_of(contract.set_escrow, False) == "escrow_choice_required"
    contract.set_escrow(True, "rcb", "branch")
    assert contract.escrow == {"chosen": True, "bank": "rcb", "channel": "branch"}
    contract.set_escrow(False, waiver_declared=True)
    assert contract.escrow == {"chosen": False, "waiver_declared": True}


def test_R001_12_price_is_whole_fen():
    contract = drafted()
    for price in (0, -1, 1.5, "100", True):
        assert code_of(contract.set_terms, price, "full", "2027-01-01", {}) == "invalid_input"
    assert code_of(contract.set_terms, 100, "cash", "2027-01-01", {}) == "invalid_input"


def test_an_edit_after_submission_takes_the_contract_back_to_drafting():
    contract = completed(drafted())
    contract.submit()
    contract.set_notes("改过的注意事项")
    assert contract.state == eh.DRAFTED


# R001.13 / R001.14 / R001.1 signing ---------------------------------------------------------------------------

def test_R001_13_the_order_names_every_party_as_a_signer():
    contract = completed(drafted())
    assert code_of(contract.open_signature_order, "o") == "wrong_state"
    contract.submit()
    contract.open_signature_order("order-1")
    assert [s["party_id"] for s in contract.order["signers"]] == ["seller-1", "buyer-1", "buyer-2"]
    assert contract.order["sign_by"] == contract.delete_at


def test_R001_14_a_party_signs_only_after_passing_face_verification_within_10_minutes(fixed):
    contract = completed(drafted())
    contract.submit()
    contract.open_signature_order("o1")
    assert code_of(contract.start_party_signing, "o1", "buyer-1", "s", "u", contract.text_hash) \
        == "face_verification_required"
    contract.start_party_face("o1", "buyer-1", "f1", "http://face")
    contract.record_party_face("f1", True, subject_of(BUYER_A_ID), subject_of)
    fixed.advance(timedelta(minutes=10, seconds=1))
    assert code_of(contract.start_party_signing, "o1", "buyer-1", "s", "u", contract.text_hash) \
        == "face_verification_required"


def test_R001_1_a_face_verification_of_another_person_does_not_count():
    contract = completed(drafted())
    contract.submit()
    contract.open_signature_order("o1")
    contract.start_party_face("o1", "buyer-1", "f1", "http://face")
    contract.record_party_face("f1", True, subject_of(BUYER_B_ID), subject_of)
    assert contract.order["signers"][1]["face"]["outcome"] == "not_the_party"
    assert code_of(contract.start_party_signing, "o1", "buyer-1", "s", "u", contract.text_hash) \
        == "face_verification_required"


def test_R001_14_all_signed_then_the_agent_files():
    contract = completed(drafted())
    contract.submit()
    contract.open_signature_order("o1")
    assert code_of(contract.request_filing) == "not_all_signed"
    sign_all(contract)
    assert contract.state == eh.ALL_SIGNED
    contract.request_filing()
    assert contract.record_filed("CLBA2026000001") is True
    assert contract.record_filed("CLBA2026000001") is False
    assert contract.state == eh.FILED and contract.filing_number == "CLBA2026000001"


def test_a_signature_report_for_another_document_is_refused():
    contract = completed(drafted())
    contract.submit()
    contract.open_signature_order("o1")
    contract.start_party_face("o1", "seller-1", "f1", "http://face")
    contract.record_party_face("f1", True, subject_of(OWNER_ID), subject_of)
    contract.start_party_signing("o1", "seller-1", "s1", "u", contract.text_hash)
    assert code_of(contract.record_party_signature, "s1", True, "sig", "t", "0" * 64) == "document_mismatch"


def test_a_minor_party_cannot_sign_online():
    minor_id = resident_id_number("440101", date(2012, 6, 1), 51)
    contract = completed(drafted(), buyers=[row("王小宝", minor_id)])
    contract.submit()
    assert code_of(contract.open_signature_order, "o1") == "minor_needs_window"
    contract.record_window_signing({"present": ["seller-1", "buyer-1"]})
    assert contract.state == eh.WINDOW_REVIEW


# R001.15 changes and the order ------------------------------------------------------------------------------

def test_R001_15_no_change_while_the_order_is_open_and_cancelling_it_voids_the_signatures():
    contract = completed(drafted())
    contract.submit()
    contract.open_signature_order("o1")
    contract.start_party_face("o1", "seller-1", "f1", "http://face")
    contract.record_party_face("f1", True, subject_of(OWNER_ID), subject_of)
    contract.start_party_signing("o1", "seller-1", "s1", "u", contract.text_hash)
    contract.record_party_signature("s1", True, "sig", "t", contract.text_hash)
    assert code_of(contract.set_notes, "x") == "signature_order_open"
    assert code_of(contract.delete) == "signature_order_open"
    contract.cancel_signature_order()
    assert contract.state == eh.DRAFTED and contract.order is None
    contract.set_notes("改过")
    contract.submit()
    contract.open_signature_order("o2")
    assert not any(s["signature"] for s in contract.order["signers"])
    assert code_of(contract.signer, "o1", "seller-1") == "signature_order_closed"


def test_R001_15_after_filing_the_key_facts_are_locked():
    contract = filed()
    assert code_of(contract.set_parties, [SELLER], [row("陈丽", BUYER_B_ID)]) == "key_facts_locked"
    assert code_of(contract.set_terms, 1, "full", "2027-01-01", {}) == "key_facts_locked"
    assert code_of(contract.delete) == "wrong_state"


def test_the_agent_deletes_a_draft_but_not_a_completely_signed_contract():
    contract = drafted()
    contract.delete()
    assert contract.state == eh.DELETED and contract.deleted_reason == eh.BY_AGENT
    signed = completed(drafted())
    signed.submit()
    signed.open_signature_order("o1")
    sign_all(signed)
    assert code_of(signed.delete) == "wrong_state"
    assert code_of(signed.cancel_signature_order) == "wrong_state"


# R001.16 window, R001.17 / R001.18 cancellation --------------------------------------------------------------

def test_R001_16_window_review_rejects_then_the_corrected_contract_is_resubmitted_and_filed():
    contract = completed(drafted(mode="window"))
    contract.submit()
    assert code_of(contract.open_signature_order, "o1") == "wrong_state"
    contract.record_window_signing({"present": ["seller-1"]})
    assert contract.record_filing_rejected(["签章页不清晰"]) is True
    assert contract.state == eh.WINDOW_REJECTED
    contract.set_notes("更正")
    contract.resubmit()
    contract.record_window_signing({"present": ["seller-1"]})
    contract.record_filed("CLBA2026000002")
    assert contract.state == eh.FILED and contract.filed_route == eh.WINDOW
    assert code_of(contract.open_cancellation, "协商解除", "c1") == "filed_at_window"


def test_R001_17_online_cancellation_both_parties_sign_then_the_filing_is_cancelled():
    contract = filed()
    contract.open_cancellation("双方协商解除", "c1")
    assert contract.state == eh.CANCELLATION_OPEN and contract.order["purpose"] == eh.CANCELLATION
    assert code_of(contract.request_cancellation_filing) == "not_all_signed"
    sign_all(contract)
    assert contract.state == eh.CANCELLATION_OPEN
    contract.request_cancellation_filing()
    assert contract.record_filing_cancelled() is True
    assert contract.state == eh.CANCELLED and not contract.is_live


def test_R001_17_cancellation_is_refused_once_the_transfer_was_accepted():
    contract = filed()
    contract.record_transfer_accepted()
    with pytest.raises(Conflict) as refused:
        contract.open_cancellation("双方协商解除", "c1")
    assert refused.value.code == "transfer_accepted" and contract.state == eh.FILED


def test_R001_18_window_cancellation_is_reviewed():
    contract = filed()
    contract.record_window_cancellation("协商解除", {"termination_agreement": "sha", "photos": ["a", "b"]})
    assert contract.state == eh.WINDOW_CANCELLATION_REVIEW
    contract.record_cancellation_refused(["照片不清晰"])
    assert contract.state == eh.FILED
    contract.record_window_cancellation("协商解除", {"termination_agreement": "sha", "photos": ["a", "b"]})
    contract.record_filing_cancelled()
    assert contract.state == eh.CANCELLED


# Invariants under random command sequences -------------------------------------------------------------------

COMMANDS = ("parties", "terms", "notes", "escrow", "submit", "open_order", "face_and_sign_one", "cancel_order",
            "request_filing", "filed", "delete", "expire", "advance_day", "open_cancellation", "cancellation_filing",
            "filing_cancelled", "window_signing", "window_reject", "resubmit", "transfer_accepted")


def _run(contract: ExistingHomeContract, command: str, fixed: clock.FixedClock, serial: int) -> None:
    order = (contract.order or {}).get("order_id", "none")
    if command == "parties":
        contract.set_parties([SELLER], TWO_BUYERS, buyer_co_ownership="shares")
    elif command == "terms":
        contract.set_terms(100 + serial, "full", "2027-01-01", {})
    elif command == "notes":
        contract.set_notes(f"注意事项{serial}")
    elif command == "escrow":
        contract.set_escrow(True, "ccb", "branch")
    elif command == "submit":
        contract.submit()
    elif command == "open_order":
        contract.open_signature_order(f"o{serial}")
    elif command == "face_and_sign_one":
        unsigned = [s for s in (contract.order or {}).get("signers", []) if not s["signature"]]
        if unsigned:
            signer = unsigned[0]
            contract.start_party_face(order, signer["party_id"], f"f{serial}", "u")
            contract.record_party_face(f"f{serial}", True, subject_of(signer["id_number"]), subject_of)
            contract.start_party_signing(order, signer["party_id"], f"s{serial}", "u", contract.text_hash)
            contract.record_party_signature(f"s{serial}", True, f"sig{serial}", "t", contract.text_hash)
    elif command == "cancel_order":
        contract.cancel_signature_order()
    elif command == "request_filing":
        contract.request_filing()
    elif command == "filed":
        contract.record_filed(f"CLBA2026{serial:06d}")
    elif command == "delete":
        contract.delete()
    elif command == "expire":
        contract.expire()
    elif command == "advance_day":
        fixed.advance(timedelta(hours=13))
    elif command == "open_cancellation":
        contract.open_cancellation("协商解除", f"c{serial}")
    elif command == "cancellation_filing":
        contract.request_cancellation_filing()
    elif command == "filing_cancelled":
        contract.record_filing_cancelled()
    elif command == "window_signing":
        contract.record_window_signing({"present": ["seller-1"]})
    elif command == "window_reject":
        contract.record_filing_rejected(["不清晰"])
    elif command == "resubmit":
        contract.resubmit()
    elif command == "transfer_accepted":
        contract.record_transfer_accepted()


def _key_facts(contract: ExistingHomeContract) -> tuple:
    return (contract.property_id, repr(contract.sellers), repr(contract.buyers), repr(contract.terms),
            contract.filing_number)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(commands=st.lists(st.sampled_from(COMMANDS), max_size=40))
def test_invariants_over_random_command_sequences(fixed, commands):
    """Shares total 100; nothing changes while an order is open; after filing nothing but cancellation; a
    deleted or cancelled contract stays so; the state is always one the interface names."""
    fixed.reset()
    contract = completed(drafted())
    for serial, command in enumerate(commands):
        before_state, before_facts = contract.state, _key_facts(contract)
        before_filed = before_state in eh.AFTER_FILING
        try:
            _run(contract, command, fixed, serial)
        except DomainError:
            assert contract.state == before_state and _key_facts(contract) == before_facts
            continue
        assert contract.state in eh.STATES
        if contract.buyer_co_ownership == "shares":
            assert sum(float(b["share"]) for b in contract.buyers) == pytest.approx(100)
        if before_state in (eh.SIGNATURE_ORDER_OPEN, eh.ALL_SIGNED) and command in ("parties", "terms", "notes",
                                                                                    "escrow"):
            pytest.fail("a change went through while an order was open")
        if before_filed:
            assert _key_facts(contract) == before_facts
            assert contract.state in eh.AFTER_FILING
        if before_state in eh.NOT_LIVE:
            assert contract.state == before_state
