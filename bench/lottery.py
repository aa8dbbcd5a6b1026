"""make bench-lottery: the selection-window burst, through the gateway, with one and two lottery processes.

20,000 ranked families, 5,000 rooms, sessions of 1,000 families, each family with a 5-room cart.
Every family of the first session confirms at the same instant, through the selection edge (two
processes sharing its port by default, one per core, as an ingress would spread them over replicas);
then the window ends. Prints
confirmations per second, latency percentiles, the window-end assignment time, the ratio of the
lottery's event-append rate to raw PostgreSQL single-row commits measured in the same run, and
checks that no room and no family was allocated twice by replaying the lottery's events.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import time
from datetime import timedelta
from typing import Any

import psycopg
import uvloop

from bench.http import BurstConnection, Connection, gather_limited, percentile
from bench.measure import raw_commits_per_second
from deploy.local.processes import BENCH, selection_edge_port
from deploy.local.resets import admin_connection, ensure_database, reset_database, reset_vhost
from deploy.local.seed import bootstrap_bureau_officer
from deploy.local.stack import Stack
from deploy.sim.identity_provider import assertion_for, resident_ids
from services.gateway import captcha
from services.lottery.domain import draw as draws
from shared import clock, log_reader, settings

FAMILIES, ROOMS, SESSION, CART = 20_000, 5_000, 1_000, 5
PASSWORD = "bench bureau officer password"
START_AFTER_SECONDS = float(os.environ.get("BENCH_START_AFTER", "150"))


class Bench:
    def __init__(self, instances: int, gateways: int = 1, door: str = "edge", edges: int = 2) -> None:
        self.instances = instances
        self.edges = edges
        self.stack = Stack(BENCH, lottery_instances=instances, gateway_instances=gateways, edge_instances=edges)
        self.host, self.port = "127.0.0.1", BENCH.gateway_port
        # Where the families' selection commands go: the selection edge (as an ingress would route
        # them) or the Nameko gateway, which answers the same paths.
        self.door = door
        self.selection_port = selection_edge_port(BENCH) if door == "edge" else BENCH.gateway_port

    # Setup ------------------------------------------------------------------------------------

    def start(self) -> None:
        self.stack.down()
        ensure_database(self.stack.secrets, self.stack.database)
        reset_database(self.stack.secrets, self.stack.database)
        reset_vhost(self.stack.secrets, self.stack.vhost)
        self.stack.up()
        bootstrap_bureau_officer(self.stack, "bench.bureau", PASSWORD)

    async def call(self, method: str, path: str, body: Any = None, token: str | None = None,
                   key: bool = False, connection: Connection | None = None, port: int | None = None) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if key:
            headers["Idempotency-Key"] = secrets.token_hex(8)
        own = connection is None
        connection = connection or await Connection(self.host, port or self.port).open()
        try:
            return await connection.request(method, path, body, headers)
        finally:
            if own:
                await connection.close()

    async def ok(self, *args: Any, **kwargs: Any) -> Any:
        answer = await self.call(*args, **kwargs)
        assert answer.status == 200, (args[:2], answer.status, answer.body)
        return answer.body

    async def bureau_token(self) -> str:
        challenge = await self.ok("GET", "/api/v1/auth/captcha")
        secret = self.stack.secrets["HOUSING_TOKEN_SECRET"]
        answer = await self.ok("POST", "/api/v1/auth/login", {
            "username": "bench.bureau", "password": PASSWORD, "captcha_id": challenge["captcha_id"],
            "captcha_answer": captcha.open_answer(secret, challenge["captcha_id"])})
        return answer["token"]

    async def set_up_round(self, starts_in: float) -> dict[str, Any]:
        token = await self.bureau_token()
        now = clock.now()
        rooms = [{"building": f"{1 + i // 250}栋", "room_number": f"{(i % 250) // 10 + 1}{i % 10 + 1:02d}",
                  "layout": ("1室1厅", "2室1厅", "3室1厅")[i % 3], "orientation": ("S", "N", "E", "W")[i % 4],
                  "area_sqm": "52.00"} for i in range(ROOMS)]
        round_id = (await self.ok("POST", "/api/v1/lottery/rounds", {
            "name": "基准测试批次", "rooms": rooms, "preselection_start": now.isoformat()}, token))["round_id"]
        people = {f"B{i:05d}": number for i, number in enumerate(resident_ids(FAMILIES))}
        items = list(people.items())
        for first in range(0, FAMILIES, 5000):
            await self.ok("POST", f"/api/v1/lottery/rounds/{round_id}/families", {"families": [
                {"family_id": f, "applicant_id_number": p} for f, p in items[first:first + 5000]]}, token)
        seed = secrets.token_hex(16)
        await self.ok("POST", f"/api/v1/lottery/rounds/{round_id}/draw/announcement",
                      {"seed_commitment": draws.commitment(seed)}, token)
        await self.ok("POST", f"/api/v1/lottery/rounds/{round_id}/draw/sealed-list", None, token)
        await self.ok("POST", f"/api/v1/lottery/rounds/{round_id}/draw", {"seed": seed}, token)
        plan = await self.ok("POST", f"/api/v1/lottery/rounds/{round_id}/sessions", {
            "session_size": SESSION, "formal_minutes": 1.0,
            "first_formal_start": (now + timedelta(seconds=starts_in)).isoformat()}, token)
        return {"round_id": round_id, "people": people, "token": token, "sessions": plan["sessions"]}

    def members_of_first_session(self, round_id: str) -> list[str]:
        """The operator's view of who is in session 1 (the bench has the store's credentials)."""
        from services.lottery.application.app import LotteryApplication

        app = LotteryApplication(env=settings.event_store_env("lottery", self.stack.env()))
        try:
            return [f for f, n in app.plan_of(round_id).membership.items() if n == 1]
        finally:
            app.close()

    async def logins(self, round_id: str, people: dict[str, str], families: list[str]) -> dict[str, str]:
        secret = self.stack.secrets["HOUSING_TOKEN_SECRET"]

        async def login(family: str) -> tuple[str, str]:
            answer = await self.ok("POST", "/api/v1/auth/families", {
                "round_id": round_id, "assertion": assertion_for(people[family], "申请人", secret)})
            return family, answer["token"]
        return dict(await gather_limited([login(f) for f in families], 100))

    # The burst --------------------------------------------------------------------------------

    async def run(self) -> dict[str, Any]:
        phase = time.perf_counter()
        world = await self.set_up_round(starts_in=START_AFTER_SECONDS)
        round_id = world["round_id"]
        base = f"/api/v1/lottery/rounds/{round_id}"
        families = self.members_of_first_session(round_id)
        print(f"round, {FAMILIES} families, draw and sessions set up in {time.perf_counter() - phase:.1f} s")
        phase = time.perf_counter()
        tokens = await self.logins(round_id, world["people"], families)
        print(f"{len(tokens)} families signed in through the identity platform in {time.perf_counter() - phase:.1f} s")
        rooms = (await self.ok("GET", f"{base}/rooms?limit=500", token=world["token"]))["rooms"]
        hot = [r["room_id"] for r in rooms]  # every cart draws from the same 500 rooms: real contention
        rng = random.Random(7)
        carts = {f: rng.sample(hot, CART) for f in families}

        async def preselect(family: str) -> None:
            connection = await Connection(self.host, self.selection_port).open()
            try:
                for room in carts[family]:
                    await self.ok("POST", f"{base}/preselection", {"operation": "add", "room_id": room},
                                  tokens[family], key=True, connection=connection)
            finally:
                await connection.close()
        started = time.perf_counter()
        await gather_limited([preselect(f) for f in families], 100)
        setup_seconds = time.perf_counter() - started
        print(f"{len(families) * CART} pre-selections in {setup_seconds:.1f} s; waiting for the formal window")
        formal_start = world["sessions"][0]["formal_start"]
        while clock.now().isoformat() < formal_start:
            await asyncio.sleep(0.2)
        probe = families[0]
        while (await self.call("POST", f"{base}/selection/enter", None, tokens[probe], key=True,
                               port=self.selection_port)).status != 200:
            await asyncio.sleep(0.1)

        connections = {f: await Connection(self.host, self.selection_port).open() for f in families}

        async def enter_and_sync(family: str) -> None:
            await self.call("POST", f"{base}/selection/enter", None, tokens[family], key=True,
                            connection=connections[family])
            await self.ok("POST", f"{base}/selection/sync", None, tokens[family], key=True,
                          connection=connections[family])
        await gather_limited([enter_and_sync(f) for f in families], 200)
        settled = await self.settled()
        print(f"every consumer of the lottery's events caught up with the setup in {settled:.1f} s")

        head_before = self.log_head()
        go = asyncio.Event()

        burst = {f: await BurstConnection.open(self.host, self.selection_port) for f in families}

        async def confirm(family: str) -> Any:
            request = burst[family].prepare(
                "POST", f"{base}/selection/confirm", {"room_id": carts[family][0]},
                {"Authorization": f"Bearer {tokens[family]}", "Idempotency-Key": secrets.token_hex(8)})
            await go.wait()
            return await burst[family].exchange(request)
        tasks = [asyncio.create_task(confirm(f)) for f in families]
        await asyncio.sleep(0.5)
        burst_started = time.perf_counter()
        go.set()
        answers = await asyncio.gather(*tasks)
        burst_seconds = time.perf_counter() - burst_started
        appended = self.log_head() - head_before
        for connection in [*connections.values(), *burst.values()]:
            await connection.close()

        session_id = world["sessions"][0]["session_id"]
        formal_end = world["sessions"][0]["formal_end"]
        while clock.now().isoformat() < formal_end:
            await asyncio.sleep(0.02)
        ended = time.perf_counter()
        while (await self.ok("GET", f"/api/v1/lottery/sessions/{session_id}/statistics",
                             token=world["token"]))["status"] != "closed":
            await asyncio.sleep(0.02)
        window_end_seconds = time.perf_counter() - ended
        stats = await self.ok("GET", f"/api/v1/lottery/sessions/{session_id}/statistics", token=world["token"])

        latencies = [a.seconds for a in answers]
        codes: dict[int, int] = {}
        for a in answers:
            codes[a.status] = codes.get(a.status, 0) + 1
        door = f"{self.edges} selection edge(s)" if self.door == "edge" else "Nameko gateway"
        return {"instances": self.instances, "door": door, "setup_seconds": setup_seconds, "requests": len(answers),
                "status_codes": codes, "confirmed": sum(1 for a in answers if a.status == 200),
                "burst_seconds": burst_seconds, "handled_per_second": len(answers) / burst_seconds,
                "p50": percentile(latencies, 50), "p95": percentile(latencies, 95), "p99": percentile(latencies, 99),
                "window_end_seconds": window_end_seconds, "appended": appended,
                "append_rate": appended / burst_seconds, "statistics": stats}

    # Checks -----------------------------------------------------------------------------------

    def connect(self) -> psycopg.Connection:
        return admin_connection(self.stack.secrets, self.stack.database)

    def log_head(self) -> int:
        with self.connect() as conn:
            return int(conn.execute("SELECT COALESCE(max(notification_id), 0) FROM lottery.lottery_events")
                       .fetchone()[0])

    async def settled(self, timeout: float = 120.0) -> float:
        """Wait until every consumer of the lottery's events (relay, projections, other services) has
        reached the log's head, so the burst starts from a quiet system and not during the setup's backlog."""
        started = time.perf_counter()
        with self.connect() as conn:
            tables = [row[0] for row in conn.execute(
                "SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables"
                " WHERE table_name LIKE '%\\_tracking'")]
            while time.perf_counter() - started < timeout:
                head = self.log_head()
                behind = [t for t in tables if int(conn.execute(
                    f"SELECT COALESCE(max(notification_id), 0) FROM {t} WHERE application_name = 'lottery'"
                    ).fetchone()[0]) not in (0, head)]
                if not behind:
                    break
                await asyncio.sleep(0.5)
        return time.perf_counter() - started

    def raw_commits_per_second(self) -> float:
        with self.connect() as conn:
            return raw_commits_per_second(conn)

    def double_allocations(self) -> dict[str, int]:
        """Replay every lottery event: no room and no family may be allocated twice."""
        from services.lottery.adapters.outbound_events import OUTBOUND
        from services.lottery.application.app import LotteryApplication

        app = LotteryApplication(env=settings.event_store_env("lottery", self.stack.env()))
        rooms: dict[str, str] = {}
        families: dict[str, str] = {}
        problems = {"room_twice": 0, "family_twice": 0, "events": 0}
        try:
            for event in log_reader.read_all(app, OUTBOUND):
                problems["events"] += 1
                pairs = []
                if event["type"] == "RoomConfirmed":
                    pairs = [(event["payload"]["family_id"], event["payload"]["room_id"])]
                elif event["type"] == "WindowClosed":
                    pairs = [tuple(p) for p in event["payload"]["assignments"]]
                for family, room in pairs:
                    problems["room_twice"] += room in rooms
                    problems["family_twice"] += family in families
                    rooms[room], families[family] = family, room
        finally:
            app.close()
        problems["allocated"] = len(rooms)
        return problems


def report(result: dict[str, Any], raw: float, replay: dict[str, int]) -> None:
    print(f"\n== lottery burst with {result['instances']} lottery process(es), through the {result['door']} ==")
    print(f"families confirming at once:     {result['requests']}   status codes {result['status_codes']}")
    print(f"rooms confirmed in the burst:    {result['confirmed']}   (the rest lost a room to a better rank)")
    print(f"confirmations handled per second:{result['handled_per_second']:9.0f} /s   (target ≥ 1000)")
    print(f"latency p50 / p95 / p99:         {result['p50'] * 1000:7.0f} / {result['p95'] * 1000:.0f} / "
          f"{result['p99'] * 1000:.0f} ms   (target p99 < 250 ms)")
    print(f"window-end assignment:           {result['window_end_seconds']:9.2f} s    (target < 2 s, "
          f"includes the ≤0.25 s window timer)   statistics {result['statistics']}")
    print(f"lottery event appends:           {result['append_rate']:9.0f} /s   raw PostgreSQL commits {raw:.0f} /s"
          f"   ratio {result['append_rate'] / raw:.2f}")
    print(f"replayed {replay['events']} events: {replay['allocated']} rooms allocated, "
          f"{replay['room_twice']} rooms twice, {replay['family_twice']} families twice")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--gateways", type=int, default=1, help="gateway processes sharing the gateway's port")
    parser.add_argument("--edges", type=int, default=2,
                        help="selection-edge processes sharing the edge's port (default: one per core here)")
    parser.add_argument("--door", choices=("edge", "gateway"), default="edge",
                        help="send the selection commands to the selection edge or to the Nameko gateway")
    args = parser.parse_args()
    results = []
    for instances in args.instances:
        bench = Bench(instances, args.gateways, args.door, args.edges)
        bench.start()
        try:
            result = uvloop.run(bench.run())
            raw = bench.raw_commits_per_second()
            replay = bench.double_allocations()
            report(result, raw, replay)
            results.append(result)
        finally:
            bench.stack.down()
    if len(results) > 1:
        print(f"\nthroughput with {results[-1]['instances']} processes / with 1: "
              f"{results[-1]['handled_per_second'] / results[0]['handled_per_second']:.2f}")


if __name__ == "__main__":
    main()
