"""The existing-home contract list in contracts' schema."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping

from shared.consumer import TrackedView

DELETABLE = ("drafted", "submitted", "signature_order_open", "all_signed")


class PostgresExistingHomeListView(TrackedView):
    create_statements = (
        "CREATE TABLE IF NOT EXISTS {schema}.existing_home_list (contract_id text PRIMARY KEY,"
        " contract_number text NOT NULL, property_id text NOT NULL, agency_id text NOT NULL, agent_id text NOT NULL,"
        " mode text NOT NULL, address text NOT NULL, state text NOT NULL, delete_at timestamptz NOT NULL,"
        " filing_number text, drafted_at timestamptz NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())",
        "CREATE INDEX IF NOT EXISTS existing_home_list_by_agency ON {schema}.existing_home_list (agency_id, agent_id)",
        "CREATE INDEX IF NOT EXISTS existing_home_list_deadlines ON {schema}.existing_home_list (delete_at)"
        " WHERE state IN ('drafted', 'submitted', 'signature_order_open', 'all_signed')",
    )

    def drafted(self, tx: Any, row: Mapping[str, Any]) -> None:
        tx.execute(self.sql(
            "INSERT INTO {schema}.existing_home_list (contract_id, contract_number, property_id, agency_id, agent_id,"
            " mode, address, state, delete_at, drafted_at) VALUES (%(contract_id)s, %(contract_number)s,"
            " %(property_id)s, %(agency_id)s, %(agent_id)s, %(mode)s, %(address)s, 'drafted', %(delete_at)s,"
            " %(drafted_at)s) ON CONFLICT (contract_id) DO NOTHING"), dict(row))

    def set_state(self, tx: Any, contract_id: str, state: str, filing_number: str | None = None) -> None:
        tx.execute(self.sql("UPDATE {schema}.existing_home_list SET state=%s,"
                            " filing_number=COALESCE(%s, filing_number), updated_at=now() WHERE contract_id=%s"),
                   (state, filing_number, contract_id))

    def changed(self, tx: Any, contract_id: str) -> None:
        tx.execute(self.sql("UPDATE {schema}.existing_home_list SET state='drafted', updated_at=now()"
                            " WHERE contract_id=%s AND state='submitted'"), (contract_id,))

    def reset_statements(self) -> list[Any]:
        return [self.sql("DELETE FROM {schema}.existing_home_list")]

    def list(self, agency_id: str | None, agent_id: str | None, state: str | None) -> list[dict]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.sql(
                "SELECT contract_id, contract_number, property_id, agency_id, agent_id, mode, address, state,"
                " delete_at, filing_number, drafted_at FROM {schema}.existing_home_list"
                " WHERE (%(agency)s::text IS NULL OR agency_id=%(agency)s)"
                " AND (%(agent)s::text IS NULL OR agent_id=%(agent)s)"
                " AND (%(state)s::text IS NULL OR state=%(state)s) ORDER BY drafted_at DESC LIMIT 500"),
                {"agency": agency_id, "agent": agent_id, "state": state})
            return [{**row, "delete_at": row["delete_at"].isoformat(), "drafted_at": row["drafted_at"].isoformat()}
                    for row in curs.fetchall()]

    def due_for_deletion(self, now: datetime) -> list[str]:
        """R001.11's durable deadlines: contracts not signed and filed by their delete_at."""
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.sql(
                "SELECT contract_id FROM {schema}.existing_home_list WHERE state = ANY(%s) AND delete_at <= %s"
                " ORDER BY delete_at LIMIT 500"), (list(DELETABLE), now))
            return [row["contract_id"] for row in curs.fetchall()]
