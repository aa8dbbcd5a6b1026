"""Password hashing with Argon2id (argon2-cffi), and the password policy."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from shared.errors import InvalidInput

MIN_LENGTH = 12


class Passwords:
    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self.hasher = hasher or PasswordHasher()
        self._dummy = self.hasher.hash("timing-equaliser-not-a-password")

    def hash(self, password: str) -> str:
        if len(password) < MIN_LENGTH:
            raise InvalidInput(f"a password needs at least {MIN_LENGTH} characters",
                               code="weak_password")
        return self.hasher.hash(password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        """Constant work whether or not the account exists."""
        try:
            return self.hasher.verify(password_hash or self._dummy, password) and password_hash is not None
        except (VerificationError, InvalidHashError):
            return False
