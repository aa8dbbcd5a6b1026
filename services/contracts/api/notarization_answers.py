"""What contracts answers on the notarized route."""
from marshmallow import fields

from shared.answers import AnswerSchema, flag, integer, items, nullable, text


class NotarizationSchema(AnswerSchema):
    contract_id = text()
    state = text()
    password_set = flag()
    attachments = items(fields.Dict())
    attempt = integer()
    push = nullable(fields.Dict)
    case = nullable(fields.Dict)
    certificate = nullable(fields.Dict)
    returns = items(fields.Dict())
    failure = nullable()
