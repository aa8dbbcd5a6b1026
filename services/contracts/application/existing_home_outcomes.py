"""Policy: what filing and registry report about an existing-home contract after it was submitted: a window
filing rejected (R001.16), a filing cancelled or a window cancellation refused (R001.17, R001.18), the transfer
accepted by the real-estate register (no online cancellation any more, R001.17). Every command is safe to repeat."""
from __future__ import annotations

from typing import Any, Mapping


class ExistingHomeOutcomes:
    def __init__(self, app: Any) -> None:
        self.app = app

    def filing_rejected(self, tx: Any, e: Mapping[str, Any]) -> None:
        p = e["payload"]
        self.app.record_existing_home_filing_rejected(p["contract_id"], p["reasons"])

    def filing_cancelled(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.app.record_existing_home_filing_cancelled(e["payload"]["contract_id"])

    def cancellation_refused(self, tx: Any, e: Mapping[str, Any]) -> None:
        p = e["payload"]
        self.app.record_existing_home_cancellation_refused(p["contract_id"], p["reasons"])

    def transfer_accepted(self, tx: Any, e: Mapping[str, Any]) -> None:
        p = e["payload"]
        self.app.record_existing_home_transfer_accepted(p["property_id"], p["filing_number"])
