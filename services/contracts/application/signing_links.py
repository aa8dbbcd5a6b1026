"""The party's signing link of an existing-home signature order (R001.13): the portal's phone page with a token
that names the contract, the order and the party, expires with the order, and is signed with contracts' own key.
The token is the party's only credential: a forged, altered or expired one opens nothing.

The token is short enough for a path segment and a dense-free QR code: the contract's UUID, the order's 6-byte
id, the party (seller-N / buyer-N) and the expiry packed in binary, then a 128-bit HMAC-SHA256 tag, base64url.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import struct
import uuid
from dataclasses import dataclass
from datetime import datetime

from shared import clock
from shared.errors import Unauthenticated

PAGE = "/portal/party.html#t="
ORDER_ID_BYTES = 6
_LAYOUT = struct.Struct(f">16s{ORDER_ID_BYTES}sBI")
_TAG_BYTES = 16
_ROLES = ("seller", "buyer")


def new_order_id() -> str:
    return uuid.uuid4().hex[:2 * ORDER_ID_BYTES]


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
        role, _, number = party_id.partition("-")
        body = _LAYOUT.pack(uuid.UUID(contract_id).bytes, bytes.fromhex(order_id),
                            _ROLES.index(role) * 128 + int(number), int(expires.timestamp()))
        return base64.urlsafe_b64encode(body + self._tag(body)).decode().rstrip("=")

    def link(self, contract_id: str, order_id: str, party_id: str, expires: datetime) -> str:
        return f"{self.portal_url}{PAGE}{self.token(contract_id, order_id, party_id, expires)}"

    def read(self, token: str) -> PartyToken:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except (binascii.Error, ValueError):
            raw = b""
        body, tag = raw[:_LAYOUT.size], raw[_LAYOUT.size:]
        if len(raw) != _LAYOUT.size + _TAG_BYTES or not hmac.compare_digest(self._tag(body), tag):
            raise Unauthenticated("this signing link is not one the system issued", code="invalid_signing_link")
        contract, order, party, expires = _LAYOUT.unpack(body)
        if clock.now().timestamp() >= expires:
            raise Unauthenticated("this signing link has expired", code="signing_link_expired")
        return PartyToken(str(uuid.UUID(bytes=contract)), order.hex(), f"{_ROLES[party // 128]}-{party % 128}",
                          expires)

    def _tag(self, body: bytes) -> bytes:
        return hmac.new(self.key, body, hashlib.sha256).digest()[:_TAG_BYTES]
