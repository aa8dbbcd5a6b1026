"""Existing-home filings (guide 001): a contract every party signed online is filed at once with the year's next
CLBA number (R001.14); a window filing is recorded for the bureau's review (R001.16)."""
from __future__ import annotations

from typing import Any, Mapping

from shared import clock
from shared.application import retry_on_contention
from services.filing.domain.existing_home_filing import ONLINE, ExistingHomeFiling, existing_home_filing_id
from services.filing.domain.filing_numbers import EXISTING_HOME_PREFIX, ExistingHomeFilingNumbers, sequence_id

NUMBERING_ATTEMPTS = 100


class ExistingHomeFilings:
    """Mixed into FilingApplication."""

    find: Any
    _save: Any

    def request_existing_home_filing(self, contract_id: str, fact: Mapping[str, Any]) -> bool:
        """Safe to repeat: a contract's filing is requested once; after a window rejection, a later request of the
        contract (`fact["request_version"]`) comes back for review."""
        return retry_on_contention(lambda: self._request_existing_home_filing(contract_id, fact), NUMBERING_ATTEMPTS,
                                   "too many filings at once; the next delivery files it")

    def _request_existing_home_filing(self, contract_id: str, fact: Mapping[str, Any]) -> bool:
        known = self.find(existing_home_filing_id(contract_id))
        if known is not None:
            if not known.resubmit(fact):
                return False
            self._save([known])
            return True
        filing = ExistingHomeFiling.request(contract_id, fact)
        aggregates: list[Any] = [filing]
        if filing.mode == ONLINE:
            numbers = self.existing_home_numbers()
            filing.file(numbers.issue(str(filing.id)))
            aggregates.append(numbers)
        self._save(aggregates)
        return True

    def existing_home_numbers(self) -> ExistingHomeFilingNumbers:
        year = clock.now().astimezone(clock.SHANGHAI).year
        return self.find(sequence_id(EXISTING_HOME_PREFIX, year)) or ExistingHomeFilingNumbers.open_year(year)
