"""Which of contracts' stored events leave it (services.contracts.api.events says which stay inside)."""
from shared.integration import Outbound
from services.contracts.api import events
from services.contracts.domain.contract import Contract
from services.contracts.domain.lease import Lease
from services.contracts.domain.notarization import Notarization

OUTBOUND = Outbound(events.LANGUAGE, {
    Contract.ContractDrafted: events.CONTRACT_DRAFTED,
    Contract.ContractNumbered: events.CONTRACT_NUMBERED,
    Contract.PreviewPrinted: events.PREVIEW_PRINTED,
    Contract.ContractModified: events.CONTRACT_MODIFIED,
    Contract.PrintedFormal: events.PRINTED_FORMAL,
    Contract.Confirmed: events.CONFIRMED,
    Contract.Cancelled: events.CANCELLED,
    Contract.FilingRejected: events.FILING_REJECTED,
    Contract.ResubmittedForFiling: events.RESUBMITTED_FOR_FILING,
    Contract.Filed: events.FILED,
    Contract.ConfirmedForNotarization: events.CONFIRMED_FOR_NOTARIZATION,
    Contract.CertificateBound: events.CERTIFICATE_BOUND,
    Notarization.PushedToNotary: events.NOTARIZATION_PUSHED,
    Lease.LeaseOpened: events.LEASE_OPENED,
    Lease.LeaseSigned: events.LEASE_SIGNED,
    Lease.LeaseSubmitted: events.LEASE_SUBMITTED,
    Lease.LeaseApproved: events.LEASE_APPROVED,
    Lease.LeaseCancelled: events.LEASE_CANCELLED,
})
