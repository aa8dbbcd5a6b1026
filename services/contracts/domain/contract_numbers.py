"""Contract numbers (合同编号): `YS` (预售, a presale contract), the year in Asia/Shanghai and a six-digit serial
of that year, e.g. YS2026000001. A contract gets its number once, when it is drafted, and keeps it.

One sequence aggregate per year, saved in the same transaction as the contract it numbers: two drafts that
read the same sequence version cannot both commit, so the loser drafts again with the next serial. A number
is therefore taken only by a committed draft and is never given twice, across processes and restarts; a
draft later abandoned keeps its number (numbers are never reused).
"""
from __future__ import annotations

import re
import uuid

from shared.aggregate import ServiceAggregate

_NS = uuid.UUID("5a0c6e2e-8d1b-4f57-9a43-2b7e0f6c1d88")
PREFIX = "YS"
SERIAL_DIGITS = 6
NUMBER_PATTERN = re.compile(rf"^{PREFIX}\d{{4}}\d{{{SERIAL_DIGITS}}}$")


def sequence_id(year: int) -> uuid.UUID:
    return uuid.uuid5(_NS, f"{PREFIX}/{year}")


def format_number(year: int, serial: int) -> str:
    return f"{PREFIX}{year:04d}{serial:0{SERIAL_DIGITS}d}"


class ContractNumberSequence(ServiceAggregate):
    class SequenceOpened(ServiceAggregate.Created):
        year: int

        def apply(self, sequence: "ContractNumberSequence") -> None:
            sequence.year = self.year
            sequence.last_serial = 0

    class NumberTaken(ServiceAggregate.Event):
        serial: int
        contract_number: str
        contract_id: str

        def apply(self, sequence: "ContractNumberSequence") -> None:
            sequence.last_serial = self.serial

    @classmethod
    def open(cls, year: int) -> "ContractNumberSequence":
        return cls._create(cls.SequenceOpened, id=sequence_id(year), year=year)

    def take(self, contract_id: str) -> str:
        serial = self.last_serial + 1
        number = format_number(self.year, serial)
        self.trigger_event(self.NumberTaken, serial=serial, contract_number=number, contract_id=contract_id)
        return number
