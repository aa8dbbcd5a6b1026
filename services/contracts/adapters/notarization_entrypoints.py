"""The notarized route's entrypoints of the contracts service (guide 002, R002.1): the developer's steps, and the
commands the notarized-signing saga and the notary send (system only)."""
from __future__ import annotations

import base64
from typing import Any

from nameko.rpc import rpc

from shared.context import SYSTEM
from shared.errors import InvalidInput
from shared.nameko_kit.edge import edge
from services.contracts.adapters.check_page import check_page_url
from services.contracts.adapters.pdf import render_contract_pdf
from services.contracts.api import notarization_requests as schemas
from services.contracts.api.subjects import subject_hash

DEVELOPER, SYSTEM_ONLY = ("developer",), ("system",)


class NotarizationEntrypoints:
    """Mixed into ContractsService."""

    app: Any
    face: Any
    renderers: Any
    settings: Any
    cluster: Any

    @rpc
    @edge(roles=DEVELOPER)
    def confirm_for_notarization(self, ctx: Any, contract_id: str) -> dict[str, Any]:
        return self.app.confirm_for_notarization(ctx, contract_id)

    @rpc
    @edge(schemas.ContractPasswordSchema(), roles=DEVELOPER)
    def set_contract_password(self, ctx: Any, body: dict, contract_id: str) -> dict[str, Any]:
        return self.app.set_contract_password(ctx, contract_id, body["password"])

    @rpc
    @edge(schemas.AttachmentSchema(), roles=DEVELOPER)
    def add_notarization_attachment(self, ctx: Any, body: dict, contract_id: str) -> dict[str, Any]:
        return self.app.add_notarization_attachment(ctx, contract_id, body["kind"], body["name"],
                                                    body["content_type"], base64.b64decode(body["data_base64"]))

    @rpc
    @edge(schemas.PushSchema(), roles=DEVELOPER)
    def push_to_notary(self, ctx: Any, body: dict, contract_id: str) -> dict[str, Any]:
        """R002.1: the formal PDF is rendered and pushed with the text's content hash, to an office the notary
        service lists."""
        offices = self.cluster.call("notary", "list_offices", ctx={**SYSTEM.as_meta()})["offices"]
        if body["office_id"] not in {office["office_id"] for office in offices}:
            raise InvalidInput("choose one of the notary offices listed", code="unknown_notary_office")
        document = self.app.document(ctx, contract_id)
        code = document["verification_code"]
        pdf = self.renderers.call(render_contract_pdf, document["contract"], kind=document["kind"],
                                  verification_code=code, filing_number=document["filing_number"],
                                  check_url=check_page_url(self.settings, code) if code else None)
        return self.app.push_to_notary(ctx, contract_id, office_id=body["office_id"],
                                       buyer_id_type=body["buyer_id_type"], buyer_id_number=body["buyer_id_number"],
                                       pdf=pdf, subject_of=lambda number: subject_hash(number, self.face.secret))

    @rpc
    @edge(roles=("developer", "bureau_officer", "auditor"))
    def notarization(self, ctx: Any, contract_id: str) -> dict[str, Any]:
        return self.app.notarization(ctx, contract_id)

    # The notary's and the saga's commands ---------------------------------------------------------------

    @rpc
    @edge(roles=SYSTEM_ONLY)
    def verify_contract_password(self, ctx: Any, contract_id: str, password: str) -> bool:
        return self.app.verify_contract_password(ctx, contract_id, password)

    @rpc
    @edge(roles=SYSTEM_ONLY)
    def pushed_contract_pdf(self, ctx: Any, contract_id: str, attempt: int) -> dict[str, Any]:
        return self.app.pushed_contract_pdf(ctx, contract_id, attempt)

    @rpc
    @edge(roles=SYSTEM_ONLY)
    def record_notary_case(self, ctx: Any, contract_id: str, attempt: int, case_id: str, qr_url: str) -> dict:
        return self.app.record_notary_case(ctx, contract_id, attempt, case_id, qr_url)

    @rpc
    @edge(roles=SYSTEM_ONLY)
    def submit_with_certificate(self, ctx: Any, contract_id: str, attempt: int, certificate_number: str,
                                content_hash: str, bundle_sha256: str) -> dict:
        return self.app.submit_with_certificate(ctx, contract_id, attempt, certificate_number, content_hash,
                                                bundle_sha256)

    @rpc
    @edge(roles=SYSTEM_ONLY)
    def return_notarization(self, ctx: Any, contract_id: str, attempt: int, reasons: list) -> dict:
        return self.app.return_notarization(ctx, contract_id, attempt, reasons)

    @rpc
    @edge(roles=SYSTEM_ONLY)
    def void_notarization(self, ctx: Any, contract_id: str, attempt: int) -> dict:
        return self.app.void_notarization(ctx, contract_id, attempt)
