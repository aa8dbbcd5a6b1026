"""Policy: a lease that was rejected or lapsed releases the family's room (the lease saga's compensation)."""
from __future__ import annotations

from typing import Any, Mapping

from shared.context import SYSTEM


class LeaseOutcomes:
    name = "lease_outcomes"
    sources = ("contracts",)

    def __init__(self, app: Any) -> None:
        self.app = app

    def apply(self, tx: Any, envelope: Mapping[str, Any]) -> None:
        if envelope["type"] == "LeaseCancelled":
            p = envelope["payload"]
            self.app.release_allocation(SYSTEM.caused_by(envelope["event_id"]), p["round_id"], p["family_id"],
                                        p["room_id"], f"lease_{p['reason']}")
