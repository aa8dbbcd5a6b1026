"""The portal's files revalidate by ETag (a window's reloads cost a bodiless 304), and its QR codes encode
only an http(s) link of reasonable length."""
from __future__ import annotations

from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from services.gateway import portal


def _request(**headers: str) -> Request:
    return Request(EnvironBuilder(path="/portal/family.html", headers=headers).get_environ())


def test_a_portal_file_carries_an_etag_and_an_unchanged_one_is_answered_304_without_a_body():
    first = portal.serve_file("family.html", _request())
    assert first.status_code == 200 and first.headers["ETag"].startswith('"')
    again = portal.serve_file("family.html", _request(**{"If-None-Match": first.headers["ETag"]}))
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]


def test_a_stale_etag_gets_the_file_again():
    answer = portal.serve_file("family.html", _request(**{"If-None-Match": '"not-this-one"'}))
    assert answer.status_code == 200 and b"family-app.js" in answer.get_data()


PARTIES = {"HOUSING_FACE_URL": "http://127.0.0.1:8190/face", "HOUSING_GATEWAY_PUBLIC_URL": "http://127.0.0.1:8080"}


def test_the_qr_code_of_a_provider_link_is_an_svg_image():
    answer = portal.qr_code("http://127.0.0.1:8190/face/scan/abc", PARTIES)
    assert answer.status_code == 200 and answer.mimetype == "image/svg+xml"
    assert b"<svg" in answer.get_data()


def test_the_qr_code_draws_no_link_to_anyone_but_the_platforms_parties():
    for text in ("http://evil.example/face/scan/abc", "http://127.0.0.1:8191/face", "https://127.0.0.1:8190/x",
                 "http://127.0.0.1:8190@evil.example/"):
        answer = portal.qr_code(text, PARTIES)
        assert answer.status_code == 400, text
        assert b'"qr_origin_not_allowed"' in answer.get_data()
    assert portal.qr_code("http://127.0.0.1:8080/portal/check.html?code=X", PARTIES).status_code == 200


def test_the_qr_code_refuses_anything_but_a_short_http_link():
    for text in (None, "", "javascript:alert(1)", "http://x/\x00", "http://x/ y", "http://x/" + "a" * 600):
        answer = portal.qr_code(text, PARTIES)
        assert answer.status_code == 400, text
        assert b'"invalid_input"' in answer.get_data()


def test_the_clock_answers_the_servers_time_uncached():
    answer = portal.server_clock()
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    assert answer.get_json()["now"]
