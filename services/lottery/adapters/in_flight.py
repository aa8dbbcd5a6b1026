"""At most one request in flight per family, across every lottery process (an UNLOGGED table:
fast, and empty again after a crash, which is what a guard against double clicks should be)."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from shared.consumer import SchemaTables
from services.lottery.application.session_desk import in_flight_refusal


class InFlightGuard(SchemaTables):
    create_statements = (
        "CREATE UNLOGGED TABLE IF NOT EXISTS {schema}.in_flight (family_id text PRIMARY KEY,"
        " since timestamptz NOT NULL DEFAULT now())",
    )
    STALE_SECONDS = 30

    @contextmanager
    def hold(self, family_id: str) -> Iterator[None]:
        """One autocommitted statement to take the slot and one to give it back."""
        if family_id not in self.claim([family_id]):
            raise in_flight_refusal()
        try:
            yield
        finally:
            self.release([family_id])

    def claim(self, family_ids: list[str]) -> set[str]:
        """Take the slots of many families in one statement; returns those taken."""
        with self.datastore.get_connection() as conn:
            rows = conn.execute(self.sql(
                "INSERT INTO {schema}.in_flight (family_id) SELECT unnest(%s::text[])"
                " ON CONFLICT (family_id) DO UPDATE SET since=now()"
                " WHERE {schema}.in_flight.since < now() - make_interval(secs => %s) RETURNING family_id"),
                (family_ids, self.STALE_SECONDS)).fetchall()
        return {row["family_id"] for row in rows}

    def release(self, family_ids: list[str]) -> None:
        with self.datastore.get_connection() as conn:
            conn.execute(self.sql("DELETE FROM {schema}.in_flight WHERE family_id = ANY(%s::text[])"),
                         (list(family_ids),))
