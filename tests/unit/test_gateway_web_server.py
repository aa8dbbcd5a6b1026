"""The gateway's web server turns every error into the API's JSON error body and adds security headers."""
from __future__ import annotations

import json

from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request, Response

from services.gateway.security_headers import CONTENT_SECURITY_POLICY
from services.gateway.web_server import error_answer, harden


def request(method: str, path: str) -> Request:
    return Request(EnvironBuilder(method=method, path=path).get_environ())


def test_a_plain_text_failure_becomes_the_json_internal_error_without_its_text():
    answer = harden(Response("Error: KeyError: 'secret detail'", status=500, mimetype="text/plain"),
                    request("GET", "/api/v1/contracts"))
    body = json.loads(answer.get_data())
    assert answer.status_code == 500 and answer.mimetype == "application/json"
    assert body["error"]["code"] == "internal_error" and "secret" not in answer.get_data(as_text=True)


def test_werkzeugs_html_405_becomes_json_with_allow():
    answer = harden(Response("<html>405</html>", status=405, headers={"Allow": "GET, HEAD"}, mimetype="text/html"),
                    request("POST", "/health"))
    assert answer.headers["Allow"] == "GET, HEAD"
    assert json.loads(answer.get_data())["error"] == {"code": "method_not_allowed",
                                                      "message": "POST is not allowed here",
                                                      "details": {"allowed": ["GET", "HEAD"]}}


def test_a_path_with_a_newline_is_the_json_route_not_found():
    answer = error_answer(404, request("GET", "/api/v1/\n"))
    assert answer.status_code == 404 and json.loads(answer.get_data())["error"]["code"] == "route_not_found"


def test_api_answers_are_not_stored_and_portal_pages_are_not_framed():
    api = harden(Response("{}", headers={"Cache-Control": "no-cache"}, mimetype="application/json"),
                 request("GET", "/api/v1/filings"))
    assert api.headers["Cache-Control"] == "no-store" and api.headers["X-Content-Type-Options"] == "nosniff"
    page = harden(Response("<html></html>", mimetype="text/html"), request("GET", "/portal/"))
    assert page.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"
