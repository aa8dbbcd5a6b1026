"""The simulated unified identity platform's sign-in page: a person's name, resident ID number and the SMS
code shown on the page give a signed assertion in the families' portal's fragment; nothing else does, and
the platform returns only to the portal's own origin."""
from __future__ import annotations

import re
from datetime import date
from urllib.parse import unquote, urlsplit

import jwt
import pytest
from werkzeug.test import Client

from deploy.sim.providers import IdentitySettings, build_app
from services.gateway.unified_identity import AUDIENCE, ISSUER
from shared.identity_documents import resident_id_number

SECRETS = {"bank": "b", "face": "f", "esign": "e", "sms": "s", "realestate": "r"}
KEY = "a-platform-key-of-32-bytes-or-more"
PORTAL = "http://127.0.0.1:8080"
HOME = f"{PORTAL}/portal/family.html"
ROUND = "0b8e6a4e-7f57-4c38-9d1e-2a4f3c5d6e7f"
ID_NUMBER = resident_id_number("440301", date(1988, 5, 6), 123)


@pytest.fixture
def platform() -> Client:
    return Client(build_app(SECRETS, "http://sim", identity=IdentitySettings(KEY, PORTAL)))


def shown_form(platform: Client, back: str = HOME) -> dict[str, str]:
    page = platform.get("/identity/login", query_string={"return_to": back})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    return {"return_to": re.search(r'name="return_to" value="([^"]*)"', text).group(1).replace("&amp;", "&"),
            "challenge": re.search(r'name="challenge" value="([^"]*)"', text).group(1),
            "code": re.search(r"<strong>(\d{6})</strong>", text).group(1)}


def sign_in(platform: Client, form: dict[str, str], **typed: str):
    return platform.post("/identity/login", data={**form, "name": "陈明", "id_number": ID_NUMBER, **typed})


def test_the_page_is_the_platform_in_chinese_and_says_the_sms_code_is_simulated(platform):
    page = platform.get("/identity/login", query_string={"return_to": HOME}).get_data(as_text=True)
    assert "<title>广东省统一身份认证平台</title>" in page
    for label in ("姓名", "居民身份证号码", "短信验证码"):
        assert f">{label}</label>" in page
    assert "模拟环境" in page and "不发送短信" in page


def test_R004_sign_in_returns_to_the_portal_with_a_signed_assertion_of_the_person(platform):
    answer = sign_in(platform, shown_form(platform, f"{HOME}?round={ROUND}"))
    assert answer.status_code == 303
    location = urlsplit(answer.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}?{location.query}" == f"{HOME}?round={ROUND}"
    assertion = unquote(location.fragment.removeprefix("assertion="))
    claims = jwt.decode(assertion, KEY, algorithms=["HS256"], audience=AUDIENCE, issuer=ISSUER)
    assert (claims["sub"], claims["name"], claims["acr"]) == (ID_NUMBER, "陈明", "real-name-verified")


@pytest.mark.parametrize("typed, said", [
    ({"id_number": "440301198805061234"}, "校验码不正确"),
    ({"id_number": "12345"}, "应为18位"),
    ({"id_number": ""}, "请输入身份证号码"),
    ({"name": ""}, "请输入姓名"),
    ({"name": "陈\x00明"}, "无法识别的字符"),
    ({"name": "陈" * 31}, "最多30个字"),
    ({"name": "<b>陈明</b>"}, "无法识别的字符"),
    ({"code": ""}, "请输入短信验证码"),
    ({"code": "000000x"}, "验证码不正确"),
])
def test_bad_input_is_answered_on_the_page_in_chinese_and_signs_nobody_in(platform, typed, said):
    answer = sign_in(platform, shown_form(platform), **typed)
    assert answer.status_code == 400 and "Location" not in answer.headers
    text = answer.get_data(as_text=True)
    assert said in text and 'role="alert"' in text
    assert re.search(r"<strong>(\d{6})</strong>", text), "a fresh code to try again with"


def test_what_the_person_typed_comes_back_escaped(platform):
    text = sign_in(platform, shown_form(platform), id_number='"><script>x</script>').get_data(as_text=True)
    assert "<script>" not in text and "&lt;script&gt;" in text


def test_a_code_serves_one_sign_in(platform):
    form = shown_form(platform)
    assert sign_in(platform, form).status_code == 303
    again = sign_in(platform, form)
    assert again.status_code == 400 and "已失效" in again.get_data(as_text=True)


@pytest.mark.parametrize("back", [
    "https://evil.example/portal/family.html",
    "http://127.0.0.1:8080@evil.example/portal/family.html",
    "//evil.example/portal/family.html",
    f"{PORTAL}/portal/admin.html",
    f"{PORTAL}/portal/index.html?round={ROUND}",
    f"{PORTAL}/portal/index.html#assertion=x",
    f"{PORTAL}/portal/family.html#assertion=x",
    f"{PORTAL}/portal/family.html?next=https://evil.example",
    f"{PORTAL}/portal/family.html\x00",
    "",
    f"{HOME}?round={'a' * 400}",
])
def test_a_foreign_return_address_is_refused_never_followed(platform, back):
    page = platform.get("/identity/login", query_string={"return_to": back})
    assert page.status_code == 400 and "已拒绝" in page.get_data(as_text=True)
    form = shown_form(platform)
    posted = sign_in(platform, {**form, "return_to": back})
    assert posted.status_code == 400 and "Location" not in posted.headers


def test_R001_9_agencies_and_agents_come_back_to_the_staff_portal_with_the_assertion(platform):
    staff_portal = f"{PORTAL}/portal/index.html"
    answer = sign_in(platform, shown_form(platform, staff_portal))
    assert answer.status_code == 303
    back = urlsplit(answer.headers["Location"])
    assert f"{back.scheme}://{back.netloc}{back.path}" == staff_portal and not back.query
    claims = jwt.decode(unquote(back.fragment.removeprefix("assertion=")), KEY, algorithms=["HS256"],
                        audience=AUDIENCE, issuer=ISSUER)
    assert claims["name"] == "陈明"


def test_a_huge_form_is_refused(platform):
    answer = sign_in(platform, shown_form(platform), name="陈" * 5000)
    assert answer.status_code == 413 and "过长" in answer.get_data(as_text=True)


def test_the_page_allows_no_script_and_posts_only_to_itself_or_the_portal(platform):
    policy = platform.get("/identity/login", query_string={"return_to": HOME}).headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and f"form-action 'self' {PORTAL}" in policy


def test_without_the_platform_key_there_is_no_sign_in_page():
    bare = Client(build_app(SECRETS, "http://sim"))
    assert bare.get("/identity/login", query_string={"return_to": HOME}).status_code == 404


def test_identity_settings_need_the_key_and_the_portal_address():
    assert IdentitySettings.from_env({"HOUSING_IDP_KEY": KEY}) is None
    assert IdentitySettings.from_env({"HOUSING_IDP_KEY": KEY, "HOUSING_GATEWAY_PUBLIC_URL": PORTAL}) == \
        IdentitySettings(KEY, PORTAL)
