"""The selection edge (asyncio) answers the selection commands like the gateway does: same paths, same
checks, same errors, the same lottery decisions; it sheds load with 503 and Retry-After, and a
lottery that does not answer costs a retry, never a command applied twice."""
import secrets
import time

import requests

from tests.integration.lottery_flow import act, family_login, new_round
from tests.integration.support import Api, eventually, read_source_log


def through_edge(stack, family: Api) -> Api:
    return Api(stack.selection_url, family.token, family.user, family.secret)


def catalogue(bureau, round_id, count):
    return eventually(lambda: (lambda rooms: rooms if len(rooms) == count else None)(
        bureau.ok("GET", f"/api/v1/lottery/rounds/{round_id}/rooms?limit=100")["rooms"]), what="room catalogue")


def restart_edge(stack, extra_env=None):
    stack.stop("selection-edge")
    stack.start("selection-edge", extra_env)
    stack.wait_healthy(["selection-edge"])


def test_the_edge_decides_selection_commands_like_the_gateway(stack, api, bureau):
    world = new_round(bureau, families=3, rooms=4, session_size=3, starts_in=6, formal_minutes=0.5)
    round_id = world["round_id"]
    rooms = [r["room_id"] for r in catalogue(bureau, round_id, 4)]
    families = {f: family_login(api, round_id, p) for f, p in world["people"].items()}
    ranks = {f: fam.ok("GET", f"/api/v1/lottery/rounds/{round_id}/me")["session"]["rank"]
             for f, fam in families.items()}
    best, second, _ = sorted(families, key=ranks.__getitem__)
    edge = {f: through_edge(stack, fam) for f, fam in families.items()}

    # Pre-selection through the edge; the same key twice is done once (R004.1, R004.3).
    once = act(edge[best], round_id, "preselection", {"operation": "add", "room_id": rooms[0]}, key="pre-1")
    again = act(edge[best], round_id, "preselection", {"operation": "add", "room_id": rooms[0]}, key="pre-1")
    assert once.status_code == again.status_code == 200 and once.json() == again.json() == {"cart": [rooms[0]]}
    act(edge[second], round_id, "preselection", {"operation": "add", "room_id": rooms[0]})
    assert families[best].ok("GET", f"/api/v1/lottery/rounds/{round_id}/me")["preselection"] == [rooms[0]]

    # Formal selection through the edge; what it decides, the gateway shows.
    eventually(lambda: act(edge[best], round_id, "selection/enter").status_code == 200, timeout=30,
               what="formal selection open")
    assert act(edge[second], round_id, "selection/enter").status_code == 200
    for f in (best, second):
        assert act(edge[f], round_id, "selection/sync").json() == {"result": [rooms[0]]}
    correlation = f"edge-{secrets.token_hex(4)}"
    confirmed = edge[best].call("POST", f"/api/v1/lottery/rounds/{round_id}/selection/confirm",
                                {"room_id": rooms[0]}, headers={"Idempotency-Key": "confirm-best",
                                                                "X-Request-Id": correlation})
    assert confirmed.status_code == 200 and confirmed.json() == {"result": rooms[0]}
    assert confirmed.headers["X-Request-Id"] == correlation
    taken = act(edge[second], round_id, "selection/confirm", {"room_id": rooms[0]})
    assert taken.status_code == 422 and taken.json()["error"]["code"] == "room_taken"
    # R004.7: confirmation is irrevocable, whichever door a second attempt comes through.
    for door in (edge[best], families[best]):
        repeat = act(door, round_id, "selection/confirm", {"room_id": rooms[0]})
        assert repeat.status_code == 422, repeat.text
    assert families[best].ok("GET", f"/api/v1/lottery/rounds/{round_id}/me")["session"]["room"] == rooms[0]

    # The event carries who asked and the request's correlation id, as through the gateway.
    confirmation = eventually(lambda: next((e for e in read_source_log(stack, "lottery")
                                            if e["type"] == "RoomConfirmed"
                                            and e["correlation_id"] == correlation), None),
                              what="the confirmation in the lottery's log")
    assert confirmation["payload"]["family_id"] == best and confirmation["actor"]["actor_id"] == best

    metrics_port = stack.specs["selection-edge"].metrics_port
    assert requests.get(f"{stack.selection_url}/metrics", timeout=5).status_code == 404  # not on the public port
    metrics = requests.get(f"http://127.0.0.1:{metrics_port}/metrics", timeout=5).text
    assert 'housing_http_requests_total{method="POST",route="confirm_room",status="200"}' in metrics
    assert "housing_gateway_selection_batch_size_count" in metrics


