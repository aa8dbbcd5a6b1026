"""The simulated face-verification party: a session opened for a lease, scanned from its QR code by the
person, who reports their name and identity document; face.passed / face.failed go back as signed
callbacks naming the person by `subject_hash`, as the protocol does, with the ID number masked."""
from __future__ import annotations

import uuid
from typing import Any

from werkzeug.routing import Rule
from werkzeug.wrappers import Request

from shared.identity_documents import RESIDENT_ID, InvalidIdentityDocument, identity_document
from deploy.sim.parties import Party, Switchboard, callback_url, choice, invalid, json_body, texts
from services.contracts.api.subjects import subject_hash


def mask_id_number(id_number: str) -> str:
    if len(id_number) <= 7:
        return "*" * len(id_number)
    return id_number[:3] + "*" * (len(id_number) - 7) + id_number[-4:]


def document_number(number: str, id_type: Any) -> str:
    """The scanned identity document's number as the face-verification party checks it."""
    try:
        return identity_document(number.strip(), str(id_type)).number
    except InvalidIdentityDocument as exc:
        raise invalid(f"id_number: {exc}") from None


class FaceVerification(Party):
    name = "face"
    rules = (
        Rule("/face/v1/sessions", endpoint="face.open_session", methods=["POST"]),
        Rule("/face/scan/<ref>", endpoint="face.scan", methods=["POST"]),
    )

    def __init__(self, board: Switchboard) -> None:
        super().__init__(board)
        self.sessions: dict[str, dict] = {}

    def open_session(self, request: Request) -> tuple[int, dict]:
        body = json_body(request)
        merchant_ref, purpose = texts(body, "merchant_ref", "purpose")
        url = callback_url(body)
        session_id = uuid.uuid4().hex
        with self.board.lock:
            self.sessions[session_id] = {"merchant_ref": merchant_ref, "purpose": purpose, "callback_url": url,
                                         "status": "open"}
        return 201, {"session_id": session_id, "qr_url": f"{self.link_base}/scan/{session_id}"}

    def scan(self, request: Request, ref: str) -> tuple[int, dict]:
        """The person scans the QR code: who they are, and whether their face matched."""
        body = json_body(request)
        name, id_number = texts(body, "name", "id_number")
        number = document_number(id_number, body.get("id_type") or RESIDENT_ID)
        outcome = choice(body, "outcome", ("passed", "failed"))
        session = self.board.settle(self.sessions, ref, "face session", outcome)
        self.board.emit("face", session["callback_url"], f"face.{outcome}", merchant_ref=session["merchant_ref"],
                        session_id=ref, name=name, id_number_masked=mask_id_number(number),
                        subject_hash=subject_hash(number, self.board.secrets["face"]))
        return 200, {"session_id": ref, "status": outcome}
