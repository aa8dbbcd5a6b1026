"""The simulated 广东省统一身份认证平台 (unified identity platform): the page where a person signs in with
name, resident ID number and an SMS code, and the redirect back to the portal with the platform's signed
assertion in the fragment (identity_provider.signed_assertion): the families' portal, or the staff portal where
agencies and agents sign in with the identity bound to their signing account (guide 001, R001.9).

It sends people back only to those two pages of its one relying party (`portal_base`, the gateway's public
address), never to an address a link chose: a foreign return address is refused on the page. No SMS
goes out in the local stack: the page shows the code it would have sent, and says so. It holds the
platform's signing key and nothing else of the housing platform's.
"""
from __future__ import annotations

import html
import secrets
import threading
import time
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from deploy.sim.identity_links import FAMILY_PORTAL, STAFF_PORTAL
from deploy.sim.identity_provider import signed_assertion
from deploy.sim.parties import Party, Switchboard
from shared.identity_documents import RESIDENT_ID, InvalidIdentityDocument, identity_document

TITLE = "广东省统一身份认证平台"
CODE_SECONDS = 300
MAX_CODES = 10_000
MAX_FORM = 4096
MAX_NAME = 30
MAX_RETURN = 300
ROUND = "round"
NAME_MARKS = " ·•.-'"  # besides letters: the middle dot of transliterated names, and Latin names' marks

CONTENT_SECURITY_POLICY = ("default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; "
                           "frame-ancestors 'none'; form-action 'self' {portal}")

ID_REASONS = {
    "format": "身份证号码应为18位（17位数字加最后1位数字或X），请核对后重新输入。",
    "region": "身份证号码的前6位地区码不正确，请核对后重新输入。",
    "birth_date": "身份证号码中的出生日期不正确，请核对后重新输入。",
    "check_character": "身份证号码最后一位校验码不正确，请核对后重新输入。",
}
FOREIGN_RETURN = ("登录请求要求把您送往一个不属于住房业务系统的地址，平台已拒绝。"
                  "请从住房业务门户的统一身份认证登录按钮重新进入。")
# The pages it returns to, and what each may carry in its query.
RETURNS = {FAMILY_PORTAL: (ROUND,), STAFF_PORTAL: ()}

STYLE = """
body { margin: 0; font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; background: #eef3f8; color: #1f2937; }
header { background: #c8102e; color: #fff; padding: 14px 16px; }
header h1 { margin: 0; font-size: 20px; letter-spacing: 1px; }
header p { margin: 4px 0 0; font-size: 13px; opacity: .9; }
main { max-width: 440px; margin: 20px auto; padding: 0 12px; }
.card { background: #fff; border-radius: 10px; padding: 18px 16px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
.card h2 { margin: 0 0 6px; font-size: 18px; }
form { display: flex; flex-direction: column; gap: 4px; }
label { font-weight: 600; font-size: 14px; margin-top: 10px; }
input { font: inherit; padding: 10px; border: 1px solid #c4cbd4; border-radius: 6px; }
input:focus { outline: 2px solid #1d4ed8; outline-offset: 1px; }
button { margin-top: 16px; font: inherit; font-weight: 600; padding: 11px; border: 0; border-radius: 6px; background: #1d4ed8; color: #fff; cursor: pointer; }
button:focus { outline: 3px solid #93c5fd; }
.hint { color: #4b5563; font-size: 13px; margin: 2px 0 0; }
.sim { background: #fff7e0; border: 1px solid #f1d48a; color: #7a4b00; border-radius: 8px; padding: 10px 12px; font-size: 14px; margin: 12px 0 0; }
.sim strong { font-size: 18px; letter-spacing: 3px; }
.error { background: #fdecec; border: 1px solid #f5b5b5; color: #9b1c1c; border-radius: 8px; padding: 10px 12px; margin: 10px 0 0; }
footer { text-align: center; color: #6b7280; font-size: 12px; margin: 18px 0; }
"""


class RefusedReturn(ValueError):
    """The return address is not the families' portal of the relying party."""


def portal_return(value: str | None, portal_base: str) -> str:
    """The portal address to send the person back to, rebuilt from the portal's own origin: the families' portal
    (only the round may travel in its query) or the staff portal (nothing in its query). Anything else (another
    origin, path, user info, fragment) is refused."""
    if not value or len(value) > MAX_RETURN or any(ord(c) < 0x21 or ord(c) == 0x7f for c in value):
        raise RefusedReturn(value)
    asked, portal = urlsplit(value), urlsplit(portal_base)
    if (asked.scheme, asked.netloc) != (portal.scheme, portal.netloc) or asked.path not in RETURNS or asked.fragment:
        raise RefusedReturn(value)
    query = parse_qsl(asked.query, keep_blank_values=True)
    if any(key not in RETURNS[asked.path] or not round_id.replace("-", "").isalnum() for key, round_id in query):
        raise RefusedReturn(value)
    return urlunsplit((portal.scheme, portal.netloc, asked.path, urlencode(query), ""))


def checked_name(value: str) -> str:
    name = value.strip()
    if not name:
        raise ValueError("请输入姓名。")
    if len(name) > MAX_NAME:
        raise ValueError(f"姓名最多{MAX_NAME}个字，请核对后重新输入。")
    if any(unicodedata.category(c)[0] not in "LM" and c not in NAME_MARKS for c in name):
        raise ValueError("姓名中含有无法识别的字符，请重新输入。")
    return name


def checked_id_number(value: str) -> str:
    number = value.strip()
    if not number:
        raise ValueError("请输入身份证号码。")
    try:
        return identity_document(number, RESIDENT_ID).number
    except InvalidIdentityDocument as exc:
        raise ValueError(ID_REASONS.get(exc.reason, ID_REASONS["format"])) from None


