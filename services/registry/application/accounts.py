"""Accounts of the people who sign in to the portals; an organisation's users belong to an admitted one."""
from __future__ import annotations

from typing import Any

from shared.context import CommandContext
from shared.errors import InvalidInput, NotFound, RuleViolation
from services.registry.application.passwords import Passwords
from services.registry.domain import ids
from services.registry.domain.accounts import ORG_ROLES, ROLES, Account
from services.registry.domain.developers import Developer
from services.notary.api.offices import OFFICES

# Agency and agent accounts are opened by the agency's application and the agent's approval (guide 001, their
# credentials go by SMS), never here; notary offices are the notary service's list (guide 002).
SIGNING_ACCOUNT_ROLES = ("agency", "agent")


class AccountCommands:
    passwords: Passwords

    def open_account(self, ctx: CommandContext, *, username: str, password: str, role: str,
                     org_id: str | None, display_name: str) -> str:
        if role not in ROLES:
            raise InvalidInput(f"unknown role {role}", code="unknown_role", details={"roles": list(ROLES)})
        if role in ORG_ROLES:
            self.require_admitted_organisation(role, org_id)

        def decide() -> Any:
            account = Account.open(id=ids.account_id(username), username=username, role=role, org_id=org_id,
                                   display_name=display_name, password_hash=self.passwords.hash(password))
            return str(account.id), [account]

        return self.execute(ctx, "open_account", decide)

    def require_admitted_organisation(self, role: str, org_id: str | None) -> None:
        """A developer user's enterprise must be admitted to the network (R000.1); agencies and notary
        offices cannot have users until their register exists."""
        if not org_id:
            raise InvalidInput(f"a {role} account belongs to an organisation", code="org_required")
        details = {"org_id": org_id, "role": role}
        if role == "notary_officer":
            if org_id not in OFFICES:
                raise RuleViolation("no such notary office", code="organisation_not_found", details=details)
            return
        if role in SIGNING_ACCOUNT_ROLES:
            raise RuleViolation(f"{role} accounts are opened by the agency's application (POST /api/v1/agencies) "
                                "and the bureau's approval of an agent, which send the credentials by SMS",
                                code="signing_account_not_opened_here", details=details)
        try:
            developer = self.get(org_id, Developer, "developer")
        except NotFound:
            raise RuleViolation("no such developer enterprise", code="organisation_not_found",
                                details=details) from None
        if not developer.admitted:
            raise RuleViolation("the developer has not been admitted to the network yet (R000.1): grant its "
                                "network access first", code="organisation_not_admitted", details=details)
