"""Demo data for guide 004 in `make up`: a small selection round whose first session opens a few seconds
after seeding; its three families confirm rooms, and the first family walks its lease through every step
(with the simulated bank, face verification and e-signature) so that the bureau finds it waiting in the
portal's lease review. Seeded once per stack; what was seeded is kept in var/demo-lottery-<profile>.json."""
from __future__ import annotations

import json
import urllib.request
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Callable

from deploy.local.seed import Client
from deploy.local.waiting import eventually
from deploy.sim.identity_links import family_portal_url, sign_in_link
from deploy.sim.identity_provider import assertion_for
from services.lottery.domain import draw as draws
from shared import clock
from shared.identity_documents import resident_id_number

ROOT = Path(__file__).resolve().parents[2]
FAMILIES = {"SZ2026-0001": (resident_id_number("440301", date(1988, 5, 6), 123), "陈明"),
            "SZ2026-0002": (resident_id_number("440304", date(1990, 2, 15), 234), "林晓"),
            "SZ2026-0003": (resident_id_number("440305", date(1985, 12, 30), 345), "黄华")}
CARD_PHOTO = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # a stand-in for the photos a family would upload
DEMO_CARD = "6222020200112233446"


def seed_lottery_demo(stack: Any, bureau: Client) -> str:
    state_file = ROOT / "var" / f"demo-lottery-{stack.profile.name}.json"
    if state_file.exists():
        return _summary(json.loads(state_file.read_text()), bureau)
    now = clock.now()
    rooms = [{"building": "A栋", "room_number": f"{floor}0{unit}", "layout": ("一房一厅", "两房一厅")[unit % 2],
              "orientation": ("南", "北")[unit % 2], "area_sqm": ("45.20", "62.80")[unit % 2]}
             for floor in (3, 4, 5) for unit in (1, 2)]
    round_id = bureau.request("POST", "/api/v1/lottery/rounds", {
        "name": "2026年第一批公共租赁住房配租（演示）", "rooms": rooms, "preselection_start": now.isoformat()},
        key=f"round-{now.timestamp()}")["round_id"]
    base = f"/api/v1/lottery/rounds/{round_id}"
    bureau.request("POST", f"{base}/families", {"families": [
        {"family_id": f, "applicant_id_number": id_number} for f, (id_number, _) in FAMILIES.items()]})
    seed = uuid.uuid4().hex
    bureau.request("POST", f"{base}/draw/announcement", {"seed_commitment": draws.commitment(seed)})
    bureau.request("POST", f"{base}/draw/sealed-list")
    bureau.request("POST", f"{base}/draw", {"seed": seed})
    bureau.request("POST", f"{base}/sessions", {"session_size": 3, "formal_minutes": 3,
                                                "first_formal_start": (now + timedelta(seconds=4)).isoformat()})
    families = {f: _family_client(bureau, round_id, id_number, name) for f, (id_number, name) in FAMILIES.items()}
    available = _settled(lambda: bureau.request("GET", f"{base}/rooms")["rooms"], "the room catalogue")
    first = next(iter(families.values()))
    _settled(lambda: _accepted(lambda: first.request("POST", f"{base}/selection/enter", key=uuid.uuid4().hex)),
                "the formal window")
    leases = {}
    for (family_id, family), room in zip(families.items(), available):
        family.request("POST", f"{base}/selection/enter", key=uuid.uuid4().hex)
        family.request("POST", f"{base}/selection/cart", {"operation": "add", "room_id": room["room_id"]},
                       key=uuid.uuid4().hex)
        family.request("POST", f"{base}/selection/confirm", {"room_id": room["room_id"]}, key=uuid.uuid4().hex)
        leases[family_id] = _settled(lambda: _accepted(lambda: family.request("GET", f"{base}/lease")),
                                        "the lease")["lease_id"]
    family_id = next(iter(FAMILIES))
    _sign_and_pay(stack, families[family_id], leases[family_id], *FAMILIES[family_id])
    state = {"round_id": round_id, "leases": leases, "submitted": family_id}
    state_file.write_text(json.dumps(state, ensure_ascii=False, indent=2))
    return _summary(state, bureau)


# A demo family's sign-in link stays valid for a working day (the platform's own assertions live minutes).
DEMO_SIGN_IN_SECONDS = 8 * 3600


