"""What the gateway itself answers: captcha challenges and sign-ins, and the external parties' webhooks."""
from shared.answers import AnswerSchema, flag, integer, nested, text
from services.registry.api.answers import SignedInUserSchema


class CaptchaSchema(AnswerSchema):
    captcha_id = text()
    image = text(metadata={"description": "a data: URL of a PNG image"})
    expires_in = text(metadata={"description": "seconds"})


class SignedInSchema(AnswerSchema):
    token = text()
    token_type = text()
    expires_at = integer(metadata={"description": "Unix time"})
    user = nested(SignedInUserSchema)


class WebhookAnswerSchema(AnswerSchema):
    recorded = flag(metadata={"description": "false when the same report had been counted before"})
