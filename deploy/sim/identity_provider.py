"""A simulated unified identity platform (广东省统一身份认证平台) for demos, tests and benchmarks.

It speaks the shape of the real thing: after the person authenticates, it hands the relying party
a signed identity assertion (a JWT with issuer, audience, subject = the person's ID number, expiry).
Only the signing key is shared with the gateway here; a real deployment configures the platform's key.
"""
from __future__ import annotations

import time

import jwt

from services.gateway.unified_identity import AUDIENCE, ISSUER, idp_key


def assertion_for(id_number: str, name: str, token_secret: str, lifetime: int = 300) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": id_number, "name": name, "iat": now, "exp": now + lifetime,
              "acr": "real-name-verified"}
    return jwt.encode(claims, idp_key(token_secret), algorithm="HS256")
