"""What contracts' RPCs answer: contracts (guide 000) and leases (guide 004)."""
from marshmallow import fields, validate

from shared.answers import AnswerSchema, amount, flag, integer, items, nested, nullable, text
from shared.fields import UUIDString


class PresetsAnswerSchema(AnswerSchema):
    project_id = UUIDString(required=True)
    sections = fields.Dict(keys=fields.String(), values=fields.Dict(), required=True,
                           metadata={"description": "preset values by section id (clause-N, attachment-N)"})


class TemplateBlankSchema(AnswerSchema):
    key = text()
    label = text()
    kind = text(metadata={"description": "text, decimal, integer, date or choice"})
    required = flag()
    choices = items(fields.String())
    max_length = integer()


class TemplateSectionSchema(AnswerSchema):
    section_id = text(metadata={"description": "clause-N or attachment-N"})
    kind = text()
    number = integer()
    title = text()
    text = text(metadata={"description": "the section's text, each blank written {key}"})
    blanks = items(fields.Nested(TemplateBlankSchema))


class ContractTemplateSchema(AnswerSchema):
    sections = items(fields.Nested(TemplateSectionSchema))


class ContractRoomSchema(AnswerSchema):
    project_name = text()
    building_name = text()
    room_number = text()
    developer_name = text()
    area_sqm = text()
    price_per_sqm = text()
    usage = text()
    layout = text()


class BuyerDetailsSchema(AnswerSchema):
    """The buyer as the contract names them; empty strings for details not given yet (or for contracts drafted
    before they were asked)."""

    name = text()
    id_type = text(metadata={"description": "resident_id, hk_macau_travel_permit, taiwan_travel_permit, "
                                            "hk_macau_taiwan_residence_permit or passport; empty before it is given"})
    id_number = text(metadata={"description": "whole: only the contract's own detail and PDF carry it"})
    phone = text()
    address = text()


class RejectionSchema(AnswerSchema):
    rejection_id = text()
    reasons = items(fields.String())


CONTRACT_NUMBER = "YS, the year and a serial of that year (YS2026000001); null for contracts drafted before numbers"


class ContractSchema(AnswerSchema):
    contract_id = UUIDString(required=True)
    contract_number = nullable(metadata={"description": CONTRACT_NUMBER})
    room_id = UUIDString(required=True)
    project_id = UUIDString(required=True)
    developer_id = UUIDString(required=True)
    buyer_name = text()
    buyer = nested(BuyerDetailsSchema)
    buyer_missing = items(fields.String(), metadata={
        "description": "the buyer's details still empty, by their request field (buyer_phone …); printing needs none"})
    room = nested(ContractRoomSchema)
    state = text()
    sections = fields.Dict(keys=fields.String(), values=fields.Dict(), required=True,
                           metadata={"description": "the filled values of each clause and attachment"})
    missing_blanks = fields.Dict(keys=fields.String(), values=fields.List(fields.String()), required=True,
                                 metadata={"description": "required blanks still empty, by section id"})
    preview_current = flag()
    verification_code = nullable()
    confirm_by = nullable(metadata={"description": "ISO 8601; the formal print's 24-hour deadline (R000.11)"})
    filing_number = nullable()
    rejections = items(fields.Nested(RejectionSchema))
    cancel_reason = nullable()
    version = integer()
    printed_at = nullable(metadata={"description": "ISO 8601; when the latest preview or formal text was printed"})


class ContractRowSchema(AnswerSchema):
    contract_id = UUIDString(required=True)
    contract_number = nullable(metadata={"description": CONTRACT_NUMBER})
    room_id = UUIDString(required=True)
    project_id = UUIDString(required=True)
    developer_id = UUIDString(required=True)
    buyer_name = text(metadata={"description": "masked: the first character of the name (张*)"})
    buyer_phone_masked = text(metadata={"description": "138****4567; empty when the contract has no phone yet"})
    room_number = text()
    state = text()
    confirm_by = nullable()
    cancel_reason = nullable()
    filing_number = nullable()
    drafted_at = text()


class ContractListSchema(AnswerSchema):
    contracts = items(fields.Nested(ContractRowSchema))


class CheckedRoomSchema(AnswerSchema):
    project_name = text()
    building_name = text()
    room_number = text()
    area_sqm = text()


