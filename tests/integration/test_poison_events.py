"""An event a consumer cannot apply does not stop the platform (issue 10, section 2): it is quarantined
with its reason and an alert metric, later rounds still open their selection windows, later events
still reach the consumers, operators list it and re-drive it after a fix; a consumer stuck behind an
event makes its process's /ready fail, and it recovers when the consumer moves again."""
from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys

import requests

from deploy.local.stack import ROOT
from services.lottery.application.app import LotteryApplication
from shared import clock, settings
from shared.context import CommandContext
from tests.integration.lottery_flow import new_round
from tests.integration.support import admin_connection, eventually

PROJECTIONS = "lottery-projections"


def ops(stack, *args: str) -> subprocess.CompletedProcess:
    """The operators' command, run as an operator would, against this test stack."""
    env = {**os.environ, "HOUSING_TEST_SLOT": os.environ.get("HOUSING_TEST_SLOT", "0")}
    return subprocess.run([sys.executable, "-m", "deploy.ops.quarantine", "--profile", "test", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)


def quarantined(stack, service: str, aggregate: str) -> list[dict]:
    listing = ops(stack, "list", "--service", service, "--aggregate", aggregate, "--json")
    assert listing.returncode == 0, listing.stderr
    return json.loads(listing.stdout)


def rooms_of(bureau, round_id: str) -> list[dict]:
    return bureau.ok("GET", f"/api/v1/lottery/rounds/{round_id}/rooms?limit=100")["rooms"]


def open_round(bureau, building: str, rooms: int = 2) -> str:
    pool = [{"building": building, "room_number": f"{101 + i}", "layout": "1室1厅", "orientation": "S",
             "area_sqm": "40.00"} for i in range(rooms)]
    return bureau.ok("POST", "/api/v1/lottery/rounds", {"name": "隔离测试批次", "rooms": pool,
                                                         "preselection_start": clock.now().isoformat()})["round_id"]


def window_opens(bureau, world) -> None:
    session_id = world["sessions"][0]["session_id"]
    eventually(lambda: bureau.ok("GET", f"/api/v1/lottery/sessions/{session_id}/statistics")["status"] == "open",
               timeout=60, what="the later round's first selection window to open")


def metric(stack, process: str, name: str, labels: str) -> float:
    text = requests.get(f"http://127.0.0.1:{stack.specs[process].port}/metrics", timeout=5).text
    found = re.search(rf"^{name}{{{labels}}} ([0-9.e+]+)$", text, re.M)
    return float(found.group(1)) if found else 0.0


def restart(stack, process: str, env: dict | None = None, attempts: int = 3) -> None:
    """Restart a process with these settings; a start that meets a database without free connection
    slots (the machine's PostgreSQL is shared) is tried again."""
    for attempt in range(1, attempts + 1):
        stack.stop(process)
        stack.start(process, env)
        try:
            stack.wait_healthy([process], timeout=60)
            return
        except RuntimeError:
            if attempt == attempts:
                raise


def ready(stack, process: str) -> requests.Response:
    return requests.get(f"http://127.0.0.1:{stack.specs[process].port}/ready", timeout=10)


def test_a_poison_event_is_quarantined_later_rounds_open_their_windows_and_it_is_re_driven_after_a_fix(
        stack, api, bureau):
    poison = f"POISON-{secrets.token_hex(3)}"
    with admin_connection(stack) as conn:  # a catalogue that cannot take this building, until the fix below
        conn.execute(f"ALTER TABLE lottery.room_catalogue ADD CONSTRAINT poison_probe CHECK (building <> '{poison}')")
    try:
        poisoned = open_round(bureau, poison)
        [held] = eventually(lambda: quarantined(stack, "lottery", poisoned), timeout=30, what="quarantine")
        assert (held["consumer"], held["event_type"], held["error_class"]) == ("room_catalogue", "RoundOpened",
                                                                              "CheckViolation")
        assert "poison_probe" in held["error_message"] and held["resolved_at"] is None
        eventually(lambda: metric(stack, PROJECTIONS, "housing_quarantine_open_events",
                                  'consumer="room_catalogue"') >= 1, what="the alert metric")
        assert metric(stack, PROJECTIONS, "housing_events_quarantined_total",
                      'consumer="room_catalogue",error="CheckViolation",source="lottery"') >= 1

        # The platform goes on: a later round opens its windows and its rooms reach the catalogue.
        later = new_round(bureau, families=2, rooms=3, session_size=2, starts_in=3, formal_minutes=0.5)
        window_opens(bureau, later)
        assert len(eventually(lambda: rooms_of(bureau, later["round_id"]), what="later rooms")) == 3
        assert rooms_of(bureau, poisoned) == []  # a poisoned round is absent from the catalogue, not wrong
        assert ready(stack, PROJECTIONS).json()["quarantined_events"]["room_catalogue"] >= 1

        # Before the fix a re-drive fails again and says why; after it, the round is applied.
        again = ops(stack, "redrive", "--service", "lottery", "--consumer", "room_catalogue",
                    "--aggregate", poisoned, "--json")
        assert again.returncode == 1, again.stdout + again.stderr
        assert json.loads(again.stdout)[0]["attempts"] == 2
    finally:
        with admin_connection(stack) as conn:
            conn.execute("ALTER TABLE lottery.room_catalogue DROP CONSTRAINT IF EXISTS poison_probe")
    fixed = ops(stack, "redrive", "--service", "lottery", "--consumer", "room_catalogue", "--aggregate", poisoned)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert [r["building"] for r in rooms_of(bureau, poisoned)] == [poison, poison]
    assert quarantined(stack, "lottery", poisoned) == []
    assert ops(stack, "redrive", "--service", "lottery", "--aggregate", poisoned).returncode == 0  # idempotent


def test_a_nul_stored_by_the_database_admin_is_quarantined_by_every_consumer_it_breaks_and_stops_nothing(
        stack, api, bureau):
    app = LotteryApplication(env=settings.event_store_env("lottery", stack.env()))
    try:
        nul = app.open_round(CommandContext(actor_id="dba", role="bureau_officer"), name="N\x00B",
                             rooms=[{"building": "N\x00B", "room_number": "101"}],
                             preselection_start=clock.now())["round_id"]
    finally:
        app.close()
    [catalogue] = eventually(lambda: quarantined(stack, "lottery", nul), timeout=30, what="catalogue quarantine")
    [allocations] = eventually(lambda: quarantined(stack, "contracts", nul), timeout=30, what="lease quarantine")
    assert catalogue["consumer"] == "room_catalogue" and allocations["consumer"] == "lease_allocations"
    # The consumer's copy of the payload schema refuses the NUL before PostgreSQL would.
    assert "U+0000" in catalogue["error_message"] and "U+0000" in allocations["error_message"]

    later = new_round(bureau, families=2, rooms=2, session_size=2, starts_in=3, formal_minutes=0.5)
    window_opens(bureau, later)
    assert len(eventually(lambda: rooms_of(bureau, later["round_id"]), what="later rooms")) == 2
    listing = ops(stack, "list")
    assert listing.returncode == 0 and nul in listing.stdout and "room_catalogue" in listing.stdout


def test_a_consumer_stuck_behind_an_event_makes_ready_fail_until_it_moves_and_windows_open_meanwhile(
        stack, api, bureau):
    restart(stack, PROJECTIONS, {"HOUSING_READY_STUCK_SECONDS": "3", "HOUSING_READY_WORKER_SECONDS": "3"})
    try:
        eventually(lambda: ready(stack, PROJECTIONS).status_code == 200, timeout=60, what="ready at first")
        caught_up = open_round(bureau, "1栋")
        eventually(lambda: rooms_of(bureau, caught_up), what="the catalogue at work")
        blocker = admin_connection(stack, autocommit=False)
        try:  # the catalogue's position row held by someone else: the consumer cannot move past its event
            blocker.execute("SELECT * FROM lottery.room_catalogue_tracking WHERE application_name='lottery'"
                            " FOR UPDATE").fetchall()
            world = new_round(bureau, families=2, rooms=2, session_size=2, starts_in=3, formal_minutes=0.5)
            answer = eventually(lambda: (r := ready(stack, PROJECTIONS)).status_code == 503 and r.json(),
                                timeout=60, what="not ready")
            [reason] = [r for r in answer["reasons"] if r["code"] == "consumer_stuck"]
            assert (reason["consumer"], reason["source"]) == ("room_catalogue", "lottery")
            assert reason["source_position"] > reason["position"]
            assert "room_catalogue_from_lottery" in {r.get("entrypoint") for r in answer["reasons"] if r["code"] == "worker_wedged"}
            window_opens(bureau, world)  # the window timer does not wait for the stalled catalogue
            assert rooms_of(bureau, world["round_id"]) == []
        finally:
            blocker.rollback()
            blocker.close()
        eventually(lambda: ready(stack, PROJECTIONS).status_code == 200, timeout=60, what="ready again")
        assert len(eventually(lambda: rooms_of(bureau, world["round_id"]), what="rooms after recovery")) == 2
        line = next(line for line in stack.status_lines() if line.startswith(PROJECTIONS))
        assert " alive " in line and " ready " in line
    finally:
        restart(stack, PROJECTIONS)


def test_every_process_with_a_readiness_check_is_ready_and_make_status_says_so(stack):
    for name, spec in stack.specs.items():
        if spec.ready_path is None:
            continue
        eventually(lambda: stack.readiness(name)[0], timeout=60, what=f"{name} ready")
    lines = stack.status_lines()
    assert all(" alive " in line for line in lines)
    assert not [line for line in lines if "NOT READY" in line]
