"""Agencies (中介机构) and their signing accounts, guide 001: opened for a filed agency (R001.2), enterprise info
per business licence with validity limits (R001.4, R001.5), named then uploaded materials (R001.6), submission with
a comment and the bureau's verification or return with reasons (R001.7)."""
from __future__ import annotations

from datetime import date
from typing import Any

from shared.aggregate import ServiceAggregate
from shared.errors import Conflict, InvalidInput, RuleViolation

MAX_IMAGE_BYTES = 500 * 1024  # R001.6, R001.8: "图片大小不能超过500K"
VALIDITY_YEARS = 2  # R001.5
MAX_MATERIALS = 20
INFO_FIELDS = ("name", "legal_representative", "registered_address", "business_scope", "contact_phone",
               "business_term_until", "qualification_valid_until")

APPLIED, SUBMITTED, VERIFIED, RETURNED = "applied", "submitted", "verified", "returned"
EDITABLE = (APPLIED, RETURNED)


def latest_validity(today: date) -> date:
    """Two years from today (R001.5); from 29 February, 28 February two years on."""
    try:
        return today.replace(year=today.year + VALIDITY_YEARS)
    except ValueError:
        return today.replace(year=today.year + VALIDITY_YEARS, day=28)


def check_validity(field: str, until: date, today: date) -> None:
    """R001.5: a term or validity runs out at most two years from today, and has not run out already."""
    latest = latest_validity(today)
    if until > latest:
        raise RuleViolation(f"{field} may be at most {VALIDITY_YEARS} years from today ({latest.isoformat()})",
                            code="validity_too_long", details={"field": field, "latest": latest.isoformat()})
    if until < today:
        raise RuleViolation(f"{field} has already run out", code="validity_expired",
                            details={"field": field, "today": today.isoformat()})


