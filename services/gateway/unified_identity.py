"""Families sign in through the unified identity platform (统一身份认证, guide 004): the gateway
verifies the platform's signed assertion and issues its own token for the family's application."""
from __future__ import annotations

import hashlib
import os
from typing import Any

import jwt

from shared.errors import Unauthenticated
from shared.identity_documents import RESIDENT_ID, InvalidIdentityDocument, identity_document

ISSUER = "gd-unified-identity"
AUDIENCE = "housing-selection"


def idp_key(token_secret: str) -> str:
    """The platform's verification key: configured, or (simulation) derived from the gateway secret."""
    return os.environ.get("HOUSING_IDP_KEY") or hashlib.sha256(f"idp:{token_secret}".encode()).hexdigest()


def verified_person(assertion: str, token_secret: str) -> dict[str, Any]:
    try:
        claims = jwt.decode(assertion, idp_key(token_secret), algorithms=["HS256"], audience=AUDIENCE,
                            issuer=ISSUER, options={"require": ["exp", "sub", "iss", "aud"]})
    except jwt.ExpiredSignatureError:
        raise Unauthenticated("the identity assertion has expired; sign in again", code="assertion_expired") from None
    except jwt.InvalidTokenError:
        raise Unauthenticated("the identity assertion is not valid", code="invalid_assertion") from None
    if claims.get("acr") != "real-name-verified":
        raise Unauthenticated("real-name verification is required", code="not_real_name_verified")
    return {**claims, **person_document(claims)}


def person_document(claims: dict[str, Any]) -> dict[str, str]:
    """The assertion's subject as a checked identity document: `sub` is the document number (a resident ID
    number unless the claim `id_type` names another document), normalised as the lottery and the
    face-verification party compare it."""
    try:
        document = identity_document(str(claims["sub"]), str(claims.get("id_type", RESIDENT_ID)))
    except InvalidIdentityDocument as exc:
        raise Unauthenticated("the identity assertion names no valid identity document",
                              code="invalid_identity_document", details={"reason": exc.reason}) from None
    return {"sub": document.number, "id_type": document.id_type}
