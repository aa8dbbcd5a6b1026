"""Password sign-in at the gateway: a single-use captcha, then registry's throttled check of the
credentials, then a token. The client's address goes along so that registry throttles each source."""
from __future__ import annotations

import ipaddress
import os
from typing import Any

from werkzeug.wrappers import Request

from services.gateway import captcha
from services.gateway.auth import Tokens


def trusted_proxies() -> frozenset[str]:
    """Addresses of the ingress/proxies in front of the gateway (HOUSING_TRUSTED_PROXIES, comma-separated)."""
    return frozenset(p.strip() for p in os.environ.get("HOUSING_TRUSTED_PROXIES", "").split(",") if p.strip())


def source_address(peer: str | None, forwarded_for: str | None, trusted: frozenset[str]) -> str:
    """The client's address: the peer's, or, when the peer is a trusted proxy, the nearest X-Forwarded-For
    hop that is not (hops further left are written by the client and prove nothing)."""
    address = peer or "unknown"
    if address not in trusted or not forwarded_for:
        return address
    for hop in reversed([hop.strip() for hop in forwarded_for.split(",")]):
        try:
            hop = str(ipaddress.ip_address(hop))
        except ValueError:
            return address  # a garbled header: throttle the proxy rather than trust a made-up address
        if hop not in trusted:
            return hop
    return address


TRUSTED_PROXIES = trusted_proxies()


def client(request: Request) -> str:
    """The address a request came from, as far as this gateway can tell (see `source_address`)."""
    return source_address(request.remote_addr, request.headers.get("X-Forwarded-For"), TRUSTED_PROXIES)


def password_sign_in(cluster: Any, tokens: Tokens, body: dict[str, Any], source: str) -> dict[str, Any]:
    def claim(key: str, expires_at: float) -> None:
        cluster.call("registry", "claim_captcha", captcha_key=key, expires_at=expires_at)

    captcha.check(tokens.secret, body.pop("captcha_id"), body.pop("captcha_answer"), claim)
    user = cluster.call("registry", "authenticate", body=body, source=source)
    return {**tokens.issue(user), "user": user}
