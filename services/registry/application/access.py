"""Who may see and change what in registry: the bureau everything, a developer its own."""
from __future__ import annotations

from shared.context import CommandContext
from shared.errors import Forbidden

BUREAU = "bureau_officer"
OVERSEERS = (BUREAU, "auditor", "system")


def require_own(ctx: CommandContext, developer_id: str) -> None:
    """Only the developer's own users write its introductions, images and room info."""
    if ctx.role != "developer" or ctx.org_id != developer_id:
        raise Forbidden("only the developer itself may change this", code="other_organisation")


def require_visible(ctx: CommandContext, developer_id: str) -> None:
    """A developer sees only its own enterprise's data; the bureau and auditors see all."""
    if ctx.role in OVERSEERS or (ctx.role == "developer" and ctx.org_id == developer_id):
        return
    raise Forbidden("this belongs to another organisation", code="other_organisation")


def require_bureau(ctx: CommandContext, what: str) -> None:
    if ctx.role not in (BUREAU, "system"):
        raise Forbidden(f"{what} is for the bureau only", code="bureau_only")
