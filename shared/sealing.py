"""Stored events and snapshots sealed to their identity: AES-GCM with the record's identity as associated data.

The library's AES cipher authenticates a record's state but not where it sits: a state copied into
another aggregate's row, or another version's, or under another topic, decrypts as well there. Here
the associated data is (store, originator id, originator version, topic), where the store is the
application's name (one per service schema): such a record no longer opens.

A sealed state is MARKER + nonce (12 bytes) + ciphertext and tag. States written by the library's
cipher before (legacy: nonce + tag + ciphertext, bound to nothing) open only when
SEALING_ACCEPT_LEGACY is set (HOUSING_ACCEPT_LEGACY_EVENTS); `python -m deploy.ops.rewrap_events`
seals them in place. Selected with MAPPER_TOPIC and CIPHER_TOPIC (see shared.settings).
"""
from __future__ import annotations

import dataclasses
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.cryptography import AESCipher
from eventsourcing.persistence import Mapper, StoredEvent
from eventsourcing.utils import Environment, strtobool

from shared.integrity import NOT_SEALED, SEAL_BROKEN, refused

MARKER = b"\x00HS1"
NONCE_BYTES = 12


class Unsealable(Exception):
    """A stored state that does not open for the identity it is stored under."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def identity(store: str, originator_id: Any, originator_version: int, topic: str) -> bytes:
    """The associated data binding a record to where it is stored."""
    return json.dumps(["housing.stored-record.v1", store, str(originator_id), int(originator_version), topic],
                      separators=(",", ":"), ensure_ascii=True).encode("ascii")


def record_identity(store: str, record: StoredEvent) -> bytes:
    return identity(store, record.originator_id, record.originator_version, record.topic)


def is_sealed(state: bytes) -> bool:
    return bytes(state[:len(MARKER)]) == MARKER


class SealingCipher(AESCipher):
    """AES-GCM sealing with associated data, under the application's name as the store.

    Its `encrypt` (the library's unbound format) is refused so that nothing writes an unbound record;
    `decrypt` stays for legacy records."""

    ACCEPT_LEGACY = "SEALING_ACCEPT_LEGACY"

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        self.store = environment.name.lower()
        self.accept_legacy = strtobool(environment.get(self.ACCEPT_LEGACY) or "n")
        self._aead = AESGCM(self.key)

    def encrypt(self, plaintext: bytes) -> bytes:
        raise TypeError("stored records are sealed to their identity: use seal()")

    def seal(self, plaintext: bytes, associated_data: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return MARKER + nonce + self._aead.encrypt(nonce, plaintext, associated_data)

    def open(self, state: bytes, associated_data: bytes) -> bytes:
        """The plaintext of a record sealed for `associated_data`, or Unsealable."""
        state = bytes(state)
        if not is_sealed(state):
            if not self.accept_legacy:
                raise Unsealable(NOT_SEALED)
            return self.open_legacy(state)
        nonce = state[len(MARKER):len(MARKER) + NONCE_BYTES]
        try:
            return self._aead.decrypt(nonce, state[len(MARKER) + NONCE_BYTES:], associated_data)
        except (InvalidTag, ValueError):
            raise Unsealable(SEAL_BROKEN) from None

    def open_legacy(self, state: bytes) -> bytes:
        """The plaintext of a record written by the library's cipher (authenticated, bound to nothing)."""
        try:
            return self.decrypt(state)
        except ValueError:
            raise Unsealable(SEAL_BROKEN) from None


class SealedMapper(Mapper):
    """The library's mapper, sealing each record's state to its identity with a SealingCipher.

    A record that does not open raises StoredDataIntegrityError (counted and logged by shared.integrity).
    Without a cipher (unit tests' in-memory stores) records are stored as the library's mapper stores them."""

    def __init__(self, transcoder: Any, compressor: Any = None, cipher: Any = None) -> None:
        if cipher is not None and not isinstance(cipher, SealingCipher):
            raise TypeError(f"SealedMapper needs a SealingCipher, not {type(cipher).__name__}")
        super().__init__(transcoder, compressor, cipher)
        self.unsealed = Mapper(transcoder, compressor)

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        stored = self.unsealed.to_stored_event(domain_event)
        if self.cipher is None:
            return stored
        sealed = self.cipher.seal(stored.state, record_identity(self.cipher.store, stored))
        return dataclasses.replace(stored, state=sealed)

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        if self.cipher is not None:
            try:
                plaintext = self.cipher.open(stored_event.state, record_identity(self.cipher.store, stored_event))
            except Unsealable as exc:
                raise refused(self.cipher.store, stored_event.originator_id, stored_event.originator_version,
                              exc.problem) from None
            stored_event = dataclasses.replace(stored_event, state=plaintext)
        return self.unsealed.to_domain_event(stored_event)
