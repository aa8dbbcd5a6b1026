"""The broker or the database away while requests run: every answer meanwhile is a 503 `service_unavailable`
(or `upstream_timeout` for a call caught in the cut) with Retry-After and the JSON error body, never an
internal error or its text; afterwards both gateway doors answer 200 again within a bounded wait, and an
event stored around the outage still reaches its consumer (the room map follows).

The outage is this stack's own: its processes reach RabbitMQ and PostgreSQL through its outage gate
(deploy/local/outage_gate.py), which the test closes (connections refused and cut) and opens again. The
shared broker and database are never touched."""
from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass, field

import requests

from shared import settings
from shared.context import CommandContext
from services.registry.application.app import RegistryApplication
from tests.integration.lottery_flow import act, family_login, new_round
from tests.integration.support import (ROOM_INFO, Api, eventually, new_developer_with_rooms, room_status,
                                       unique_credit_code)

INTERNAL_TEXT = ("Errno", "ECONNREFUSED", "OperationalError", "Traceback", "Exception", "psycopg", "amqp",
                 "kombu", "Connection refused", "127.0.0.1")
OUTAGE_CODES = {"service_unavailable", "upstream_timeout"}
OUTAGE_SECONDS = 20  # as long as the outage that was reported; longer than a call's deadline (10 s)


@dataclass
class Answer:
    started: float
    ended: float
    status: int
    body: str
    headers: dict


@dataclass
class Load:
    """Threads that keep registering developers through the gateway and record every answer."""

    bureau: Api
    threads: int = 4
    answers: list[Answer] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        caller = Api(self.bureau.base, self.bureau.token, self.bureau.user, self.bureau.secret)
        while not self.stopping.is_set():
            started = time.monotonic()
            try:
                response = caller.call("POST", "/api/v1/developers",
                                       {"name": "断网测试置业", "credit_code": unique_credit_code()})
            except requests.RequestException as exc:  # the gateway itself must keep answering
                self.answers.append(Answer(started, time.monotonic(), 0, repr(exc), {}))
                continue
            self.answers.append(Answer(started, time.monotonic(), response.status_code, response.text,
                                       dict(response.headers)))

    @contextlib.contextmanager
    def running(self):
        workers = [threading.Thread(target=self.run) for _ in range(self.threads)]
        for worker in workers:
            worker.start()
        try:
            yield self
        finally:
            self.stopping.set()
            for worker in workers:
                worker.join(timeout=60)

    def summary(self, closed: float, opened: float) -> list[tuple[float, float, int, str]]:
        return [(round(a.started - closed, 1), round(a.ended - closed, 1), a.status, a.body[:80]) for a in self.answers
                if a.ended > closed - 1]

    def ended_between(self, start: float, end: float) -> list[Answer]:
        return [a for a in self.answers if start <= a.ended <= end]


def assert_an_outage_answer(status: int, text: str, headers: dict) -> None:
    assert status == 503, (status, text)
    assert int(headers["Retry-After"]) > 0
    assert headers["Content-Type"].startswith("application/json")
    error = requests.models.complexjson.loads(text)["error"]
    assert error["code"] in OUTAGE_CODES and error["message"], error
    assert not [word for word in INTERNAL_TEXT if word in text], text


@contextlib.contextmanager
def away(stack, dependency: str):
    """The dependency is away for this stack (refused, cut) inside the block, and back after it, whatever happens."""
    stack.gate(dependency, "close")
    try:
        yield time.monotonic()
    finally:
        stack.gate(dependency, "open")


