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
