"""A simulated unified identity platform (广东省统一身份认证平台) for demos, tests and benchmarks.

It speaks the shape of the real thing: after the person authenticates, it hands the relying party
a signed identity assertion (a JWT with issuer, audience, subject = the person's document number, the
document's type when it is not a resident ID, expiry). Only the signing key is shared with the gateway
here; a real deployment configures the platform's key. The platform's sign-in page is `identity_page`.
"""
from __future__ import annotations

import time
from datetime import date, timedelta

import jwt

from services.gateway.unified_identity import AUDIENCE, ISSUER, idp_key
from shared.identity_documents import resident_id_number

FIRST_BIRTH_DATE = date(1950, 1, 1)


def signed_assertion(id_number: str, name: str, key: str, lifetime: int = 300, id_type: str | None = None) -> str:
    """The platform's assertion about a real-name-verified person, signed with the platform's key."""
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": id_number, "name": name, "iat": now, "exp": now + lifetime,
              "acr": "real-name-verified", **({"id_type": id_type} if id_type else {})}
    return jwt.encode(claims, key, algorithm="HS256")


def assertion_for(id_number: str, name: str, token_secret: str, lifetime: int = 300,
                  id_type: str | None = None) -> str:
    """An assertion as the platform would sign it, for callers holding the gateway's secret (tests, seeding)."""
    return signed_assertion(id_number, name, idp_key(token_secret), lifetime, id_type)


def resident_ids(count: int, first: int = 0, region: str = "440301") -> list[str]:
    """Distinct valid resident ID numbers of the simulated population: person n (from `first`) is born
    n // 1000 days after 1950-01-01 with sequence n % 1000."""
    return [resident_id_number(region, FIRST_BIRTH_DATE + timedelta(days=n // 1000), n % 1000)
            for n in range(first, first + count)]
