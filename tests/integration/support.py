"""Helpers for tests that drive the real stack over HTTP and look into its stores."""
from __future__ import annotations

import itertools
import secrets
from dataclasses import dataclass, field
from typing import Any

import psycopg
import requests
from requests.adapters import HTTPAdapter

from deploy.local import resets
from deploy.local.waiting import eventually  # noqa: F401  (the tests import it from here)

ROOM_INFO = {"area_sqm": "89.50", "usage": "residential", "layout": "3室2厅", "orientation": "S",
             "price_per_sqm": "7800.00", "saleable": True}
_codes = itertools.count(1)


class SourceAddress(HTTPAdapter):
    """Connections from one local address (any of 127.0.0.0/8), so that the gateway sees another client."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, source_address=(self.address, 0), **kwargs)


class Api:
    def __init__(self, base: str, token: str | None = None, user: dict | None = None,
                 secret: str | None = None, source: str | None = None) -> None:
        self.base = base
        self.token = token
        self.user = user or {}
        self.secret = secret
        self.source = source
        self.session = requests.Session()
        if source:
            self.session.mount("http://", SourceAddress(source))

    def call(self, method: str, path: str, body: Any = None, headers: dict | None = None,
             raw: bytes | None = None, timeout: float = 30) -> requests.Response:
        all_headers = {"Content-Type": "application/json"}
        if self.token:
            all_headers["Authorization"] = f"Bearer {self.token}"
        all_headers.update(headers or {})
        return self.session.request(method, self.base + path, json=body if raw is None else None,
                                    data=raw, headers=all_headers, timeout=timeout)

    def ok(self, method: str, path: str, body: Any = None, **kwargs: Any) -> Any:
        response = self.call(method, path, body, **kwargs)
        assert response.status_code == 200, f"{method} {path}: {response.status_code} {response.text}"
        return response.json()

    def anonymous(self) -> "Api":
        return Api(self.base, secret=self.secret, source=self.source)

    def from_source(self, address: str) -> "Api":
        """The same client connecting from another local address (sign-ins are throttled per source)."""
        return Api(self.base, self.token, self.user, self.secret, source=address)

    def solved_captcha(self) -> dict[str, str]:
        """Fetch a captcha and read its answer with the gateway's secret (which the test host holds)."""
        from services.gateway import captcha

        challenge = self.anonymous().ok("GET", "/api/v1/auth/captcha")
        return {"captcha_id": challenge["captcha_id"],
                "captcha_answer": captcha.open_answer(self.secret, challenge["captcha_id"])}

    def login_response(self, username: str, password: str, electronic_key: str | None = None) -> requests.Response:
        body = {"username": username, "password": password, **self.solved_captcha()}
        if electronic_key:
            body["electronic_key"] = electronic_key
        return self.anonymous().call("POST", "/api/v1/auth/login", body)

    def login(self, username: str, password: str, electronic_key: str | None = None) -> "Api":
        response = self.login_response(username, password, electronic_key)
        assert response.status_code == 200, response.text
        answer = response.json()
        return Api(self.base, answer["token"], answer["user"], self.secret, self.source)


@dataclass
class Estate:
    developer_id: str
    project_id: str
    clerk: Api
    clerk_username: str
    rooms: list[dict] = field(default_factory=list)
    building_id: str = ""
    electronic_key: str = ""
    password: str = ""


def unique_credit_code() -> str:
    return f"9142{secrets.token_hex(4).upper()}{next(_codes):06d}"[:18].ljust(18, "0")


def new_developer_with_rooms(api: Api, bureau: Api, floors: int = 2, units_per_floor: int = 2,
                             publish: bool = True) -> Estate:
    developer_id = bureau.ok("POST", "/api/v1/developers",
                             {"name": "测试置业有限公司", "credit_code": unique_credit_code()})["developer_id"]
    key = bureau.ok("POST", f"/api/v1/developers/{developer_id}/network-access",
                    {"permit_number": "荆房预售许字(2026)第1号", "permit_issued_on": today()})["electronic_key"]
    username = f"clerk.{secrets.token_hex(4)}"
    password = secrets.token_urlsafe(16)
    bureau.ok("POST", "/api/v1/accounts", {"username": username, "password": password, "role": "developer",
                                           "org_id": developer_id, "display_name": "网签员"})
    project_id = bureau.ok("POST", "/api/v1/projects", {
        "developer_id": developer_id, "name": "测试花园", "permit_number": "荆房预售许字(2026)第1号",
        "permit_issued_on": today()})["project_id"]
    building = bureau.ok("POST", f"/api/v1/projects/{project_id}/buildings",
                         {"name": "1栋", "floors": floors, "units_per_floor": units_per_floor})
    rooms = building["rooms"]
    clerk = api.login(username, password, key)
    if publish:
        for room in rooms:
            clerk.ok("PUT", f"/api/v1/rooms/{room['room_id']}/info", {"info": ROOM_INFO})
            bureau.ok("POST", f"/api/v1/rooms/{room['room_id']}/review", {"approve": True})
    return Estate(developer_id, project_id, clerk, username, rooms, building["building_id"], key, password)


def today() -> str:
    from shared.clock import SHANGHAI, now

    return now().astimezone(SHANGHAI).date().isoformat()


def room_status(api: Api, project_id: str, room_id: str) -> str | None:
    rooms = api.ok("GET", f"/api/v1/projects/{project_id}/room-map")["rooms"]
    return next((r["status"] for r in rooms if r["room_id"] == room_id), None)


def admin_connection(stack: Any, autocommit: bool = True) -> psycopg.Connection:
    conn = resets.admin_connection(stack.secrets, stack.database)
    conn.autocommit = autocommit
    return conn


def log_head(stack: Any, service: str) -> int:
    with admin_connection(stack) as conn:
        row = conn.execute(f'SELECT COALESCE(MAX(notification_id), 0) FROM "{service}"."{service}_events"').fetchone()
        return int(row[0])


def read_source_log(stack: Any, service: str, after: int = 0, limit: int | None = None) -> list[dict]:
    """A service's integration events after `after` (all of them, or `limit`), read section by section
    as its catch-up RPC reads them."""
    from eventsourcing.utils import resolve_topic

    from services import directory
    from shared import log_reader, settings

    entry = directory.BY_NAME[service]
    app = resolve_topic(entry.application)(env=settings.event_store_env(service, stack.env()))
    outbound = resolve_topic(entry.publishes)
    try:
        return list(itertools.islice(log_reader.read_all(app, outbound, after), limit))
    finally:
        app.close()
