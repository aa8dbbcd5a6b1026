"""The notarized-signing world in memory: contracts, notary and filing applications, a fake face provider, the
saga's commands dispatched to the applications as the system with their idempotency keys, and the saga driven
through its real consumer declaration from the published logs."""
from __future__ import annotations

import base64
import struct
import uuid
import zlib
from dataclasses import replace
from types import SimpleNamespace
from typing import Any, Mapping

from shared.consumer import IdempotentConsumer
from shared.context import SYSTEM, CommandContext
from services.contracts.adapters.outbound_events import OUTBOUND as CONTRACTS_EVENTS
from services.contracts.api.subjects import subject_hash
from services.contracts.application.app import ContractsApplication
from services.filing.adapters.consumers import CONTRACT_INTAKE
from services.filing.application.app import FilingApplication
from services.notary.adapters.consumers import NOTARIZED_SIGNING
from services.notary.adapters.outbound_events import OUTBOUND as NOTARY_EVENTS
from services.notary.api.offices import OFFICES
from services.notary.application.app import NotaryApplication
from services.notary.domain import evidence
from tests.unit.consumer_support import MemoryView, PublishedLog
from tests.unit.contract_support import BUYER, complete_sections

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
FACE_KEY, NOTARY_SECRET = "face-secret-for-tests-0123456789", "notary-secret-for-tests-0123456789"
OFFICE = next(iter(OFFICES))
MAINLAND_ID, PASSPORT = "11010519491231002X", "E12345678"
DEVELOPER = str(uuid.uuid4())


def png(seed: int = 0) -> bytes:
    """A tiny real PNG (one pixel), different per seed."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"\x00" + bytes([seed % 256, 0, 0])
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def upload(data: bytes, content_type: str = "image/png") -> dict[str, str]:
    return {"content_type": content_type, "data_base64": base64.b64encode(data).decode()}


def live_capture(app: NotaryApplication, data: bytes) -> dict[str, str]:
    facts = evidence.image("signature", "image/png", data)
    stamp, device = "2026-03-02T10:00:00+08:00", "device-1"
    return {"source": "camera", "captured_at": stamp, "device_id": device,
            "signature": evidence.capture_signature(app.capture_key, facts["sha256"], stamp, "camera", device)}


class FakeFace:
    def __init__(self) -> None:
        self.sessions: list[dict[str, str]] = []

    def start(self, *, merchant_ref: str, purpose: str, callback_url: str) -> dict[str, str]:
        session = {"session_id": uuid.uuid4().hex, "qr_url": f"https://face/scan/{len(self.sessions)}",
                   "merchant_ref": merchant_ref, "purpose": purpose}
        self.sessions.append(session)
        return session

    def report(self, app: NotaryApplication, id_number: str = MAINLAND_ID, passed: bool = True) -> bool:
        session = self.sessions[-1]
        return app.record_face_result(SYSTEM, {"type": "face.passed" if passed else "face.failed",
                                               "merchant_ref": session["merchant_ref"],
                                               "session_id": session["session_id"],
                                               "subject_hash": subject_hash(id_number, FACE_KEY)})


class Commands:
    """The saga's command sender in memory: each command as the system, with its idempotency key."""

    def __init__(self, world: "World") -> None:
        self.world, self.sent = world, []

    def send(self, service: str, method: str, idempotency_key: str, causation_id: str, **kwargs: Any) -> Any:
        self.sent.append((service, method, idempotency_key))
        ctx = replace(SYSTEM, idempotency_key=idempotency_key, causation_id=causation_id)
        app = self.world.notary if service == "notary" else self.world.contracts
        return getattr(app, method)(ctx, **kwargs)


class MemorySagaIndex(MemoryView):
    def started(self, tx: Any, row: Mapping[str, Any]) -> None:
        self.rows.setdefault(row["saga_id"], {**row, "open": True})

    def of_contract(self, tx: Any, contract_id: str) -> dict[str, Any] | None:
        rows = sorted((r for r in self.rows.values() if r["contract_id"] == contract_id), key=lambda r: r["attempt"])
        return dict(rows[-1]) if rows else None

    def closed(self, tx: Any, saga: str) -> None:
        if saga in self.rows:
            self.rows[saga]["open"] = False

    def due(self, now: Any) -> list[str]:
        return [s for s, r in self.rows.items() if r["open"] and r["complete_by"] < now]


