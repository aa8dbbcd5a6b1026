"""The web portal's static pages (services/portal), served by the gateway next to the JSON API.

A mixin for GatewayService: `GET /` sends the browser to `/portal/`, and `/portal/<name>` serves a file
from services/portal (only known file types, never anything outside that folder). Every answer carries a
strict Content-Security-Policy (security_headers.PORTAL_HEADERS). Files carry an ETag of their content, so
that a browser revalidating them (Cache-Control: no-cache) gets a bodiless 304 while they are unchanged:
a selection window's thousands of families reload the pages without sending them again.

Three small helpers serve the families' portal: `/portal/clock` (the server's time, by which the page counts
down to the selection windows whatever the phone's clock says), `/portal/qr.svg?text=` (a QR code of a
provider's link, which the family scans with its phone) and `/portal/config` (public settings the page needs:
where the unified identity platform's sign-in page is, from HOUSING_IDENTITY_URL).
"""
from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path
from urllib.parse import urlsplit
from typing import Mapping

import segno

from werkzeug.wrappers import Request, Response

from services.gateway.security_headers import API_HEADERS, PORTAL_HEADERS
from services.gateway.web_server import gateway_http
from shared import clock

PORTAL_DIR = (Path(__file__).resolve().parent.parent / "portal").resolve()

# Only these kinds of file are served; anything else in the folder (__init__.py, caches) is not found.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
}


def portal_file(name: str) -> Path | None:
    """The file `name` names inside PORTAL_DIR, or None if it is outside, hidden, missing or not servable."""
    try:
        target = (PORTAL_DIR / name).resolve()
    except (ValueError, OSError):  # e.g. an embedded NUL byte, a symlink loop
        return None
    if not target.is_relative_to(PORTAL_DIR) or target == PORTAL_DIR:
        return None
    if any(part.startswith(".") for part in target.relative_to(PORTAL_DIR).parts):
        return None
    if target.suffix.lower() not in CONTENT_TYPES or not target.is_file():
        return None
    return target


# A QR code names a provider's page: an http(s) link of reasonable length, nothing else.
QR_MAX_LENGTH = 500


def error(status: int, code: str, message: str) -> Response:
    body = {"error": {"code": code, "message": message, "details": {}}}
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json",
                    headers=PORTAL_HEADERS)


def not_found() -> Response:
    return error(404, "not_found", "no such page in the portal")


_etags: dict[Path, tuple[int, int, str]] = {}


def etag_of(target: Path) -> str:
    """The file's content hash, remembered while its size and modification time stay the same."""
    stat = target.stat()
    known = _etags.get(target)
    if known and known[:2] == (stat.st_mtime_ns, stat.st_size):
        return known[2]
    tag = '"' + hashlib.sha256(target.read_bytes()).hexdigest()[:32] + '"'
    _etags[target] = (stat.st_mtime_ns, stat.st_size, tag)
    return tag


def serve_file(name: str, request: Request | None = None) -> Response:
    target = portal_file(name)
    if target is None:
        return not_found()
    tag = etag_of(target)
    headers = {**PORTAL_HEADERS, "ETag": tag}
    if request is not None and request.if_none_match.contains(tag.strip('"')):
        return Response(status=304, headers=headers)
    return Response(target.read_bytes(), status=200, headers=headers,
                    content_type=CONTENT_TYPES[target.suffix.lower()])


def server_clock() -> Response:
    body = {"now": clock.now().isoformat()}
    return Response(json.dumps(body), status=200, mimetype="application/json", headers=API_HEADERS)


def public_config(environ: Mapping[str, str] = os.environ) -> Response:
    """What the portals may know of the gateway's settings: the identity platform's sign-in page."""
    platform = environ.get("HOUSING_IDENTITY_URL", "").rstrip("/")
    body = {"identity_platform": {"sign_in_url": f"{platform}/login"} if platform else None}
    return Response(json.dumps(body), status=200, mimetype="application/json", headers=API_HEADERS)


# The parties whose links a family scans (and the portal itself): the QR service draws no one else's link,
# so the bureau's domain never serves a code that sends a phone to an address of someone else's choosing.
QR_PARTIES = ("HOUSING_FACE_URL", "HOUSING_ESIGN_URL", "HOUSING_BANK_URL", "HOUSING_IDENTITY_URL",
              "HOUSING_GATEWAY_PUBLIC_URL")


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def qr_origins(environ: Mapping[str, str] = os.environ) -> set[str]:
    return {origin(environ[name]) for name in QR_PARTIES if environ.get(name)}


def qr_code(text: str | None, environ: Mapping[str, str] = os.environ) -> Response:
    if not text or len(text) > QR_MAX_LENGTH or not text.startswith(("https://", "http://")) \
            or any(ord(c) < 0x21 or ord(c) == 0x7f for c in text):
        return error(400, "invalid_input", "text must be an http(s) link of at most 500 characters")
    if origin(text) not in qr_origins(environ):
        return error(400, "qr_origin_not_allowed", "only links of the platform's own parties are drawn")
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=6, border=2, dark="#111827", light="#ffffff")
    return Response(out.getvalue(), status=200, content_type="image/svg+xml",
                    headers={**PORTAL_HEADERS, "Cache-Control": "private, max-age=3600"})


class PortalPages:
    """HTTP entrypoints for the portal; mixed into GatewayService."""

    @gateway_http("GET", "/")
    def portal_root(self, request: Request) -> Response:
        return Response("", status=302, headers={"Location": "/portal/", "Cache-Control": "no-cache"})

    @gateway_http("GET", "/portal/")
    def portal_index(self, request: Request) -> Response:
        return serve_file("index.html", request)

    @gateway_http("GET", "/portal/clock")
    def portal_clock(self, request: Request) -> Response:
        return server_clock()

    @gateway_http("GET", "/portal/config")
    def portal_config(self, request: Request) -> Response:
        return public_config()

    @gateway_http("GET", "/portal/qr.svg")
    def portal_qr(self, request: Request) -> Response:
        return qr_code(request.args.get("text"))

    @gateway_http("GET", "/portal/<path:name>")
    def portal_static(self, request: Request, name: str) -> Response:
        return serve_file(name, request)