class Agency(ServiceAggregate):
    """A brokerage firm's signing account with the bureau; the agency account manages its agents (R001.3)."""

    class AgencyApplied(ServiceAggregate.Created):
        """R001.2: opened for an agency the agency filing system knows, under its filing number."""

        name: str
        credit_code: str
        filing_number: str
        account_username: str

        def apply(self, agency: "Agency") -> None:
            agency.name = self.name
            agency.credit_code = self.credit_code
            agency.filing_number = self.filing_number
            agency.account_username = self.account_username
            agency.state = APPLIED
            agency.info = None
            agency.materials = {}
            agency.comment = None
            agency.return_reasons = []
            agency.agent_ids = []

    class AgencyInfoCompleted(ServiceAggregate.Event):
        info: dict[str, Any]

        def apply(self, agency: "Agency") -> None:
            agency.info = dict(self.info)

    class MaterialAdded(ServiceAggregate.Event):
        material_id: str

        def apply(self, agency: "Agency") -> None:
            agency.materials[self.material_id] = {"material_id": self.material_id, "name": "", "file": None}

    class MaterialNamed(ServiceAggregate.Event):
        material_id: str
        name: str

        def apply(self, agency: "Agency") -> None:
            agency.materials[self.material_id]["name"] = self.name

    class MaterialUploaded(ServiceAggregate.Event):
        material_id: str
        sha256: str
        content_type: str
        size: int

        def apply(self, agency: "Agency") -> None:
            agency.materials[self.material_id]["file"] = {
                "sha256": self.sha256, "content_type": self.content_type, "size": self.size}

    class MaterialRemoved(ServiceAggregate.Event):
        material_id: str

        def apply(self, agency: "Agency") -> None:
            agency.materials.pop(self.material_id, None)

    class AgencySubmitted(ServiceAggregate.Event):
        comment: str

        def apply(self, agency: "Agency") -> None:
            agency.comment = self.comment
            agency.state = SUBMITTED

    class AgencyVerified(ServiceAggregate.Event):
        name: str
        credit_code: str

        def apply(self, agency: "Agency") -> None:
            agency.state = VERIFIED
            agency.return_reasons = []

    class AgencyReturned(ServiceAggregate.Event):
        reasons: list[str]

        def apply(self, agency: "Agency") -> None:
            agency.state = RETURNED
            agency.return_reasons = list(self.reasons)

    class AgentAdded(ServiceAggregate.Event):
        agent_id: str

        def apply(self, agency: "Agency") -> None:
            agency.agent_ids.append(self.agent_id)

    @classmethod
    def apply_for_account(cls, *, id, name: str, credit_code: str, filing_number: str,  # noqa: A002
                          account_username: str) -> "Agency":
        return cls._create(cls.AgencyApplied, id=id, name=name, credit_code=credit_code,
                           filing_number=filing_number, account_username=account_username)

    # The agency's own steps (R001.4–R001.7) ------------------------------------------------------------

    def complete_info(self, info: dict[str, Any], today: date) -> None:
        """R001.4, R001.5: the licence's details; without a qualification certificate its validity is the
        business term's (as the guide allows)."""
        self._require_editable()
        missing = [f for f in INFO_FIELDS if f != "qualification_valid_until" and not info.get(f)]
        if missing:
            raise InvalidInput("the business licence's required fields are missing", code="agency_info_incomplete",
                               details={"missing": missing})
        info = dict(info)
        info["qualification_valid_until"] = info.get("qualification_valid_until") or info["business_term_until"]
        check_validity("business_term_until", info["business_term_until"], today)
        check_validity("qualification_valid_until", info["qualification_valid_until"], today)
        stored = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in info.items()}
        self.trigger_event(self.AgencyInfoCompleted, info=stored)

    def add_material(self, material_id: str) -> None:
        self._require_editable()
        if len(self.materials) >= MAX_MATERIALS:
            raise RuleViolation(f"an agency keeps at most {MAX_MATERIALS} materials", code="too_many_materials")
        self.trigger_event(self.MaterialAdded, material_id=material_id)

    def name_material(self, material_id: str, name: str) -> None:
        self._require_editable()
        self._material(material_id)
        self.trigger_event(self.MaterialNamed, material_id=material_id, name=name)

    def upload_material(self, material_id: str, *, sha256: str, content_type: str, size: int) -> None:
        """R001.6: only into a material whose name was saved, and at most 500 KB."""
        self._require_editable()
        if not self._material(material_id)["name"]:
            raise RuleViolation("name the material and save it before uploading its file",
                                code="material_not_named", details={"material_id": material_id})
        check_image_size(size)
        self.trigger_event(self.MaterialUploaded, material_id=material_id, sha256=sha256,
                           content_type=content_type, size=size)

    def remove_material(self, material_id: str) -> None:
        self._require_editable()
        self._material(material_id)
        self.trigger_event(self.MaterialRemoved, material_id=material_id)

    def submit(self, comment: str) -> None:
        """R001.7: with a comment, the info completed and every material uploaded."""
        self._require_editable()
        if not comment.strip():
            raise InvalidInput("a submission needs a comment", code="comment_required")
        if self.info is None:
            raise RuleViolation("complete the enterprise info first", code="agency_info_missing")
        uploaded = [m for m in self.materials.values() if m["file"]]
        if not uploaded:
            raise RuleViolation("upload the business licence and the legal representative's ID first",
                                code="materials_missing")
        empty = [m["material_id"] for m in self.materials.values() if not m["file"]]
        if empty:
            raise RuleViolation("every material needs its file (or remove it)", code="material_without_file",
                                details={"material_ids": empty})
        self.trigger_event(self.AgencySubmitted, comment=comment.strip())

    # The bureau's decision (R001.7) ----------------------------------------------------------------------

    def verify(self) -> None:
        self._require_submitted()
        self.trigger_event(self.AgencyVerified, name=self.info["name"], credit_code=self.credit_code)

    def return_for_correction(self, reasons: list[str]) -> None:
        self._require_submitted()
        reasons = [r.strip() for r in reasons if r.strip()]
        if not reasons:
            raise InvalidInput("say why the agency is returned", code="reasons_required")
        self.trigger_event(self.AgencyReturned, reasons=reasons)

    # Agents (R001.8) ---------------------------------------------------------------------------------------

    def require_verified(self) -> None:
        """R001.8: agents are added only once the bureau has verified the agency."""
        if self.state != VERIFIED:
            raise RuleViolation("agents are added once the bureau has verified the agency",
                                code="agency_not_verified", details={"state": self.state})

    def add_agent(self, agent_id: str) -> None:
        self.require_verified()
        self.trigger_event(self.AgentAdded, agent_id=agent_id)

    @property
    def verified(self) -> bool:
        return self.state == VERIFIED

    def _material(self, material_id: str) -> dict[str, Any]:
        try:
            return self.materials[material_id]
        except KeyError:
            raise RuleViolation("add the material first (then name and save it)", code="material_not_found",
                                details={"material_id": material_id}) from None

    def _require_editable(self) -> None:
        if self.state not in EDITABLE:
            raise Conflict("the agency's info cannot change while the bureau reviews it or after verification",
                           code="agency_not_editable", details={"state": self.state})

    def _require_submitted(self) -> None:
        if self.state != SUBMITTED:
            raise Conflict("only a submitted agency is verified or returned", code="agency_not_submitted",
                           details={"state": self.state})


def check_image_size(size: int) -> None:
    if size > MAX_IMAGE_BYTES:
        raise InvalidInput(f"an image is at most {MAX_IMAGE_BYTES // 1024} KB", code="image_too_large",
                           details={"size": size, "max": MAX_IMAGE_BYTES})
