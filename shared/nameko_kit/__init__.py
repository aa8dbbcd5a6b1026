"""Nameko adapters shared by every service: the edge of the hexagon, never imported by domain code.

psycopg must wait in Python (on eventlet-patched sockets), not in C, or one slow query freezes
every green thread of the process: see ../../docs/architecture.md and test_concurrency.
"""
import os

os.environ.setdefault("PSYCOPG_IMPL", "python")
