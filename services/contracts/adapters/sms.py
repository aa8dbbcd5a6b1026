"""SMS gateway (短信): templated messages, idempotent on client_ref."""
from __future__ import annotations

import os
from typing import Mapping

from shared.signed_callbacks import SignedJsonClient

DEFAULT_URL = "http://127.0.0.1:8190/sms"


class SmsClient(SignedJsonClient):
    def send(self, *, client_ref: str, phone: str, template: str, params: dict) -> dict:
        """Send `template` filled with `params` to `phone`; returns {"message_id"}."""
        return self.post("/v1/messages", {"client_ref": client_ref, "phone": phone, "template": template,
                                          "params": params})


def sms_from_env(environ: Mapping[str, str] = os.environ) -> SmsClient:
    return SmsClient.from_env(environ, "HOUSING_SMS_URL", DEFAULT_URL, "HOUSING_SMS_SECRET")
