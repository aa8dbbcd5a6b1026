"""The processes of a service start together and each creates the service's tables: none of them may fail
because another was creating the same table at that moment (the quarantine table is shared by every
consumer of a schema, so every consumer creates it)."""
from __future__ import annotations

import secrets
import threading

from shared import settings
from shared.consumer import TrackedView, construct_view
from tests.integration.support import admin_connection


class FirstView(TrackedView):
    create_statements = ("CREATE TABLE IF NOT EXISTS {schema}.first_rows (id text PRIMARY KEY)",)


class SecondView(TrackedView):
    create_statements = ("CREATE TABLE IF NOT EXISTS {schema}.second_rows (id text PRIMARY KEY)",)


def test_a_consumer_creating_its_tables_while_another_is_creating_them_waits_and_finds_them(stack):
    schema = f"race_{secrets.token_hex(4)}"
    admin = stack.secrets["HOUSING_PG_ADMIN_USER"]
    with admin_connection(stack) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}" AUTHORIZATION "{admin}"')
    env = {**settings.event_store_env("contracts", stack.env()), "POSTGRES_SCHEMA": schema,
           "POSTGRES_USER": admin, "POSTGRES_PASSWORD": stack.secrets["HOUSING_PG_ADMIN_PASSWORD"]}
    first = construct_view(FirstView, {**env, "CREATE_TABLE": "n"}, "first")
    built, failures = [], []

    def second_process() -> None:
        try:
            built.append(construct_view(SecondView, env, "second"))
        except Exception as exc:  # what this test is about: any failure at all
            failures.append(repr(exc))

    other = threading.Thread(target=second_process)
    try:
        with first.datastore.transaction(commit=True) as curs:
            first._create_table(curs)  # the first process is half way through creating the shared tables
            other.start()
            other.join(2)
        other.join(60)
        assert failures == [] and len(built) == 1
        with admin_connection(stack) as conn:
            tables = {row[0] for row in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema=%s", (schema,))}
        assert {"consumer_quarantine", "first_rows", "second_rows"} <= tables
    finally:
        for view in [first, *built]:
            view.datastore.close()
        with admin_connection(stack) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
