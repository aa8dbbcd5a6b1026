"""Every service's stored records as the admin role sees them: each store's tables, rows and sealing cipher."""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any, Iterator

import psycopg
from eventsourcing.utils import Environment
from psycopg import sql

from deploy.local.processes import BENCH, DEV, TEST
from deploy.local.resets import admin_connection
from deploy.local.stack import Stack
from services import directory
from shared import settings
from shared.sealing import SealingCipher

PROFILES = {"dev": DEV, "test": TEST, "bench": BENCH}
SUFFIXES = ("_events", "_snapshots")


@dataclass(frozen=True)
class StoreTable:
    """A table of stored records: `{store}_events` (an application's log) or `{store}_snapshots`, in the
    service's schema. The store (the application's name) is part of each record's sealed identity."""

    schema: str
    table: str

    @property
    def store(self) -> str:
        for suffix in SUFFIXES:
            if self.table.endswith(suffix):
                return self.table[:-len(suffix)]
        return self.table

    @property
    def is_log(self) -> bool:
        """An aggregate's events in a log run 1, 2, 3...; snapshots are taken at chosen versions."""
        return not self.table.endswith("_snapshots")

    @property
    def identifier(self) -> sql.Composable:
        return sql.Identifier(self.schema, self.table)


def profile_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", choices=sorted(PROFILES), default="dev",
                        help="which stack's database (test honours HOUSING_TEST_SLOT)")


def connect(profile_name: str) -> tuple[psycopg.Connection, dict[str, str]]:
    """A connection as the admin role to the profile's database (not autocommit), and the secrets."""
    stack = Stack(PROFILES[profile_name])
    conn = admin_connection(stack.secrets, stack.database)
    conn.autocommit = False
    return conn, stack.secrets


def store_tables(conn: psycopg.Connection) -> list[StoreTable]:
    """Every table in the services' schemas with the columns of stored records."""
    rows = conn.execute(
        "SELECT table_schema, table_name FROM information_schema.columns "
        "WHERE table_schema = ANY(%s) AND column_name IN ('originator_id', 'originator_version', 'topic', 'state') "
        "GROUP BY table_schema, table_name HAVING count(*) = 4 ORDER BY table_schema, table_name",
        (list(directory.SCHEMAS),)).fetchall()
    return [StoreTable(schema, table) for schema, table in rows]


def cipher_for(table: StoreTable, secrets: dict[str, str]) -> SealingCipher:
    """The cipher the service seals this store's records with (legacy records not accepted)."""
    key = settings.cipher_key(table.schema, secrets)
    if not key:
        raise SystemExit("no cipher key (HOUSING_CIPHER_KEY) in var/secrets.env: stored records are not sealed")
    return SealingCipher(Environment(table.store, {"CIPHER_KEY": key}))


def records(conn: psycopg.Connection, table: StoreTable, where: sql.Composable = sql.SQL("TRUE"),
            params: tuple[Any, ...] = ()) -> Iterator[tuple[Any, int, str, bytes]]:
    """(originator id, version, topic, state) of the table's records in aggregate and version order, streamed."""
    statement = sql.SQL("SELECT originator_id, originator_version, topic, state FROM {} WHERE {} "
                        "ORDER BY originator_id, originator_version").format(table.identifier, where)
    with conn.cursor(name=f"records_{table.schema}_{table.table}") as cursor:
        cursor.itersize = 2000
        cursor.execute(statement, params)
        yield from cursor
