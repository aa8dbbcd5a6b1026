"""Every answer is JSON when it is an error, carries its security headers, and /metrics is not public
(issue #10, section 6): through the gateway and through the selection edge alike."""
from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import requests

from services.gateway.security_headers import CONTENT_SECURITY_POLICY
from tests.integration.lottery_flow import act, family_login, new_round


def raw(base: str, method: str, path: str, headers: dict | None = None) -> tuple[int, dict[str, str], bytes]:
    """A request sent exactly as written (clients would quote or reject a raw newline or NUL in a path)."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def assert_json_error(status: int, headers: dict[str, str], body: bytes, expected: int, code: str) -> dict:
    import json

    assert status == expected, body
    assert headers["content-type"].startswith("application/json"), headers
    error = json.loads(body)["error"]
    assert set(error) == {"code", "message", "details"} and error["code"] == code, error
    assert headers["x-content-type-options"] == "nosniff"
    return error


def test_unknown_paths_and_paths_with_control_characters_get_the_json_404(stack):
    for path in ("/nothing-here", "/api/v1/%0A", "/api/v1/contracts/%0A/pdf", "/api/%00", "/%0A", "/portal%0A",
                 "/api/v1/lottery/rounds/x/%0D%0Aselection"):
        status, headers, body = raw(stack.gateway_url, "GET", path)
        assert_json_error(status, headers, body, 404, "route_not_found")


def test_a_method_a_path_does_not_take_is_a_json_405_with_allow(stack, bureau):
    cases = [("DELETE", "/api/v1/contracts", "GET, HEAD, POST"), ("OPTIONS", "/api/v1/contracts", "GET, HEAD, POST"),
             ("OPTIONS", "/api/v1/auth/login", "POST"), ("POST", "/health", "GET, HEAD"),
             ("PUT", "/openapi.json", "GET, HEAD"), ("POST", "/api/v1/lottery/sessions/x/stream", "GET, HEAD")]
    for method, path, allowed in cases:
        status, headers, body = raw(stack.gateway_url, method, path, {"Authorization": f"Bearer {bureau.token}"})
        error = assert_json_error(status, headers, body, 405, "method_not_allowed")
        assert headers["allow"] == allowed, (method, path, headers)
        assert error["details"]["allowed"] == allowed.split(", ")


def test_the_selection_edge_answers_unknown_paths_and_methods_the_same_way(stack):
    status, headers, body = raw(stack.selection_url, "GET", "/api/v1/%0A")
    assert_json_error(status, headers, body, 404, "route_not_found")
    path = "/api/v1/lottery/rounds/r/selection/confirm"
    for method in ("OPTIONS", "GET"):
        answers = [raw(base, method, path) for base in (stack.gateway_url, stack.selection_url)]
        for status, headers, body in answers:
            assert_json_error(status, headers, body, 405, "method_not_allowed")
        assert answers[0][1]["allow"] == answers[1][1]["allow"] == "POST"


def test_api_answers_are_not_stored_nor_sniffed(stack, api, bureau):
    answers = [bureau.call("GET", "/api/v1/filings?state=pending"), api.anonymous().call("GET", "/api/v1/auth/captcha"),
               bureau.call("GET", "/api/v1/contracts/not-a-contract"), api.anonymous().call("GET", "/api/v1/contracts")]
    for response in answers:
        assert response.headers["Cache-Control"] == "no-store", response.url
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert requests.get(f"{stack.gateway_url}/openapi.json", timeout=30).headers["X-Content-Type-Options"] == "nosniff"


def test_the_selection_edge_answers_carry_the_same_headers(stack, api, bureau):
    world = new_round(bureau, families=1, rooms=1, session_size=1, starts_in=3600, formal_minutes=1)
    family = family_login(api, world["round_id"], next(iter(world["people"].values())))
    edge = family.__class__(stack.selection_url, family.token, family.user, family.secret)
    for door in (family, edge):
        response = act(door, world["round_id"], "preselection", {"operation": "add", "room_id": "nope"})
        assert response.status_code == 400
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_portal_may_not_be_framed(api):
    response = requests.get(f"{api.base}/portal/", timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY and "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert response.headers["X-Frame-Options"] == "DENY"


def test_metrics_are_served_on_their_own_port_not_on_the_public_ones(stack, bureau):
    bureau.ok("GET", "/api/v1/filings?state=pending")
    for base in (stack.gateway_url, stack.selection_url):
        status, headers, body = raw(base, "GET", "/metrics")
        assert_json_error(status, headers, body, 404, "route_not_found")
    for name in ("gateway", "selection-edge"):
        port = stack.specs[name].metrics_port
        assert port not in (stack.specs[name].port, None)
        metrics = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=30)
        assert metrics.status_code == 200 and "housing_http_requests_total" in metrics.text
    assert 'route="list_filings",status="200"' in requests.get(
        f"http://127.0.0.1:{stack.specs['gateway'].metrics_port}/metrics", timeout=30).text


def test_size_limits_are_refused_with_a_clear_400_and_the_largest_sizes_are_taken(api, bureau):
    from tests.integration.support import unique_credit_code

    developer = bureau.ok("POST", "/api/v1/developers", {"name": "高层置业", "credit_code": unique_credit_code()})
    project = bureau.ok("POST", "/api/v1/projects", {"developer_id": developer["developer_id"], "name": "高层花园",
                                                     "permit_number": "荆房预售许字(2026)第9号"})["project_id"]
    buildings = f"/api/v1/projects/{project}/buildings"
    for name, floors, units in (("A", 121, 1), ("B", 1, 41)):
        refused = bureau.call("POST", buildings, {"name": name, "floors": floors, "units_per_floor": units})
        assert refused.status_code == 400 and refused.json()["error"]["code"] == "invalid_input"
    assert len(bureau.ok("POST", buildings, {"name": "C", "floors": 120, "units_per_floor": 1})["rooms"]) == 120
    assert len(bureau.ok("POST", buildings, {"name": "D", "floors": 1, "units_per_floor": 40})["rooms"]) == 40
    room = {"building": "1栋", "room_number": "101", "layout": "1室1厅", "orientation": "S", "area_sqm": "48.50"}
    too_many = bureau.call("POST", "/api/v1/lottery/rounds", {"name": "大批", "rooms": [room] * 20_001,
                                                              "preselection_start": "2026-12-01T09:00:00+08:00"})
    assert too_many.status_code == 400 and too_many.json()["error"]["code"] == "body_too_large"