def test_the_broker_away_mid_stream_is_503_and_afterwards_nothing_is_lost(stack, api, bureau):
    estate = new_developer_with_rooms(api, bureau, floors=1, units_per_floor=2, publish=False)
    before_room, during_room = (room["room_id"] for room in estate.rooms)
    world = new_round(bureau, families=1, rooms=1, session_size=1, starts_in=3600, formal_minutes=1)
    round_id = world["round_id"]
    room = eventually(lambda: bureau.ok("GET", f"/api/v1/lottery/rounds/{round_id}/rooms")["rooms"],
                      what="room catalogue")[0]["room_id"]
    family = family_login(api, round_id, next(iter(world["people"].values())))
    through_edge = Api(stack.selection_url, family.token, family.user, family.secret)

    with Load(bureau).running() as load:
        eventually(lambda: any(a.status == 200 for a in load.answers), what="the load flowing")
        # Stored just before the cut: the relay may be publishing it, or its consumer taking it, when the cut comes.
        estate.clerk.ok("PUT", f"/api/v1/rooms/{before_room}/info", {"info": ROOM_INFO})
        with away(stack, "broker") as closed:
            # Stored while the broker is away (as by a command that reached registry before the cut).
            registry = RegistryApplication(env=settings.event_store_env("registry", stack.env()))
            try:
                registry.submit_room_info(CommandContext(actor_id="clerk", role="developer",
                                                         org_id=estate.developer_id, correlation_id="outage-test"),
                                          during_room, dict(ROOM_INFO))
            finally:
                registry.close()
            edge_answer = act(through_edge, round_id, "preselection", {"operation": "add", "room_id": room},
                              key="while-the-broker-is-away")
            time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - closed)))
            opened = time.monotonic()
        try:
            eventually(lambda: any(a.status == 200 and a.started > opened for a in load.answers), timeout=60,
                       what="developers registered again after the broker came back")
        except TimeoutError:
            raise AssertionError(f"no 200 after the broker came back: {load.summary(closed, opened)}") from None

    # A second's grace after the cut: an answer the gateway had before it may still be on its way.
    during = load.ended_between(closed + 1.0, opened)
    assert len(during) >= load.threads, f"the load ran while the broker was away: {load.summary(closed, opened)}"
    for answer in during:
        assert_an_outage_answer(answer.status, answer.body, answer.headers)
    assert any('"service_unavailable"' in a.body for a in during), \
        f"a request that met the broker away was refused at once: {load.summary(closed, opened)}"
    assert {a.status for a in load.answers} <= {200, 503}, "never an internal error, whenever a request ran"
    for answer in load.answers:
        if answer.status == 503:
            assert_an_outage_answer(answer.status, answer.body, answer.headers)
    assert_an_outage_answer(edge_answer.status_code, edge_answer.text, edge_answer.headers)

    # The asyncio door is back too, and the command it refused was not decided meanwhile.
    assert family.ok("GET", f"/api/v1/lottery/rounds/{round_id}/me")["preselection"] == []
    eventually(lambda: act(through_edge, round_id, "preselection", {"operation": "add", "room_id": room},
                           key="after-the-broker-is-back").status_code == 200, timeout=60,
               what="the selection edge answering again")
    # Nothing lost: both events reach the room map, and no process died of the outage.
    eventually(lambda: room_status(bureau, estate.project_id, before_room) == "pending_review", timeout=90,
               what="the event stored before the cut reached the room map")
    eventually(lambda: room_status(bureau, estate.project_id, during_room) == "pending_review", timeout=90,
               what="the event stored during the outage reached the room map")
    assert all(stack.pid(name) for name in stack.specs), "no process died of the outage"


def test_the_database_away_is_503_and_afterwards_the_services_answer_again(stack, api, bureau, estate):
    room_id = estate.rooms[0]["room_id"]
    register = {"name": "断库测试置业", "credit_code": unique_credit_code()}
    key = {"Idempotency-Key": f"outage-{register['credit_code']}"}
    with away(stack, "database"):
        answers = [
            bureau.call("POST", "/api/v1/developers", register, headers=key),
            bureau.call("GET", f"/api/v1/developers/{estate.developer_id}"),
            estate.clerk.call("POST", "/api/v1/contracts", {"room_id": room_id, "buyer_name": "张三"}),
            api.login_response(estate.clerk_username, estate.password, estate.electronic_key),
        ]
    for answer in answers:
        assert_an_outage_answer(answer.status_code, answer.text, answer.headers)

    eventually(lambda: bureau.call("GET", f"/api/v1/developers/{estate.developer_id}").status_code == 200,
               timeout=60, what="registry reading its records again")
    # A 503 says "try again": repeated with its key, the command is answered (done once, whether the
    # attempt that met the outage ran late or not at all).
    eventually(lambda: bureau.call("POST", "/api/v1/developers", register, headers=key).status_code == 200,
               timeout=60, what="registering again after the database came back")
    # No connection the outage broke is used again: every service answers at the first try.
    for _ in range(3):
        assert bureau.call("GET", "/api/v1/filings").status_code == 200
        assert estate.clerk.call("GET", "/api/v1/contracts").status_code == 200
        assert bureau.call("GET", f"/api/v1/developers/{estate.developer_id}").status_code == 200
    drafted = eventually(lambda: (lambda r: r if r.status_code == 200 else None)(
        estate.clerk.call("POST", "/api/v1/contracts", {"room_id": room_id, "buyer_name": "张三"})),
        timeout=60, what="drafting again after the database came back")
    assert drafted.json()["contract_id"]
    eventually(lambda: room_status(bureau, estate.project_id, room_id) == "signing", timeout=90,
               what="relay and consumers back after the database outage: the room map follows")
    assert all(stack.pid(name) for name in stack.specs), "no process died of the outage"
