"""The agency's signing account (guide 001): opened for a filed agency (R001.2), its enterprise info (R001.4,
R001.5) and materials (R001.6), its submission and the bureau's verification (R001.7)."""
from __future__ import annotations

import uuid
from typing import Any

from shared import clock
from shared.clock import SHANGHAI
from shared.context import CommandContext
from shared.errors import Conflict, RuleViolation
from services.registry.application.access import require_bureau
from services.registry.application.agency_access import AGENCY, require_agency_visible, require_own_agency
from services.registry.application.agency_directory import AgencyDirectory
from services.registry.application.agency_ports import AgencyFilingSystem
from services.registry.application.credentials import Credentials
from services.registry.domain import ids
from services.registry.domain.agencies import Agency

LIST_LIMIT = 500


def today():
    return clock.now().astimezone(SHANGHAI).date()


class AgencyCommands(Credentials):
    agency_directory: AgencyDirectory
    filing_system: AgencyFilingSystem | None

    def apply_for_agency_account(self, ctx: CommandContext, *, name: str, credit_code: str, username: str,
                                 phone: str) -> dict[str, Any]:
        """R001.2: only an agency the agency filing system knows gets an account; its credentials go by SMS."""
        require_bureau(ctx, "opening an agency account")
        filing = self._filing_system().agency_filing(credit_code)
        if filing is None:
            raise RuleViolation("this agency is not filed in the agency filing system: it must file there first",
                                code="agency_not_filed", details={"credit_code": credit_code})
        agency_id = ids.agency_id(credit_code)

        def decide() -> Any:
            if self.find(agency_id) is not None:
                raise Conflict("this agency already has its account", code="agency_exists",
                               details={"agency_id": str(agency_id)})
            agency = Agency.apply_for_account(id=agency_id, name=name, credit_code=credit_code,
                                              filing_number=filing["filing_number"], account_username=username)
            account = self.signing_account(username=username, role=AGENCY, org_id=str(agency_id),
                                           display_name=name, phone=phone, decision=f"agency/{agency_id}/0")
            return agency_view(agency), [agency, account]

        return self.execute(ctx, "apply_for_agency_account", decide)

    def get_agency(self, ctx: CommandContext, agency_id: str) -> dict[str, Any]:
        require_agency_visible(ctx, agency_id)
        return agency_view(self.get(agency_id, Agency, "agency"))

    def list_agencies(self, ctx: CommandContext, state: str | None = None) -> dict[str, Any]:
        require_bureau_or_auditor(ctx)
        agencies = (self.get(i, Agency, "agency") for i in reversed(self.agency_directory.agency_ids()))
        chosen = [a for a in agencies if state is None or a.state == state]
        return {"agencies": [agency_view(a) for a in chosen[:LIST_LIMIT]]}

    def complete_agency_info(self, ctx: CommandContext, agency_id: str, info: dict[str, Any]) -> dict[str, Any]:
        return self._change(ctx, agency_id, "complete_agency_info", lambda a: a.complete_info(info, today()))

    def add_agency_material(self, ctx: CommandContext, agency_id: str) -> dict[str, Any]:
        """A new material without a name: it is named and saved before its file is uploaded (R001.6)."""
        material_id = str(uuid.uuid4())
        return self._change(ctx, agency_id, "add_agency_material", lambda a: a.add_material(material_id),
                            material_id=material_id)

    def name_agency_material(self, ctx: CommandContext, agency_id: str, material_id: str, name: str) -> dict[str, Any]:
        return self._change(ctx, agency_id, "name_agency_material", lambda a: a.name_material(material_id, name))

    def upload_agency_material(self, ctx: CommandContext, agency_id: str, material_id: str, *, sha256: str,
                               content_type: str, size: int) -> dict[str, Any]:
        """The bytes are already stored under their hash by the adapter."""
        return self._change(ctx, agency_id, "upload_agency_material", lambda a: a.upload_material(
            material_id, sha256=sha256, content_type=content_type, size=size))

    def remove_agency_material(self, ctx: CommandContext, agency_id: str, material_id: str) -> dict[str, Any]:
        return self._change(ctx, agency_id, "remove_agency_material", lambda a: a.remove_material(material_id))

    def agency_material_file(self, ctx: CommandContext, agency_id: str, material_id: str) -> dict[str, Any] | None:
        require_agency_visible(ctx, agency_id)
        material = self.get(agency_id, Agency, "agency").materials.get(material_id)
        return material["file"] if material else None

    def submit_agency(self, ctx: CommandContext, agency_id: str, comment: str) -> dict[str, Any]:
        return self._change(ctx, agency_id, "submit_agency", lambda a: a.submit(comment))

    def decide_agency(self, ctx: CommandContext, agency_id: str, *, approve: bool, reasons: list[str]) -> dict[str, Any]:
        """R001.7: the bureau verifies the agency or returns it with reasons."""
        require_bureau(ctx, "verifying an agency")
        agency = self.get(agency_id, Agency, "agency")

        def decide() -> Any:
            agency.verify() if approve else agency.return_for_correction(reasons)
            return agency_view(agency), [agency]

        return self.execute(ctx, "decide_agency", decide)

    def _change(self, ctx: CommandContext, agency_id: str, command: str, change: Any,
                material_id: str | None = None) -> dict[str, Any]:
        require_own_agency(ctx, agency_id)
        agency = self.get(agency_id, Agency, "agency")

        def decide() -> Any:
            change(agency)
            return {**agency_view(agency), "material_id": material_id}, [agency]

        return self.execute(ctx, command, decide)

    def _filing_system(self) -> AgencyFilingSystem:
        if self.filing_system is None:
            raise RuntimeError("opening agency accounts needs the agency filing system (its adapter)")
        return self.filing_system


def require_bureau_or_auditor(ctx: CommandContext) -> None:
    if ctx.role != "auditor":
        require_bureau(ctx, "this list")


def agency_view(agency: Agency) -> dict[str, Any]:
    return {"agency_id": str(agency.id), "name": agency.name, "credit_code": agency.credit_code,
            "filing_number": agency.filing_number, "account_username": agency.account_username,
            "state": agency.state, "info": agency.info, "comment": agency.comment,
            "return_reasons": list(agency.return_reasons),
            "materials": [dict(m) for m in agency.materials.values()], "agent_count": len(agency.agent_ids)}

