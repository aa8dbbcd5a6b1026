"""Sign-in state in registry's schema: failed attempts per key (the throttle's ledger) and used captchas.

Plain tables rather than events: they change on every failed sign-in, concurrent attempts must be
serialised per key with row locks, and their rows are forgotten after a quiet day.
"""
from __future__ import annotations

from dataclasses import asdict, fields
from datetime import datetime, timedelta
from typing import Any, Mapping

from shared.consumer import SchemaTables
from services.registry.application.app import RegistryApplication
from services.registry.application.sign_in import Decide, T
from services.registry.domain.sign_in_throttle import Attempts

COLUMNS = tuple(f.name for f in fields(Attempts))
CAPTCHA_GRACE = timedelta(minutes=10)  # kept past their expiry, in case the gateway's clock runs behind


class PostgresAttemptLedger(SchemaTables):
    create_statements = (
        "CREATE TABLE IF NOT EXISTS {schema}.sign_in_attempts (key text PRIMARY KEY,"
        " window_started timestamptz, failures integer NOT NULL DEFAULT 0, pending integer NOT NULL DEFAULT 0,"
        " strikes integer NOT NULL DEFAULT 0, blocked_until timestamptz, last_failure timestamptz,"
        " locked_at timestamptz, updated_at timestamptz)",
    )

    def change(self, keys: list[str], decide: Decide) -> T:
        """Rows locked in key order (no deadlock between two attempts on the same keys); a key left idle
        loses its row."""
        ordered = sorted(set(keys))
        with self.datastore.transaction(commit=True) as curs:
            for key in ordered:
                curs.execute(self.sql("INSERT INTO {schema}.sign_in_attempts (key) VALUES (%s)"
                                      " ON CONFLICT (key) DO NOTHING"), (key,))
            curs.execute(self.sql(f"SELECT key, {', '.join(COLUMNS)} FROM {{schema}}.sign_in_attempts"
                                  " WHERE key = ANY(%s) ORDER BY key FOR UPDATE"), (ordered,))
            before = {row["key"]: Attempts(**{name: row[name] for name in COLUMNS}) for row in curs.fetchall()}
            result, after = decide(before)
            for key in ordered:
                self._write(curs, key, after.get(key, before[key]))
        return result

    def forget(self, quiet_since: datetime) -> int:
        """Delete what has not changed since `quiet_since`, except locks (only an officer lifts those)."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(self.sql("DELETE FROM {schema}.sign_in_attempts WHERE locked_at IS NULL"
                                  " AND (updated_at IS NULL OR updated_at < %s)"), (quiet_since,))
            return curs.rowcount

    def _write(self, curs: Any, key: str, attempts: Attempts) -> None:
        if attempts.idle:
            curs.execute(self.sql("DELETE FROM {schema}.sign_in_attempts WHERE key=%s"), (key,))
            return
        values: Mapping[str, Any] = asdict(attempts)
        assignments = ", ".join(f"{name}=%({name})s" for name in COLUMNS)
        curs.execute(self.sql(f"UPDATE {{schema}}.sign_in_attempts SET {assignments},"
                              " updated_at=COALESCE(%(last_failure)s, %(window_started)s) WHERE key=%(key)s"),
                     {**values, "key": key})


class UsedCaptchas(SchemaTables):
    """Each captcha is answered once: the first claim of its id wins, every later one is refused."""

    create_statements = (
        "CREATE TABLE IF NOT EXISTS {schema}.used_captchas (captcha_key text PRIMARY KEY,"
        " expires_at timestamptz NOT NULL)",
        "CREATE INDEX IF NOT EXISTS used_captchas_expiry ON {schema}.used_captchas (expires_at)",
    )

    def claim(self, captcha_key: str, expires_at: datetime) -> bool:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(self.sql("INSERT INTO {schema}.used_captchas (captcha_key, expires_at) VALUES (%s, %s)"
                                  " ON CONFLICT (captcha_key) DO NOTHING"), (captcha_key, expires_at))
            return curs.rowcount == 1

    def forget_expired(self) -> int:
        """Expired captchas are refused anyway: their ids need not be kept."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(self.sql("DELETE FROM {schema}.used_captchas WHERE expires_at < now() - %s"),
                         (CAPTCHA_GRACE,))
            return curs.rowcount


def with_sign_in_tables(app: RegistryApplication) -> RegistryApplication:
    """The application with its sign-in tables, on the application's own connection pool."""
    app.ledger = PostgresAttemptLedger(datastore=app.factory.datastore)
    app.captchas = UsedCaptchas(datastore=app.factory.datastore)
    for tables in (app.ledger, app.captchas):
        tables.create_table()
    return app
