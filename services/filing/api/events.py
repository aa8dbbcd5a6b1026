"""The integration events filing publishes: a contract's filing case, from submission to the bureau's decision;
an existing-home contract's filing."""
from shared.integration import IntegrationEvent, PublishedLanguage, integer, payload, text, texts

FILING_SUBMITTED = IntegrationEvent("FilingSubmitted", 1, payload(
    contract_id=text(), developer_id=text(), project_id=text(), room_id=text(), text_hash=text()))
FILING_RESUBMITTED = IntegrationEvent("FilingResubmitted", 1, payload(text_hash=text(), submission=integer()))
FILING_APPROVED = IntegrationEvent("FilingApproved", 1, payload(
    contract_id=text(), developer_id=text(), room_id=text(), filing_number=text()))
FILING_REJECTED = IntegrationEvent("FilingRejected", 1, payload(
    contract_id=text(), rejection_id=text(), reasons=texts()))

EXISTING_HOME_FILED = IntegrationEvent("ExistingHomeFiled", 1, payload(
    contract_id=text(), property_id=text(), filing_number=text(), mode=text()))
EXISTING_HOME_FILING_REJECTED = IntegrationEvent("ExistingHomeFilingRejected", 1, payload(
    contract_id=text(), reasons=texts()))
# Guide 001: an existing-home filing cancelled (its number is never issued again), or a window cancellation
# the bureau refused (the filing stands).
EXISTING_HOME_FILING_CANCELLED = IntegrationEvent("ExistingHomeFilingCancelled", 1, payload(
    contract_id=text(), filing_number=text()))
EXISTING_HOME_CANCELLATION_REFUSED = IntegrationEvent("ExistingHomeCancellationRefused", 1, payload(
    contract_id=text(), reasons=texts()))

LANGUAGE = PublishedLanguage("filing", (FILING_SUBMITTED, FILING_RESUBMITTED, FILING_APPROVED, FILING_REJECTED,
                                        EXISTING_HOME_FILED, EXISTING_HOME_FILING_REJECTED,
                                        EXISTING_HOME_FILING_CANCELLED, EXISTING_HOME_CANCELLATION_REFUSED))
