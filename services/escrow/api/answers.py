"""What escrow's RPCs answer."""
from marshmallow import validate

from shared.answers import AnswerSchema, integer, items, nested, nullable, text
from shared.fields import UUIDString


class MandateSchema(AnswerSchema):
    lease_id = UUIDString(required=True)
    state = text()
    attempts = integer()
    card_masked = text()
    refusal = nullable()


class PurchaseFundMovementSchema(AnswerSchema):
    kind = text(validate=validate.OneOf(("deposit", "release", "refund")))
    amount_fen = integer(metadata={"description": "integer fen (1 yuan = 100 fen)"})
    at = text()
    ref = text(metadata={"description": "the bank's reference of the movement"})


class PurchaseFundAccountSchema(AnswerSchema):
    """An existing-home contract's purchase-fund escrow account (资金监管, R001.12)."""

    contract_id = text()
    account_ref = text()
    bank = text(validate=validate.OneOf(("ccb", "rcb")))
    channel = text(validate=validate.OneOf(("online", "branch")))
    state = text(validate=validate.OneOf(("open", "releasing", "refunding", "closed")))
    balance_fen = integer(metadata={"description": "the sum of the movements, in integer fen; never negative"})
    movements = items(nested(PurchaseFundMovementSchema))
