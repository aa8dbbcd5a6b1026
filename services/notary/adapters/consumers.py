"""What notary consumes: the notarized-signing saga, in its own process (the table of
services.notary.application.notarized_signing_saga)."""
from shared.consumer_declaration import ConsumerDeclaration, compensation, step
from services.notary.adapters import inbound_events as inbound
from services.notary.adapters.saga_index_view import PostgresSagaIndexView
from services.notary.application.notarized_signing_saga import NotarizedSigning as Saga


def _saga(process, view) -> Saga:
    return Saga(view, process.app, process.commands)


NOTARIZED_SIGNING = ConsumerDeclaration("notarized_signing", PostgresSagaIndexView, _saga, (
    step("contracts", "NotarizationPushed", 1, inbound.NotarizationPushed, Saga.pushed),
    step("contracts", "Filed", 1, inbound.Empty, Saga.filed),
    step("notary", "CaseOpened", 1, inbound.Empty, Saga.case_opened),
    step("notary", "IdentityVerified", 1, inbound.IdentityVerified, Saga.identity_verified),
    step("notary", "DocumentsRead", 1, inbound.Empty, Saga.documents_read),
    step("notary", "MaterialsUploaded", 1, inbound.Empty, Saga.materials_uploaded),
    step("notary", "CaseSubmitted", 1, inbound.Empty, Saga.submitted),
    step("notary", "CertificateIssued", 1, inbound.CertificateIssued, Saga.certificate_issued),
    compensation("notary", "CaseRejected", 1, inbound.CaseRejected, Saga.case_rejected),
))
