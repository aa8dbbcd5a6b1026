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

from services.gateway import commands
from services.gateway.security_headers import API_HEADERS, PORTAL_HEADERS

ERROR_CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 408: "request_timeout",
               411: "length_required", 413: "body_too_large", 414: "uri_too_long", 415: "unsupported_media_type",
               429: "too_many_requests", 503: "unavailable"}


def error_answer(status: int, request: Request, allowed: list[str] | None = None) -> Response:
    """The API's error body for an answer that the server, not an entrypoint, gives: the same bodies the
    API's own route table gives (commands), whichever entrypoint the path was meant for."""
    if status == 404:
        body, status = commands.route_not_found(request.path)
        headers = {}
    elif status == 405:
        body, status, headers = commands.method_not_allowed(request.method, allowed or [])
    elif status >= 500:
        (body, status), headers = commands.internal_error(), {}
    else:
        body, headers = {"error": {"code": ERROR_CODES.get(status, "bad_request"),
                                   "message": "the request could not be answered", "details": {}}}, {}
    return Response(json.dumps(body, ensure_ascii=False), status=status, headers=headers,
                    mimetype="application/json")


def harden(response: Response, request: Request) -> Response:
    """JSON for every error (an entrypoint's unexpected failure keeps its status, never its text) and the
    security headers: `nosniff` everywhere, `no-store` on the API (its answers hold personal data), the
    portal's Content-Security-Policy on its pages."""
    path = request.path
    if response.status_code >= 400 and response.mimetype != "application/json":
        allowed = [m.strip() for m in response.headers.get("Allow", "").split(",") if m.strip()]
        response = error_answer(response.status_code, request, allowed)
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
            response = error_answer(405, request, list(exc.valid_methods or ()))
        except HTTPException as exc:  # a redirect (werkzeug merges doubled slashes) stays one
            code = exc.code or 500
            response = exc.get_response(environ) if code < 400 else error_answer(code, request)
        return harden(response, request)(environ, start_response)


class GatewayWebServer(WebServer):
    def get_wsgi_app(self) -> GatewayWsgiApp:
        return GatewayWsgiApp(self)


class GatewayHttpHandler(HttpRequestHandler):
    server = GatewayWebServer()


gateway_http = GatewayHttpHandler.decorator
