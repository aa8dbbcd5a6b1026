"""A verifiable draw (摇号): sealed list, commit–reveal seed, published deterministic ranking.

1. The eligible list is sealed: families are published only as anonymised ids, and the hash of the
   canonical list is published before the draw.
2. The seed is committed in advance (its SHA-256 is announced) and revealed at the draw.
3. The ranking is a published, deterministic function of the sealed list and the seed:
   families ordered by SHA-256(seed ":" anonymised id), ties (never seen in practice) by id.
Anyone can recompute a draw from its published inputs (`recompute`); `verify` says whether the
stored ranking is the one the inputs give.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any, Sequence

from shared.aggregate import ServiceAggregate
from shared.errors import RuleViolation

ANNOUNCED, SEALED, DRAWN = "announced", "sealed", "drawn"


def anonymise(family_id: str, salt: str) -> str:
    """The public id of a family on the published list: not reversible without the bureau's salt."""
    return hmac.new(salt.encode(), family_id.encode(), hashlib.sha256).hexdigest()[:16]


def list_hash(public_ids: Sequence[str]) -> str:
    canonical = json.dumps(sorted(public_ids), separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def commitment(seed: str) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()


def recompute(public_ids: Sequence[str], seed: str) -> list[str]:
    """The ranking, best first."""
    return sorted(public_ids, key=lambda pid: (hashlib.sha256(f"{seed}:{pid}".encode()).hexdigest(), pid))


class Draw(ServiceAggregate):
    class DrawAnnounced(ServiceAggregate.Created):
        round_id: str
        seed_commitment: str

        def apply(self, draw: "Draw") -> None:
            draw.round_id = self.round_id
            draw.seed_commitment = self.seed_commitment
            draw.state = ANNOUNCED
            draw.public_ids = []
            draw.list_hash = None
            draw.seed = None
            draw.ranking = []

    class EligibleListSealed(ServiceAggregate.Event):
        public_ids: list[str]
        list_hash: str

        def apply(self, draw: "Draw") -> None:
            draw.public_ids = list(self.public_ids)
            draw.list_hash = self.list_hash
            draw.state = SEALED

    class DrawPerformed(ServiceAggregate.Event):
        seed: str
        ranking: list[str]

        def apply(self, draw: "Draw") -> None:
            draw.seed = self.seed
            draw.ranking = list(self.ranking)
            draw.state = DRAWN

    @classmethod
    def announce(cls, *, id, round_id: str, seed_commitment: str) -> "Draw":  # noqa: A002
        if len(seed_commitment) != 64:
            raise RuleViolation("the commitment is the SHA-256 of the seed, in hex", code="invalid_commitment")
        return cls._create(cls.DrawAnnounced, id=id, round_id=round_id, seed_commitment=seed_commitment)

    def seal(self, public_ids: Sequence[str]) -> None:
        if self.state != ANNOUNCED:
            raise RuleViolation("the eligible list is sealed once, before the draw", code="list_already_sealed")
        if len(set(public_ids)) != len(public_ids) or not public_ids:
            raise RuleViolation("the eligible list must be non-empty and without duplicates", code="invalid_list")
        self.trigger_event(self.EligibleListSealed, public_ids=sorted(public_ids), list_hash=list_hash(public_ids))

    def perform(self, seed: str) -> None:
        if self.state != SEALED:
            raise RuleViolation("seal the eligible list before the draw", code="list_not_sealed")
        if not hmac.compare_digest(commitment(seed), self.seed_commitment):
            raise RuleViolation("this seed is not the one committed to", code="seed_does_not_match_commitment")
        self.trigger_event(self.DrawPerformed, seed=seed, ranking=recompute(self.public_ids, seed))

    def published(self) -> dict[str, Any]:
        """What the bureau publishes: enough for anyone to recompute the draw."""
        return {"draw_id": str(self.id), "round_id": self.round_id, "state": self.state,
                "seed_commitment": self.seed_commitment, "list_hash": self.list_hash,
                "eligible_public_ids": self.public_ids, "seed": self.seed, "ranking": self.ranking}


def verify(published: dict[str, Any]) -> dict[str, Any]:
    """Recompute a draw from what was published and say whether every link holds."""
    checks = {
        "seed_matches_commitment": published.get("seed") is not None
        and commitment(published["seed"]) == published["seed_commitment"],
        "list_matches_hash": list_hash(published["eligible_public_ids"]) == published["list_hash"],
        "ranking_matches_inputs": published.get("seed") is not None
        and recompute(published["eligible_public_ids"], published["seed"]) == published["ranking"],
    }
    return {"verified": all(checks.values()), "checks": checks}
