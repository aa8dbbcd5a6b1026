"""What escrow's RPCs answer."""
from shared.answers import AnswerSchema, integer, nullable, text
from shared.fields import UUIDString


class MandateSchema(AnswerSchema):
    lease_id = UUIDString(required=True)
    state = text()
    attempts = integer()
    card_masked = text()
    refusal = nullable()
