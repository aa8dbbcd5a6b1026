"""R001.9: each signing account (agency or agent) binds one-to-one to its own unified-identity account.

The binding is its own aggregate, named by the identity (a keyed hash of the person's document, never the
number itself), so two accounts claiming one identity collide in the store; the account remembers its identity,
so one account cannot take a second."""
from __future__ import annotations

from shared.aggregate import ServiceAggregate


class IdentityBinding(ServiceAggregate):
    class IdentityBound(ServiceAggregate.Created):
        account_id: str
        identity: str

        def apply(self, binding: "IdentityBinding") -> None:
            binding.account_id = self.account_id
            binding.identity = self.identity

    @classmethod
    def bind(cls, *, id, account_id: str, identity: str) -> "IdentityBinding":  # noqa: A002
        return cls._create(cls.IdentityBound, id=id, account_id=account_id, identity=identity)
