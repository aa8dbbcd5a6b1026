"""Request shapes that belong to the gateway itself."""
from marshmallow import fields, validate

from services.registry.adapters.schemas import LoginSchema


class LoginRequestSchema(LoginSchema):
    captcha_id = fields.String(required=True, validate=validate.Length(min=1, max=500))
    captcha_answer = fields.String(required=True, validate=validate.Length(min=1, max=20))
