"""The filed existing-home contracts escrow has heard of (from contracts' events), in escrow's schema: whose
agency each is, its filing number (the registry's TransferRegistered names the filing, not the contract),
and whether the parties chose escrow."""
from __future__ import annotations

from typing import Any, Mapping

from shared.consumer import TrackedView


class PostgresPurchaseFundContractsView(TrackedView):
    create_statements = (
        "CREATE TABLE IF NOT EXISTS {schema}.purchase_fund_contracts (contract_id text PRIMARY KEY,"
        " property_id text NOT NULL, agency_id text NOT NULL, filing_number text NOT NULL,"
        " escrow_chosen boolean NOT NULL, state text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())",
        "CREATE INDEX IF NOT EXISTS purchase_fund_contracts_filing ON {schema}.purchase_fund_contracts"
        " (filing_number)",
    )

    def filed(self, tx: Any, row: Mapping[str, Any]) -> None:
        tx.execute(self.sql(
            "INSERT INTO {schema}.purchase_fund_contracts (contract_id, property_id, agency_id, filing_number,"
            " escrow_chosen, state) VALUES (%(contract_id)s, %(property_id)s, %(agency_id)s, %(filing_number)s,"
            " %(escrow_chosen)s, 'filed') ON CONFLICT (contract_id) DO NOTHING"), dict(row))

    def set_state(self, tx: Any, contract_id: str, state: str) -> None:
        tx.execute(self.sql("UPDATE {schema}.purchase_fund_contracts SET state=%s, updated_at=now()"
                            " WHERE contract_id=%s"), (state, contract_id))

    def filed_under(self, tx: Any, filing_number: str, property_id: str) -> str | None:
        """The contract filed under this number for this property, if escrow heard of it."""
        tx.execute(self.sql("SELECT contract_id FROM {schema}.purchase_fund_contracts"
                            " WHERE filing_number=%s AND property_id=%s"), (filing_number, property_id))
        row = tx.fetchone()
        return row["contract_id"] if row else None

    def contract(self, contract_id: str) -> dict[str, Any] | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.sql("SELECT contract_id, property_id, agency_id, filing_number, escrow_chosen, state"
                                  " FROM {schema}.purchase_fund_contracts WHERE contract_id=%s"), (contract_id,))
            row = curs.fetchone()
            return dict(row) if row else None

    def reset_statements(self) -> list[Any]:
        return [self.sql("DELETE FROM {schema}.purchase_fund_contracts")]
