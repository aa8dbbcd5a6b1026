"""Contract numbers (合同编号): a prefix, the year in Asia/Shanghai and a six-digit serial of that year:
`YS` (预售) for new-home presale contracts (YS2026000001), `CL` (存量) for existing-home contracts
(CL2026000001). A contract gets its number once, when it is drafted, and keeps it.

One sequence aggregate per prefix and year, saved in the same transaction as the contract it numbers: two
drafts that read the same sequence version cannot both commit, so the loser drafts again with the next serial.
A number is therefore taken only by a committed draft and is never given twice, across processes and restarts;
a draft later abandoned keeps its number (numbers are never reused).
"""
from __future__ import annotations

import re
import uuid
from typing import Any

from shared.aggregate import ServiceAggregate

_NS = uuid.UUID("5a0c6e2e-8d1b-4f57-9a43-2b7e0f6c1d88")
PREFIX = "YS"
EXISTING_HOME_PREFIX = "CL"
SERIAL_DIGITS = 6
NUMBER_PATTERN = re.compile(rf"^{PREFIX}\d{{4}}\d{{{SERIAL_DIGITS}}}$")


def sequence_id(year: int, prefix: str = PREFIX) -> uuid.UUID:
    return uuid.uuid5(_NS, f"{prefix}/{year}")


def format_number(year: int, serial: int, prefix: str = PREFIX) -> str:
    return f"{prefix}{year:04d}{serial:0{SERIAL_DIGITS}d}"


class ContractNumberSequence(ServiceAggregate):
    """Version 2 of the state (its snapshots) holds the prefix."""

    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["prefix"] = PREFIX

    class SequenceOpened(ServiceAggregate.Created):
        """Version 2 added the prefix; the sequences stored before it were all presale (`YS`) ones."""

        year: int
        prefix: str
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["prefix"] = PREFIX

        def apply(self, sequence: "ContractNumberSequence") -> None:
            sequence.year = self.year
            sequence.prefix = self.prefix
            sequence.last_serial = 0

    class NumberTaken(ServiceAggregate.Event):
        serial: int
        contract_number: str
        contract_id: str

        def apply(self, sequence: "ContractNumberSequence") -> None:
            sequence.last_serial = self.serial

    @classmethod
    def open(cls, year: int, prefix: str = PREFIX) -> "ContractNumberSequence":
        return cls._create(cls.SequenceOpened, id=sequence_id(year, prefix), year=year, prefix=prefix)

    def take(self, contract_id: str) -> str:
        serial = self.last_serial + 1
        number = format_number(self.year, serial, self.prefix)
        self.trigger_event(self.NumberTaken, serial=serial, contract_number=number, contract_id=contract_id)
        return number
