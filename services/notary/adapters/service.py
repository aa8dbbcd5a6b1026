"""Notary as a Nameko service: the saga's commands, the buyer's steps through the mini-program, the face
provider's signed callbacks, the officer's decision, the certificate bundle and the saga's history."""
from __future__ import annotations

import base64
from typing import Any

from nameko.rpc import rpc
from nameko.web.handlers import http
from werkzeug.wrappers import Request, Response

from shared.context import SYSTEM
from shared.errors import Forbidden, Unauthenticated
from shared.nameko_kit.callbacks import handle_signed_callback
from shared.nameko_kit.consumers import consumers
from shared.nameko_kit.dependencies import AdapterProvider, ApplicationProvider, Instrumentation
from shared.nameko_kit.edge import database_outage_as_unavailable, edge
from shared.nameko_kit.rpc import ServiceRpc
from shared.nameko_kit.service_base import EventSourcedService
from services.notary.adapters.certificate_pdf import render_certificate
from services.notary.adapters.consumers import CASE_LIST
from services.notary.adapters.face import face_from_env
from services.notary.adapters.outbound_events import OUTBOUND
from services.notary.adapters.settings import notary_application
from services.notary.adapters.signature_pad import render_signature
from services.notary.api import requests as schemas
from services.notary.api.offices import OFFICES
from services.notary.domain.case import case_id as case_of

SYSTEM_ONLY, BUYER, OFFICER = ("system",), ("notary_buyer",), ("notary_officer",)
CASE_READERS = ("notary_buyer", "notary_officer", "developer", "bureau_officer", "auditor")
FACE_CALLBACK = "/callbacks/face"


