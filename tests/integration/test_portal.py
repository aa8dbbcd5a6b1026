"""The web portal's static pages, served by the gateway with a strict Content-Security-Policy."""
from __future__ import annotations

import http.client
import json
import re
from urllib.parse import urlsplit

import pytest
import requests

from services.gateway.security_headers import CONTENT_SECURITY_POLICY as CSP


def get(api, path: str) -> requests.Response:
    return requests.get(api.base + path, allow_redirects=False, timeout=30)


def raw_get(api, path: str) -> tuple[int, dict[str, str], bytes]:
    """GET `path` exactly as written: requests/urllib3 would remove the dot segments before sending."""
    address = urlsplit(api.base)
    conn = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def test_root_redirects_to_the_portal(api):
    response = get(api, "/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/portal/")


@pytest.mark.parametrize("path, content_type", [
    ("/portal/", "text/html"),
    ("/portal/index.html", "text/html"),
    ("/portal/app.js", "text/javascript"),
    ("/portal/style.css", "text/css"),
])
def test_portal_files_are_served_with_their_type_and_the_csp(api, path, content_type):
    response = get(api, path)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].split(";")[0].strip() == content_type
    assert response.headers["Content-Security-Policy"] == CSP
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.content


def test_index_references_only_local_scripts_and_styles(api):
    html = get(api, "/portal/").text
    scripts = re.findall(r"<script\b[^>]*>", html, re.I)
    assert scripts and all(re.search(r'\ssrc="/portal/[\w.-]+\.js"', tag) for tag in scripts), scripts
    # no inline scripts: every <script> element is empty
    assert all(not body.strip() for body in re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.I | re.S))
    assert "<style" not in html.lower() and not re.search(r"\sstyle\s*=", html, re.I)
    assert not re.search(r"\son[a-z]+\s*=", html, re.I), "inline event handlers are blocked by the CSP"
    sheets = re.findall(r'<link\b[^>]*rel="stylesheet"[^>]*>', html, re.I)
    assert sheets and all(re.search(r'href="/portal/[\w.-]+\.css"', tag) for tag in sheets), sheets
    assert not re.search(r'(src|href)="(https?:)?//', html, re.I), "no CDN or other origin"
    for asset in re.findall(r'(?:src|href)="(/portal/[^"]+)"', html):
        assert get(api, asset).status_code == 200, asset


@pytest.mark.parametrize("path", [
    "/portal/../../pyproject.toml",
    "/portal/../gateway/service.py",
    "/portal/%2e%2e/%2e%2e/pyproject.toml",
    "/portal/%2E%2E%2F%2E%2E%2Fpyproject.toml",
    "/portal/..%2f..%2fpyproject.toml",
    "/portal/nothing-here.js",
    "/portal/__init__.py",
    "/portal/%00.html",
])
def test_anything_outside_the_portal_folder_is_not_found(api, path):
    status, headers, body = raw_get(api, path)
    assert status == 404, (path, status, body[:200])
    assert b"[project]" not in body and b"root:" not in body and b"GatewayService" not in body
    if headers.get("content-type", "").startswith("application/json"):
        error = json.loads(body)["error"]
        assert error["code"] == "not_found" and error["message"] and error["details"] == {}


def test_a_doubled_slash_stays_inside_the_portal(api):
    status, headers, body = raw_get(api, "/portal/%2Fetc%2Fpasswd")  # werkzeug merges the slashes
    assert status in (308, 404) and b"root:" not in body
    if status == 308:
        assert urlsplit(headers["location"]).path == "/portal/etc/passwd"
        assert raw_get(api, "/portal/etc/passwd")[0] == 404


def test_the_guard_refuses_absolute_and_escaping_names():
    from services.gateway.portal import PORTAL_DIR, portal_file

    assert portal_file("index.html") == PORTAL_DIR / "index.html"
    for name in ("/etc/passwd", "../../pyproject.toml", "../gateway/portal.py", ".", "", "a\x00.js",
                 "__init__.py", "__pycache__/x.js"):
        assert portal_file(name) is None, name


def test_a_missing_portal_file_gets_the_json_error(api):
    response = get(api, "/portal/missing.css")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": response.json()["error"]["message"],
                                         "details": {}}}
    assert response.headers["Content-Security-Policy"] == CSP


def test_the_api_still_answers_next_to_the_portal(api, bureau):
    assert get(api, "/health").json()["status"] == "ok"
    assert bureau.ok("GET", "/api/v1/filings?state=pending")["filings"] is not None