class ContractCheckSchema(AnswerSchema):
    """What anyone holding a formal print learns from its verification code (no sign-in)."""

    contract_number = nullable(metadata={"description": CONTRACT_NUMBER})
    state = text(validate=validate.OneOf(["formal_printed", "confirmed", "filing_rejected", "filed", "cancelled"]),
                 metadata={"description": "formal_printed, confirmed, filing_rejected, filed or cancelled"})
    filing_number = nullable(metadata={"description": "once the bureau has filed the contract (R000.13)"})
    seller_name = text()
    buyer_name = text(metadata={"description": "masked: the first character of each name (张*)"})
    room = nested(CheckedRoomSchema)
    printed_at = text(metadata={"description": "ISO 8601; when the formal text was printed"})


class ContractViewsRebuiltSchema(AnswerSchema):
    applied = nested(AnswerSchema.from_dict({"registry": integer(), "contracts": integer(), "leases": integer(),
                                             "existing_homes": integer()},
                                            name="ContractViewsApplied"))


class FileSchema(AnswerSchema):
    """A binary answer as it crosses RPC; the gateway sends its bytes with its content type."""

    content_type = text()
    filename = fields.String()
    data_base64 = text()


# Leases (guide 004) --------------------------------------------------------------------------------

class LeaseRoomSchema(AnswerSchema):
    layout = text()
    area_sqm = amount()
    building = text()
    orientation = text()
    room_number = text()


class LeaseTermsAnswerSchema(AnswerSchema):
    term_months = integer()
    rent_per_sqm = amount()
    deposit_months = integer()
    sign_within_hours = integer()


class MandateSummarySchema(AnswerSchema):
    mandate_ref = text()
    card_masked = text()


class FaceSessionSchema(AnswerSchema):
    session_id = text()
    qr_url = text()
    outcome = nullable(metadata={"description": "passed or failed once the provider reported"})
    reason = fields.String(metadata={"description": "why it failed"})


class TenantSchema(AnswerSchema):
    name = text()
    id_masked = text()


class SigningSchema(AnswerSchema):
    order_id = text()
    qr_url = text()
    document_sha256 = text()
    outcome = nullable(metadata={"description": "signed or declined once the provider reported"})


class SignatureSchema(AnswerSchema):
    signature_id = text()
    signed_at = text()
    document_sha256 = text()


class DepositOrderSchema(AnswerSchema):
    payment_ref = text()
    pay_url = text()
    amount = amount()


class DepositPaidSchema(AnswerSchema):
    payment_ref = text()
    paid_at = text()


class ReviewSchema(AnswerSchema):
    outcome = text(metadata={"description": "approved, rejected or lapsed"})
    at = text()
    officer = fields.String(metadata={"description": "who approved"})
    term_start = fields.String()
    term_end = fields.String()
    reasons = fields.List(fields.String(), metadata={"description": "why it was rejected or lapsed"})


class RefundSchema(AnswerSchema):
    refund_ref = text()
    amount = amount()


class LeaseSchema(AnswerSchema):
    lease_id = UUIDString(required=True)
    round_id = UUIDString(required=True)
    round_name = text()
    family_id = text()
    room_id = UUIDString(required=True)
    room = nested(LeaseRoomSchema)
    terms = nested(LeaseTermsAnswerSchema)
    monthly_rent = amount()
    deposit = amount()
    state = text()
    next_step = nullable(metadata={"description": "confirm_phone, bank_mandate, face_verification, sign, "
                                                  "pay_deposit, await_review, download; null when done"})
    sign_by = text()
    phone_masked = nullable()
    mandate = nullable(fields.Nested, MandateSummarySchema)
    mandate_refusal = nullable()
    face_verification = nullable(fields.Nested, FaceSessionSchema)
    tenant = nullable(fields.Nested, TenantSchema)
    signing = nullable(fields.Nested, SigningSchema)
    signature = nullable(fields.Nested, SignatureSchema)
    deposit_order = nullable(fields.Nested, DepositOrderSchema)
    deposit_paid = nullable(fields.Nested, DepositPaidSchema)
    review = nullable(fields.Nested, ReviewSchema)
    refund = nullable(fields.Nested, RefundSchema)
    notified = flag()


class LeaseRowSchema(AnswerSchema):
    lease_id = UUIDString(required=True)
    round_id = UUIDString(required=True)
    family_id = text()
    room_label = text()
    monthly_rent = amount()
    state = text()
    sign_by = text()
    submitted_at = nullable()


class LeaseListSchema(AnswerSchema):
    leases = items(fields.Nested(LeaseRowSchema))
