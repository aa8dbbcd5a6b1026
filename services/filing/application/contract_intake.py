"""Policy: contracts confirmed (or corrected and resubmitted) become filing cases for review; a notarized
contract's certificate is noted first and goes with it (R002.8); an existing-home contract submitted for filing
becomes its filing (guide 001)."""
from __future__ import annotations

from typing import Any, Mapping


class ContractIntake:
    """The commands are idempotent, so a redelivery after a crash changes nothing."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def confirmed(self, tx: Any, e: Mapping[str, Any]) -> None:
        p = e["payload"]
        self.app.submit(contract_id=e["aggregate_id"], developer_id=p["developer_id"], project_id=p["project_id"],
                        room_id=p["room_id"], text_hash=p["text_hash"])

    def certificate_bound(self, tx: Any, e: Mapping[str, Any]) -> None:
        p = e["payload"]
        self.app.note_certificate(contract_id=e["aggregate_id"], certificate={
            "certificate_number": p["certificate_number"], "content_hash": p["content_hash"],
            "bundle_sha256": p["bundle_sha256"]})

    def resubmitted(self, tx: Any, e: Mapping[str, Any]) -> None:
        p = e["payload"]
        self.app.resubmit(contract_id=e["aggregate_id"], text_hash=p["text_hash"], submission=p["submission"])

    def existing_home_filing_requested(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.app.request_existing_home_filing(e["aggregate_id"], {**e["payload"],
                                                                  "request_version": e["aggregate_version"]})
