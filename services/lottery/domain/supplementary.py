"""Supplementary selection applications (补选申请, R004.9)."""
from __future__ import annotations

import uuid
from datetime import timedelta

from shared.aggregate import ServiceAggregate

_NS = uuid.UUID("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
GRACE_AFTER_LAST_SESSION = timedelta(minutes=3)


def application_id(round_id: str, family_id: str) -> uuid.UUID:
    return uuid.uuid5(_NS, f"{round_id}/{family_id}")


class SupplementaryApplication(ServiceAggregate):
    class SupplementaryApplied(ServiceAggregate.Created):
        round_id: str
        family_id: str
        reason: str

        def apply(self, a: "SupplementaryApplication") -> None:
            a.round_id = self.round_id
            a.family_id = self.family_id
            a.reason = self.reason

    @classmethod
    def apply_for(cls, *, round_id: str, family_id: str, reason: str) -> "SupplementaryApplication":
        return cls._create(cls.SupplementaryApplied, id=application_id(round_id, family_id), round_id=round_id,
                           family_id=family_id, reason=reason)
