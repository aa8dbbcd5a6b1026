"""Demo data for `make up`: a bureau officer, a developer with one project, a building and
published rooms; a verified agency with an approved agent and its existing-home contract waiting for the parties'
signatures (guide 001). Passwords are generated on first run and kept in var/demo-logins-<profile>.json (0600)."""
from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from services.gateway import captcha
from shared import clock
from shared.clock import SHANGHAI
from shared.context import CommandContext, acting_as

ROOT = Path(__file__).resolve().parents[2]


class Client:
    def __init__(self, base: str, secret: str, token: str | None = None) -> None:
        self.base = base
        self.secret = secret
        self.token = token

    def request(self, method: str, path: str, body: Any = None, key: str | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if key:
            req.add_header("Idempotency-Key", f"seed-{key}")
        if self.token:
            req.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            raise RuntimeError(f"{method} {path} -> {exc.code}: {exc.read().decode()}") from None

    def login(self, username: str, password: str, electronic_key: str | None = None) -> "Client":
        """Sign in like a person would, reading the captcha with the gateway secret this host holds."""
        challenge = self.request("GET", "/api/v1/auth/captcha")
        answer = captcha.open_answer(self.secret, challenge["captcha_id"])
        body = {"username": username, "password": password, "captcha_id": challenge["captcha_id"],
                "captcha_answer": answer}
        if electronic_key:
            body["electronic_key"] = electronic_key
        answer = self.request("POST", "/api/v1/auth/login", body)
        return Client(self.base, self.secret, answer["token"])


def bootstrap_bureau_officer(stack: Any, username: str, password: str) -> None:
    """The first account cannot be opened through the API (nobody can sign in yet). Does nothing if
    the account exists already."""
    from eventsourcing.application import AggregateNotFoundError

    from services.registry.application.app import RegistryApplication
    from services.registry.domain import ids
    from shared import settings

    app = RegistryApplication(env=settings.event_store_env("registry", stack.env()))
    try:
        try:
            app.repository.get(ids.account_id(username))
            return
        except AggregateNotFoundError:
            pass
        ctx = CommandContext(actor_id="bootstrap", role="system")
        with acting_as(ctx):
            app.open_account(ctx, username=username, password=password, role="bureau_officer",
                             org_id=None, display_name="市房产管理局 演示科员")
    finally:
        app.close()


def seed_notary_officer(bureau: Client, logins: dict[str, Any], logins_file: Path) -> None:
    """A notary officer of the first listed office (guide 002), who signs in through the staff portal."""
    from services.notary.api.offices import OFFICES

    if "notary" not in logins:
        logins["notary"] = {"username": "notary.demo", "password": secrets.token_urlsafe(12)}
        logins_file.write_text(json.dumps(logins, ensure_ascii=False, indent=2))
    office_id, office = next(iter(OFFICES.items()))
    bureau.request("POST", "/api/v1/accounts", {**logins["notary"], "role": "notary_officer", "org_id": office_id,
                                                "display_name": f"{office} 公证员"}, key="notary-account")


def seed_demo(stack: Any) -> list[str]:
    """Every step carries an idempotency key, so running it again (make up twice) changes nothing."""
    logins_file = ROOT / "var" / f"demo-logins-{stack.profile.name}.json"
    if logins_file.exists():
        logins = json.loads(logins_file.read_text())
    else:
        logins = {
            "bureau": {"username": "bureau.demo", "password": secrets.token_urlsafe(12)},
            "developer": {"username": "dev.demo", "password": secrets.token_urlsafe(12)},
        }
        logins_file.write_text(json.dumps(logins, ensure_ascii=False, indent=2))
        logins_file.chmod(0o600)
    bootstrap_bureau_officer(stack, logins["bureau"]["username"], logins["bureau"]["password"])
    bureau = Client(stack.gateway_url, stack.secrets["HOUSING_TOKEN_SECRET"]).login(**logins["bureau"])
    developer_id = bureau.request("POST", "/api/v1/developers",
                                  {"name": "荆州示范置业有限公司", "credit_code": "91421000MA4DEMO001"},
                                  key="developer")["developer_id"]
    today = clock.now().astimezone(SHANGHAI).date().isoformat()
    if "electronic_key" not in logins["developer"]:
        logins["developer"]["electronic_key"] = bureau.request(
            "POST", f"/api/v1/developers/{developer_id}/network-access",
            {"permit_number": "荆房预售许字(2026)第018号", "permit_issued_on": today})["electronic_key"]
        logins_file.write_text(json.dumps(logins, ensure_ascii=False, indent=2))
    developer_login = {k: v for k, v in logins["developer"].items() if k != "electronic_key"}
    bureau.request("POST", "/api/v1/accounts", {
        **developer_login, "role": "developer", "org_id": developer_id, "display_name": "示范置业 网签员"},
        key="developer-account")
    project_id = bureau.request("POST", "/api/v1/projects", {
        "developer_id": developer_id, "name": "江汉明珠花园", "permit_number": "荆房预售许字(2026)第018号",
        "permit_issued_on": today}, key="project")["project_id"]
    building = bureau.request("POST", f"/api/v1/projects/{project_id}/buildings",
                              {"name": "1栋", "floors": 6, "units_per_floor": 4}, key="building")
    developer = Client(stack.gateway_url, stack.secrets["HOUSING_TOKEN_SECRET"]).login(**logins["developer"])
    developer.request("PUT", f"/api/v1/developers/{developer_id}/intro",
                      {"intro": "荆州示范置业有限公司成立于2008年，专注于江汉平原住宅开发。"}, key="developer-intro")
    developer.request("PUT", f"/api/v1/projects/{project_id}/intro",
                      {"intro": "江汉明珠花园位于荆州区江津西路，规划住宅六栋。"}, key="project-intro")
    for index, room in enumerate(building["rooms"]):
        management_room = room["room_number"] == "104"
        info = {"area_sqm": "89.50", "layout": "3室2厅", "orientation": "S", "price_per_sqm": "7800.00",
                "usage": "property_management" if management_room else "residential",
                "saleable": not management_room}
        if index % 6 == 5:
            continue  # some rooms stay without info, as on a real room map
        developer.request("PUT", f"/api/v1/rooms/{room['room_id']}/info", {"info": info},
                          key=f"info-{room['room_id']}")
        if index % 6 != 4:
            bureau.request("POST", f"/api/v1/rooms/{room['room_id']}/review", {"approve": True},
                           key=f"review-{room['room_id']}")
    print(f"Demo project: {project_id} (room map: GET /api/v1/projects/{project_id}/room-map)")
    seed_notary_officer(bureau, logins, logins_file)
    from deploy.local.seed_lottery import seed_lottery_demo

    print(seed_lottery_demo(stack, bureau))
    from deploy.local.seed_agency import seed_agency_demo

    def save() -> None:
        logins_file.write_text(json.dumps(logins, ensure_ascii=False, indent=2))

    print("\n".join(seed_agency_demo(stack, bureau, logins, save)))
    from deploy.local.seed_existing_home import seed_existing_home_demo

    agent = Client(stack.gateway_url, stack.secrets["HOUSING_TOKEN_SECRET"]).login(**logins["agent"])
    kept = ROOT / "var" / f"demo-existing-home-{stack.profile.name}.json"
    print("\n".join(seed_existing_home_demo(stack, agent, kept)))
    return [f"{k:10} " + " ".join(f"{name}={value}" for name, value in v.items()) for k, v in logins.items()]
