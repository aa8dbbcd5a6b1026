"""The party's signing link of an existing-home signature order (R001.13): the portal's phone page with a token
that names the contract, the order and the party, expires with the order, and is signed with contracts' own key.
The token is the party's only credential: a forged, altered or expired one opens nothing."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime

from shared import clock
from shared.errors import Unauthenticated

PAGE = "/portal/party.html#t="


@dataclass(frozen=True)
class PartyToken:
    contract_id: str
    order_id: str
    party_id: str
    expires: int


class SigningLinks:
    def __init__(self, key: str, portal_url: str = "http://127.0.0.1:8080") -> None:
        self.key = hashlib.sha256(f"existing-home-signing-links/{key}".encode()).digest()
        self.portal_url = portal_url.rstrip("/")

    def token(self, contract_id: str, order_id: str, party_id: str, expires: datetime) -> str:
        claims = {"c": contract_id, "o": order_id, "p": party_id, "e": int(expires.timestamp())}
        body = base64.urlsafe_b64encode(json.dumps(claims, separators=(",", ":")).encode()).decode().rstrip("=")
        return f"{body}.{self._signature(body)}"

    def link(self, contract_id: str, order_id: str, party_id: str, expires: datetime) -> str:
        return f"{self.portal_url}{PAGE}{self.token(contract_id, order_id, party_id, expires)}"

    def read(self, token: str) -> PartyToken:
        body, _, signature = token.partition(".")
        if not signature or not hmac.compare_digest(self._signature(body), signature):
            raise Unauthenticated("this signing link is not one the system issued", code="invalid_signing_link")
        try:
            claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
            parsed = PartyToken(str(claims["c"]), str(claims["o"]), str(claims["p"]), int(claims["e"]))
        except (ValueError, KeyError, TypeError):
            raise Unauthenticated("this signing link is not one the system issued", code="invalid_signing_link") \
                from None
        if clock.now().timestamp() >= parsed.expires:
            raise Unauthenticated("this signing link has expired", code="signing_link_expired")
        return parsed

    def _signature(self, body: str) -> str:
        return base64.urlsafe_b64encode(hmac.new(self.key, body.encode(), hashlib.sha256).digest()).decode() \
            .rstrip("=")
