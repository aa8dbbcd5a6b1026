"""Which of notary's stored events leave it (services.notary.api.events says which stay inside)."""
from shared.integration import Outbound
from services.notary.api import events
from services.notary.domain.case import NotaryCase

OUTBOUND = Outbound(events.LANGUAGE, {
    NotaryCase.CaseOpened: events.CASE_OPENED,
    NotaryCase.IdentityVerified: events.IDENTITY_VERIFIED,
    NotaryCase.DocumentsRead: events.DOCUMENTS_READ,
    NotaryCase.MaterialsUploaded: events.MATERIALS_UPLOADED,
    NotaryCase.CaseSubmitted: events.CASE_SUBMITTED,
    NotaryCase.CertificateIssued: events.CERTIFICATE_ISSUED,
    NotaryCase.CaseRejected: events.CASE_REJECTED,
    NotaryCase.CaseExpired: events.CASE_EXPIRED,
})
