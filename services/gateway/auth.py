"""Signed bearer tokens (JWT, HS256) issued after a password login."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any

import jwt

from shared.errors import Unauthenticated

ISSUER = "housing-gateway"
LIFETIME_SECONDS = 8 * 3600
VERIFIED_CACHE_SIZE = 20_000


@dataclass(frozen=True)
class Principal:
    user_id: str
    username: str
    role: str
    org_id: str | None
    display_name: str
    subject_hash: str = ""  # families: who signed in, as the face-verification protocol names a person


class Tokens:
    def __init__(self, secret: str | None = None, lifetime: int = LIFETIME_SECONDS) -> None:
        secret = secret or os.environ.get("HOUSING_TOKEN_SECRET")
        if not secret or len(secret) < 32:
            raise RuntimeError("HOUSING_TOKEN_SECRET must be set to at least 32 characters")
        self.secret = secret
        self.lifetime = lifetime
        # Tokens already verified, with their expiry: a family in a selection window sends the same
        # token many times a minute, and checking the signature again is the gateway's largest cost.
        self._verified: dict[str, tuple[Principal, int]] = {}

    def issue(self, principal: dict[str, Any]) -> dict[str, Any]:
        now = int(time.time())
        claims = {
            "iss": ISSUER, "sub": principal["user_id"], "iat": now, "exp": now + self.lifetime,
            "username": principal["username"], "role": principal["role"],
            "org": principal.get("org_id"), "name": principal.get("display_name", ""),
        }
        if principal.get("subject_hash"):
            claims["sh"] = principal["subject_hash"]
        return {"token": jwt.encode(claims, self.secret, algorithm="HS256"),
                "token_type": "Bearer", "expires_at": claims["exp"]}

    def verify(self, authorization: str | None) -> Principal:
        if not authorization:
            raise Unauthenticated("sign in first: send Authorization: Bearer <token>", code="missing_token")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise Unauthenticated("use the Bearer scheme", code="invalid_token")
        known = self._verified.get(token)
        if known is not None and known[1] > time.time():
            return known[0]
        try:
            claims = jwt.decode(token, self.secret, algorithms=["HS256"], issuer=ISSUER,
                                options={"require": ["exp", "sub", "iss"]})
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("your session has expired; sign in again", code="token_expired") from None
        except jwt.InvalidTokenError:
            raise Unauthenticated("the token is not valid", code="invalid_token") from None
        principal = Principal(user_id=claims["sub"], username=claims["username"], role=claims["role"],
                              org_id=claims.get("org"), display_name=claims.get("name", ""),
                              subject_hash=claims.get("sh", ""))
        if len(self._verified) >= VERIFIED_CACHE_SIZE:
            self._verified.clear()
        self._verified[token] = (principal, int(claims["exp"]))
        return principal
