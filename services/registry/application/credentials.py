"""Signing accounts of agencies and agents (R001.8): the platform chooses the initial password and sends it, with
the username, to the holder's phone; only its Argon2 hash is kept, and it is never answered over the API."""
from __future__ import annotations

import hashlib
import secrets

from shared.errors import Conflict
from services.registry.application.agency_ports import CredentialMessenger
from services.registry.application.passwords import Passwords
from services.registry.domain import ids
from services.registry.domain.accounts import Account


def initial_password() -> str:
    return secrets.token_urlsafe(12)


class Credentials:
    passwords: Passwords
    messenger: CredentialMessenger | None

    def signing_account(self, *, username: str, role: str, org_id: str, display_name: str, phone: str) -> Account:
        """A new account (not yet saved) whose credentials were just sent by SMS.

        Sent before the account is saved: a save that then fails leaves a message whose password opens nothing,
        and the retry sends a new one (the reference names the password, so the SMS gateway does not take the
        retry for the first message)."""
        account_id = ids.account_id(username)
        if self.find(account_id) is not None:
            raise Conflict("this username is taken; choose another", code="username_taken",
                           details={"username": username})
        password = initial_password()
        fingerprint = hashlib.sha256(password.encode()).hexdigest()[:16]
        self._messenger().send_credentials(client_ref=f"credentials/{account_id}/{fingerprint}", phone=phone,
                                           username=username, password=password)
        return Account.open(id=account_id, username=username, role=role, org_id=org_id, display_name=display_name,
                            password_hash=self.passwords.hash(password))

    def _messenger(self) -> CredentialMessenger:
        if self.messenger is None:
            raise RuntimeError("signing accounts need the SMS gateway (its adapter)")
        return self.messenger
