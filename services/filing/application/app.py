"""Filing application: intake of confirmed contracts, the bureau's review, filing numbers; existing-home filings
(see existing_home_filings.py)."""
from __future__ import annotations

from typing import Any


from shared import clock
from shared.application import ServiceApplication, retry_on_contention
from shared.clock import SHANGHAI
from shared.context import CommandContext
from shared.errors import Forbidden
from services.filing.application.existing_home_filings import ExistingHomeFilings
from services.filing.application.filing_cancellations import FilingCancellationCommands
from services.filing.application.window_reviews import WindowReviews
from services.filing.domain.certificate_note import CertificateNote, note_id
from services.filing.domain.filing_case import FilingCase, case_id
from services.filing.domain.filing_numbers import ExistingHomeFilingNumbers, FilingNumberSequence, sequence_id

APPROVAL_ATTEMPTS = 100
DEFAULT_CITY_CODE = "421000"  # the city's administrative division code, first part of a filing number (R000.13)
READERS = ("bureau_officer", "auditor", "system")


class FilingApplication(WindowReviews, FilingCancellationCommands, ExistingHomeFilings, ServiceApplication):
    # One event per filing of the year: every approval would otherwise replay the whole year.
    snapshotting_intervals = {FilingNumberSequence: 100, ExistingHomeFilingNumbers: 100}
    name = "filing"

    def __init__(self, env: Any = None, city_code: str | None = None) -> None:
        super().__init__(env=env)
        self.city_code = city_code or DEFAULT_CITY_CODE

    # Intake (policy on contracts' events) ------------------------------------------------------

    def submit(self, *, contract_id: str, developer_id: str, project_id: str, room_id: str,
               text_hash: str) -> bool:
        """A confirmed contract is submitted for filing. Safe to repeat."""
        if self.find(case_id(contract_id)) is not None:
            return False
        case = FilingCase.submit(contract_id=contract_id, developer_id=developer_id, project_id=project_id,
                                 room_id=room_id, text_hash=text_hash)
        note = self.find(note_id(contract_id))
        if note is not None:
            case.attach_certificate(note.certificate)
        self._save([case])
        return True

    def note_certificate(self, *, contract_id: str, certificate: dict) -> bool:
        """R002.8: the certificate a notarized contract carries to its filing. Safe to repeat."""
        if self.find(note_id(contract_id)) is not None:
            return False
        self._save([CertificateNote.note(contract_id, certificate)])
        return True

    def resubmit(self, *, contract_id: str, text_hash: str, submission: int) -> bool:
        case = self.get(case_id(contract_id), FilingCase, "filing")
        if case.resubmit(text_hash, submission):
            self._save([case])
            return True
        return False

    # Review (R000.13, R000.14) ------------------------------------------------------------------

    def approve(self, ctx: CommandContext, filing_id: str) -> dict[str, Any]:
        """File the contract with the next number of this city and year, retrying on contention."""
        return retry_on_contention(lambda: self.execute(ctx, "approve_filing", lambda: self._approve(filing_id)),
                                   APPROVAL_ATTEMPTS, "too many approvals at once; try again")

    def _approve(self, filing_id: str) -> Any:
        case = self.get(filing_id, FilingCase, "filing")
        year = clock.now().astimezone(SHANGHAI).year
        sequence = self.find(sequence_id(self.city_code, year)) or FilingNumberSequence.open(self.city_code, year)
        case.approve(sequence.issue(str(case.id)))
        return self.case_view(case), [case, sequence]

    def reject(self, ctx: CommandContext, filing_id: str, reasons: list[str]) -> dict[str, Any]:
        case = self.get(filing_id, FilingCase, "filing")

        def decide() -> Any:
            case.reject(reasons)
            return self.case_view(case), [case]

        return self.execute(ctx, "reject_filing", decide)

    def get_case(self, ctx: CommandContext, filing_id: str) -> dict[str, Any]:
        case = self.get(filing_id, FilingCase, "filing")
        if ctx.role not in READERS and not (ctx.role == "developer" and ctx.org_id == case.developer_id):
            raise Forbidden("this filing belongs to another organisation", code="other_organisation")
        return self.case_view(case)

    @staticmethod
    def case_view(case: FilingCase) -> dict[str, Any]:
        return {"filing_id": str(case.id), "contract_id": case.contract_id, "developer_id": case.developer_id,
                "project_id": case.project_id, "room_id": case.room_id, "state": case.state,
                "submission": case.submission, "filing_number": case.filing_number,
                "rejections": case.rejections, "text_hash": case.text_hash,
                "certificate": getattr(case, "certificate", None), "version": case.version}
