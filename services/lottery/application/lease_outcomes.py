"""Lottery's part of the lease saga: a lease that was rejected or lapsed releases the family's room.

| contracts event | lottery does                                   | kind         |
|-----------------|------------------------------------------------|--------------|
| LeaseCancelled  | releases the family's allocation in its session | compensation |

Safe when the allocation is already released or was never confirmed: the session changes nothing then."""
from __future__ import annotations

from typing import Any, Mapping

from shared.context import SYSTEM


class LeaseOutcomes:
    def __init__(self, app: Any) -> None:
        self.app = app

    def lease_cancelled(self, tx: Any, e: Mapping[str, Any]) -> None:
        p = e["payload"]
        self.app.release_allocation(SYSTEM.caused_by(e["event_id"]), p["round_id"], p["family_id"], p["room_id"],
                                    f"lease_{p['reason']}")
