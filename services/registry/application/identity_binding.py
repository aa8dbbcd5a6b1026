"""R001.9: a signing account binds one-to-one to its own unified-identity account, and then signs in with it.

The gateway verifies the identity platform's assertion and passes only a keyed hash naming the identity."""
from __future__ import annotations

from typing import Any

from shared.context import CommandContext
from shared.errors import Conflict, Forbidden, Unauthenticated
from services.registry.application.agency_access import AGENCY, AGENT
from services.registry.domain import ids
from services.registry.domain.accounts import Account
from services.registry.domain.identity_bindings import IdentityBinding

SIGNING_ROLES = (AGENCY, AGENT)


class IdentityBindingCommands:
    def bind_identity(self, ctx: CommandContext, identity: str) -> dict[str, Any]:
        if ctx.role not in SIGNING_ROLES:
            raise Forbidden("only agency and agent signing accounts bind a unified identity",
                            code="role_not_allowed")
        account = self.get(ctx.actor_id, Account, "account")
        own = self.find(ids.account_binding_id(str(account.id)))
        if own is not None:
            if own.identity == identity:
                return binding_view(account)
            raise Conflict("this account is already bound to another unified identity", code="account_already_bound")
        if self.find(ids.identity_binding_id(identity)) is not None:
            raise Conflict("this unified identity is already bound to another signing account: register a new "
                           "unified identity for each account", code="identity_already_bound")
        self._save([IdentityBinding.bind(id=ids.identity_binding_id(identity), account_id=str(account.id),
                                         identity=identity),
                    IdentityBinding.bind(id=ids.account_binding_id(str(account.id)), account_id=str(account.id),
                                         identity=identity)])
        return binding_view(account)

    def identity_sign_in(self, identity: str) -> dict[str, Any]:
        """The signing account bound to this unified identity, as the gateway puts it in a token."""
        binding = self.find(ids.identity_binding_id(identity))
        if binding is None:
            raise Unauthenticated("this unified identity is bound to no signing account: sign in with the "
                                  "account's password once and bind it", code="identity_not_bound")
        account = self.get(binding.account_id, Account, "account")
        return {"user_id": str(account.id), "username": account.username, "role": account.role,
                "org_id": account.org_id, "display_name": account.display_name}


def binding_view(account: Account) -> dict[str, Any]:
    return {"account_id": str(account.id), "username": account.username, "bound": True}