def test_the_edge_refuses_bad_requests_exactly_as_the_gateway_does_and_changes_nothing(stack, api, bureau):
    world = new_round(bureau, families=1, rooms=2, session_size=1, starts_in=3600, formal_minutes=1)
    round_id = world["round_id"]
    room = catalogue(bureau, round_id, 2)[0]["room_id"]
    family = family_login(api, round_id, next(iter(world["people"].values())))
    path = f"/api/v1/lottery/rounds/{round_id}/preselection"
    key = {"Idempotency-Key": "k-1"}
    body = {"operation": "add", "room_id": room}
    cart = path.replace("preselection", "selection/cart")
    cases = [
        ("missing_token", "POST", path, dict(headers=key), None),
        ("role_not_allowed", "POST", path, dict(headers=key), bureau.token),
        ("idempotency_key_required", "POST", path, dict(), family.token),
        ("invalid_idempotency_key", "POST", path, dict(headers={"Idempotency-Key": "k" * 101}), family.token),
        ("invalid_input", "POST", path, dict(headers=key, json={"operation": "add", "room_id": "nope"}),
         family.token),
        ("invalid_input", "POST", cart, dict(headers=key, json={"operation": "jump", "room_id": room}),
         family.token),
        ("invalid_json", "POST", path, dict(headers={**key, "Content-Type": "application/json"}, data=b"{"),
         family.token),
        ("unsupported_media_type", "POST", path, dict(headers={**key, "Content-Type": "text/plain"},
                                                      data=b"operation=add"), family.token),
        ("body_too_large", "POST", path, dict(headers={**key, "Content-Type": "application/json"},
                                              data=b'{"x": "' + b"a" * 1_100_000 + b'"}'), family.token),
        ("method_not_allowed", "GET", path, dict(), family.token),
    ]
    for code, method, url, kwargs, token in cases:
        answers = []
        for base in (stack.gateway_url, stack.selection_url):
            headers = dict(kwargs.get("headers", {}))
            if token:
                headers["Authorization"] = f"Bearer {token}"
            if "json" not in kwargs and "data" not in kwargs:
                kwargs_here = {"json": body}
            else:
                kwargs_here = {k: v for k, v in kwargs.items() if k != "headers"}
            answers.append(requests.request(method, base + url, headers=headers, timeout=30, **kwargs_here))
        gateway, edge = answers
        assert edge.status_code == gateway.status_code and 400 <= edge.status_code < 500, (code, edge.text)
        assert edge.json()["error"] == gateway.json()["error"] and edge.json()["error"]["code"] == code
        assert edge.json()["error"]["message"]
    unknown = requests.post(f"{stack.selection_url}/api/v1/lottery/nothing-here", timeout=5)
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "route_not_found"
    assert family.ok("GET", f"/api/v1/lottery/rounds/{round_id}/me")["preselection"] == []


def test_a_saturated_edge_answers_503_with_retry_after_at_once(stack, api, bureau):
    world = new_round(bureau, families=1, rooms=1, session_size=1, starts_in=3600, formal_minutes=1)
    room = catalogue(bureau, world["round_id"], 1)[0]["room_id"]
    family = family_login(api, world["round_id"], next(iter(world["people"].values())))
    restart_edge(stack, {"HOUSING_GATEWAY_BURST_SLOTS": "0"})
    try:
        shed = act(through_edge(stack, family), world["round_id"], "preselection",
                   {"operation": "add", "room_id": room})
    finally:
        restart_edge(stack)
    assert shed.status_code == 503 and shed.json()["error"]["code"] == "saturated"
    assert shed.headers["Retry-After"]
    assert family.ok("GET", f"/api/v1/lottery/rounds/{world['round_id']}/me")["preselection"] == []


def test_a_command_sent_while_the_lottery_is_down_expires_and_its_retry_is_done_once(stack, api, bureau):
    world = new_round(bureau, families=1, rooms=2, session_size=1, starts_in=3600, formal_minutes=1)
    round_id = world["round_id"]
    rooms = [r["room_id"] for r in catalogue(bureau, round_id, 2)]
    family = through_edge(stack, family_login(api, round_id, next(iter(world["people"].values()))))
    restart_edge(stack, {"HOUSING_GATEWAY_BURST_TIMEOUT": "2"})
    stack.stop("lottery")
    try:
        started = time.monotonic()
        waited = act(family, round_id, "preselection", {"operation": "add", "room_id": rooms[0]}, key="while-down")
        assert waited.status_code == 503 and waited.json()["error"]["code"] == "upstream_timeout"
        assert waited.headers["Retry-After"] and time.monotonic() - started < 10
    finally:
        stack.start("lottery")
        stack.wait_healthy(["lottery"])
        restart_edge(stack)
    me = Api(stack.gateway_url, family.token, family.user, family.secret)
    time.sleep(1)
    assert me.ok("GET", f"/api/v1/lottery/rounds/{round_id}/me")["preselection"] == [], \
        "a command its caller was told had failed is not decided when the lottery is back"
    retried = eventually(lambda: (lambda r: r if r.status_code == 200 else None)(
        act(family, round_id, "preselection", {"operation": "add", "room_id": rooms[0]}, key="while-down")),
        timeout=30, what="the retry answered")
    assert retried.json() == {"cart": [rooms[0]]}, "the retry with the same key is done, once"
    again = act(family, round_id, "preselection", {"operation": "add", "room_id": rooms[1]})
    assert again.json() == {"cart": [rooms[0], rooms[1]]}
