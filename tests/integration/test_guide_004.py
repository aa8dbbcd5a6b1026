"""Guide 004 (Shenzhen public-housing online selection) over HTTP against the running services."""
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import requests

from shared.identity_documents import resident_id_number
from tests.integration.lottery_flow import act, family_login, new_round
from tests.integration.support import eventually


def test_guide_004_draw_preselection_formal_selection_window_end_and_broadcast(stack, api, bureau):
    world = new_round(bureau, families=6, rooms=10, session_size=3, starts_in=8, formal_minutes=0.25)
    round_id = world["round_id"]

    # The draw verifies from its published inputs, and the published list is anonymised.
    verification = bureau.ok("GET", f"/api/v1/lottery/rounds/{round_id}/draw/verification")
    assert verification["verified"] is True
    published = bureau.ok("GET", f"/api/v1/lottery/rounds/{round_id}/draw")
    assert not set(published["eligible_public_ids"]) & set(world["people"])

    families = {f: family_login(api, round_id, p) for f, p in world["people"].items()}
    mine = {f: fam.ok("GET", f"/api/v1/lottery/rounds/{round_id}/me") for f, fam in families.items()}
    session_one = [f for f in families if mine[f]["session"]["number"] == 1]
    session_one.sort(key=lambda f: mine[f]["session"]["rank"])
    best, second, third = session_one
    session_id = mine[best]["session"]["session_id"]
    rooms = eventually(lambda: bureau.ok("GET", f"/api/v1/lottery/rounds/{round_id}/rooms?limit=100")["rooms"],
                       what="room catalogue")
    assert len(rooms) == 10
    south = bureau.ok("GET", f"/api/v1/lottery/rounds/{round_id}/rooms?orientation=S&layout=1室1厅")["rooms"]
    assert south and all(r["orientation"] == "S" and r["layout"] == "1室1厅" for r in south)
    r = [room["room_id"] for room in rooms]

    # R004.1 pre-selection before the formal window; R004.3 carts hold five.
    for f, cart in ((best, [r[0], r[1]]), (second, [r[0], r[2]]), (third, [r[0]])):
        for room in cart:
            assert act(families[f], round_id, "preselection", {"operation": "add", "room_id": room}).status_code == 200

    # The availability broadcast (R004.10).
    received = []
    stream_url = f"{api.base}/api/v1/lottery/sessions/{session_id}/stream"

    def listen():
        with requests.get(stream_url, headers={"Authorization": f"Bearer {families[third].token}"}, stream=True,
                          timeout=60) as response:
            for line in response.iter_lines(chunk_size=1, decode_unicode=True):
                if line.startswith("data:"):
                    received.append(json.loads(line[5:]))
                if any(m.get("type") == "window_closed" for m in received):
                    return
    listener = threading.Thread(target=listen, daemon=True)
    listener.start()

    # Formal selection opens on the clock.
    eventually(lambda: act(families[best], round_id, "selection/enter").status_code == 200, timeout=30,
               what="formal selection open")
    for f in (second, third):
        assert act(families[f], round_id, "selection/enter").status_code == 200
        assert act(families[f], round_id, "selection/sync").status_code == 200
    synced = act(families[best], round_id, "selection/sync")
    assert synced.json()["result"] == [r[0], r[1]]

    # A command without an idempotency key is refused; a double click does it once.
    no_key = families[best].call("POST", f"/api/v1/lottery/rounds/{round_id}/selection/confirm", {"room_id": r[0]})
    assert no_key.status_code == 400 and no_key.json()["error"]["code"] == "idempotency_key_required"
    first = act(families[best], round_id, "selection/confirm", {"room_id": r[0]}, key="click-1")
    again = act(families[best], round_id, "selection/confirm", {"room_id": r[0]}, key="click-1")
    assert first.status_code == again.status_code == 200 and first.json() == again.json()
    late = act(families[second], round_id, "selection/confirm", {"room_id": r[0]})
    assert late.status_code == 422 and late.json()["error"]["code"] == "room_taken"
    irrevocable = act(families[best], round_id, "selection/confirm", {"room_id": r[1]})
    assert irrevocable.status_code == 422 and irrevocable.json()["error"]["code"] == "already_confirmed"

    # Window end: second gets its first free cart room, third (only the taken room) gets none.
    def closed():
        return families[second].ok("GET", f"/api/v1/lottery/rounds/{round_id}/me")["session"]["status"] == "closed"
    eventually(closed, timeout=40, what="window end")
    result = families[second].ok("GET", f"/api/v1/lottery/rounds/{round_id}/me")["session"]
    assert result["room"] == r[2] and result["auto_assigned"] is True
    assert families[third].ok("GET", f"/api/v1/lottery/rounds/{round_id}/me")["session"]["room"] is None
    stats = bureau.ok("GET", f"/api/v1/lottery/sessions/{session_id}/statistics")
    assert (stats["confirmed"], stats["auto_assigned"], stats["left"]) == (1, 1, 8)

    listener.join(timeout=20)
    taken = [m["room_id"] for m in received if m.get("type") == "room_taken"]
    assert taken == [r[0]]
    closing = [m for m in received if m.get("type") == "window_closed"]
    assert closing and closing[0]["rooms_assigned"] == [r[2]]
    assert "family" not in json.dumps(received), "the broadcast names rooms, never families"


