"""What notary consumes: the notarized-signing saga, in its own process (the table of
services.notary.application.notarized_signing_saga), and its own cases for the officers' list."""
from shared.consumer_declaration import ConsumerDeclaration, compensation, on, step
from services.notary.adapters import inbound_events as inbound
from services.notary.adapters.case_list_view import PostgresCaseListView
from services.notary.adapters.saga_index_view import PostgresSagaIndexView
from services.notary.application.case_list import CaseListProjection as CaseList
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
CASE_LIST = ConsumerDeclaration("case_list", PostgresCaseListView, lambda _, view: CaseList(view), (
    on("notary", "CaseOpened", 1, inbound.CaseOpened, CaseList.opened),
    on("notary", "IdentityVerified", 1, inbound.Empty, CaseList.moves_to("identity_verified")),
    on("notary", "DocumentsRead", 1, inbound.Empty, CaseList.moves_to("documents_read")),
    on("notary", "MaterialsUploaded", 1, inbound.Empty, CaseList.moves_to("materials_uploaded")),
    on("notary", "CaseSubmitted", 1, inbound.Empty, CaseList.moves_to("submitted")),
    on("notary", "CertificateIssued", 1, inbound.Empty, CaseList.moves_to("approved")),
    on("notary", "CaseRejected", 1, inbound.Empty, CaseList.moves_to("rejected")),
    on("notary", "CaseExpired", 1, inbound.Empty, CaseList.moves_to("expired")),
))
