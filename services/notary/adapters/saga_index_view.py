"""Which saga a contract is in, and the sagas' deadlines, in notary's schema."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping

from shared.consumer import TrackedView


class PostgresSagaIndexView(TrackedView):
    create_statements = (
        "CREATE TABLE IF NOT EXISTS {schema}.notarized_sagas (saga_id text PRIMARY KEY, contract_id text NOT NULL,"
        " attempt integer NOT NULL, case_id text NOT NULL UNIQUE, complete_by timestamptz NOT NULL,"
        " open boolean NOT NULL DEFAULT true)",
        "CREATE INDEX IF NOT EXISTS notarized_sagas_by_contract ON {schema}.notarized_sagas (contract_id, attempt)",
        "CREATE INDEX IF NOT EXISTS notarized_sagas_deadlines ON {schema}.notarized_sagas (complete_by) WHERE open",
    )

    def started(self, tx: Any, row: Mapping[str, Any]) -> None:
        tx.execute(self.sql(
            "INSERT INTO {schema}.notarized_sagas (saga_id, contract_id, attempt, case_id, complete_by)"
            " VALUES (%(saga_id)s, %(contract_id)s, %(attempt)s, %(case_id)s, %(complete_by)s)"
            " ON CONFLICT (saga_id) DO NOTHING"), dict(row))

    def of_contract(self, tx: Any, contract_id: str) -> dict[str, Any] | None:
        tx.execute(self.sql("SELECT saga_id FROM {schema}.notarized_sagas WHERE contract_id=%s"
                            " ORDER BY attempt DESC LIMIT 1"), (contract_id,))
        row = tx.fetchone()
        return dict(row) if row else None

    def closed(self, tx: Any, saga: str) -> None:
        tx.execute(self.sql("UPDATE {schema}.notarized_sagas SET open=false WHERE saga_id=%s"), (saga,))

    def reset_statements(self) -> list[Any]:
        return [self.sql("DELETE FROM {schema}.notarized_sagas")]

    def due(self, now: datetime) -> list[str]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.sql("SELECT saga_id FROM {schema}.notarized_sagas WHERE open AND complete_by < %s"
                                  " ORDER BY complete_by LIMIT 100"), (now,))
            return [row["saga_id"] for row in curs.fetchall()]

    def close_now(self, saga: str) -> None:
        with self.datastore.transaction(commit=True) as curs:
            self.closed(curs, saga)
