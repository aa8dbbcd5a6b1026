"""Policy: contracts confirmed (or corrected and resubmitted) become filing cases for review."""
from __future__ import annotations

from typing import Any, Mapping

from services.filing.application.app import FilingApplication


class ContractIntake:
    name = "contract_intake"
    sources = ("contracts",)

    def __init__(self, app: FilingApplication) -> None:
        self.app = app

    def apply(self, tx: Any, envelope: Mapping[str, Any]) -> None:
        """The commands are idempotent, so a redelivery after a crash changes nothing."""
        p = envelope["payload"]
        if envelope["type"] == "Confirmed":
            self.app.submit(contract_id=envelope["aggregate_id"], developer_id=p["developer_id"],
                            project_id=p["project_id"], room_id=p["room_id"], text_hash=p["text_hash"])
        elif envelope["type"] == "ResubmittedForFiling":
            self.app.resubmit(contract_id=envelope["aggregate_id"], text_hash=p["text_hash"],
                              submission=p["submission"])
