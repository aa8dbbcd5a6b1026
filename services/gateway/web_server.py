"""The gateway's web server: every answer it gives is JSON when it is an error, and carries its security headers.

Nameko's own server answers a path no entrypoint has (an unknown page, a path with a newline in it) and a
method no entrypoint takes with werkzeug's HTML pages, and an entrypoint that raises with a plain-text
traceback line. This server answers them with the API's error body instead (405 with `Allow`), and adds
the headers every answer carries (see `harden`). Every HTTP entrypoint of the gateway uses `gateway_http`
so that they all share this one server.
"""
from __future__ import annotations

import json
from typing import Any

from nameko.web.handlers import HttpRequestHandler
from nameko.web.server import WebServer, WsgiApp
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.wrappers import Request, Response

from services.gateway.security_headers import API_HEADERS, PORTAL_HEADERS

ERROR_CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "route_not_found",
               405: "method_not_allowed", 408: "request_timeout", 411: "length_required",
               413: "body_too_large", 414: "uri_too_long", 415: "unsupported_media_type", 429: "too_many_requests",
               503: "unavailable"}
ERROR_MESSAGES = {404: "no such endpoint", 405: "this method is not allowed here",
                  500: "something went wrong on our side"}


def error_answer(status: int, path: str, allowed: list[str] | None = None) -> Response:
    """The API's error body for an answer that the server, not an entrypoint, gives."""
    details: dict[str, Any] = {"path": path}
    headers = {}
    if allowed:
        details["allowed"] = sorted(allowed)
        headers["Allow"] = ", ".join(sorted(allowed))
    body = {"error": {"code": ERROR_CODES.get(status, "internal_error" if status >= 500 else "bad_request"),
                      "message": ERROR_MESSAGES.get(status, "the request could not be answered"),
                      "details": details}}
    return Response(json.dumps(body, ensure_ascii=False), status=status, headers=headers,
                    mimetype="application/json")


def harden(response: Response, path: str) -> Response:
    """JSON for every error (an entrypoint's unexpected failure keeps its status, never its text) and the
    security headers: `nosniff` everywhere, `no-store` on the API (its answers hold personal data), the
    portal's Content-Security-Policy on its pages."""
    if response.status_code >= 400 and response.mimetype != "application/json":
        allowed = [m.strip() for m in response.headers.get("Allow", "").split(",") if m.strip()]
        response = error_answer(response.status_code, path, allowed)
    for name, value in (PORTAL_HEADERS if path == "/" or path.startswith("/portal") else API_HEADERS).items():
        response.headers.setdefault(name, value)
    if path.startswith("/api/"):
        response.headers["Cache-Control"] = "no-store"
    return response


class GatewayWsgiApp(WsgiApp):
    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ, shallow=True)
        try:
            provider, values = self.url_map.bind_to_environ(environ).match()
            request.path_values = values
            response = provider.handle_request(request)
        except MethodNotAllowed as exc:
            response = error_answer(405, request.path, list(exc.valid_methods or ()))
        except HTTPException as exc:
            response = error_answer(exc.code or 500, request.path)
        return harden(response, request.path)(environ, start_response)


class GatewayWebServer(WebServer):
    def get_wsgi_app(self) -> GatewayWsgiApp:
        return GatewayWsgiApp(self)


class GatewayHttpHandler(HttpRequestHandler):
    server = GatewayWebServer()


gateway_http = GatewayHttpHandler.decorator
