"""The protocol spoken with external parties (bank, face verification, e-signature, SMS).

JSON over HTTP; every request and every callback is signed with a secret shared with that party:
`X-Signature-Timestamp` holds unix seconds and `X-Signature` holds
`v1=` + hex(HMAC-SHA256(secret, f"{timestamp}." + body)). A receiver refuses a stale timestamp,
so that a captured request cannot be replayed later.
"""
from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Mapping, Self

from shared.errors import InvalidInput, Unauthenticated, Unavailable

TIMESTAMP_HEADER = "X-Signature-Timestamp"
SIGNATURE_HEADER = "X-Signature"
SCHEME = "v1="


def _digest(secret: str, timestamp: str, body: bytes) -> str:
    return hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def sign(secret: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else int(timestamp))
    return {TIMESTAMP_HEADER: stamp, SIGNATURE_HEADER: SCHEME + _digest(secret, stamp, body)}


def header(headers: Mapping[str, str], name: str) -> str | None:
    """A header's value, whatever the case of its name."""
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return None


def verify(secret: str, headers: Mapping[str, str], body: bytes, now: float | None = None,
           tolerance: int = 300) -> None:
    """Raise Unauthenticated unless `body` carries a valid, fresh signature made with `secret`.

    The signature header may list several comma-separated values (as during a secret rotation);
    one matching `v1=` value suffices.
    """
    stamp, signature = header(headers, TIMESTAMP_HEADER), header(headers, SIGNATURE_HEADER)
    if not stamp or not signature:
        raise Unauthenticated("the request is not signed", code="bad_signature")
    timestamp = timestamp_of(stamp)
    expected = _digest(secret, stamp, body)
    offered = [part.strip()[len(SCHEME):] for part in signature.split(",") if part.strip().startswith(SCHEME)]
    require_match(expected, offered)
    require_fresh(timestamp, now, tolerance)


def timestamp_of(stamp: str) -> int:
    """The unix seconds of a signature timestamp header (digits 0-9 only)."""
    if not (stamp.isascii() and stamp.isdigit()):
        raise Unauthenticated("the signature timestamp is not a whole number in digits 0-9", code="bad_signature")
    return int(stamp)


def require_match(expected: str, offered: list[str]) -> None:
    """One of the offered signatures (several during a secret rotation) is the expected one."""
    if not any(hmac.compare_digest(expected, candidate) for candidate in offered):
        raise Unauthenticated("the signature does not match", code="bad_signature")


def require_fresh(timestamp: int, now: float | None, tolerance: int) -> None:
    """Checked after the signature: a captured request cannot be replayed once the window has passed."""
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        raise Unauthenticated("the signature timestamp is outside the accepted window", code="stale_signature",
                              details={"tolerance": tolerance})


class SignedJsonClient:
    """Base of every adapter client: signed JSON requests to one party's API.

    Uses urllib.request, so that under eventlet's monkey-patching a request yields instead of blocking.
    """

    def __init__(self, base_url: str, secret: str, timeout: float = 5.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.secret = secret
        self.timeout = timeout

    @classmethod
    def from_env(cls, environ: Mapping[str, str], url_key: str, default_url: str, secret_key: str) -> Self:
        secret = environ.get(secret_key)
        if not secret:
            raise RuntimeError(f"environment variable {secret_key} is not set (run `make provision`)")
        return cls(environ.get(url_key) or default_url, secret)

    def post(self, path: str, payload: dict) -> dict:
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return self._send("POST", path, body)

    def get(self, path: str, query: dict | None = None) -> dict:
        if query:
            path = f"{path}?{urllib.parse.urlencode(query)}"
        return self._send("GET", path, b"")

    def _send(self, method: str, path: str, body: bytes) -> dict:
        headers = {"Accept": "application/json", **sign(self.secret, body)}
        if method != "GET":
            headers["Content-Type"] = "application/json; charset=utf-8"
        request = urllib.request.Request(self.base_url + path, data=body if method != "GET" else None,
                                         headers=headers, method=method)
        where = {"method": method, "path": path.split("?", 1)[0]}
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            self._refused(error, where)
        except (OSError, http.client.HTTPException) as error:
            raise Unavailable(f"the provider at {self.base_url} is unreachable: {error}",
                              code="provider_unavailable", details=where) from None
        try:
            return json.loads(raw) if raw.strip() else {}
        except ValueError:
            raise Unavailable("the provider answered with something other than JSON",
                              code="provider_unavailable", details=where) from None

    def _refused(self, error: urllib.error.HTTPError, where: dict[str, Any]) -> None:
        try:
            raw = error.read()
        except (OSError, http.client.HTTPException):
            raw = b""
        finally:
            error.close()
        if error.code >= 500:
            raise Unavailable(f"the provider at {self.base_url} failed with HTTP {error.code}",
                              code="provider_unavailable", details={**where, "status": error.code}) from None
        try:
            answer: Any = json.loads(raw)
        except ValueError:
            answer = {"text": raw[:500].decode("utf-8", "replace")}
        code = answer.get("code") if isinstance(answer, dict) else None
        raise InvalidInput(f"the provider refused the request (HTTP {error.code}{f', {code}' if code else ''})",
                           code="provider_refused",
                           details={**where, "status": error.code, "provider": answer}) from None
