"""Registry's record of each existing-home property after its sale is filed (services.registry.domain.
property_transfers): contracts' filings and cancellations arrive as events (policy), the real-estate register's
transfer reports as verified webhooks. Every command is safe to repeat."""
from __future__ import annotations

from typing import Any, Callable, Mapping

from shared.application import retry_on_contention
from services.registry.domain.property_transfers import PropertyTransfer, transfer_id

ATTEMPTS = 20


class PropertyTransferCommands:
    def filed_contract_on(self, property_id: str) -> str | None:
        """R001.10: the filing number of the filed contract the property is in, if any."""
        transfer = self.find(transfer_id(property_id))
        return transfer.filed_contract if transfer is not None else None

    def note_contract_filed(self, *, property_id: str, contract_id: str, filing_number: str) -> bool:
        return self._change_transfer(property_id, lambda t: t.note_filed(contract_id, filing_number))

    def note_contract_cancelled(self, *, property_id: str, filing_number: str) -> bool:
        return self._change_transfer(property_id, lambda t: t.note_cancelled(filing_number))

    def transfer_reported(self, webhook_id: str, report: Mapping[str, Any]) -> bool:
        """The register's verified report (`accepted` or `registered`); False when recorded before."""
        return self._change_transfer(report["property_id"], lambda t: t.report(
            webhook_id, report["outcome"], report["filing_number"]))

    def _change_transfer(self, property_id: str, change: Callable[[PropertyTransfer], bool]) -> bool:
        def attempt() -> bool:
            transfer = self.find(transfer_id(property_id)) or PropertyTransfer.open(property_id)
            changed = change(transfer)
            if changed:
                self._save([transfer])
            return changed

        return retry_on_contention(attempt, ATTEMPTS, "the property's record changed too often at once; try again")


class ExistingHomeSales:
    """Policy on contracts' existing-home events: which filed contract each property is in."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def filed(self, tx: Any, e: Mapping[str, Any]) -> None:
        p = e["payload"]
        self.app.note_contract_filed(property_id=p["property_id"], contract_id=e["aggregate_id"],
                                     filing_number=p["filing_number"])

    def cancelled(self, tx: Any, e: Mapping[str, Any]) -> None:
        p = e["payload"]
        self.app.note_contract_cancelled(property_id=p["property_id"], filing_number=p["filing_number"])
