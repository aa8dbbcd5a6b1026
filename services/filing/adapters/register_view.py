"""The filing register in filing's schema."""
from __future__ import annotations

import json
from typing import Any, Mapping

from shared.consumer import TrackedView


class PostgresFilingRegisterView(TrackedView):
    create_statements = (
        "CREATE TABLE IF NOT EXISTS {schema}.filing_register (filing_id text PRIMARY KEY,"
        " contract_id text NOT NULL, developer_id text NOT NULL, project_id text NOT NULL, room_id text NOT NULL,"
        " state text NOT NULL, submission int NOT NULL DEFAULT 1, filing_number text UNIQUE, reasons jsonb,"
        " submitted_at timestamptz NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())",
        "CREATE INDEX IF NOT EXISTS filing_register_queue ON {schema}.filing_register (state, submitted_at)",
    )

    def submitted(self, tx: Any, case: Mapping[str, Any]) -> None:
        tx.execute(self.sql(
            "INSERT INTO {schema}.filing_register (filing_id, contract_id, developer_id, project_id, room_id,"
            " state, submitted_at) VALUES (%(filing_id)s, %(contract_id)s, %(developer_id)s, %(project_id)s,"
            " %(room_id)s, 'pending', %(submitted_at)s) ON CONFLICT (filing_id) DO NOTHING"), dict(case))

    def resubmitted(self, tx: Any, filing_id: str, submission: int) -> None:
        tx.execute(self.sql("UPDATE {schema}.filing_register SET state='pending', submission=%s, updated_at=now()"
                            " WHERE filing_id=%s"), (submission, filing_id))

    def decided(self, tx: Any, filing_id: str, state: str, filing_number: str | None, reasons: list[str]) -> None:
        tx.execute(self.sql("UPDATE {schema}.filing_register SET state=%s, filing_number=COALESCE(%s, filing_number),"
                            " reasons=%s, updated_at=now() WHERE filing_id=%s"),
                   (state, filing_number, json.dumps(reasons, ensure_ascii=False), filing_id))

    def reset_statements(self) -> list[Any]:
        return [self.sql("DELETE FROM {schema}.filing_register")]

    def list(self, state: str | None = None, developer_id: str | None = None, limit: int = 200) -> list[dict]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.sql(
                "SELECT filing_id, contract_id, developer_id, project_id, room_id, state, submission, filing_number,"
                " reasons, submitted_at::text AS submitted_at FROM {schema}.filing_register"
                " WHERE (%(state)s::text IS NULL OR state=%(state)s)"
                " AND (%(developer)s::text IS NULL OR developer_id=%(developer)s)"
                " ORDER BY submitted_at LIMIT %(limit)s"), {"state": state, "developer": developer_id, "limit": limit})
            return [dict(row) for row in curs.fetchall()]
