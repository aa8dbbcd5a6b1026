"""Signing-account credentials by SMS (R001.8), through the SMS gateway (templated, idempotent on client_ref)."""
from __future__ import annotations

import os
from typing import Mapping

from shared.signed_callbacks import SignedJsonClient

DEFAULT_URL = "http://127.0.0.1:8190/sms"
TEMPLATE = "signing_account_credentials"


class CredentialSms(SignedJsonClient):
    def send_credentials(self, *, client_ref: str, phone: str, username: str, password: str) -> None:
        self.post("/v1/messages", {"client_ref": client_ref, "phone": phone, "template": TEMPLATE,
                                   "params": {"username": username, "password": password}})


def credential_sms_from_env(environ: Mapping[str, str] = os.environ) -> CredentialSms:
    return CredentialSms.from_env(environ, "HOUSING_SMS_URL", DEFAULT_URL, "HOUSING_SMS_SECRET")
