"""Nameko adapters shared by every service: the edge of the hexagon, never imported by domain code.

psycopg's compiled implementation (psycopg-binary) does the libpq calls, parsing and adaptation, but
its compiled wait (`wait_c`) would block in C and freeze every green thread of the process for the
length of one query. Every Nameko process imports this package before it serves anything, so here
psycopg is told to wait with `select`, which eventlet has made green: see ../../docs/architecture.md
and tests/integration/test_concurrency.py.

A service also survives an RPC reply that the broker cannot take (`replies`).
"""
from psycopg import waiting

from shared.nameko_kit import replies

waiting.wait = waiting.wait_select
replies.install()
