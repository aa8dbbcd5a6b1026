"""Cancelling existing-home filings in memory: online at once (R001.17), at the window after the bureau's review
(R001.18); each request once; the number is never issued again."""
import pytest

from shared.context import CommandContext
from shared.errors import Forbidden, RuleViolation
from services.filing.adapters.outbound_events import OUTBOUND
from services.filing.application.app import FilingApplication
from services.filing.domain.filing_cancellation import cancellation_id

BUREAU = CommandContext(actor_id="officer", role="bureau_officer")


@pytest.fixture
def app():
    return FilingApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


def published(app, contract_id):
    return [OUTBOUND.published_form(e) for e in app.events.get(cancellation_id(contract_id))
            if OUTBOUND.published_form(e) is not None]


def test_r001_17_an_online_request_cancels_the_filing_at_once_and_once(app):
    assert app.request_cancellation(contract_id="c-1", filing_number="CLBA2026000001", route="online",
                                    reason="买方放弃", request_ref="e-1")
    assert not app.request_cancellation(contract_id="c-1", filing_number="CLBA2026000001", route="online",
                                        reason="买方放弃", request_ref="e-1")
    assert [(language.name, payload) for language, payload in published(app, "c-1")] == [
        ("ExistingHomeFilingCancelled", {"contract_id": "c-1", "filing_number": "CLBA2026000001"})]


def test_r001_18_a_window_request_waits_for_the_bureau_which_may_refuse_then_approve(app):
    app.request_cancellation(contract_id="c-2", filing_number="CLBA2026000002", route="window", reason="协商解除",
                             request_ref="e-1")
    assert app.get_cancellation(BUREAU, "c-2")["state"] == "pending" and published(app, "c-2") == []
    with pytest.raises(RuleViolation) as refused:
        app.review_cancellation(BUREAU, "c-2", "reject", [" "])
    assert refused.value.code == "reasons_required"
    assert app.review_cancellation(BUREAU, "c-2", "reject", ["终止协议未签字"])["state"] == "filed"
    assert app.request_cancellation(contract_id="c-2", filing_number="CLBA2026000002", route="window",
                                    reason="协商解除", request_ref="e-2")
    assert app.review_cancellation(BUREAU, "c-2", "approve", [])["state"] == "cancelled"
    with pytest.raises(RuleViolation):
        app.review_cancellation(BUREAU, "c-2", "approve", [])
    assert [language.name for language, _ in published(app, "c-2")] == [
        "ExistingHomeCancellationRefused", "ExistingHomeFilingCancelled"]


def test_r001_18_only_the_bureau_reviews(app):
    app.request_cancellation(contract_id="c-3", filing_number="CLBA2026000003", route="window", reason="协商解除",
                             request_ref="e-1")
    with pytest.raises(Forbidden):
        app.review_cancellation(CommandContext(actor_id="a", role="agent", org_id="x"), "c-3", "approve", [])
    assert app.get_cancellation(BUREAU, "c-3")["state"] == "pending"
