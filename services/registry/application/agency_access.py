"""Who may see and change an agency's records: the agency account its own (R001.3), the bureau all."""
from __future__ import annotations

from shared.context import CommandContext
from shared.errors import Forbidden
from services.registry.application.access import OVERSEERS

AGENCY, AGENT = "agency", "agent"


def require_own_agency(ctx: CommandContext, agency_id: str) -> None:
    """Only the agency account itself manages its info, materials and agents."""
    if ctx.role != AGENCY or ctx.org_id != agency_id:
        raise Forbidden("only the agency's own account may change this", code="other_organisation")


def require_agency_visible(ctx: CommandContext, agency_id: str) -> None:
    """The bureau and auditors see every agency; an agency account or agent only its own."""
    if ctx.role in OVERSEERS or (ctx.role in (AGENCY, AGENT) and ctx.org_id == agency_id):
        return
    raise Forbidden("this belongs to another organisation", code="other_organisation")
