"""The new-home contract's life, rule by rule (R000.7–R000.14), and its state machine under hypothesis."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings, strategies as st

from shared import clock
from shared.errors import InvalidInput, RuleViolation
from services.contracts.api.check_codes import normalise
from services.contracts.domain import contract as c
from services.contracts.domain.contract_numbers import ContractNumberSequence
from services.contracts.domain.contract import Contract
from tests.unit.contract_support import BUYER, complete_sections

ROOM = {"building_name": "1栋", "room_number": "1201", "area_sqm": "89.50", "price_per_sqm": "7800.00"}


@pytest.fixture(autouse=True)
def frozen_clock():
    fixed = clock.FixedClock(datetime(2026, 5, 1, 9, 0, tzinfo=timezone.utc))
    previous = clock.use_clock(fixed)
    yield fixed
    clock.use_clock(previous)


def drafted(presets=None):
    return Contract.draft(room_id=str(uuid.uuid4()), project_id="p", developer_id="d", buyer=BUYER,
                          room=ROOM, presets=presets or {}, numbers=ContractNumberSequence.open(2026))


def filled():
    contract = drafted()
    for section_id, values in complete_sections().items():
        contract.save_clause(section_id, values)
    return contract


def formal():
    contract = filled()
    contract.print_preview()
    contract.print_formal()
    return contract


def test_R000_6_presets_fill_blanks_when_drafting_and_the_room_fills_its_facts():
    contract = drafted({"clause-19": {"dispute_resolution": "依法向人民法院起诉"}})
    assert contract.sections["clause-19"]["dispute_resolution"] == "依法向人民法院起诉"
    assert contract.sections["clause-3"]["room_number"] == "1201"
    assert contract.sections["clause-4"]["unit_price"] == "7800.00"


def test_R000_7_clauses_are_saved_one_at_a_time_and_validated():
    contract = drafted()
    contract.save_clause("clause-8", {"delivery_date": "2027-12-31"})
    assert contract.sections["clause-8"]["delivery_date"] == "2027-12-31"
    with pytest.raises(InvalidInput):
        contract.save_clause("clause-4", {"unit_price": "很多"})
    with pytest.raises(InvalidInput):
        contract.save_clause("clause-99", {"x": "y"})


def test_R000_8_a_preview_needs_every_required_blank():
    contract = drafted()
    with pytest.raises(RuleViolation) as info:
        contract.print_preview()
    assert info.value.code == "required_blanks_missing" and "clause-8" in info.value.details


def test_R000_8_changes_after_a_preview_need_a_new_preview():
    contract = filled()
    contract.print_preview()
    contract.save_clause("clause-8", {"delivery_date": "2028-01-31"})
    assert contract.state == c.MODIFIED
    with pytest.raises(RuleViolation):
        contract.print_formal()
    contract.print_preview()
    contract.print_formal()
    assert contract.state == c.FORMAL_PRINTED


def test_R000_9_formal_print_without_a_current_preview_is_refused():
    contract = filled()
    with pytest.raises(RuleViolation) as info:
        contract.print_formal()
    assert info.value.code == "preview_required"


def test_R000_9_formal_print_carries_a_verification_code_and_a_24_hour_deadline(frozen_clock):
    contract = formal()
    assert len(contract.verification_code) == 16  # 80 bits: it opens the public check (check_codes)
    assert normalise(contract.verification_code) == contract.verification_code
    assert contract.confirm_by == frozen_clock.now() + timedelta(hours=24)


def test_R000_10_confirmation_makes_the_contract_immutable():
    contract = formal()
    contract.confirm()
    with pytest.raises(RuleViolation) as info:
        contract.save_clause("clause-8", {"delivery_date": "2028-01-31"})
    assert info.value.code == "contract_immutable"
    with pytest.raises(RuleViolation):
        contract.abandon()


def test_R000_11_unconfirmed_for_24_hours_the_contract_voids_itself(frozen_clock):
    contract = formal()
    frozen_clock.advance(timedelta(hours=23, minutes=59))
    assert contract.expire() is False and contract.state == c.FORMAL_PRINTED
    frozen_clock.advance(timedelta(minutes=2))
    with pytest.raises(RuleViolation) as info:
        contract.confirm()
    assert info.value.code == "confirmation_window_expired"
    assert contract.expire() is True
    assert contract.state == c.CANCELLED and contract.cancel_reason == c.EXPIRED
    assert contract.expire() is False, "expiring twice does nothing"


def test_R000_12_the_buyer_abandons_after_formal_print():
    contract = formal()
    contract.abandon()
    assert contract.state == c.CANCELLED and contract.cancel_reason == c.BUYER_ABANDONED


def test_R000_13_the_filing_number_reaches_the_contract_once():
    contract = formal()
    contract.confirm()
    assert contract.record_filing("421000-2026-000001") is True
    assert contract.record_filing("421000-2026-000001") is False
    assert contract.state == c.FILED and contract.filing_number == "421000-2026-000001"


def test_R000_14_a_rejected_filing_is_corrected_and_resubmitted():
    contract = formal()
    contract.confirm()
    assert contract.reject_filing("case/1", ["第八条交付日期早于竣工日期"]) is True
    assert contract.reject_filing("case/1", ["again"]) is False
    contract.save_clause("clause-8", {"delivery_date": "2028-06-30"})
    contract.resubmit()
    assert contract.state == c.CONFIRMED and contract.submissions == 2
    events = [type(e).__name__ for e in contract.pending_events]
    assert events[-3:] == ["FilingRejected", "CorrectedAfterRejection", "ResubmittedForFiling"]


COMMANDS = st.lists(st.sampled_from(
    ["fill", "modify", "preview", "formal", "confirm", "abandon", "wait_a_day", "expire", "reject", "resubmit",
     "file"]), max_size=30)


@settings(max_examples=150, deadline=None)
@given(COMMANDS)
def test_no_command_sequence_breaks_the_contract_state_machine(commands):
    fixed = clock.FixedClock(datetime(2026, 5, 1, tzinfo=timezone.utc))
    previous = clock.use_clock(fixed)
    try:
        contract = drafted()
        sections = complete_sections()
        confirmed_text = None
        for command in commands:
            before = (contract.state, contract.version, repr(contract.sections))
            try:
                if command == "fill":
                    for section_id, values in sections.items():
                        contract.save_clause(section_id, values)
                elif command == "modify":
                    contract.save_clause("clause-8", {"delivery_date": "2028-01-31"})
                elif command == "preview":
                    contract.print_preview()
                elif command == "formal":
                    contract.print_formal()
                elif command == "confirm":
                    contract.confirm()
                    confirmed_text = contract.current_hash
                elif command == "abandon":
                    contract.abandon()
                elif command == "wait_a_day":
                    fixed.advance(timedelta(hours=25))
                elif command == "expire":
                    contract.expire()
                elif command == "reject":
                    contract.reject_filing(f"r{contract.version}", ["原因"])
                elif command == "resubmit":
                    contract.resubmit()
                    confirmed_text = contract.current_hash
                elif command == "file":
                    contract.record_filing("421000-2026-000001")
            except (RuleViolation, InvalidInput):
                assert (contract.state, contract.version, repr(contract.sections)) == before, \
                    "a refused command changes nothing"
            if contract.state in (c.CONFIRMED, c.FILED):
                assert contract.current_hash == confirmed_text, "a confirmed text never changes"
            if contract.state == c.FORMAL_PRINTED:
                assert contract.preview_hash == contract.current_hash, "formal print only of a previewed text"
        if contract.state == c.CANCELLED:
            assert all(type(e).__name__ != "Confirmed" for e in contract.pending_events)
        assert contract.version == len(contract.pending_events)
    finally:
        clock.use_clock(previous)
