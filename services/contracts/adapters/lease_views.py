"""Contracts' lease read models, in contracts' schema: what the lottery allocated (rounds, rooms,
sessions, to open leases from) and the lease list (the bureau's review queue and the signing deadlines)."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping

from psycopg.types.json import Jsonb

from shared.consumer import TrackedView


class PostgresAllocationsView(TrackedView):
    create_statements = (
        "CREATE TABLE IF NOT EXISTS {schema}.lease_rounds (round_id text PRIMARY KEY, name text NOT NULL,"
        " terms jsonb NOT NULL)",
        "CREATE TABLE IF NOT EXISTS {schema}.lease_round_rooms (round_id text NOT NULL, room_id text NOT NULL,"
        " room jsonb NOT NULL, PRIMARY KEY (round_id, room_id))",
        "CREATE TABLE IF NOT EXISTS {schema}.lease_sessions (session_id text PRIMARY KEY, round_id text NOT NULL)",
    )

    def round_opened(self, tx: Any, round_id: str, name: str, terms: Mapping[str, Any],
                     rooms: Mapping[str, Mapping[str, Any]]) -> None:
        tx.execute(self.sql("INSERT INTO {schema}.lease_rounds VALUES (%s, %s, %s) ON CONFLICT DO NOTHING"),
                   (round_id, name, Jsonb(dict(terms))))
        tx.executemany(self.sql("INSERT INTO {schema}.lease_round_rooms VALUES (%s, %s, %s) ON CONFLICT DO NOTHING"),
                       [(round_id, room_id, Jsonb(dict(room))) for room_id, room in rooms.items()])

    def session_planned(self, tx: Any, session_id: str, round_id: str) -> None:
        tx.execute(self.sql("INSERT INTO {schema}.lease_sessions VALUES (%s, %s) ON CONFLICT DO NOTHING"),
                   (session_id, round_id))

    def allocation(self, tx: Any, session_id: str, room_id: str) -> dict[str, Any] | None:
        """The round (name, terms) and room of an allocation made in a session."""
        tx.execute(self.sql(
            "SELECT r.round_id, r.name, r.terms, rr.room FROM {schema}.lease_sessions s"
            " JOIN {schema}.lease_rounds r ON r.round_id = s.round_id"
            " JOIN {schema}.lease_round_rooms rr ON rr.round_id = s.round_id AND rr.room_id = %s"
            " WHERE s.session_id = %s"), (room_id, session_id))
        row = tx.fetchone()
        return dict(row) if row else None

    def reset_statements(self) -> list[Any]:
        return [self.sql("DELETE FROM {schema}.lease_rounds"), self.sql("DELETE FROM {schema}.lease_round_rooms"),
                self.sql("DELETE FROM {schema}.lease_sessions")]


class PostgresLeaseListView(TrackedView):
    create_statements = (
        "CREATE TABLE IF NOT EXISTS {schema}.lease_list (lease_id text PRIMARY KEY, round_id text NOT NULL,"
        " family_id text NOT NULL, room_label text NOT NULL, monthly_rent text NOT NULL, state text NOT NULL,"
        " sign_by timestamptz NOT NULL, submitted_at timestamptz, updated_at timestamptz NOT NULL DEFAULT now())",
        "CREATE INDEX IF NOT EXISTS lease_list_by_state ON {schema}.lease_list (state, submitted_at)",
        "CREATE INDEX IF NOT EXISTS lease_list_deadlines ON {schema}.lease_list (sign_by)"
        " WHERE state IN ('opened', 'signed')",
    )

    def opened(self, tx: Any, row: Mapping[str, Any]) -> None:
        tx.execute(self.sql(
            "INSERT INTO {schema}.lease_list (lease_id, round_id, family_id, room_label, monthly_rent, state,"
            " sign_by) VALUES (%(lease_id)s, %(round_id)s, %(family_id)s, %(room_label)s, %(monthly_rent)s,"
            " 'opened', %(sign_by)s) ON CONFLICT (lease_id) DO NOTHING"), dict(row))

    def set_state(self, tx: Any, lease_id: str, state: str, submitted_at: str | None = None) -> None:
        tx.execute(self.sql("UPDATE {schema}.lease_list SET state=%s, submitted_at=COALESCE(%s, submitted_at),"
                            " updated_at=now() WHERE lease_id=%s"), (state, submitted_at, lease_id))

    def list(self, state: str | None, round_id: str | None) -> list[dict[str, Any]]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.sql(
                "SELECT lease_id, round_id, family_id, room_label, monthly_rent, state, sign_by::text AS sign_by,"
                " submitted_at::text AS submitted_at FROM {schema}.lease_list"
                " WHERE (%(state)s::text IS NULL OR state=%(state)s)"
                " AND (%(round)s::text IS NULL OR round_id=%(round)s)"
                " ORDER BY submitted_at NULLS LAST, lease_id LIMIT 500"), {"state": state, "round": round_id})
            return [dict(row) for row in curs.fetchall()]

    def due_for_lapse(self, now: datetime) -> list[str]:
        """The saga's durable deadlines: leases not signed and paid by their time."""
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.sql("SELECT lease_id FROM {schema}.lease_list WHERE state IN ('opened', 'signed')"
                                  " AND sign_by <= %s ORDER BY sign_by LIMIT 500"), (now,))
            return [row["lease_id"] for row in curs.fetchall()]

    def reset_statements(self) -> list[Any]:
        return [self.sql("DELETE FROM {schema}.lease_list")]
