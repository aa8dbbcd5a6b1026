"""Verify every stored event and snapshot of every service: each record opens under its own identity, and
each aggregate's events run 1, 2, 3... without a hole. Prints one line per problem (service, table,
aggregate id, version, problem) and exits 1 if there is any, 0 if the store is clean.

Run: .venv/bin/python -m deploy.ops.verify_events [--profile dev|test|bench]
"""
from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import dataclass
from typing import Any, Iterator

import psycopg
from psycopg import sql

from deploy.ops.stored_records import StoreTable, cipher_for, connect, profile_argument, records, store_tables
from shared.integrity import NOT_SEALED, SEAL_BROKEN, VERSION_GAP, missing_ranges
from shared.sealing import Unsealable, identity

HINTS = {
    SEAL_BROKEN: "does not open under its identity (altered, or copied from another record)",
    NOT_SEALED: "not sealed to its identity (written before sealing? run deploy.ops.rewrap_events)",
}


@dataclass(frozen=True)
class Problem:
    table: StoreTable
    aggregate_id: Any
    version: int
    problem: str
    detail: str

    def line(self) -> str:
        return "\t".join((self.table.schema, self.table.table, str(self.aggregate_id), str(self.version),
                          self.problem, self.detail))


def verify_table(conn: psycopg.Connection, table: StoreTable, secrets: dict[str, str]) -> Iterator[Problem]:
    cipher = cipher_for(table, secrets)
    for aggregate_id, rows in itertools.groupby(records(conn, table), key=lambda row: row[0]):
        versions = []
        for originator_id, version, topic, state in rows:
            versions.append(version)
            try:
                cipher.open(state, identity(table.store, originator_id, version, topic))
            except Unsealable as exc:
                yield Problem(table, aggregate_id, version, exc.problem, HINTS.get(exc.problem, ""))
        if table.is_log:
            for first, last in missing_ranges(versions):
                missing = f"version {first}" if first == last else f"versions {first}-{last}"
                yield Problem(table, aggregate_id, first, VERSION_GAP, f"{missing} missing")


def count(conn: psycopg.Connection, table: StoreTable) -> int:
    return conn.execute(sql.SQL("SELECT count(*) FROM {}").format(table.identifier)).fetchone()[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    profile_argument(parser)
    args = parser.parse_args(argv)
    conn, secrets = connect(args.profile)
    checked = problems = 0
    with conn:
        conn.read_only = True
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ  # one consistent view of every table
        tables = store_tables(conn)
        for table in tables:
            for problem in verify_table(conn, table, secrets):
                problems += 1
                print(problem.line(), flush=True)
            checked += count(conn, table)
        conn.rollback()
    services = len({t.schema for t in tables})
    print(f"verified {checked} records in {len(tables)} tables of {services} services: "
          f"{problems} problem{'s' if problems != 1 else ''}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
