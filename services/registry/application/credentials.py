"""Signing accounts of agencies and agents (R001.8): the platform chooses the initial password and sends it, with
the username, to the holder's phone; only its Argon2 hash is kept, and it is never answered over the API.

The initial password is derived (HMAC with a secret of the registry) from the account and the state of the
decision that opens it, so every attempt at that one decision (a retry after a failed save, two officers
approving at once) yields the same password under the same SMS reference: the SMS gateway sends it once, and
whichever attempt is saved holds its hash."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from shared.errors import Conflict
from services.registry.application.agency_ports import CredentialMessenger
from services.registry.application.passwords import Passwords
from services.registry.domain import ids
from services.registry.domain.accounts import Account


class Credentials:
    passwords: Passwords
    messenger: CredentialMessenger | None
    credential_key: bytes

    def signing_account(self, *, username: str, role: str, org_id: str, display_name: str, phone: str,
                        decision: str) -> Account:
        """A new account (not yet saved) whose credentials were just sent by SMS. `decision` names the
        decision that opens it (the deciding aggregate and its version)."""
        account_id = ids.account_id(username)
        if self.find(account_id) is not None:
            raise Conflict("this username is taken; choose another", code="username_taken",
                           details={"username": username})
        password = self.initial_password(f"{account_id}/{decision}")
        self._messenger().send_credentials(client_ref=f"credentials/{account_id}/{decision}", phone=phone,
                                           username=username, password=password)
        return Account.open(id=account_id, username=username, role=role, org_id=org_id, display_name=display_name,
                            password_hash=self.passwords.hash(password))

    def initial_password(self, subject: str) -> str:
        digest = hmac.new(self.credential_key, subject.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:12]).decode()

    def _messenger(self) -> CredentialMessenger:
        if self.messenger is None:
            raise RuntimeError("signing accounts need the SMS gateway (its adapter)")
        return self.messenger


def credential_key_from(secret: str | None) -> bytes:
    """The key of initial passwords, derived from a registry secret (a random one when there is none: tests)."""
    if not secret:
        return secrets.token_bytes(32)
    return hmac.new(secret.encode(), b"registry/initial-passwords", hashlib.sha256).digest()
