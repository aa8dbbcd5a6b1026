"""Request shapes that belong to the gateway itself."""
from shared.fields import Text
from services.registry.api.requests import LoginSchema


class LoginRequestSchema(LoginSchema):
    captcha_id = Text(required=True, max_length=500)
    captcha_answer = Text(required=True, max_length=20)