@dataclass
class Codes:
    """The SMS codes the page has shown: each used once, within CODE_SECONDS."""

    lock: threading.Lock
    issued: dict[str, tuple[str, float]]

    @classmethod
    def empty(cls) -> "Codes":
        return cls(threading.Lock(), {})

    def issue(self) -> tuple[str, str]:
        challenge, code = secrets.token_urlsafe(16), f"{secrets.randbelow(1_000_000):06d}"
        with self.lock:
            if len(self.issued) >= MAX_CODES:
                self.issued.pop(next(iter(self.issued)))
            self.issued[challenge] = (code, time.monotonic() + CODE_SECONDS)
        return challenge, code

    def use(self, challenge: str, code: str) -> None:
        if not code.strip():
            raise ValueError("请输入短信验证码。")
        with self.lock:
            known = self.issued.get(challenge)
            if known is None or known[1] < time.monotonic():
                self.issued.pop(challenge, None)
                raise ValueError("短信验证码已失效，请使用本页新显示的验证码重新登录。")
            if not secrets.compare_digest(known[0], code.strip()):
                raise ValueError("短信验证码不正确，请核对后重新输入。")
            del self.issued[challenge]


class IdentityPlatform(Party):
    """The platform's sign-in page; `key` signs its assertions, `portal_base` is the one place it returns to."""

    name = "identity"
    rules = (
        Rule("/identity/login", endpoint="identity.form", methods=["GET"]),
        Rule("/identity/login", endpoint="identity.submit", methods=["POST"]),
        Rule("/identity/style.css", endpoint="identity.style", methods=["GET"]),
    )

    def __init__(self, board: Switchboard, key: str, portal_base: str) -> None:
        super().__init__(board)
        self.key = key
        self.portal_base = portal_base.rstrip("/")
        self.codes = Codes.empty()

    def style(self, request: Request) -> Response:
        return Response(STYLE, content_type="text/css; charset=utf-8", headers={"Cache-Control": "max-age=300"})

    def form(self, request: Request) -> Response:
        try:
            back = portal_return(request.args.get("return_to"), self.portal_base)
        except RefusedReturn:
            return self.page(400, None, FOREIGN_RETURN)
        return self.page(200, back)

    def submit(self, request: Request) -> Response:
        if (request.content_length or 0) > MAX_FORM:
            return self.page(413, None, "提交的内容过长，请返回住房保障个人服务窗口重新登录。")
        form = request.form
        try:
            back = portal_return(form.get("return_to"), self.portal_base)
        except RefusedReturn:
            return self.page(400, None, FOREIGN_RETURN)
        typed = {"name": form.get("name", "")[:MAX_NAME * 2], "id_number": form.get("id_number", "")[:40]}
        try:
            name = checked_name(typed["name"])
            number = checked_id_number(typed["id_number"])
            self.codes.use(form.get("challenge", ""), form.get("code", "")[:20])
        except ValueError as problem:
            return self.page(400, back, str(problem), typed)
        assertion = signed_assertion(number, name, self.key)
        return Response("", status=303, headers={"Location": f"{back}#assertion={quote(assertion)}",
                                                 "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})

    def page(self, status: int, back: str | None, problem: str = "", typed: dict[str, str] | None = None) -> Response:
        body = _sign_in_form(back, *self.codes.issue(), typed or {}, problem) if back else _refusal(problem)
        portal = urlsplit(self.portal_base)
        headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
                   "Referrer-Policy": "no-referrer",
                   "Content-Security-Policy": CONTENT_SECURITY_POLICY.format(portal=f"{portal.scheme}://{portal.netloc}")}
        return Response(_document(body), status=status, content_type="text/html; charset=utf-8", headers=headers)


def _document(body: str) -> str:
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{TITLE}</title>'
            f'<link rel="icon" href="data:,"><link rel="stylesheet" href="/identity/style.css"></head><body>'
            f'<header><h1>{TITLE}</h1><p>实名身份认证 · 一次登录，全省通办</p></header><main>{body}</main>'
            f'<footer>本页为本地演示环境中的模拟平台</footer></body></html>')


def _refusal(problem: str) -> str:
    return f'<div class="card"><h2>无法登录</h2><div class="error" role="alert">{html.escape(problem)}</div></div>'


def _sign_in_form(back: str, challenge: str, code: str, typed: dict[str, str], problem: str) -> str:
    e = html.escape
    alert = f'<div class="error" role="alert" id="problem">{e(problem)}</div>' if problem else ""
    return (
        '<div class="card"><h2>个人用户登录</h2>'
        '<p class="hint">登录后将返回：公共租赁住房网上选房签约系统</p>'
        f'{alert}'
        '<form method="post" action="/identity/login" autocomplete="off" novalidate>'
        f'<input type="hidden" name="return_to" value="{e(back)}">'
        f'<input type="hidden" name="challenge" value="{e(challenge)}">'
        '<label for="name">姓名</label>'
        f'<input id="name" name="name" type="text" maxlength="{MAX_NAME}" required value="{e(typed.get("name", ""))}">'
        '<label for="id_number">居民身份证号码</label>'
        f'<input id="id_number" name="id_number" type="text" maxlength="18" required '
        f'value="{e(typed.get("id_number", ""))}" aria-describedby="id-hint">'
        '<p class="hint" id="id-hint">18位，最后一位可能是X</p>'
        '<label for="code">短信验证码</label>'
        '<input id="code" name="code" type="text" inputmode="numeric" maxlength="6" required aria-describedby="code-hint">'
        f'<p class="sim" id="code-hint">模拟环境：本地演示不发送短信，本次短信验证码为 <strong>{e(code)}</strong>'
        '（5分钟内有效，用后即失效）。</p>'
        '<button type="submit">登录</button>'
        '</form></div>')
