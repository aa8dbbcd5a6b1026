"""Helpers for the lease tests: a family with a confirmed room, and the simulated parties' person-side
actions (the phone that scans the QR codes), over the simulator's HTTP API."""
from __future__ import annotations

import io
from typing import Any

import requests

from tests.integration.lottery_flow import act, family_login, new_round
from tests.integration.support import Api, eventually

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
GOOD_CARD, BAD_CARD = "6222020200112233446", "6222020200112233440"  # Luhn-valid, Luhn-invalid


def families_with_rooms(api: Api, bureau: Api, count: int) -> tuple[str, list[tuple[Api, dict[str, Any], str]]]:
    """A round whose first session's families each confirmed a room;
    returns (round_id, [(family, lease, the main applicant's ID number)])."""
    world = new_round(bureau, families=count, rooms=count + 2, session_size=count, starts_in=3, formal_minutes=5)
    round_id = world["round_id"]
    id_numbers = list(world["people"].values())
    families = [family_login(api, round_id, p) for p in id_numbers]
    rooms = eventually(lambda: bureau.ok("GET", f"/api/v1/lottery/rounds/{round_id}/rooms")["rooms"],
                       what="room catalogue")
    eventually(lambda: act(families[0], round_id, "selection/enter").status_code == 200, timeout=30,
               what="formal selection open")
    leases = []
    for family, room, id_number in zip(families, rooms, id_numbers):
        assert act(family, round_id, "selection/enter").status_code == 200
        assert act(family, round_id, "selection/cart", {"operation": "add", "room_id": room["room_id"]}).ok
        assert act(family, round_id, "selection/confirm", {"room_id": room["room_id"]}).ok
        lease = eventually(lambda: _lease(family, round_id), what="the lease opened by the allocation")
        assert lease["room_id"] == room["room_id"]
        leases.append((family, lease, id_number))
    return round_id, leases


def _lease(family: Api, round_id: str) -> dict[str, Any] | None:
    response = family.call("GET", f"/api/v1/lottery/rounds/{round_id}/lease")
    return response.json() if response.status_code == 200 else None


def lease_of(api: Api, lease_id: str) -> dict[str, Any]:
    return api.ok("GET", f"/api/v1/leases/{lease_id}")


def upload_mandate(family: Api, lease_id: str, card: str = GOOD_CARD) -> requests.Response:
    return requests.post(f"{family.base}/api/v1/leases/{lease_id}/mandate",
                         headers={"Authorization": f"Bearer {family.token}"},
                         data={"account_holder": "张三", "card_number": card},
                         files={"card_front": ("front.png", io.BytesIO(PNG), "image/png"),
                                "card_back": ("back.png", io.BytesIO(PNG), "image/png")}, timeout=30)


def phone_scans(qr_url: str, body: dict[str, Any]) -> requests.Response:
    """The person's phone acting on a QR code of the simulated face, e-signature or bank page."""
    return requests.post(qr_url, json=body, timeout=10)


def sign_lease_through(family: Api, lease_id: str, id_number: str, until: str = "submitted") -> dict[str, Any]:
    """Every family step of R004.11–R004.15 up to `until` (mandate, face, signed, submitted)."""
    steps = ["mandate", "face", "signed", "submitted"]
    family.ok("PUT", f"/api/v1/leases/{lease_id}/phone", {"phone": "13800138000"})
    assert upload_mandate(family, lease_id).status_code == 200
    eventually(lambda: lease_of(family, lease_id)["mandate"], what="mandate active")
    if steps.index(until) >= 1:
        qr = family.ok("POST", f"/api/v1/leases/{lease_id}/face-verification")["face_verification"]["qr_url"]
        assert phone_scans(qr, {"name": "张三", "id_number": id_number, "outcome": "passed"}).ok
        eventually(lambda: lease_of(family, lease_id)["tenant"], what="face verified")
    if steps.index(until) >= 2:
        qr = family.ok("POST", f"/api/v1/leases/{lease_id}/signature")["signing"]["qr_url"]
        assert phone_scans(qr, {"outcome": "signed"}).ok
        eventually(lambda: lease_of(family, lease_id)["state"] == "signed", what="signed")
    if steps.index(until) >= 3:
        pay_url = eventually(lambda: (lease_of(family, lease_id)["deposit_order"] or {}).get("pay_url"),
                             what="deposit order")
        assert phone_scans(pay_url, {"outcome": "succeeded"}).ok
        eventually(lambda: lease_of(family, lease_id)["state"] == "submitted", what="submitted")
    return lease_of(family, lease_id)
