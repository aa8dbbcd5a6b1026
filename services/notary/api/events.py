"""The integration events notary publishes: a case's steps and its decision (the materials and the sagas' own
events stay inside)."""
from shared.integration import IntegrationEvent, PublishedLanguage, integer, payload, text, texts

CASE_OPENED = IntegrationEvent("CaseOpened", 1, payload(contract_id=text(), attempt=integer(), office_id=text()))
IDENTITY_VERIFIED = IntegrationEvent("IdentityVerified", 1, payload(stage=text(), method=text()))
DOCUMENTS_READ = IntegrationEvent("DocumentsRead", 1, payload(documents=texts()))
MATERIALS_UPLOADED = IntegrationEvent("MaterialsUploaded", 1, payload(kinds=texts()))
CASE_SUBMITTED = IntegrationEvent("CaseSubmitted", 1, payload())
CERTIFICATE_ISSUED = IntegrationEvent("CertificateIssued", 1, payload(
    contract_id=text(), attempt=integer(), certificate_number=text(), content_hash=text(), bundle_sha256=text()))
CASE_REJECTED = IntegrationEvent("CaseRejected", 1, payload(contract_id=text(), attempt=integer(), reasons=texts()))
CASE_EXPIRED = IntegrationEvent("CaseExpired", 1, payload(contract_id=text(), attempt=integer()))

LANGUAGE = PublishedLanguage("notary", (CASE_OPENED, IDENTITY_VERIFIED, DOCUMENTS_READ, MATERIALS_UPLOADED,
                                        CASE_SUBMITTED, CERTIFICATE_ISSUED, CASE_REJECTED, CASE_EXPIRED))
