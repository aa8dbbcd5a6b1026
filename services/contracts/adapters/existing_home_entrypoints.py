"""The existing-home entrypoints of the contracts service (guide 001): the agent's commands, the readers'
queries (R001.3), the parties' signing page by the token of their link, the face-verification and e-signature
providers' signed callbacks, and the R001.11 deletion sweep."""
from __future__ import annotations

import base64
from typing import Any

from nameko.rpc import rpc
from nameko.timer import timer
from nameko.web.handlers import http
from werkzeug.wrappers import Request, Response

from shared import clock
from shared.nameko_kit.callbacks import handle_signed_callback
from shared.nameko_kit.edge import edge
from services.contracts.api import existing_home_requests as schemas
from services.contracts.api.subjects import subject_hash
from services.contracts.adapters.existing_home_pdf import render_existing_home_pdf

AGENT = ("agent", "agency")  # the agency account is refused by the application with agency_cannot_draft (R001.3)
READERS = ("agent", "agency", "bureau_officer", "auditor")
PARTY = ("party",)
FACE_CALLBACK, ESIGN_CALLBACK = "/callbacks/existing-home/face", "/callbacks/existing-home/esign"


class ExistingHomeEntrypoints:
    """Mixed into ContractsService."""

    app: Any
    face: Any
    esign: Any
    renderers: Any
    settings: Any
    run_deadlines: Any
    existing_home_list: Any  # its consumers are declared in services.contracts.adapters.consumers

    # The agent (R001.11–R001.15) ----------------------------------------------------------------------

    @rpc
    @edge(schemas.DraftExistingHomeSchema(), roles=AGENT)
    def draft_existing_home(self, ctx: Any, body: dict) -> dict[str, Any]:
        return self.app.draft_existing_home(ctx, body["property_verification_id"], body["mode"])

    @rpc
    @edge(schemas.PartiesSchema(), roles=AGENT)
    def set_existing_home_parties(self, ctx: Any, body: dict, contract_id: str) -> dict[str, Any]:
        return self.app.set_existing_home_parties(ctx, contract_id, body)

    @rpc
    @edge(schemas.TermsSchema(), roles=AGENT)
    def set_existing_home_terms(self, ctx: Any, body: dict, contract_id: str) -> dict[str, Any]:
        return self.app.set_existing_home_terms(ctx, contract_id, body)

    @rpc
    @edge(schemas.ApplicantSchema(), roles=AGENT)
    def set_existing_home_applicant(self, ctx: Any, body: dict, contract_id: str) -> dict[str, Any]:
        return self.app.set_existing_home_applicant(ctx, contract_id, body)

    @rpc
    @edge(schemas.RatingSchema(), roles=AGENT)
    def set_existing_home_rating(self, ctx: Any, body: dict, contract_id: str) -> dict[str, Any]:
        return self.app.set_existing_home_rating(ctx, contract_id, body)

    @rpc
    @edge(schemas.EscrowChoiceSchema(), roles=AGENT)
    def set_existing_home_escrow(self, ctx: Any, body: dict, contract_id: str) -> dict[str, Any]:
        return self.app.set_existing_home_escrow(ctx, contract_id, body)

    @rpc
    @edge(schemas.NotesSchema(), roles=AGENT)
    def set_existing_home_notes(self, ctx: Any, body: dict, contract_id: str) -> dict[str, Any]:
        return self.app.set_existing_home_notes(ctx, contract_id, body)

    @rpc
    @edge(roles=AGENT)
    def submit_existing_home(self, ctx: Any, contract_id: str) -> dict[str, Any]:
        return self.app.submit_existing_home(ctx, contract_id)

    @rpc
    @edge(roles=AGENT)
    def open_existing_home_order(self, ctx: Any, contract_id: str) -> dict[str, Any]:
        return self.app.open_existing_home_order(ctx, contract_id)

    @rpc
    @edge(roles=READERS)
    def existing_home_order(self, ctx: Any, contract_id: str) -> dict[str, Any]:
        return self.app.existing_home_order(ctx, contract_id)

    @rpc
    @edge(roles=AGENT)
    def cancel_existing_home_order(self, ctx: Any, contract_id: str) -> dict[str, Any]:
        return self.app.cancel_existing_home_order(ctx, contract_id)

    @rpc
    @edge(roles=AGENT)
    def request_existing_home_filing(self, ctx: Any, contract_id: str) -> dict[str, Any]:
        return self.app.request_existing_home_filing(ctx, contract_id)

    @rpc
    @edge(roles=AGENT)
    def delete_existing_home(self, ctx: Any, contract_id: str) -> dict[str, Any]:
        return self.app.delete_existing_home(ctx, contract_id)

    # Readers (R001.3) ------------------------------------------------------------------------------------

    @rpc
    @edge(roles=READERS)
    def get_existing_home(self, ctx: Any, contract_id: str) -> dict[str, Any]:
        return self.app.get_existing_home(ctx, contract_id)

    @rpc
    @edge(schemas.ExistingHomeQuerySchema(), roles=READERS)
    def list_existing_homes(self, ctx: Any, body: dict) -> dict[str, Any]:
        """The agent: the contracts it drafted; the agency account: all its agency's; bureau and auditors: all."""
        agency = ctx.org_id if ctx.role in ("agent", "agency") else None
        agent = ctx.actor_id if ctx.role == "agent" else None
        return {"contracts": self.existing_home_list.view.list(agency, agent, body["state"])}

    @rpc
    @edge(roles=READERS)
    def existing_home_pdf(self, ctx: Any, contract_id: str) -> dict[str, Any]:
        return self._pdf(self.app.existing_home_document(ctx, contract_id))

    # The parties: the token of their link is the credential -----------------------------------------------

    @rpc
    @edge(roles=PARTY)
    def party_signing(self, ctx: Any, token: str) -> dict[str, Any]:
        return self.app.party_signing(token)

    @rpc
    @edge(roles=PARTY)
    def party_document(self, ctx: Any, token: str) -> dict[str, Any]:
        return self._pdf(self.app.party_document(token))

    @rpc
    @edge(roles=PARTY)
    def party_start_face(self, ctx: Any, token: str) -> dict[str, Any]:
        return self.app.party_start_face(token, self.face, self.settings.callback_url(FACE_CALLBACK))

    @rpc
    @edge(roles=PARTY)
    def party_start_signing(self, ctx: Any, token: str) -> dict[str, Any]:
        return self.app.party_start_signing(token, self.esign, self.settings.callback_url(ESIGN_CALLBACK))

    # Providers' signed callbacks --------------------------------------------------------------------------

    @http("POST", FACE_CALLBACK)
    def existing_home_face_callback(self, request: Request) -> Response:
        secret = self.face.secret
        return handle_signed_callback(request, secret, lambda report: self.app.record_existing_home_face(
            report, lambda number: subject_hash(number, secret)))

    @http("POST", ESIGN_CALLBACK)
    def existing_home_esign_callback(self, request: Request) -> Response:
        return handle_signed_callback(request, self.esign.secret,
                                      lambda report: self.app.record_existing_home_signature(report))

    # R001.11 ------------------------------------------------------------------------------------------------

    @timer(interval=10, eager=True)
    def delete_overdue_existing_homes(self) -> None:
        """Contracts not signed and filed by the end of the next natural day after creation are deleted."""
        self.run_deadlines(self.existing_home_list.view.due_for_deletion(clock.now()), self.app.expire_existing_home,
                           "existing-home contract")

    def _pdf(self, document: dict[str, Any]) -> dict[str, Any]:
        pdf = self.renderers.call(render_existing_home_pdf, document)
        return {"content_type": "application/pdf", "filename": f"{document['contract_number']}.pdf",
                "data_base64": base64.b64encode(pdf).decode()}


