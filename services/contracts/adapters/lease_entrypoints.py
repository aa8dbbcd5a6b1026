"""The lease entrypoints of the contracts service (guide 004, R004.11–R004.15): the family's steps, the
providers' signed callbacks, the bureau's review, the saga's consumers and its deadline timer."""
from __future__ import annotations

import base64
from typing import Any

from nameko.rpc import rpc
from nameko.timer import timer
from nameko.web.handlers import http
from werkzeug.wrappers import Request, Response

from shared import clock
from shared.context import SYSTEM
from shared.errors import Unauthenticated
from shared.nameko_kit.callbacks import handle_signed_callback
from shared.nameko_kit.dependencies import AdapterProvider
from shared.nameko_kit.edge import edge
from services.contracts.api import requests as schemas
from services.contracts.adapters.esignature import esign_from_env
from services.contracts.adapters.face_verification import face_from_env
from services.contracts.adapters.lease_pdf import render_lease_pdf
from services.contracts.adapters.sms import sms_from_env

FAMILY, BUREAU = ("family",), ("bureau_officer",)
LEASE_READERS = ("family", "bureau_officer", "auditor")
FACE_CALLBACK, ESIGN_CALLBACK = "/callbacks/face", "/callbacks/esign"


class LeaseEntrypoints:
    """Mixed into ContractsService (one Nameko service per bounded context)."""

    app: Any
    fetch: Any
    run_deadlines: Any
    renderers: Any
    lease_list: Any  # its consumers are declared in services.contracts.adapters.consumers
    face = AdapterProvider(face_from_env)
    esign = AdapterProvider(esign_from_env)
    sms = AdapterProvider(sms_from_env)

    # The family (R004.11–R004.14) ----------------------------------------------------------------

    @rpc
    @edge(roles=FAMILY)
    def my_lease(self, ctx: Any, round_id: str) -> dict[str, Any]:
        return self.app.my_lease(ctx, round_id)

    @rpc
    @edge(roles=LEASE_READERS)
    def get_lease(self, ctx: Any, lease_id: str) -> dict[str, Any]:
        return self.app.get_lease(ctx, lease_id)

    @rpc
    @edge(schemas.PhoneSchema(), roles=FAMILY)
    def change_lease_phone(self, ctx: Any, body: dict, lease_id: str) -> dict[str, Any]:
        return self.app.change_phone(ctx, lease_id, body["phone"])

    @rpc
    @edge(roles=FAMILY)
    def start_face_verification(self, ctx: Any, lease_id: str, subject_hash: str = "") -> dict[str, Any]:
        """`subject_hash` names the person who signed in (the gateway adds it): only they can pass."""
        if not subject_hash:
            raise Unauthenticated("sign in again through the unified identity platform", code="identity_required")
        return self.app.start_face_verification(ctx, lease_id, self.face,
                                                self.settings.callback_url(FACE_CALLBACK), subject_hash)

    @rpc
    @edge(roles=FAMILY)
    def start_lease_signing(self, ctx: Any, lease_id: str) -> dict[str, Any]:
        return self.app.start_signing(ctx, lease_id, self.esign, self.settings.callback_url(ESIGN_CALLBACK))

    @rpc
    @edge(roles=LEASE_READERS)
    def lease_pdf(self, ctx: Any, lease_id: str) -> dict[str, Any]:
        """R004.15: the approved lease materials (contract, auto-debit authorisation, deposit receipt)."""
        document = self.app.lease_document(ctx, lease_id)
        pdf = self.renderers.call(render_lease_pdf, document["lease"], verification_code=document["verification_code"])
        return {"content_type": "application/pdf", "filename": f"lease-{lease_id}.pdf",
                "data_base64": base64.b64encode(pdf).decode()}

    # Providers' signed callbacks -------------------------------------------------------------------

    @http("POST", FACE_CALLBACK)
    def face_callback(self, request: Request) -> Response:
        return handle_signed_callback(request, self.face.secret,
                                      lambda report: self.app.record_face_result(SYSTEM, report))

    @http("POST", ESIGN_CALLBACK)
    def esign_callback(self, request: Request) -> Response:
        return handle_signed_callback(request, self.esign.secret,
                                      lambda report: self.app.record_signature(SYSTEM, report))

    # The bureau (R004.15) --------------------------------------------------------------------------

    @rpc
    @edge(schemas.LeaseQuerySchema(), roles=("bureau_officer", "auditor"))
    def list_leases(self, ctx: Any, body: dict) -> dict[str, Any]:
        """The review queue (state=submitted) and every lease's signing status."""
        return {"leases": self.lease_list.view.list(body["state"], body["round_id"])}

    @rpc
    @edge(roles=BUREAU)
    def approve_lease(self, ctx: Any, lease_id: str) -> dict[str, Any]:
        return self.app.approve_lease(ctx, lease_id)

    @rpc
    @edge(schemas.RejectLeaseSchema(), roles=BUREAU)
    def reject_lease(self, ctx: Any, body: dict, lease_id: str) -> dict[str, Any]:
        return self.app.reject_lease(ctx, lease_id, body["reasons"])

    # The saga's deadline ------------------------------------------------------------------------------

    @timer(interval=10, eager=True)
    def lapse_overdue_leases(self) -> None:
        """Leases not signed and paid by their deadline are cancelled; escrow and lottery compensate."""
        self.run_deadlines(self.lease_list.view.due_for_lapse(clock.now()), self.app.lapse_lease, "lease")
