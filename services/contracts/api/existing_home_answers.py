"""What contracts answers about existing-home contracts (guide 001): the contract, its list, its signature order,
and what a party's signing page shows."""
from marshmallow import fields

from shared.answers import AnswerSchema, flag, integer, items, nested, nullable, text
from shared.fields import UUIDString


class SignatureStatusSchema(AnswerSchema):
    party_id = text(metadata={"description": "seller-N or buyer-N, in the contract's order"})
    role = text()
    name_masked = text()
    face_passed = flag()
    signed = flag()
    signed_at = nullable()


class OrderSummarySchema(AnswerSchema):
    purpose = text(metadata={"description": "contract, or cancellation (R001.17)"})
    opened_at = text()
    sign_by = text()
    complete = flag()


class ExistingHomeContractSchema(AnswerSchema):
    contract_id = UUIDString(required=True)
    contract_number = text(metadata={"description": "CL + year + six-digit serial"})
    property_id = text()
    property_verification_id = text()
    agency_id = text()
    agent_id = text()
    mode = text()
    state = text()
    property = fields.Dict(required=True)
    sellers = items(fields.Dict())
    buyers = items(fields.Dict())
    seller_co_ownership = nullable()
    buyer_co_ownership = nullable()
    terms = nullable(fields.Dict)
    applicant = nullable(fields.Dict)
    rating = nullable(fields.Dict)
    escrow = nullable(fields.Dict)
    notes = nullable()
    missing_sections = items(fields.String())
    minors = items(fields.String(), metadata={"description": "parties who are minors: signed at the window"})
    created_at = text()
    delete_at = text(metadata={"description": "R001.11: deleted at this instant unless signed and filed"})
    signature_order = nullable(fields.Nested, OrderSummarySchema)
    signatures = items(fields.Nested(SignatureStatusSchema))
    filing_requested = flag()
    filing_number = nullable(metadata={"description": "CLBA + year + six-digit serial, once filed"})
    filed_route = nullable()
    rejections = items(fields.Dict())
    cancellation = nullable(fields.Dict)
    transfer_accepted = flag()
    deleted_reason = nullable()
    version = integer()


class DraftedExistingHomeSchema(ExistingHomeContractSchema):
    created = flag(metadata={"description": "false: the agent's live contract from this verification, as it is"})


class ExistingHomeRowSchema(AnswerSchema):
    contract_id = text()
    contract_number = text()
    property_id = text()
    agency_id = text()
    agent_id = text()
    mode = text()
    address = text()
    state = text()
    delete_at = text()
    filing_number = nullable()
    drafted_at = text()


class ExistingHomeListSchema(AnswerSchema):
    contracts = items(fields.Nested(ExistingHomeRowSchema))


class SignerSchema(AnswerSchema):
    party_id = text()
    role = text()
    name_masked = text()
    link = text(metadata={"description": "the party's signing page (…/portal/party.html#t=<token>), for its QR code"})
    face_passed = flag()
    signed = flag()


class SignatureOrderSchema(OrderSummarySchema):
    signers = items(fields.Nested(SignerSchema))


class SignatureOrderAnswerSchema(AnswerSchema):
    contract_id = text()
    state = text()
    order = nullable(fields.Nested, SignatureOrderSchema)


class PartyRowSchema(AnswerSchema):
    party_id = text()
    role = text()
    name = text()
    id_number_masked = text()


class PartyPropertySchema(AnswerSchema):
    address = text()
    certificate_number = text()


class PartySigningSchema(AnswerSchema):
    contract_id = text()
    contract_number = text()
    purpose = text(metadata={"description": "what the party signs: contract, or cancellation"})
    state = text()
    property = nested(PartyPropertySchema)
    price_fen = integer()
    handover_date = text()
    party = nested(PartyRowSchema)
    face_passed = flag()
    face_outcome = nullable()
    signed = flag()
    sign_by = text()
    document_sha256 = text()


class FaceStartedSchema(AnswerSchema):
    verify_url = text()
    session_id = text()


class SigningStartedSchema(AnswerSchema):
    sign_url = text()
    esign_order_id = text()
