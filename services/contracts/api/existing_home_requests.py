"""What the agent and the parties send for existing-home contracts (guide 001): RPC edge and gateway."""
from marshmallow import fields, validate

from shared.fields import DocumentNumber, DocumentType, Integer, Pattern, StrictSchema, Text, UUIDString

STATES = ("drafted", "submitted", "signature_order_open", "all_signed", "filing_requested", "filed", "window_review",
          "window_rejected", "deleted", "cancellation_open", "window_cancellation_review", "cancelled")
MOBILE = Pattern(r"^1[3-9][0-9]{9}$", error="a mainland mobile number has 11 digits and starts with 1")
SHARE = Pattern(r"^[0-9]{1,3}(\.[0-9]{1,2})?$", error="a percentage with at most two decimals, e.g. 50 or 33.33")
DAY = Pattern(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", error="a date YYYY-MM-DD")
CO_OWNERSHIP = validate.OneOf(("joint", "shares"))
MAX_PARTIES = 10


def _flag(**kwargs: object) -> fields.Boolean:
    return fields.Boolean(truthy={True}, falsy={False}, **kwargs)


class DraftExistingHomeSchema(StrictSchema):
    property_verification_id = UUIDString(required=True, metadata={
        "description": "the id registry gave the agent's successful property verification"})
    mode = Text(required=True, max_length=40, validate=validate.OneOf(("online", "window")), metadata={
        "description": "online: the parties e-sign; window: signed at the bureau's window (R001.16)"})


class ExistingHomeQuerySchema(StrictSchema):
    state = Text(max_length=40, load_default=None, validate=validate.OneOf(STATES))


class PersonSchema(StrictSchema):
    """One person per row (每一格只能填写一个人的信息)."""

    name = Text(required=True, max_length=100)
    id_type = DocumentType()
    id_number = DocumentNumber(required=True)
    phone = Text(required=True, max_length=11, validate=MOBILE)
    address = Text(required=True, min_length=5, max_length=200)
    share = Text(load_default=None, allow_none=True, max_length=6, validate=SHARE, metadata={
        "description": "按份共有: this person's share in percent; the shares of a side total exactly 100"})


class PartiesSchema(StrictSchema):
    sellers = fields.List(fields.Nested(PersonSchema), required=True, validate=validate.Length(1, MAX_PARTIES))
    buyers = fields.List(fields.Nested(PersonSchema), required=True, validate=validate.Length(1, MAX_PARTIES))
    seller_co_ownership = Text(max_length=40, load_default=None, allow_none=True, validate=CO_OWNERSHIP)
    buyer_co_ownership = Text(max_length=40, load_default=None, allow_none=True, validate=CO_OWNERSHIP, metadata={
        "description": "several buyers: joint (共同共有) or shares (按份共有)"})


class TermsSchema(StrictSchema):
    price_fen = Integer(required=True, strict=True, validate=validate.Range(1, 10**13), metadata={
        "description": "the price in integer fen (分)"})
    payment_method = Text(required=True, max_length=40, validate=validate.OneOf(("full", "mortgage", "installments")))
    handover_date = Text(required=True, max_length=10, validate=DAY)
    clauses = fields.Dict(keys=Text(max_length=60), values=Text(max_length=2000, multiline=True),
                          load_default=dict, validate=validate.Length(max=40))


class ApplicantSchema(StrictSchema):
    """申请人信息 (R001.12)."""

    name = Text(required=True, max_length=100)
    phone = Text(required=True, max_length=11, validate=MOBILE)
    id_number = DocumentNumber(required=True)


class RatingSchema(StrictSchema):
    """好差评 (R001.12)."""

    rating = Text(required=True, max_length=40, validate=validate.OneOf(("good", "average", "poor")))
    comment = Text(load_default="", min_length=0, max_length=500, multiline=True)


class EscrowChoiceSchema(StrictSchema):
    """资金监管信息 (R001.12): a bank and channel (ccb online or at a branch, rcb at a branch), or the joint
    waiver declaration (自愿放弃资金监管的共同声明)."""

    chosen = _flag(required=True)
    bank = Text(load_default=None, allow_none=True, max_length=40, validate=validate.OneOf(("ccb", "rcb")))
    channel = Text(load_default=None, allow_none=True, max_length=40, validate=validate.OneOf(("online", "branch")))
    waiver_declared = _flag(load_default=None, allow_none=True)


class NotesSchema(StrictSchema):
    """注意事项 (R001.12)."""

    notes = Text(required=True, max_length=2000, multiline=True)


class PartyTokenPath(StrictSchema):
    token = Text(required=True, max_length=600)
