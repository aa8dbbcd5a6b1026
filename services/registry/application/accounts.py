"""Accounts and sign-in (R000.1: developer users also present their enterprise's electronic key)."""
from __future__ import annotations

from typing import Any

from shared.context import CommandContext
from shared.errors import InvalidInput, Unauthenticated
from services.registry.application import electronic_keys
from services.registry.application.passwords import Passwords
from services.registry.domain import ids
from services.registry.domain.accounts import ORG_ROLES, ROLES, Account
from services.registry.domain.developers import Developer


class AccountCommands:
    passwords: Passwords

    def open_account(self, ctx: CommandContext, *, username: str, password: str, role: str,
                     org_id: str | None, display_name: str) -> str:
        if role not in ROLES:
            raise InvalidInput(f"unknown role {role}", code="unknown_role", details={"roles": list(ROLES)})
        if role in ORG_ROLES and not org_id:
            raise InvalidInput(f"a {role} account belongs to an organisation", code="org_required")
        if role == "developer":
            self.get(org_id, Developer, "developer")

        def decide() -> Any:
            account = Account.open(id=ids.account_id(username), username=username, role=role, org_id=org_id,
                                   display_name=display_name, password_hash=self.passwords.hash(password))
            return str(account.id), [account]

        return self.execute(ctx, "open_account", decide)

    def authenticate(self, username: str, password: str, electronic_key: str | None = None) -> dict[str, Any]:
        account = self.find(ids.account_id(username))  # a database outage is an outage, not a wrong password
        if not self.passwords.verify(account.password_hash if account else None, password):
            raise Unauthenticated("wrong username or password", code="invalid_credentials")
        if account.role == "developer":
            developer = self.get(account.org_id, Developer, "developer")
            if not electronic_key:
                raise Unauthenticated("insert your enterprise's electronic key", code="electronic_key_required")
            if not electronic_keys.matches(developer.key_id, developer.key_hash, electronic_key):
                raise Unauthenticated("the electronic key is not valid", code="invalid_electronic_key")
        return {"user_id": str(account.id), "username": account.username, "role": account.role,
                "org_id": account.org_id, "display_name": account.display_name}
