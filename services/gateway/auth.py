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


@dataclass(frozen=True)
class Principal:
    user_id: str
    username: str
    role: str
    org_id: str | None
    display_name: str


class Tokens:
    def __init__(self, secret: str | None = None, lifetime: int = LIFETIME_SECONDS) -> None:
        secret = secret or os.environ.get("HOUSING_TOKEN_SECRET")
        if not secret or len(secret) < 32:
            raise RuntimeError("HOUSING_TOKEN_SECRET must be set to at least 32 characters")
        self.secret = secret
        self.lifetime = lifetime

    def issue(self, principal: dict[str, Any]) -> dict[str, Any]:
        now = int(time.time())
        claims = {
            "iss": ISSUER, "sub": principal["user_id"], "iat": now, "exp": now + self.lifetime,
            "username": principal["username"], "role": principal["role"],
            "org": principal.get("org_id"), "name": principal.get("display_name", ""),
        }
        return {"token": jwt.encode(claims, self.secret, algorithm="HS256"),
                "token_type": "Bearer", "expires_at": claims["exp"]}

    def verify(self, authorization: str | None) -> Principal:
        if not authorization:
            raise Unauthenticated("sign in first: send Authorization: Bearer <token>", code="missing_token")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise Unauthenticated("use the Bearer scheme", code="invalid_token")
        try:
            claims = jwt.decode(token, self.secret, algorithms=["HS256"], issuer=ISSUER,
                                options={"require": ["exp", "sub", "iss"]})
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("your session has expired; sign in again", code="token_expired") from None
        except jwt.InvalidTokenError:
            raise Unauthenticated("the token is not valid", code="invalid_token") from None
        return Principal(user_id=claims["sub"], username=claims["username"], role=claims["role"],
                         org_id=claims.get("org"), display_name=claims.get("name", ""))
