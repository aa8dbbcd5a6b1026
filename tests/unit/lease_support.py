"""Fakes of the lease's external parties (in memory, for unit tests) and a lease walked to any step."""
from __future__ import annotations

import itertools
from typing import Any

from shared.context import SYSTEM, CommandContext
from services.contracts.api.subjects import subject_hash
from services.contracts.application.app import ContractsApplication
from services.contracts.domain.lease import lease_id

ROUND, FAMILY = "6d1f0a8e-3b43-4c55-9d6e-7f8091a2b3c4", "F0007"
ROOM = {"building": "3栋", "room_number": "1203", "layout": "两房一厅", "orientation": "南", "area_sqm": "65.40"}
TERMS = {"rent_per_sqm": "30.00", "deposit_months": 2, "term_months": 36, "sign_within_hours": 72}
_ids = itertools.count(1)


class FakeProviders:
    """Face verification, e-signature and SMS as the application sees them; records what was asked."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.sms_by_ref: dict[str, str] = {}

    def start(self, **kw: Any) -> dict[str, Any]:
        self.calls.append(("face", kw))
        n = next(_ids)
        return {"session_id": f"face-{n}", "qr_url": f"https://face.example/scan/{n}"}

    def open_order(self, **kw: Any) -> dict[str, Any]:
        self.calls.append(("esign", kw))
        n = next(_ids)
        return {"order_id": f"order-{n}", "qr_url": f"https://esign.example/sign/{n}"}

    def send(self, **kw: Any) -> dict[str, Any]:
        self.calls.append(("sms", kw))
        return {"message_id": self.sms_by_ref.setdefault(kw["client_ref"], f"sms-{next(_ids)}")}


def family_ctx(family_id: str = FAMILY, key: str | None = None) -> CommandContext:
    return CommandContext(actor_id=family_id, role="family", org_id=ROUND, idempotency_key=key)


def opened(app: ContractsApplication, family_id: str = FAMILY) -> str:
    app.open_lease(SYSTEM, round_id=ROUND, round_name="2026年第一批公租房配租", family_id=family_id,
                   room_id="room-1", room=ROOM, terms=TERMS)
    return str(lease_id(ROUND, family_id))


def face_report(session_id: str, lease: str, passed: bool = True) -> dict[str, Any]:
    return {"type": "face.passed" if passed else "face.failed", "merchant_ref": f"{lease}/face/1",
            "session_id": session_id, "name": "张三", "id_number_masked": "440***********1234",
            "subject_hash": subject_hash("440301199001011234", "face-secret")}


def walk(app: ContractsApplication, fakes: FakeProviders, until: str) -> str:
    """A lease advanced through the steps up to `until` (phone, mandate, face, signing, signed, submitted)."""
    steps = ["phone", "mandate", "face", "signed", "submitted"]
    lease = opened(app)
    ctx = family_ctx()
    for step in steps[: steps.index(until) + 1]:
        if step == "phone":
            app.change_phone(ctx, lease, "13800138000")
        elif step == "mandate":
            app.record_mandate(SYSTEM, {"lease_id": lease, "mandate_ref": "M1",
                                                                 "card_masked": "**** **** **** 1234"})
        elif step == "face":
            session = app.start_face_verification(ctx, lease, fakes, "http://cb/face")["face_verification"]
            app.record_face_result(SYSTEM, face_report(session["session_id"], lease))
        elif step == "signed":
            signing = app.start_signing(ctx, lease, fakes, "http://cb/esign")["signing"]
            app.record_signature(SYSTEM, {"type": "esign.signed", "merchant_ref": f"{lease}/esign/1",
                                          "order_id": signing["order_id"], "signature_id": "sig-1",
                                          "signed_at": "2026-11-21T08:00:00+00:00",
                                          "document_sha256": signing["document_sha256"]})
        elif step == "submitted":
            app.record_deposit_requested(SYSTEM, {"lease_id": lease, "payment_ref": "P1",
                                                                 "pay_url": "https://bank/pay/P1", "amount": "3924.00"})
            app.record_deposit_paid(SYSTEM, {"lease_id": lease, "payment_ref": "P1",
                                                            "paid_at": "2026-11-21T09:00:00+00:00"})
    return lease
