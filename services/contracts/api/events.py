"""The integration events contracts publishes: sale contracts (guide 000), leases (guide 004) and existing-home
contracts (guide 001).

Clause texts, presets, room claims and what the family and the providers do inside the lease (phone, face
verification, signing orders) stay inside. The buyer's name, identity number, phone and address leave masked
(张*), except the phone, which leaves as lists show it (138****4567); the type of the identity document leaves
as it is."""
from shared.integration import IntegrationEvent, PublishedLanguage, flag, integer, payload, text, texts, tree

BUYER_DETAILS = ("buyer_name", "buyer_id_number", "buyer_address")
CONTRACT_DRAFTED = IntegrationEvent("ContractDrafted", 1, payload(
    room_id=text(), project_id=text(), developer_id=text(), buyer_name=text(), buyer_id_type=text(),
    buyer_id_number=text(), buyer_phone_masked=text(), buyer_address=text(), room=tree()), personal=BUYER_DETAILS)
BUYER_CHANGED = IntegrationEvent("BuyerChanged", 1, payload(
    buyer_name=text(), buyer_id_type=text(), buyer_id_number=text(), buyer_phone_masked=text(),
    buyer_address=text()), personal=BUYER_DETAILS)
CONTRACT_NUMBERED = IntegrationEvent("ContractNumbered", 1, payload(contract_number=text()))
PREVIEW_PRINTED = IntegrationEvent("PreviewPrinted", 1, payload(text_hash=text()))
CONTRACT_MODIFIED = IntegrationEvent("ContractModified", 1, payload(section_id=text()))
PRINTED_FORMAL = IntegrationEvent("PrintedFormal", 1, payload(text_hash=text(), confirm_by=text(), room_id=text()))
CONFIRMED = IntegrationEvent("Confirmed", 1, payload(
    room_id=text(), developer_id=text(), project_id=text(), text_hash=text()))
CANCELLED = IntegrationEvent("Cancelled", 1, payload(room_id=text(), reason=text()))
FILING_REJECTED = IntegrationEvent("FilingRejected", 1, payload(rejection_id=text(), reasons=texts()))
RESUBMITTED_FOR_FILING = IntegrationEvent("ResubmittedForFiling", 1, payload(
    room_id=text(), text_hash=text(), submission=integer()))
FILED = IntegrationEvent("Filed", 1, payload(room_id=text(), filing_number=text()))
CONFIRMED_FOR_NOTARIZATION = IntegrationEvent("ConfirmedForNotarization", 1, payload(
    room_id=text(), developer_id=text(), project_id=text(), text_hash=text()))
NOTARIZATION_PUSHED = IntegrationEvent("NotarizationPushed", 1, payload(
    contract_id=text(), attempt=integer(), office_id=text(), developer_id=text(), room_id=text(), content_hash=text(),
    pdf_sha256=text(), buyer=tree(), seller_name=text(), room=tree()))
CERTIFICATE_BOUND = IntegrationEvent("CertificateBound", 1, payload(
    certificate_number=text(), content_hash=text(), bundle_sha256=text()))

LEASE_OPENED = IntegrationEvent("LeaseOpened", 1, payload(
    round_id=text(), round_name=text(), family_id=text(), room_id=text(), room=tree(), terms=tree(),
    monthly_rent=text(), deposit=text(), sign_by=text()))
LEASE_SIGNED = IntegrationEvent("LeaseSigned", 1, payload(
    order_id=text(), signature_id=text(), signed_at=text(), document_sha256=text(), deposit=text(), family_id=text()))
LEASE_SUBMITTED = IntegrationEvent("LeaseSubmitted", 1, payload(payment_ref=text(), paid_at=text()))
LEASE_APPROVED = IntegrationEvent("LeaseApproved", 1, payload(officer=text(), term_start=text(), term_end=text()))
LEASE_CANCELLED = IntegrationEvent("LeaseCancelled", 1, payload(
    reason=text(), reasons=texts(), round_id=text(), family_id=text(), room_id=text(), deposit_paid=flag()))

