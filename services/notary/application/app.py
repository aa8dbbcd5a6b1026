"""Notary application: cases opened by the saga's command, the buyer's steps through the mini-program, the
officer's decision and the certificate (guide 002, R002.2–R002.7); it also stores the sagas' own events."""
from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from datetime import timedelta
from typing import Any, Callable, Mapping

from shared import clock
from shared.application import ServiceApplication
from shared.context import CommandContext
from shared.errors import Forbidden, InvalidInput, NotFound, Unauthenticated
from services.notary.api.offices import OFFICES
from services.notary.application.notarized_signing_saga import EXPLANATIONS
from services.notary.application.ports import FaceVerification
from services.notary.domain import evidence
from services.notary.domain.case import DOCUMENTS, NotaryCase, case_id
from services.notary.domain.saga import saga_id

OFFICER, BUYER, STAFF = "notary_officer", "notary_buyer", ("bureau_officer", "auditor", "system")
DEFAULT_CASE_DAYS = 7.0
PAD_DEVICE = "notary-signature-pad"


def link_signature(key: str, case: str, expires: int) -> str:
    return hmac.new(key.encode(), f"notary-case/{case}/{expires}".encode(), hashlib.sha256).hexdigest()


class NotaryApplication(ServiceApplication):
    name = "notary"

    def __init__(self, env: Any = None, secret: str = "", case_days: float = DEFAULT_CASE_DAYS,
                 portal_url: str = "http://127.0.0.1:8080") -> None:
        super().__init__(env=env)
        self.secret, self.case_days, self.portal_url = secret, case_days, portal_url.rstrip("/")

    @property
    def case_period(self) -> timedelta:
        return timedelta(days=self.case_days)

    # The saga's commands (R002.2, the timeout) --------------------------------------------------------

    def open_case(self, ctx: CommandContext, push: Mapping[str, Any]) -> dict[str, Any]:
        """R002.2: one case per push; returns the QR payload, a signed link that expires with the case."""
        if push["office_id"] not in OFFICES:
            raise InvalidInput("no such notary office", code="unknown_notary_office")

        def decide() -> Any:
            case = self.find(case_id(push["contract_id"], push["attempt"]))
            if case is not None:
                return self.qr(case), []
            case = NotaryCase.open(contract_id=push["contract_id"], attempt=push["attempt"],
                                   office_id=push["office_id"], developer_id=push["developer_id"],
                                   content_hash=push["content_hash"], pdf_sha256=push["pdf_sha256"],
                                   buyer=push["buyer"], seller_name=push["seller_name"], room=push["room"],
                                   link_expires_at=clock.now() + self.case_period)
            return self.qr(case), [case]

        return self.execute(ctx, "open_case", decide)

    def expire_case(self, ctx: CommandContext, case_ref: str) -> dict[str, Any]:
        """The saga's timeout; a case never opened or already decided stays as it is."""
        try:
            case = self.find(uuid.UUID(str(case_ref)))
        except ValueError:
            case = None
        if case is None:
            return {"case_id": str(case_ref), "state": None}

        def decide() -> Any:
            changed = case.expire()
            return {"case_id": str(case.id), "state": case.state}, [case] if changed else []

        return self.execute(ctx, "expire_case", decide)

    def qr(self, case: NotaryCase) -> dict[str, Any]:
        expires = int(case.link_expires_at.timestamp())
        signature = link_signature(self.secret, str(case.id), expires)
        return {"case_id": str(case.id), "state": case.state, "qr_url": (
            f"{self.portal_url}/portal/notary.html#case={case.id}&expires={expires}&signature={signature}"),
            "expires_at": case.link_expires_at.isoformat()}

    # The buyer (R002.3–R002.5) -------------------------------------------------------------------------

    def buyer_link(self, case_ref: str, expires: int, signature: str) -> NotaryCase:
        """The case a scanned QR link opens, or Unauthenticated if it is forged or expired."""
        if not hmac.compare_digest(link_signature(self.secret, case_ref, expires), signature):
            raise Unauthenticated("this QR code is not one the notary office issued", code="invalid_notary_link")
        if clock.now().timestamp() > expires:
            raise Unauthenticated("this QR code has expired; ask the developer for the case's new one",
                                  code="notary_link_expired")
        return self.get(case_ref, NotaryCase, "notary case")

    def start_face_verification(self, ctx: CommandContext, case_ref: str, face: FaceVerification,
                                callback_url: str) -> dict[str, Any]:
        case = self._buyer_case(ctx, case_ref)

        def decide() -> Any:
            stage = case.next_stage()
            session = face.start(merchant_ref=f"{case.id}/face/{case.version}", purpose=f"notarization_{stage}",
                                 callback_url=callback_url)
            case.start_face_verification(session["session_id"], session["qr_url"])
            return self.case_view(case), [case]

        return self.execute(ctx, "start_face_verification", decide)

    def record_face_result(self, ctx: CommandContext, report: Mapping[str, Any]) -> bool:
        case = self.get(report["merchant_ref"].split("/")[0], NotaryCase, "notary case")
        before = case.version
        case.record_face_result(report.get("session_id", ""), report["type"] == "face.passed",
                                report.get("subject_hash", ""))
        if case.version == before:
            return False
        self._save([case])
        return True

    def verify_document(self, ctx: CommandContext, case_ref: str, photo: Mapping[str, str]) -> dict[str, Any]:
        data = base64.b64decode(photo["data_base64"])
        facts = evidence.image("id_document", photo["content_type"], data)
        return self._buyer_step(ctx, case_ref, "verify_document",
                                lambda case: case.verify_document(facts, photo["data_base64"]))

    def read_documents(self, ctx: CommandContext, case_ref: str, documents: list[str]) -> dict[str, Any]:
        return self._buyer_step(ctx, case_ref, "read_documents", lambda case: case.read_documents(documents))

    def upload_material(self, ctx: CommandContext, case_ref: str, kind: str, upload: Mapping[str, Any],
                        capture: Mapping[str, Any] | None) -> dict[str, Any]:
        data = base64.b64decode(upload["data_base64"])
        if kind == "evidence_video":
            facts = evidence.video(upload["content_type"], data)
            stored = ""
        else:
            facts = evidence.image(kind, upload["content_type"], data)
            if kind == "signature":
                facts["capture"] = evidence.live_capture(self.capture_key, facts, capture)
            stored = upload["data_base64"]
        return self._buyer_step(ctx, case_ref, f"upload_{kind}",
                                lambda case: case.upload_material(kind, facts, stored))

    def sign_on_pad(self, ctx: CommandContext, case_ref: str, strokes: list[list[list[int]]],
                    render: Callable[[list[list[list[int]]]], bytes]) -> dict[str, Any]:
        """R002.4: the signature drawn live on the notary's pad; the pad is the capturing device, so its
        capture metadata is signed here as the mini-program signs its camera's."""
        evidence.drawn_enough(strokes)
        data = render(strokes)
        facts = evidence.image("signature", "image/png", data)
        stamp, source, device = clock.now().isoformat(), "signature_pad", PAD_DEVICE
        capture = {"source": source, "captured_at": stamp, "device_id": device,
                   "signature": evidence.capture_signature(self.capture_key, facts["sha256"], stamp, source, device)}
        return self.upload_material(ctx, case_ref, "signature",
                                    {"content_type": "image/png", "data_base64": base64.b64encode(data).decode()},
                                    capture)

    def submit_with_document(self, ctx: CommandContext, case_ref: str, photo: Mapping[str, str]) -> dict[str, Any]:
        data = base64.b64decode(photo["data_base64"])
        facts = evidence.image("id_document", photo["content_type"], data)
        return self._buyer_step(ctx, case_ref, "submit_case",
                                lambda case: case.submit_with_document(facts, photo["data_base64"]))

    @property
    def capture_key(self) -> str:
        return hmac.new(self.secret.encode(), b"mini-program-capture", hashlib.sha256).hexdigest()

    # The officer (R002.6, R002.7) ----------------------------------------------------------------------

    def approve(self, ctx: CommandContext, case_ref: str) -> dict[str, Any]:
        case = self._officer_case(ctx, case_ref)

        def decide() -> Any:
            parts = {"e_contract": case.pdf_sha256, "content_hash": case.content_hash,
                     **{kind: m["sha256"] for kind, m in case.materials.items()}}
            case.approve(ctx.actor_id, clock.now().astimezone(clock.SHANGHAI).year, parts)
            return self.case_view(case), [case]

        return self.execute(ctx, "approve_case", decide)

    def reject(self, ctx: CommandContext, case_ref: str, reasons: list[str]) -> dict[str, Any]:
        case = self._officer_case(ctx, case_ref)

        def decide() -> Any:
            case.reject(ctx.actor_id, reasons)
            return self.case_view(case), [case]

        return self.execute(ctx, "reject_case", decide)

    # Reading ---------------------------------------------------------------------------------------------

    def get_case(self, ctx: CommandContext, case_ref: str) -> dict[str, Any]:
        return self.case_view(self._reader_case(ctx, case_ref))

    def material(self, ctx: CommandContext, case_ref: str, kind: str) -> dict[str, Any]:
        """One piece of the buyer's evidence, for the office deciding the case and the bureau."""
        case = self._reader_case(ctx, case_ref)
        if ctx.role not in STAFF + (OFFICER,) or kind not in case.materials:
            raise NotFound("no such material in this case", code="material_not_found")
        m = case.materials[kind]
        return {"kind": kind, "content_type": m["content_type"], "size": m["size"], "sha256": m["sha256"],
                "seconds": m.get("seconds"), "capture": m.get("capture"), "data_base64": m.get("data_base64", "")}

    def pushed_contract(self, ctx: CommandContext, case_ref: str) -> dict[str, Any]:
        """Which e-contract the case was opened for (R002.5: the buyer reads it before confirming): the contract,
        its push and the hash of the PDF the developer pushed."""
        case = self._reader_case(ctx, case_ref)
        return {"contract_id": case.contract_id, "attempt": case.attempt, "pdf_sha256": case.pdf_sha256}

    def certificate_parts(self, ctx: CommandContext, case_ref: str) -> dict[str, Any]:
        """What the certificate bundle holds, for an approved case."""
        case = self._reader_case(ctx, case_ref)
        if case.certificate is None:
            raise NotFound("this case has no certificate yet", code="certificate_not_issued")
        images = {kind: m["data_base64"] for kind, m in case.materials.items() if m.get("data_base64")}
        return {"case": self.case_view(case), "office": OFFICES.get(case.office_id, ""), "images": images,
                "contract_id": case.contract_id, "attempt": case.attempt, "pdf_sha256": case.pdf_sha256}

    def history(self, ctx: CommandContext, contract_id: str, developer_of: Callable[[], str]) -> dict[str, Any]:
        """Every saga of the contract (one per push), each step in order."""
        if ctx.role not in STAFF + (OFFICER,) and not (ctx.role == "developer" and ctx.org_id == developer_of()):
            raise Forbidden("this contract belongs to another organisation", code="other_organisation")
        sagas, attempt = [], 1
        while (saga := self.find(saga_id(contract_id, attempt))) is not None:
            steps = [{**step, "explanation": EXPLANATIONS.get(step["step"], step["step"])} for step in saga.history]
            sagas.append({"attempt": attempt, "saga_id": str(saga.id), "case_id": saga.case_id, "state": saga.state,
                          "complete_by": saga.complete_by.isoformat(), "steps": steps})
            attempt += 1
        return {"contract_id": contract_id, "sagas": sagas}

    def case_view(self, case: NotaryCase) -> dict[str, Any]:
        return {"case_id": str(case.id), "contract_id": case.contract_id, "attempt": case.attempt,
                "office_id": case.office_id, "office_name": OFFICES.get(case.office_id, ""), "state": case.state,
                "mainland": case.mainland, "buyer_name": case.buyer.get("name", ""),
                "buyer_id_masked": case.buyer.get("id_masked", ""), "seller_name": case.seller_name,
                "room": case.room, "content_hash": case.content_hash, "documents": list(DOCUMENTS),
                "documents_read": case.documents_read, "verifications": case.verifications,
                "face_qr_url": case.face_session["qr_url"] if case.face_session and
                case.face_session["outcome"] is None else None,
                "materials": sorted(case.materials), "required_materials": list(case.required_materials),
                "decision": case.decision, "certificate": case.certificate, "version": case.version}

    # Helpers --------------------------------------------------------------------------------------------

    def _buyer_case(self, ctx: CommandContext, case_ref: str) -> NotaryCase:
        case = self.get(case_ref, NotaryCase, "notary case")
        if ctx.role != BUYER or ctx.actor_id != str(case.id):
            raise Forbidden("only the buyer who opened this case's QR code may do this", code="other_case")
        return case

    def _officer_case(self, ctx: CommandContext, case_ref: str) -> NotaryCase:
        case = self.get(case_ref, NotaryCase, "notary case")
        if ctx.role != OFFICER or ctx.org_id != case.office_id:
            raise Forbidden("this case belongs to another notary office", code="other_organisation")
        return case

    def _reader_case(self, ctx: CommandContext, case_ref: str) -> NotaryCase:
        case = self.get(case_ref, NotaryCase, "notary case")
        if (ctx.role in STAFF or (ctx.role == BUYER and ctx.actor_id == str(case.id))
                or (ctx.role == OFFICER and ctx.org_id == case.office_id)
                or (ctx.role == "developer" and ctx.org_id == case.developer_id)):
            return case
        raise Forbidden("this case belongs to someone else", code="other_organisation")

    def _buyer_step(self, ctx: CommandContext, case_ref: str, command: str,
                    action: Callable[[NotaryCase], None]) -> dict[str, Any]:
        case = self._buyer_case(ctx, case_ref)

        def decide() -> Any:
            action(case)
            return self.case_view(case), [case]

        return self.execute(ctx, command, decide)
