"""Where the simulated unified identity platform sends a family back after it signed in: the families'
portal with the round in the query and the platform's signed assertion in the fragment (a fragment never
reaches a server's logs). Demos print such a link; browser tests open it as the platform's redirect."""
from __future__ import annotations

from urllib.parse import quote

from deploy.sim.identity_provider import assertion_for

FAMILY_PORTAL = "/portal/family.html"
STAFF_PORTAL = "/portal/index.html"


def family_portal_url(base: str) -> str:
    return f"{base.rstrip('/')}{FAMILY_PORTAL}"


def sign_in_link(base: str, round_id: str, id_number: str, name: str, token_secret: str,
                 lifetime: int = 300) -> str:
    assertion = assertion_for(id_number, name, token_secret, lifetime=lifetime)
    return f"{family_portal_url(base)}?round={quote(round_id)}#assertion={quote(assertion)}"
