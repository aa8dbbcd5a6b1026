"""Filing numbers (备案号): unique, never reused, sequential per city and year (R000.13).

One sequence aggregate per city and year. Approvals save the case and the sequence together;
two approvals that read the same sequence version cannot both commit, so the loser retries with
the next number. A number is therefore issued only inside a committed approval: no gaps from
failed approvals, no reuse.
"""
from __future__ import annotations

import uuid

from shared.aggregate import ServiceAggregate

_NS = uuid.UUID("1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b")


def sequence_id(city_code: str, year: int) -> uuid.UUID:
    return uuid.uuid5(_NS, f"{city_code}/{year}")


def format_number(city_code: str, year: int, serial: int) -> str:
    return f"{city_code}-{year}-{serial:06d}"


class FilingNumberSequence(ServiceAggregate):
    class SequenceOpened(ServiceAggregate.Created):
        city_code: str
        year: int

        def apply(self, sequence: "FilingNumberSequence") -> None:
            sequence.city_code = self.city_code
            sequence.year = self.year
            sequence.last_serial = 0

    class NumberIssued(ServiceAggregate.Event):
        serial: int
        filing_number: str
        case_id: str

        def apply(self, sequence: "FilingNumberSequence") -> None:
            sequence.last_serial = self.serial

    @classmethod
    def open(cls, city_code: str, year: int) -> "FilingNumberSequence":
        return cls._create(cls.SequenceOpened, id=sequence_id(city_code, year), city_code=city_code, year=year)

    def number_of(self, serial: int) -> str:
        return format_number(self.city_code, self.year, serial)

    def issue(self, case_id: str) -> str:
        serial = self.last_serial + 1
        number = self.number_of(serial)
        self.trigger_event(self.NumberIssued, serial=serial, filing_number=number, case_id=case_id)
        return number


EXISTING_HOME_PREFIX = "CLBA"  # 存量房备案: the filings of existing-home contracts, a series of their own


class ExistingHomeFilingNumbers(FilingNumberSequence):
    """The existing-home filing numbers of a year: CLBA + year + six-digit serial (CLBA2026000001), issued the
    same way (saved with the filing they number, never reused; a cancelled filing keeps its number)."""

    @classmethod
    def open_year(cls, year: int) -> "ExistingHomeFilingNumbers":
        return cls._create(cls.SequenceOpened, id=sequence_id(EXISTING_HOME_PREFIX, year),
                           city_code=EXISTING_HOME_PREFIX, year=year)

    def number_of(self, serial: int) -> str:
        return f"{EXISTING_HOME_PREFIX}{self.year:04d}{serial:06d}"