def test_a_family_has_at_most_one_request_in_flight(stack, api, bureau):
    world = new_round(bureau, families=2, rooms=4, session_size=2, starts_in=3600, formal_minutes=1)
    family_id, id_number = next(iter(world["people"].items()))
    family = family_login(api, world["round_id"], id_number)
    rooms = eventually(lambda: bureau.ok("GET", f"/api/v1/lottery/rounds/{world['round_id']}/rooms")["rooms"],
                       what="catalogue")
    with ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(lambda room: act(family, world["round_id"], "preselection",
                                                   {"operation": "add", "room_id": room["room_id"]}), rooms * 2))
    codes = sorted(r.status_code for r in responses)
    assert 200 in codes
    refused = [r for r in responses if r.status_code == 429]
    assert all(r.json()["error"]["code"] == "request_in_flight" and r.headers["Retry-After"] for r in refused)
    assert set(codes) <= {200, 422, 429}


def test_only_families_on_the_list_sign_in(api, bureau):
    world = new_round(bureau, families=1, rooms=1, session_size=1, starts_in=3600, formal_minutes=1)
    stranger = family_login.__wrapped__ if hasattr(family_login, "__wrapped__") else None
    from deploy.sim.identity_provider import assertion_for

    response = api.anonymous().call("POST", "/api/v1/auth/families", {
        "round_id": world["round_id"],
        "assertion": assertion_for(resident_id_number("440300", date(1970, 1, 1), 1), "路人", api.secret)})
    assert response.status_code == 403 and response.json()["error"]["code"] == "not_eligible"
    forged = api.anonymous().call("POST", "/api/v1/auth/families", {
        "round_id": world["round_id"], "assertion": assertion_for(next(iter(world["people"].values())), "x", "wrong")})
    assert forged.status_code == 401 and forged.json()["error"]["code"] == "invalid_assertion"
    assert stranger is None
    time.sleep(0)


def test_concurrent_families_against_the_real_services_never_share_a_room(stack, api, bureau):
    """Invariants under concurrent requests: a room goes to at most one family, a family gets at most
    one room, and window end follows ranking and cart order exactly (checked by replaying events)."""
    import random

    from tests.integration.support import read_source_log

    world = new_round(bureau, families=12, rooms=6, session_size=12, starts_in=6, formal_minutes=0.3)
    round_id = world["round_id"]
    families = {f: family_login(api, round_id, p) for f, p in world["people"].items()}
    rooms = [r["room_id"] for r in eventually(
        lambda: bureau.ok("GET", f"/api/v1/lottery/rounds/{round_id}/rooms")["rooms"], what="catalogue")]
    rng = random.Random(4)
    carts = {f: rng.sample(rooms, 3) for f in families}
    eventually(lambda: act(next(iter(families.values())), round_id, "selection/enter").status_code == 200,
               timeout=30, what="formal selection open")

    def build(f):
        act(families[f], round_id, "selection/enter")
        for room in carts[f]:
            assert act(families[f], round_id, "selection/cart", {"operation": "add", "room_id": room}).status_code == 200
    with ThreadPoolExecutor(12) as pool:
        list(pool.map(build, families))
    confirming = list(families)[:8]
    with ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(lambda f: act(families[f], round_id, "selection/confirm",
                                              {"room_id": carts[f][0]}), confirming))
    assert {a.status_code for a in answers} <= {200, 422}
    session_id = families[confirming[0]].ok("GET", f"/api/v1/lottery/rounds/{round_id}/me")["session"]["session_id"]
    eventually(lambda: bureau.ok("GET", f"/api/v1/lottery/sessions/{session_id}/statistics")["status"] == "closed",
               timeout=40, what="window end")

    events = [e for e in read_source_log(stack, "lottery") if e["aggregate_id"] == session_id]
    ranks = next(e for e in events if e["type"] == "SessionPlanned")["payload"]["ranks"]
    allocated, confirmed = {}, {}
    for e in events:
        if e["type"] == "RoomConfirmed":
            confirmed[e["payload"]["family_id"]] = e["payload"]["room_id"]
    assert len(set(confirmed.values())) == len(confirmed), "a room confirmed twice"
    allocated.update(confirmed)
    closing = next(e for e in events if e["type"] == "WindowClosed")["payload"]
    taken = set(confirmed.values())
    expected = []
    for f in sorted(ranks, key=ranks.__getitem__):
        if f in confirmed:
            continue
        room = next((r for r in carts[f] if r not in taken), None)
        if room:
            taken.add(room)
            expected.append([f, room])
    assert closing["assignments"] == expected, "window end follows ranking and cart order exactly"
    allocated.update(dict(closing["assignments"]))
    assert len(set(allocated.values())) == len(allocated) <= len(rooms)


def test_a_saturated_gateway_answers_503_with_retry_after_instead_of_timing_out(stack, api, bureau):
    world = new_round(bureau, families=8, rooms=8, session_size=8, starts_in=3600, formal_minutes=1)
    logins = [family_login(api, world["round_id"], p) for p in world["people"].values()]
    rooms = eventually(lambda: bureau.ok("GET", f"/api/v1/lottery/rounds/{world['round_id']}/rooms")["rooms"],
                       what="catalogue")
    stack.stop("gateway")
    stack.start("gateway", {"HOUSING_GATEWAY_BURST_SLOTS": "1"})
    try:
        stack.wait_healthy(["gateway"])
        with ThreadPoolExecutor(len(logins)) as pool:
            answers = list(pool.map(lambda pair: act(pair[0], world["round_id"], "preselection",
                                                     {"operation": "add", "room_id": pair[1]["room_id"]}),
                                    zip(logins, rooms)))
    finally:
        stack.stop("gateway")
        stack.start("gateway")
        stack.wait_healthy(["gateway"])
    shed = [a for a in answers if a.status_code == 503]
    assert shed, "with one slot, concurrent selection commands are shed"
    assert all(a.json()["error"]["code"] == "saturated" and a.headers["Retry-After"] for a in shed)
    assert all(a.status_code in (200, 503) for a in answers)
