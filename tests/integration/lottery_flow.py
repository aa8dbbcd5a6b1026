"""A selection round set up over HTTP, with families signed in through the simulated identity platform."""
from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from deploy.sim.identity_provider import assertion_for, resident_ids
from services.lottery.domain import draw as d
from shared import clock
from tests.integration.support import Api


def new_round(bureau: Api, *, families: int, rooms: int, session_size: int, starts_in: float,
              formal_minutes: float) -> dict[str, Any]:
    pool = [{"building": f"{1 + i // 20}栋", "room_number": f"{101 + i % 20}", "layout": ("1室1厅", "2室1厅")[i % 2],
             "orientation": ("S", "N", "E")[i % 3], "area_sqm": "48.50"} for i in range(rooms)]
    now = clock.now()
    round_id = bureau.ok("POST", "/api/v1/lottery/rounds", {"name": "公租房2026年第一批", "rooms": pool,
                                                              "preselection_start": now.isoformat()})["round_id"]
    people = {f"SZ{secrets.token_hex(3)}-{i:05d}": number
              for i, number in enumerate(resident_ids(families, first=secrets.randbelow(10**7)))}
    bureau.ok("POST", f"/api/v1/lottery/rounds/{round_id}/families",
              {"families": [{"family_id": f, "applicant_id_number": p} for f, p in people.items()]})
    seed = secrets.token_hex(16)
    bureau.ok("POST", f"/api/v1/lottery/rounds/{round_id}/draw/announcement", {"seed_commitment": d.commitment(seed)})
    bureau.ok("POST", f"/api/v1/lottery/rounds/{round_id}/draw/sealed-list")
    bureau.ok("POST", f"/api/v1/lottery/rounds/{round_id}/draw", {"seed": seed})
    plan = bureau.ok("POST", f"/api/v1/lottery/rounds/{round_id}/sessions", {
        "session_size": session_size, "formal_minutes": formal_minutes,
        "first_formal_start": (now + timedelta(seconds=starts_in)).isoformat()})
    return {"round_id": round_id, "people": people, "sessions": plan["sessions"], "seed": seed}


def family_login(api: Api, round_id: str, id_number: str) -> Api:
    assertion = assertion_for(id_number, "申请人", api.secret)
    answer = api.anonymous().ok("POST", "/api/v1/auth/families", {"round_id": round_id, "assertion": assertion})
    return Api(api.base, answer["token"], answer["user"], api.secret)


def act(family: Api, round_id: str, path: str, body: Any = None, key: str | None = None):
    return family.call("POST", f"/api/v1/lottery/rounds/{round_id}/{path}", body,
                       headers={"Idempotency-Key": key or secrets.token_hex(8)})
