"""The web portal's static pages (services/portal), served by the gateway next to the JSON API.

A mixin for GatewayService: `GET /` sends the browser to `/portal/`, and `/portal/<name>` serves a file
from services/portal (only known file types, never anything outside that folder). Every answer carries a
strict Content-Security-Policy (security_headers.PORTAL_HEADERS).
"""
from __future__ import annotations

import json
from pathlib import Path

from werkzeug.wrappers import Request, Response

from services.gateway.security_headers import PORTAL_HEADERS
from services.gateway.web_server import gateway_http

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


def not_found() -> Response:
    body = {"error": {"code": "not_found", "message": "no such page in the portal", "details": {}}}
    return Response(json.dumps(body, ensure_ascii=False), status=404, mimetype="application/json",
                    headers=PORTAL_HEADERS)


def serve_file(name: str) -> Response:
    target = portal_file(name)
    if target is None:
        return not_found()
    return Response(target.read_bytes(), status=200, headers=PORTAL_HEADERS,
                    content_type=CONTENT_TYPES[target.suffix.lower()])


class PortalPages:
    """HTTP entrypoints for the portal; mixed into GatewayService."""

    @gateway_http("GET", "/")
    def portal_root(self, request: Request) -> Response:
        return Response("", status=302, headers={"Location": "/portal/", "Cache-Control": "no-cache"})

    @gateway_http("GET", "/portal/")
    def portal_index(self, request: Request) -> Response:
        return serve_file("index.html")

    @gateway_http("GET", "/portal/<path:name>")
    def portal_static(self, request: Request, name: str) -> Response:
        return serve_file(name)
