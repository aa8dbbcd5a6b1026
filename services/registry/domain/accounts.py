"""Accounts that sign in to the portals. Passwords are kept only as Argon2 hashes."""
from __future__ import annotations

from shared.aggregate import ServiceAggregate

ROLES = ("bureau_officer", "developer", "agency", "agent", "party", "notary_officer", "family", "auditor")
ORG_ROLES = ("developer", "agency", "agent", "notary_officer")


class Account(ServiceAggregate):
    class AccountOpened(ServiceAggregate.Created):
        username: str
        role: str
        org_id: str | None
        display_name: str
        password_hash: str

        def apply(self, account: "Account") -> None:
            account.username = self.username
            account.role = self.role
            account.org_id = self.org_id
            account.display_name = self.display_name
            account.password_hash = self.password_hash
            account.active = True

    class PasswordChanged(ServiceAggregate.Event):
        password_hash: str

        def apply(self, account: "Account") -> None:
            account.password_hash = self.password_hash

    @classmethod
    def open(cls, *, id, username: str, role: str, org_id: str | None, display_name: str,  # noqa: A002
             password_hash: str) -> "Account":
        return cls._create(cls.AccountOpened, id=id, username=username, role=role, org_id=org_id,
                           display_name=display_name, password_hash=password_hash)

    def change_password(self, password_hash: str) -> None:
        self.trigger_event(self.PasswordChanged, password_hash=password_hash)
