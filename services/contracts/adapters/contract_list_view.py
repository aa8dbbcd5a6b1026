"""The contract list in contracts' schema."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping

from shared.consumer import TrackedView

_SETTABLE = ("confirm_by", "cancel_reason", "filing_number")


class PostgresContractListView(TrackedView):
    create_statements = (
        "CREATE TABLE IF NOT EXISTS {schema}.contract_list (contract_id text PRIMARY KEY, room_id text NOT NULL,"
        " project_id text NOT NULL, developer_id text NOT NULL, buyer_name text NOT NULL, room_number text,"
        " state text NOT NULL, confirm_by timestamptz, cancel_reason text, filing_number text,"
        " drafted_at timestamptz NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())",
        "ALTER TABLE {schema}.contract_list ADD COLUMN IF NOT EXISTS contract_number text",
        "ALTER TABLE {schema}.contract_list ADD COLUMN IF NOT EXISTS buyer_phone_masked text NOT NULL DEFAULT ''",
        "CREATE INDEX IF NOT EXISTS contract_list_by_developer ON {schema}.contract_list (developer_id, project_id)",
        "CREATE INDEX IF NOT EXISTS contract_list_deadlines ON {schema}.contract_list (confirm_by)"
        " WHERE state = 'formal_printed'",
    )

    def drafted(self, tx: Any, row: Mapping[str, Any]) -> None:
        tx.execute(self.sql(
            "INSERT INTO {schema}.contract_list (contract_id, room_id, project_id, developer_id, buyer_name,"
            " buyer_phone_masked, room_number, state, drafted_at) VALUES (%(contract_id)s, %(room_id)s,"
            " %(project_id)s, %(developer_id)s, %(buyer_name)s, %(buyer_phone_masked)s, %(room_number)s, 'drafted',"
            " %(drafted_at)s)"
            " ON CONFLICT (contract_id) DO NOTHING"), dict(row))

    def set_state(self, tx: Any, contract_id: str, state: str, **fields: Any) -> None:
        assignments = "".join(f", {name}=%({name})s" for name in fields if name in _SETTABLE)
        tx.execute(self.sql(f"UPDATE {{schema}}.contract_list SET state=%(state)s{assignments}, updated_at=now()"
                            " WHERE contract_id=%(contract_id)s"),
                   {"state": state, "contract_id": contract_id, **fields})

    def numbered(self, tx: Any, contract_id: str, contract_number: str) -> None:
        tx.execute(self.sql("UPDATE {schema}.contract_list SET contract_number=%s WHERE contract_id=%s"),
                   (contract_number, contract_id))

    def buyer_changed(self, tx: Any, contract_id: str, buyer_name: str, buyer_phone_masked: str) -> None:
        tx.execute(self.sql("UPDATE {schema}.contract_list SET buyer_name=%s, buyer_phone_masked=%s,"
                            " state=CASE WHEN state='preview_printed' THEN 'modified' ELSE state END,"
                            " updated_at=now() WHERE contract_id=%s"),
                   (buyer_name, buyer_phone_masked, contract_id))

    def reset_statements(self) -> list[Any]:
        return [self.sql("DELETE FROM {schema}.contract_list")]

    def list(self, developer_id: str | None, project_id: str | None, states: list[str] | None) -> list[dict]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.sql(
                "SELECT contract_id, contract_number, room_id, project_id, developer_id, buyer_name, buyer_phone_masked,"
                " room_number, state,"
                " confirm_by::text AS confirm_by, cancel_reason, filing_number, drafted_at::text AS drafted_at"
                " FROM {schema}.contract_list WHERE (%(developer)s::text IS NULL OR developer_id=%(developer)s)"
                " AND (%(project)s::text IS NULL OR project_id=%(project)s)"
                " AND (%(states)s::text[] IS NULL OR state = ANY(%(states)s)) ORDER BY drafted_at DESC LIMIT 500"),
                {"developer": developer_id, "project": project_id, "states": states})
            return [dict(row) for row in curs.fetchall()]

    def due_for_expiry(self, now: datetime) -> list[str]:
        """R000.11's durable deadlines: formal prints not confirmed by their time."""
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.sql("SELECT contract_id FROM {schema}.contract_list WHERE state='formal_printed'"
                                  " AND confirm_by < %s ORDER BY confirm_by LIMIT 500"), (now,))
            return [row["contract_id"] for row in curs.fetchall()]
