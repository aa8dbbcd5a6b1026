"""The officers' list of cases (R002.6), in notary's schema, kept from notary's own events."""
from __future__ import annotations

from typing import Any, Mapping

from shared.consumer import TrackedView


class PostgresCaseListView(TrackedView):
    create_statements = (
        "CREATE TABLE IF NOT EXISTS {schema}.notary_cases (case_id text PRIMARY KEY, office_id text NOT NULL,"
        " contract_id text NOT NULL, state text NOT NULL, opened_at timestamptz NOT NULL,"
        " updated_at timestamptz NOT NULL)",
        "CREATE INDEX IF NOT EXISTS notary_cases_by_office ON {schema}.notary_cases (office_id, state)",
    )

    def opened(self, tx: Any, row: Mapping[str, Any]) -> None:
        tx.execute(self.sql("INSERT INTO {schema}.notary_cases (case_id, office_id, contract_id, state, opened_at,"
                            " updated_at) VALUES (%(case_id)s, %(office_id)s, %(contract_id)s, 'case_opened',"
                            " %(at)s, %(at)s) ON CONFLICT (case_id) DO NOTHING"), dict(row))

    def set_state(self, tx: Any, case: str, state: str, at: str) -> None:
        tx.execute(self.sql("UPDATE {schema}.notary_cases SET state=%s, updated_at=%s WHERE case_id=%s"),
                   (state, at, case))

    def reset_statements(self) -> list[Any]:
        return [self.sql("DELETE FROM {schema}.notary_cases")]

    def list(self, office_id: str | None, state: str | None) -> list[dict[str, Any]]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.sql(
                "SELECT case_id, contract_id, office_id, state, opened_at::text AS opened_at,"
                " updated_at::text AS updated_at FROM {schema}.notary_cases"
                " WHERE (%(office)s::text IS NULL OR office_id=%(office)s)"
                " AND (%(state)s::text IS NULL OR state=%(state)s) ORDER BY updated_at LIMIT 500"),
                {"office": office_id, "state": state})
            return [dict(row) for row in curs.fetchall()]