# Existing-home contracts (guide 001): parties leave only as masked names; money in integer fen.
EXISTING_HOME_DRAFTED = IntegrationEvent("ExistingHomeContractDrafted", 1, payload(
    property_id=text(), agency_id=text(), agent_id=text(), mode=text(), contract_number=text(), delete_at=text(),
    address=text()))
EXISTING_HOME_CHANGED = IntegrationEvent("ExistingHomeContractChanged", 1, payload(section=text()))
EXISTING_HOME_SUBMITTED = IntegrationEvent("ExistingHomeContractSubmitted", 1, payload(
    property_id=text(), agency_id=text(), mode=text(), contract_number=text()))
EXISTING_HOME_ORDER_OPENED = IntegrationEvent("ExistingHomeSignatureOrderOpened", 1, payload(
    purpose=text(), sign_by=text()))
EXISTING_HOME_ORDER_CANCELLED = IntegrationEvent("ExistingHomeSignatureOrderCancelled", 1, payload(purpose=text()))
EXISTING_HOME_PARTY_SIGNED = IntegrationEvent("ExistingHomePartySigned", 1, payload(
    role=text(), purpose=text(), order_complete=flag()))
EXISTING_HOME_DELETED = IntegrationEvent("ExistingHomeContractDeleted", 1, payload(property_id=text(), reason=text()))
EXISTING_HOME_FILING_REQUESTED = IntegrationEvent("ExistingHomeFilingRequested", 1, payload(
    property_id=text(), agency_id=text(), mode=text(), contract_number=text(), text_hash=text(), window=tree()))
EXISTING_HOME_FILED = IntegrationEvent("ExistingHomeContractFiled", 1, payload(
    property_id=text(), agency_id=text(), filing_number=text(), mode=text(), price_fen=integer(), escrow=tree(),
    buyers_masked=texts(), sellers_masked=texts()))
EXISTING_HOME_CANCELLATION_REQUESTED = IntegrationEvent("ExistingHomeCancellationRequested", 1, payload(
    filing_number=text(), route=text(), reason=text()))
EXISTING_HOME_CANCELLED = IntegrationEvent("ExistingHomeContractCancelled", 1, payload(
    property_id=text(), filing_number=text(), route=text(), reason=text()))
# The window and cancellations (R001.16-R001.18): what the contract list follows beyond filing.
EXISTING_HOME_WINDOW_REJECTED = IntegrationEvent("ExistingHomeWindowRejected", 1, payload(reasons=texts()))
EXISTING_HOME_RESUBMITTED = IntegrationEvent("ExistingHomeResubmitted", 1, payload())
EXISTING_HOME_CANCELLATION_OPENED = IntegrationEvent("ExistingHomeCancellationOpened", 1, payload(
    route=text(), reason=text()))
EXISTING_HOME_CANCELLATION_DECLINED = IntegrationEvent("ExistingHomeCancellationDeclined", 1, payload(
    reasons=texts()))

LANGUAGE = PublishedLanguage("contracts", (
    CONTRACT_DRAFTED, BUYER_CHANGED, CONTRACT_NUMBERED, PREVIEW_PRINTED, CONTRACT_MODIFIED, PRINTED_FORMAL, CONFIRMED,
    CANCELLED, FILING_REJECTED, RESUBMITTED_FOR_FILING, FILED, CONFIRMED_FOR_NOTARIZATION, NOTARIZATION_PUSHED,
    CERTIFICATE_BOUND, LEASE_OPENED, LEASE_SIGNED, LEASE_SUBMITTED, LEASE_APPROVED, LEASE_CANCELLED,
    EXISTING_HOME_DRAFTED, EXISTING_HOME_CHANGED, EXISTING_HOME_SUBMITTED, EXISTING_HOME_ORDER_OPENED,
    EXISTING_HOME_ORDER_CANCELLED, EXISTING_HOME_PARTY_SIGNED, EXISTING_HOME_DELETED, EXISTING_HOME_FILING_REQUESTED,
    EXISTING_HOME_FILED, EXISTING_HOME_CANCELLATION_REQUESTED, EXISTING_HOME_CANCELLED, EXISTING_HOME_WINDOW_REJECTED,
    EXISTING_HOME_RESUBMITTED, EXISTING_HOME_CANCELLATION_OPENED, EXISTING_HOME_CANCELLATION_DECLINED))
