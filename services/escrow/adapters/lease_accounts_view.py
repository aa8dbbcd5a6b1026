"""The leases escrow has heard of (from contracts' events), in escrow's schema: who may set up the
mandate of which lease, and whether the lease is still open."""
from __future__ import annotations

from typing import Any, Mapping

from shared.consumer import TrackedView


class PostgresLeaseAccountsView(TrackedView):
    create_statements = (
        "CREATE TABLE IF NOT EXISTS {schema}.lease_accounts (lease_id text PRIMARY KEY, family_id text NOT NULL,"
        " round_id text NOT NULL, deposit text NOT NULL, state text NOT NULL,"
        " updated_at timestamptz NOT NULL DEFAULT now())",
    )

    def opened(self, tx: Any, row: Mapping[str, Any]) -> None:
        tx.execute(self.sql(
            "INSERT INTO {schema}.lease_accounts (lease_id, family_id, round_id, deposit, state)"
            " VALUES (%(lease_id)s, %(family_id)s, %(round_id)s, %(deposit)s, 'open')"
            " ON CONFLICT (lease_id) DO NOTHING"), dict(row))

    def set_state(self, tx: Any, lease_id: str, state: str) -> None:
        tx.execute(self.sql("UPDATE {schema}.lease_accounts SET state=%s, updated_at=now() WHERE lease_id=%s"),
                   (state, lease_id))

    def lease(self, lease_id: str) -> dict[str, Any] | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.sql("SELECT lease_id, family_id, round_id, deposit, state"
                                  " FROM {schema}.lease_accounts WHERE lease_id=%s"), (lease_id,))
            row = curs.fetchone()
            return dict(row) if row else None

    def reset_statements(self) -> list[Any]:
        return [self.sql("DELETE FROM {schema}.lease_accounts")]
