"""Database waits in a Nameko process are cooperative: N requests that each wait on PostgreSQL are
in flight at the same time, and the process keeps serving while they wait.

The test holds a lock on contracts' event table, sends N reads of a contract through the gateway,
and watches PostgreSQL: N sessions of the contracts service must be waiting on that lock together.
With psycopg waiting in C under eventlet, one wait would freeze the process and only one would show.
"""
from concurrent.futures import ThreadPoolExecutor

import requests

from tests.integration.support import admin_connection, eventually

N = 8


def waiting_sessions(stack):
    with admin_connection(stack) as conn:
        return conn.execute("SELECT count(*) FROM pg_stat_activity WHERE usename='svc_contracts'"
                            " AND wait_event_type='Lock'").fetchone()[0]


def test_concurrent_requests_overlap_while_waiting_on_postgresql(stack, estate):
    room_id = estate.rooms[0]["room_id"]
    contract = eventually(lambda: (lambda r: r.json() if r.status_code == 200 else None)(
        estate.clerk.call("POST", "/api/v1/contracts", {"room_id": room_id, "buyer_name": "张三"})),
        what="a contract to read")
    path = f"/api/v1/contracts/{contract['contract_id']}"
    contracts_metrics = f"http://127.0.0.1:{stack.specs['contracts'].port}/metrics"

    with admin_connection(stack, autocommit=False) as locker, ThreadPoolExecutor(N) as pool:
        locker.execute("LOCK TABLE contracts.contracts_events IN ACCESS EXCLUSIVE MODE")
        futures = [pool.submit(estate.clerk.call, "GET", path) for _ in range(N)]
        assert eventually(lambda: waiting_sessions(stack) >= N, timeout=15,
                          what=f"{N} contracts sessions waiting together")
        assert requests.get(contracts_metrics, timeout=2).status_code == 200, "the process still serves"
        assert not any(f.done() for f in futures)
        locker.rollback()
        responses = [f.result(timeout=30) for f in futures]
    assert [r.status_code for r in responses] == [200] * N
    assert {r.json()["contract_id"] for r in responses} == {contract["contract_id"]}
