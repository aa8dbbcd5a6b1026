"""make bench-broadcast: 2,000 browsers follow one session's availability broadcast (R004.10).

Opens 2,000 Server-Sent Event streams through the gateway, has families confirm rooms, and measures
for every subscriber the delay between a room being taken (the event's time) and its arrival.
"""
from __future__ import annotations

import asyncio
import json
import os
import secrets
import time
from datetime import datetime, timedelta

import uvloop

from bench.http import percentile
from bench.lottery import Bench
from deploy.sim.identity_provider import resident_ids
from services.lottery.domain import draw as draws
from shared import clock

SUBSCRIBERS = int(os.environ.get("BENCH_SUBSCRIBERS", "2000"))
UPDATES = 20


async def subscribe(host: str, port: int, path: str, token: str, delays: list[float], ready: asyncio.Event,
                    counter: list[int], done: asyncio.Event) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    writer.write((f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
                  "Accept: text/event-stream\r\n\r\n").encode())
    await writer.drain()
    received = 0
    try:
        # Subscribed once the gateway says so (its first event), not when the request was sent:
        # a room taken before that moment is not this subscriber's to receive.
        while b"event: subscribed" not in await asyncio.wait_for(reader.readline(), timeout=120):
            pass
        counter[0] += 1
        if counter[0] == SUBSCRIBERS:
            ready.set()
        while not done.is_set():
            line = await asyncio.wait_for(reader.readline(), timeout=60)
            if not line:
                return
            text = line.decode(errors="replace").strip()
            if text.startswith("data:") and '"room_taken"' in text:
                message = json.loads(text[5:])
                taken_at = datetime.fromisoformat(message["at"])
                delays.append((clock.now() - taken_at).total_seconds())
                received += 1
                if received >= UPDATES:
                    return
    except (asyncio.TimeoutError, ConnectionError):
        return
    finally:
        writer.close()


async def run(bench: Bench) -> dict:
    token = await bench.bureau_token()
    now = clock.now()
    rooms = [{"building": "1栋", "room_number": f"{101 + i}", "layout": "1室1厅", "orientation": "S",
              "area_sqm": "45.00"} for i in range(UPDATES)]
    round_id = (await bench.ok("POST", "/api/v1/lottery/rounds", {"name": "播报基准", "rooms": rooms,
                                                                     "preselection_start": now.isoformat()}, token))["round_id"]
    people = {f"BC{i:03d}": number for i, number in enumerate(resident_ids(UPDATES))}
    await bench.ok("POST", f"/api/v1/lottery/rounds/{round_id}/families", {"families": [
        {"family_id": f, "applicant_id_number": p} for f, p in people.items()]}, token)
    seed = secrets.token_hex(16)
    base = f"/api/v1/lottery/rounds/{round_id}"
    await bench.ok("POST", f"{base}/draw/announcement", {"seed_commitment": draws.commitment(seed)}, token)
    await bench.ok("POST", f"{base}/draw/sealed-list", None, token)
    await bench.ok("POST", f"{base}/draw", {"seed": seed}, token)
    plan = await bench.ok("POST", f"{base}/sessions", {"session_size": UPDATES, "formal_minutes": 5,
                                                       "first_formal_start": (now + timedelta(seconds=5)).isoformat()},
                          token)
    session_id = plan["sessions"][0]["session_id"]
    family_tokens = await bench.logins(round_id, people, list(people))
    catalogue = (await bench.ok("GET", f"{base}/rooms", token=token))["rooms"]

    delays: list[float] = []
    ready, done, counter = asyncio.Event(), asyncio.Event(), [0]
    path = f"/api/v1/lottery/sessions/{session_id}/stream"
    tasks = [asyncio.create_task(subscribe(bench.host, bench.port, path, token, delays, ready, counter, done))
             for _ in range(SUBSCRIBERS)]
    await asyncio.wait_for(ready.wait(), timeout=120)
    await asyncio.sleep(2)
    while clock.now() < now + timedelta(seconds=6):
        await asyncio.sleep(0.2)
    for index, family in enumerate(people):
        while (await bench.call("POST", f"{base}/selection/enter", None, family_tokens[family], key=True)).status != 200:
            await asyncio.sleep(0.2)
        room = catalogue[index]["room_id"]
        await bench.ok("POST", f"{base}/selection/cart", {"operation": "add", "room_id": room}, family_tokens[family],
                       key=True)
        await bench.ok("POST", f"{base}/selection/confirm", {"room_id": room}, family_tokens[family], key=True)
        await asyncio.sleep(0.05)
    started = time.perf_counter()
    while len(delays) < SUBSCRIBERS * UPDATES and time.perf_counter() - started < 30:
        await asyncio.sleep(0.2)
    done.set()
    for task in tasks:
        task.cancel()
    return {"subscribers": counter[0], "expected": SUBSCRIBERS * UPDATES, "received": len(delays),
            "p50": percentile(delays, 50), "p95": percentile(delays, 95), "p99": percentile(delays, 99),
            "max": max(delays) if delays else float("nan")}


def main() -> None:
    bench = Bench(1)
    bench.start()
    try:
        result = uvloop.run(run(bench))
    finally:
        bench.stack.down()
    print(f"\n== availability broadcast: {result['subscribers']} concurrent streams through the gateway ==")
    print(f"updates delivered:    {result['received']} of {result['expected']} "
          f"({result['received'] / result['expected']:.1%})")
    print(f"delay p50 / p95 / p99 / max: {result['p50'] * 1000:.0f} / {result['p95'] * 1000:.0f} / "
          f"{result['p99'] * 1000:.0f} / {result['max'] * 1000:.0f} ms   (target p99 < 1000 ms)")


if __name__ == "__main__":
    main()
