"""Measurements shared by the benchmarks."""
from __future__ import annotations

import time

import psycopg


def raw_commits_per_second(conn: psycopg.Connection, seconds: float = 3.0) -> float:
    """Single-row INSERTs, each committed on its own (autocommit), from one client: the baseline
    the event-store figures are compared with."""
    conn.execute("DROP TABLE IF EXISTS public.bench_raw")
    conn.execute("CREATE TABLE public.bench_raw (id bigserial PRIMARY KEY, payload text)")
    try:
        count, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds:
            conn.execute("INSERT INTO public.bench_raw (payload) VALUES ('x')")
            count += 1
        return count / (time.perf_counter() - started)
    finally:
        conn.execute("DROP TABLE public.bench_raw")
