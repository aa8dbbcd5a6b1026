"""Which of filing's stored events leave it: the cases' (the number sequence stays inside)."""
from shared.integration import Outbound
from services.filing.api import events
from services.filing.domain.existing_home_filing import ExistingHomeFiling
from services.filing.domain.filing_cancellation import FilingCancellation
from services.filing.domain.filing_case import FilingCase

OUTBOUND = Outbound(events.LANGUAGE, {
    FilingCase.FilingSubmitted: events.FILING_SUBMITTED,
    FilingCase.FilingResubmitted: events.FILING_RESUBMITTED,
    FilingCase.FilingApproved: events.FILING_APPROVED,
    FilingCase.FilingRejected: events.FILING_REJECTED,
    ExistingHomeFiling.Filed: events.EXISTING_HOME_FILED,
    ExistingHomeFiling.Rejected: events.EXISTING_HOME_FILING_REJECTED,
    FilingCancellation.FilingCancelled: events.EXISTING_HOME_FILING_CANCELLED,
    FilingCancellation.CancellationRefused: events.EXISTING_HOME_CANCELLATION_REFUSED,
})
