"""Signing and verifying requests and callbacks, and how the adapter base client reports failures."""
from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

import pytest

from shared.errors import InvalidInput, Unauthenticated, Unavailable
from shared.signed_callbacks import SIGNATURE_HEADER, TIMESTAMP_HEADER, SignedJsonClient, sign, verify

SECRET = "s3cret-for-tests"
BODY = json.dumps({"type": "payment.succeeded", "amount": "100.00", "说明": "首付"}, ensure_ascii=False).encode()


def test_a_signed_body_verifies() -> None:
    headers = sign(SECRET, BODY)
    assert headers[SIGNATURE_HEADER].startswith("v1=")
    assert abs(int(headers[TIMESTAMP_HEADER]) - time.time()) < 5
    verify(SECRET, headers, BODY)


def test_header_names_are_matched_case_insensitively() -> None:
    headers = {name.lower(): value for name, value in sign(SECRET, BODY).items()}
    verify(SECRET, headers, BODY)


def test_a_rotation_list_with_one_good_signature_verifies() -> None:
    headers = sign(SECRET, BODY)
    headers[SIGNATURE_HEADER] = f"{sign('old-secret', BODY)[SIGNATURE_HEADER]}, {headers[SIGNATURE_HEADER]}"
    verify(SECRET, headers, BODY)


def _refusal(secret: str, headers: dict[str, str], body: bytes, **kwargs: float) -> str:
    with pytest.raises(Unauthenticated) as caught:
        verify(secret, headers, body, **kwargs)
    return caught.value.code


def test_a_changed_body_fails() -> None:
    assert _refusal(SECRET, sign(SECRET, BODY), BODY.replace(b"100.00", b"900.00")) == "bad_signature"


def test_a_wrong_secret_fails() -> None:
    assert _refusal(SECRET, sign("another-secret", BODY), BODY) == "bad_signature"


@pytest.mark.parametrize("missing", [SIGNATURE_HEADER, TIMESTAMP_HEADER])
def test_a_missing_header_fails(missing: str) -> None:
    headers = sign(SECRET, BODY)
    del headers[missing]
    assert _refusal(SECRET, headers, BODY) == "bad_signature"


def test_a_changed_timestamp_fails() -> None:
    headers = sign(SECRET, BODY, timestamp=1_700_000_000)
    headers[TIMESTAMP_HEADER] = "1700000001"
    assert _refusal(SECRET, headers, BODY, now=1_700_000_001) == "bad_signature"


def test_a_non_numeric_timestamp_fails() -> None:
    headers = sign(SECRET, BODY)
    headers[TIMESTAMP_HEADER] = "yesterday"
    assert _refusal(SECRET, headers, BODY) == "bad_signature"


def test_a_stale_timestamp_fails() -> None:
    headers = sign(SECRET, BODY, timestamp=1_700_000_000)
    verify(SECRET, headers, BODY, now=1_700_000_300)
    assert _refusal(SECRET, headers, BODY, now=1_700_000_301) == "stale_signature"
    assert _refusal(SECRET, headers, BODY, now=1_699_999_699) == "stale_signature"
    assert _refusal(SECRET, headers, BODY, now=1_700_000_061, tolerance=60) == "stale_signature"


class _Party(BaseHTTPRequestHandler):
    """Answers per path: /ok echoes what it verified, /refuse 409, /broken 500, /slow sleeps, /text non-JSON."""

    def do_GET(self) -> None:
        self._answer(b"")

    def do_POST(self) -> None:
        self._answer(self.rfile.read(int(self.headers.get("Content-Length", 0))))

    def _answer(self, body: bytes) -> None:
        path, _, query = self.path.partition("?")
        try:
            verify(SECRET, self.headers, body)
        except Unauthenticated as error:
            return self._send(401, {"code": error.code, "message": error.message})
        if path == "/slow":
            time.sleep(0.5)
        answers = {"/ok": (200, {"received": json.loads(body) if body else None, "query": query}),
                   "/refuse": (409, {"code": "already_paid", "message": "paid"}),
                   "/broken": (500, {"code": "oops"}), "/slow": (200, {})}
        if path == "/text":
            return self._send(200, None, raw=b"<html>hello</html>")
        self._send(*answers[path])

    def _send(self, status: int, answer: object, raw: bytes | None = None) -> None:
        data = raw if raw is not None else json.dumps(answer, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def party() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Party)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_the_client_signs_posts_and_returns_the_parsed_answer(party: str) -> None:
    answer = SignedJsonClient(party, SECRET).post("/ok", {"buyer": "张三", "amount": "1.00"})
    assert answer == {"received": {"buyer": "张三", "amount": "1.00"}, "query": ""}


def test_the_client_signs_gets_with_their_query(party: str) -> None:
    answer = SignedJsonClient(party, SECRET).get("/ok", {"phone": "13800000000"})
    assert answer == {"received": None, "query": "phone=13800000000"}


def test_a_4xx_is_a_refusal_carrying_the_providers_answer(party: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        SignedJsonClient(party, SECRET).post("/refuse", {})
    assert caught.value.code == "provider_refused"
    assert caught.value.details["status"] == 409
    assert caught.value.details["provider"] == {"code": "already_paid", "message": "paid"}


def test_a_wrong_secret_is_refused_by_the_party(party: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        SignedJsonClient(party, "not-the-secret").post("/ok", {})
    assert caught.value.details["status"] == 401
    assert caught.value.details["provider"]["code"] == "bad_signature"


@pytest.mark.parametrize("path", ["/broken", "/text"])
def test_a_5xx_or_garbled_answer_is_unavailable(party: str, path: str) -> None:
    with pytest.raises(Unavailable) as caught:
        SignedJsonClient(party, SECRET).post(path, {})
    assert caught.value.code == "provider_unavailable"


def test_a_timeout_is_unavailable(party: str) -> None:
    with pytest.raises(Unavailable) as caught:
        SignedJsonClient(party, SECRET, timeout=0.1).post("/slow", {})
    assert caught.value.code == "provider_unavailable"


def test_a_closed_port_is_unavailable() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(Unavailable) as caught:
        SignedJsonClient(f"http://127.0.0.1:{port}", SECRET).get("/ok")
    assert caught.value.code == "provider_unavailable"


def test_from_env_needs_the_secret() -> None:
    client = SignedJsonClient.from_env({"X_SECRET": "abc"}, "X_URL", "http://127.0.0.1:1/x", "X_SECRET")
    assert (client.base_url, client.secret) == ("http://127.0.0.1:1/x", "abc")
    with pytest.raises(RuntimeError):
        SignedJsonClient.from_env({}, "X_URL", "http://127.0.0.1:1/x", "X_SECRET")