@consumers(CASE_LIST)
class NotaryService(EventSourcedService):
    name = "notary"
    publishes = OUTBOUND

    app = ApplicationProvider(notary_application)
    face = AdapterProvider(face_from_env)
    cluster = ServiceRpc()
    instrumentation = Instrumentation()

    # The saga's commands -----------------------------------------------------------------------------

    @rpc
    @edge(roles=SYSTEM_ONLY)
    def open_case(self, ctx: Any, push: dict) -> dict[str, Any]:
        return self.app.open_case(ctx, push)

    @rpc
    @edge(roles=SYSTEM_ONLY)
    def expire_case(self, ctx: Any, case_ref: str) -> dict[str, Any]:
        return self.app.expire_case(ctx, case_ref)

    # The buyer (R002.2–R002.5) -----------------------------------------------------------------------

    @rpc
    @database_outage_as_unavailable
    def buyer_sign_in(self, body: dict) -> dict[str, Any]:
        """The QR link's case, checked, and the contract password, checked (and throttled) by contracts."""
        case = self.app.buyer_link(body["case_id"], body["expires"], body["signature"])
        ok = self.cluster.call("contracts", "verify_contract_password", ctx=_system(), contract_id=case.contract_id,
                               password=body["password"])
        if not ok:
            raise Unauthenticated("the contract password is wrong; ask the developer for it",
                                  code="wrong_contract_password")
        return {"user_id": str(case.id), "username": f"buyer-{case.id.hex[:8]}", "role": "notary_buyer",
                "org_id": str(case.id), "display_name": case.buyer.get("name", "")}

    @rpc
    @edge(roles=BUYER)
    def start_face_verification(self, ctx: Any, case_id: str) -> dict[str, Any]:
        return self.app.start_face_verification(ctx, case_id, self.face, self.settings.callback_url(FACE_CALLBACK))

    @rpc
    @edge(schemas.DocumentPhotoSchema(), roles=BUYER)
    def verify_document(self, ctx: Any, body: dict, case_id: str) -> dict[str, Any]:
        return self.app.verify_document(ctx, case_id, body["photo"])

    @rpc
    @edge(schemas.ReadDocumentsSchema(), roles=BUYER)
    def read_documents(self, ctx: Any, body: dict, case_id: str) -> dict[str, Any]:
        return self.app.read_documents(ctx, case_id, body["documents"])

    @rpc
    @edge(schemas.MaterialSchema(), roles=BUYER)
    def upload_material(self, ctx: Any, body: dict, case_id: str, kind: str) -> dict[str, Any]:
        return self.app.upload_material(ctx, case_id, kind, body, body["capture"])

    @rpc
    @edge(schemas.SignaturePadSchema(), roles=BUYER)
    def sign_on_pad(self, ctx: Any, body: dict, case_id: str) -> dict[str, Any]:
        return self.app.sign_on_pad(ctx, case_id, body["strokes"], render_signature)

    @rpc
    @edge(schemas.DocumentPhotoSchema(), roles=BUYER)
    def submit_case(self, ctx: Any, body: dict, case_id: str) -> dict[str, Any]:
        return self.app.submit_with_document(ctx, case_id, body["photo"])

    @http("POST", FACE_CALLBACK)
    def face_callback(self, request: Request) -> Response:
        return handle_signed_callback(request, self.face.secret,
                                      lambda report: self.app.record_face_result(SYSTEM, report))

    @rpc
    @edge()
    def list_offices(self, ctx: Any) -> dict[str, Any]:
        return {"offices": [{"office_id": key, "name": name} for key, name in OFFICES.items()]}

    # The officer (R002.6, R002.7) and readers -------------------------------------------------------------

    @rpc
    @edge(schemas.CaseQuerySchema(), roles=OFFICER + ("bureau_officer", "auditor"))
    def list_cases(self, ctx: Any, body: dict) -> dict[str, Any]:
        office = ctx.org_id if ctx.role == "notary_officer" else None
        return {"cases": self.case_list.view.list(office, body["state"])}

    @rpc
    @edge(roles=CASE_READERS)
    def get_case(self, ctx: Any, case_id: str) -> dict[str, Any]:
        return self.app.get_case(ctx, case_id)

    @rpc
    @edge(roles=OFFICER + ("bureau_officer", "auditor"))
    def material(self, ctx: Any, case_id: str, kind: str) -> dict[str, Any]:
        return self.app.material(ctx, case_id, kind)

    @rpc
    @edge(roles=OFFICER)
    def approve_case(self, ctx: Any, case_id: str) -> dict[str, Any]:
        return self.app.approve(ctx, case_id)

    @rpc
    @edge(schemas.RejectCaseSchema(), roles=OFFICER)
    def reject_case(self, ctx: Any, body: dict, case_id: str) -> dict[str, Any]:
        return self.app.reject(ctx, case_id, body["reasons"])

    @rpc
    @edge(roles=CASE_READERS)
    def econtract_pdf(self, ctx: Any, case_id: str) -> dict[str, Any]:
        """R002.5: the e-contract as pushed, for the buyer to read before confirming it (and for the case's
        other readers)."""
        pdf = self._pushed_pdf(self.app.pushed_contract(ctx, case_id))
        return {"content_type": "application/pdf", "filename": f"e-contract-{case_id}.pdf",
                "data_base64": base64.b64encode(pdf).decode()}

    @rpc
    @edge(roles=CASE_READERS)
    def certificate_pdf(self, ctx: Any, case_id: str) -> dict[str, Any]:
        """R002.7: the bundle, downloadable and printable; the e-contract is the one pushed, checked by its hash."""
        parts = self.app.certificate_parts(ctx, case_id)
        pdf = render_certificate(parts, self._pushed_pdf(parts))
        return {"content_type": "application/pdf", "filename": f"certificate-{case_id}.pdf",
                "data_base64": base64.b64encode(pdf).decode()}

    def _pushed_pdf(self, pushed_ref: dict[str, Any]) -> bytes:
        """The pushed PDF from contracts, refused unless it is the one the case was opened for."""
        pushed = self.cluster.call("contracts", "pushed_contract_pdf", ctx=_system(),
                                   contract_id=pushed_ref["contract_id"], attempt=pushed_ref["attempt"])
        if pushed["pdf_sha256"] != pushed_ref["pdf_sha256"]:
            raise Forbidden("the electronic contract on file is not the one notarized", code="certificate_hash_mismatch")
        return base64.b64decode(pushed["data_base64"])

    @rpc
    @edge(roles=("developer", "bureau_officer", "auditor", "notary_officer"))
    def saga_history(self, ctx: Any, contract_id: str) -> dict[str, Any]:
        def developer() -> str:
            case = self.app.find(case_of(contract_id, 1))
            return case.developer_id if case else ""
        return self.app.history(ctx, contract_id, developer)


def _system() -> dict[str, Any]:
    return {"actor_id": "system", "role": "system", "correlation_id": "notary"}
