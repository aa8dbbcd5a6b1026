"""R001.16: the bureau's review of existing-home contracts signed at the window. Approval files the contract with
the year's next CLBA number; rejection returns it with reasons. Mixed into FilingApplication."""
from __future__ import annotations

from typing import Any

from shared.application import retry_on_contention
from shared.context import CommandContext
from shared.errors import Forbidden
from services.filing.domain.existing_home_filing import ExistingHomeFiling, existing_home_filing_id

BUREAU = "bureau_officer"
READERS = (BUREAU, "auditor", "system")
APPROVAL_ATTEMPTS = 100


class WindowReviews:
    get: Any
    execute: Any
    existing_home_numbers: Any

    def review_window_filing(self, ctx: CommandContext, contract_id: str, decision: str,
                             reasons: list[str]) -> dict[str, Any]:
        if ctx.role != BUREAU:
            raise Forbidden("the bureau reviews window filings", code="role_not_allowed")

        def decide() -> Any:
            filing = self._existing_home_filing(contract_id)
            filing.require_window_review()
            if decision == "approve":
                numbers = self.existing_home_numbers()
                filing.file(numbers.issue(str(filing.id)))
                return existing_home_filing_view(filing), [filing, numbers]
            filing.reject(reasons)
            return existing_home_filing_view(filing), [filing]

        return retry_on_contention(lambda: self.execute(ctx, "review_window_filing", decide), APPROVAL_ATTEMPTS,
                                   "too many approvals at once; try again")

    def get_existing_home_filing(self, ctx: CommandContext, contract_id: str) -> dict[str, Any]:
        if ctx.role not in READERS:
            raise Forbidden("the bureau and auditors read existing-home filings", code="role_not_allowed")
        return existing_home_filing_view(self._existing_home_filing(contract_id))

    def _existing_home_filing(self, contract_id: str) -> ExistingHomeFiling:
        return self.get(existing_home_filing_id(contract_id), ExistingHomeFiling, "existing-home filing")


def existing_home_filing_view(filing: ExistingHomeFiling) -> dict[str, Any]:
    return {"contract_id": filing.contract_id, "property_id": filing.property_id, "agency_id": filing.agency_id,
            "contract_number": filing.contract_number, "mode": filing.mode, "state": filing.state,
            "filing_number": filing.filing_number, "window": filing.window, "rejections": filing.rejections,
            "text_hash": filing.text_hash, "version": filing.version}