class World:
    def __init__(self) -> None:
        self.contracts = ContractsApplication(env=MEMORY)
        self.notary = NotaryApplication(env=MEMORY, secret=NOTARY_SECRET)
        self.filing = FilingApplication(env=MEMORY)
        self.face = FakeFace()
        self.commands = Commands(self)
        self.index = MemorySagaIndex("notarized_signing")
        process = SimpleNamespace(app=self.notary, commands=self.commands)
        self.saga = IdempotentConsumer(self.index, NOTARIZED_SIGNING, NOTARIZED_SIGNING.policy(process, self.index))
        self.intake = IdempotentConsumer(MemoryView("contract_intake"), CONTRACT_INTAKE,
                                         CONTRACT_INTAKE.policy(SimpleNamespace(app=self.filing), None))
        self.contracts_log = PublishedLog(self.contracts, CONTRACTS_EVENTS)
        self.notary_log = PublishedLog(self.notary, NOTARY_EVENTS)
        self.developer = CommandContext(actor_id="clerk-1", role="developer", org_id=DEVELOPER)
        self.officer = CommandContext(actor_id="officer-1", role="notary_officer", org_id=OFFICE)

    def run_saga(self) -> None:
        """Deliver everything published so far, both sources, until nothing new happens."""
        while True:
            moved = self.saga.catch_up("contracts", self.contracts_log.fetch)
            moved += self.saga.catch_up("notary", self.notary_log.fetch)
            moved += self.intake.catch_up("contracts", self.contracts_log.fetch)
            if not moved:
                return

    def buyer(self, case_id: str) -> CommandContext:
        return CommandContext(actor_id=case_id, role="notary_buyer", org_id=case_id)

    # The developer (R002.1) ----------------------------------------------------------------------------

    def pushed_contract(self, id_type: str = "resident_id", id_number: str = MAINLAND_ID) -> str:
        room_id = str(uuid.uuid4())
        room = {"room_id": room_id, "project_id": "p", "developer_id": DEVELOPER, "saleable": True,
                "info": {"area_sqm": "89.50", "price_per_sqm": "7800.00"}, "room_number": "1201",
                "building_name": "1栋", "project_name": "明珠花园", "developer_name": "示范置业"}
        contract_id = self.contracts.draft_contract(self.developer, room, room_id, BUYER)["contract_id"]
        for section_id, values in complete_sections().items():
            self.contracts.save_clause(self.developer, contract_id, section_id, values)
        self.contracts.print_preview(self.developer, contract_id)
        self.contracts.print_formal(self.developer, contract_id)
        self.contracts.confirm_for_notarization(self.developer, contract_id)
        self.contracts.set_contract_password(self.developer, contract_id, "buyer-pass-1")
        for kind in ("floor_plan", "drainage_layout"):
            self.contracts.add_notarization_attachment(self.developer, contract_id, kind, f"{kind}.png",
                                                       "image/png", png(1))
        self.contracts.push_to_notary(self.developer, contract_id, office_id=OFFICE, buyer_id_type=id_type,
                                      buyer_id_number=id_number, pdf=b"%PDF-1.4 e-contract",
                                      subject_of=lambda number: subject_hash(number, FACE_KEY))
        return contract_id

    def case_of(self, contract_id: str) -> str:
        self.run_saga()
        return self.contracts.notarization(self.developer, contract_id)["case"]["case_id"]

    # The buyer (R002.3–R002.5) ---------------------------------------------------------------------------

    def mainland_buyer_submits(self, case_id: str) -> None:
        buyer = self.buyer(case_id)
        self.notary.start_face_verification(buyer, case_id, self.face, "http://cb")
        self.face.report(self.notary)
        self.notary.read_documents(buyer, case_id, ["sale_contract", "notarization_application",
                                                    "notarization_notice", "case_record"])
        self.upload_materials(case_id, ("id_front", "id_back", "id_in_hand", "signature"))
        self.notary.start_face_verification(buyer, case_id, self.face, "http://cb")
        self.face.report(self.notary)

    def non_mainland_buyer_submits(self, case_id: str) -> None:
        buyer = self.buyer(case_id)
        self.notary.verify_document(buyer, case_id, upload(png(7)))
        self.notary.read_documents(buyer, case_id, ["sale_contract", "notarization_application",
                                                    "notarization_notice", "case_record"])
        self.upload_materials(case_id, ("id_front", "id_back", "id_in_hand", "signature"))
        self.notary.upload_material(buyer, case_id, "evidence_video", upload(evidence.mp4(15), "video/mp4"), None)
        self.notary.submit_with_document(buyer, case_id, upload(png(8)))

    def upload_materials(self, case_id: str, kinds: tuple[str, ...]) -> None:
        for n, kind in enumerate(kinds):
            data = png(10 + n)
            capture = live_capture(self.notary, data) if kind == "signature" else None
            self.notary.upload_material(self.buyer(case_id), case_id, kind, upload(data), capture)
