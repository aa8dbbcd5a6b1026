"""The verification code (验证码) of a formal print, and the public check it opens.

Anyone holding the printed contract (the buyer, a bank) checks it with this code, without signing in, so
the code is a bearer secret: drawn with `secrets`, 80 bits (its form: services.contracts.api.check_codes).

`CheckCode` finds the contract a code belongs to: its id is derived from the code, and it is saved in the
same transaction as the formal print, so a code answers as soon as it is printed and two contracts can
never share one.
"""
from __future__ import annotations

import secrets
import uuid

from shared.aggregate import ServiceAggregate
from services.contracts.api.check_codes import ALPHABET, LENGTH

_NS = uuid.UUID("c3a1f0d2-7b4e-4e8a-b5d6-91f2e0a4c7b3")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def check_code_id(code: str) -> uuid.UUID:
    return uuid.uuid5(_NS, code)


class CheckCode(ServiceAggregate):
    class CodeIssued(ServiceAggregate.Created):
        contract_id: str

        def apply(self, entry: "CheckCode") -> None:
            entry.contract_id = self.contract_id

    @classmethod
    def issue(cls, code: str, contract_id: str) -> "CheckCode":
        return cls._create(cls.CodeIssued, id=check_code_id(code), contract_id=contract_id)
