"""Existing-home filings in the filing application, in memory: an online filing is numbered at once from the
year's CLBA sequence, a repeated delivery changes nothing, numbers are never given twice; a window filing waits."""
from __future__ import annotations

import uuid
from datetime import datetime

import pytest

from shared import clock
from services.filing.application.app import FilingApplication
from services.filing.domain.existing_home_filing import existing_home_filing_id
from tests.unit.conftest import clock_fixed_at


@pytest.fixture
def app():
    with clock_fixed_at(datetime(2026, 12, 1, 10, 0, tzinfo=clock.SHANGHAI)):
        yield FilingApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


def request(mode: str = "online") -> dict:
    return {"property_id": "ZS-0001", "agency_id": "agency-1", "mode": mode, "contract_number": "CL2026000001",
            "text_hash": "ab" * 32, "window": {"present": ["seller-1"]} if mode == "window" else {}}


def test_R001_14_an_online_filing_is_numbered_at_once_and_a_redelivery_changes_nothing(app):
    contract = str(uuid.uuid4())
    assert app.request_existing_home_filing(contract, request()) is True
    assert app.request_existing_home_filing(contract, request()) is False
    filing = app.find(existing_home_filing_id(contract))
    assert filing.state == "filed" and filing.filing_number == "CLBA2026000001"


def test_filing_numbers_follow_each_other_and_are_never_given_twice(app):
    numbers = []
    for _ in range(3):
        contract = str(uuid.uuid4())
        app.request_existing_home_filing(contract, request())
        numbers.append(app.find(existing_home_filing_id(contract)).filing_number)
    assert numbers == ["CLBA2026000001", "CLBA2026000002", "CLBA2026000003"]


def test_R001_16_a_window_filing_waits_for_review_without_a_number(app):
    contract = str(uuid.uuid4())
    app.request_existing_home_filing(contract, request("window"))
    filing = app.find(existing_home_filing_id(contract))
    assert filing.state == "requested" and filing.filing_number is None
    assert filing.window == {"present": ["seller-1"]}


def test_R001_16_the_bureau_rejects_a_window_filing_with_reasons_then_files_the_corrected_one(app):
    from shared.context import CommandContext
    from shared.errors import Forbidden, RuleViolation

    bureau = CommandContext(actor_id="officer", role="bureau_officer")
    contract = str(uuid.uuid4())
    app.request_existing_home_filing(contract, {**request("window"), "request_version": 7})
    with pytest.raises(Forbidden):
        app.review_window_filing(CommandContext(actor_id="a", role="agent", org_id="x"), contract, "approve", [])
    with pytest.raises(RuleViolation) as no_reason:
        app.review_window_filing(bureau, contract, "reject", [])
    assert no_reason.value.code == "reasons_required"
    rejected = app.review_window_filing(bureau, contract, "reject", ["签章页缺买方签字"])
    assert rejected["state"] == "rejected" and rejected["filing_number"] is None
    assert app.request_existing_home_filing(contract, {**request("window"), "request_version": 7}) is False
    assert app.request_existing_home_filing(contract, {**request("window"), "request_version": 12}) is True
    online = str(uuid.uuid4())
    app.request_existing_home_filing(online, request())
    filed = app.review_window_filing(bureau, contract, "approve", [])
    assert filed["state"] == "filed" and filed["filing_number"] == "CLBA2026000002"
    with pytest.raises(RuleViolation) as twice:
        app.review_window_filing(bureau, contract, "approve", [])
    assert twice.value.code == "filing_not_pending"
    with pytest.raises(RuleViolation):
        app.review_window_filing(bureau, online, "reject", ["x"])


def test_a_cancelled_filings_number_is_never_issued_again(app):
    first = str(uuid.uuid4())
    app.request_existing_home_filing(first, request())
    app.request_cancellation(contract_id=first, filing_number="CLBA2026000001", route="online", reason="x",
                             request_ref="e-1")
    second = str(uuid.uuid4())
    app.request_existing_home_filing(second, request())
    assert app.find(existing_home_filing_id(second)).filing_number == "CLBA2026000002"