# Where a demo lease is now, in the words of the summary (a demo database outlives its seeding: people
# have walked the demo since, so the summary reads the lease's state instead of remembering it).
LEASE_STAGES = {
    "opened": "waits for the phone and the bank",
    "signed": "waits for the deposit",
    "submitted": "waits in the portal's 公租房签约审核 (lease review)",
    "approved": "was approved by the bureau (documents in the families' portal)",
    "rejected": "was returned by the bureau",
    "lapsed": "lapsed unsigned",
}


def _stage(bureau: Client, lease_id: str) -> str:
    state = bureau.request("GET", f"/api/v1/leases/{lease_id}")["state"]
    return LEASE_STAGES.get(state, f"is {state}")


def _summary(state: dict[str, Any], bureau: Client) -> str:
    signing = next(f for f in FAMILIES if f != state["submitted"])
    id_number, name = FAMILIES[signing]
    link = sign_in_link(bureau.base, state["round_id"], id_number, name, bureau.secret, DEMO_SIGN_IN_SECONDS)
    submitted = state["leases"][state["submitted"]]
    return (f"Lottery demo: round {state['round_id']}; family {state['submitted']}'s lease "
            f"{submitted} {_stage(bureau, submitted)}\n"
            f"Family {signing} signs in at {family_portal_url(bureau.base)} with 「前往广东省统一身份认证平台登录」;\n"
            f"  on the platform's page type 姓名 {name} and 居民身份证号码 {id_number} (the SMS code is shown on the page);\n"
            f"  its lease {_stage(bureau, state['leases'][signing])}. Or open the platform's redirect directly "
            f"(valid {DEMO_SIGN_IN_SECONDS // 3600} h):\n"
            f"  {link}")


def _family_client(bureau: Client, round_id: str, id_number: str, name: str) -> Client:
    assertion = assertion_for(id_number, name, bureau.secret)
    answer = Client(bureau.base, bureau.secret).request("POST", "/api/v1/auth/families",
                                                        {"round_id": round_id, "assertion": assertion})
    return Client(bureau.base, bureau.secret, answer["token"])


def _sign_and_pay(stack: Any, family: Client, lease_id: str, id_number: str, name: str) -> None:
    """R004.11–R004.15 as the family would, with the simulator standing in for its phone."""
    lease = f"/api/v1/leases/{lease_id}"
    family.request("PUT", f"{lease}/phone", {"phone": "13800138000"})
    _post_form(family, f"{lease}/mandate", {"account_holder": name, "card_number": DEMO_CARD},
               {"card_front": CARD_PHOTO, "card_back": CARD_PHOTO})
    _settled(lambda: family.request("GET", lease)["mandate"], "the bank's mandate")
    face = family.request("POST", f"{lease}/face-verification")["face_verification"]
    _phone(face["qr_url"], {"name": name, "id_number": id_number, "outcome": "passed"})
    _settled(lambda: family.request("GET", lease)["tenant"], "the face verification")
    signing = family.request("POST", f"{lease}/signature")["signing"]
    _phone(signing["qr_url"], {"outcome": "signed"})
    pay_url = _settled(lambda: (family.request("GET", lease)["deposit_order"] or {}).get("pay_url"),
                          "the deposit order")
    _phone(pay_url, {"outcome": "succeeded"})
    _settled(lambda: family.request("GET", lease)["state"] == "submitted", "the submission")


def _post_form(client: Client, path: str, fields: dict[str, str], files: dict[str, bytes]) -> Any:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts += [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; filename="{k}.png"\r\n'
              f"Content-Type: image/png\r\n\r\n".encode() + data + b"\r\n" for k, data in files.items()]
    request = urllib.request.Request(client.base + path, data=b"".join(parts) + f"--{boundary}--\r\n".encode(),
                                     method="POST", headers={"Authorization": f"Bearer {client.token}",
                                                             "Content-Type": f"multipart/form-data; boundary={boundary}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _phone(url: str, body: dict[str, Any]) -> None:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).close()


def _accepted(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except RuntimeError:
        return None


def _settled(check: Callable[[], Any], what: str) -> Any:
    return eventually(check, timeout=60.0, interval=0.3, what=f"demo seeding: {what}")
