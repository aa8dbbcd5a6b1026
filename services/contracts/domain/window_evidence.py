"""The images uploaded at the window for one existing-home contract (signed pages, kinship proofs, the waiver
declaration, the termination agreement, the parties' photos), kept apart from the contract so that the contract's
events, and what leaves contracts, name them only by their facts (sha256, type, size)."""
from __future__ import annotations

import uuid
from typing import Any, Iterable

from shared.aggregate import ServiceAggregate
from shared.errors import NotFound

_NS = uuid.UUID("7e2d4c1b-9a8f-4e3d-b2c1-0f9e8d7c6b5a")


def evidence_id(contract_id: str) -> uuid.UUID:
    return uuid.uuid5(_NS, f"window-evidence/{contract_id}")


class WindowEvidence(ServiceAggregate):
    class Opened(ServiceAggregate.Created):
        contract_id: str

        def apply(self, evidence: "WindowEvidence") -> None:
            evidence.contract_id = self.contract_id
            evidence.images = {}

    class ImagesKept(ServiceAggregate.Event):
        images: dict[str, dict[str, Any]]  # sha256 -> {content_type, size, data_base64}

        def apply(self, evidence: "WindowEvidence") -> None:
            evidence.images.update({digest: dict(image) for digest, image in self.images.items()})

    @classmethod
    def open(cls, contract_id: str) -> "WindowEvidence":
        return cls._create(cls.Opened, id=evidence_id(contract_id), contract_id=contract_id)

    def keep(self, uploads: Iterable[tuple[dict[str, Any], str]]) -> None:
        """(facts, base64 data) pairs; an image kept before is not kept twice."""
        new = {facts["sha256"]: {"content_type": facts["content_type"], "size": facts["size"], "data_base64": data}
               for facts, data in uploads if facts["sha256"] not in self.images}
        if new:
            self.trigger_event(self.ImagesKept, images=new)

    def image(self, sha256: str) -> dict[str, Any]:
        found = self.images.get(sha256)
        if found is None:
            raise NotFound("no such image in this contract's window evidence", code="image_not_found")
        return {"content_type": found["content_type"], "data_base64": found["data_base64"]}
