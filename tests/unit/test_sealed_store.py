"""Stored records are sealed to their identity (shared.sealing) and an aggregate's versions must run
contiguously (shared.integrity): a record altered, moved or missing is an integrity error, never "not found"."""
from __future__ import annotations

import base64
import dataclasses
import itertools
import os
import uuid

import pytest
from eventsourcing.cryptography import AESCipher
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import DatetimeAsISO, JSONTranscoder, Mapper, StoredEvent, UUIDAsHex
from eventsourcing.utils import Environment
from prometheus_client import REGISTRY

from shared.application import ServiceApplication
from shared.errors import NotFound, StoredDataIntegrityError
from shared.integrity import missing_ranges
from shared.sealing import SealedMapper, SealingCipher, is_sealed

KEY = base64.b64encode(os.urandom(32)).decode()
_databases = itertools.count()


class Ledger(Aggregate):
    def __init__(self, owner: str) -> None:
        self.owner = owner
        self.entries: list[str] = []

    @event("Written")
    def write(self, entry: str) -> None:
        self.entries.append(entry)


class LedgerApplication(ServiceApplication):
    name = "ledgers"


def transcoder() -> JSONTranscoder:
    transcoder = JSONTranscoder()
    transcoder.register(UUIDAsHex())
    transcoder.register(DatetimeAsISO())
    return transcoder


def cipher(store: str = "ledgers", **env: str) -> SealingCipher:
    return SealingCipher(Environment(store, {"CIPHER_KEY": KEY, **env}))


def mapper(store: str = "ledgers", **env: str) -> SealedMapper:
    return SealedMapper(transcoder(), cipher=cipher(store, **env))


def refusals(problem: str) -> float:
    return REGISTRY.get_sample_value("housing_stored_data_integrity_errors_total",
                                     {"service": "ledgers", "problem": problem}) or 0.0


def stored_ledger(owner: str, entries: int = 1) -> list[StoredEvent]:
    ledger = Ledger(owner)
    for n in range(entries):
        ledger.write(f"entry {n}")
    return [mapper().to_stored_event(e) for e in ledger.collect_events()]


def refused(record: StoredEvent, problem: str = "seal_broken") -> None:
    before = refusals(problem)
    with pytest.raises(StoredDataIntegrityError) as caught:
        mapper().to_domain_event(record)
    assert caught.value.code == "stored_data_integrity" and caught.value.status == 500
    assert refusals(problem) == before + 1


def test_a_record_round_trips_and_its_state_is_sealed_not_plain():
    records = stored_ledger("甲公司", entries=2)
    assert all(is_sealed(r.state) and "甲公司".encode() not in r.state for r in records)
    events = [mapper().to_domain_event(r) for r in records]
    ledger = None
    for domain_event in events:
        ledger = domain_event.mutate(ledger)
    assert (ledger.owner, ledger.entries, ledger.version) == ("甲公司", ["entry 0", "entry 1"], 3)


def test_a_flipped_byte_is_refused():
    record = stored_ledger("A")[0]
    for position in (0, 5, 20, len(record.state) - 1):
        state = bytearray(record.state)
        state[position] ^= 0x01
        refused(dataclasses.replace(record, state=bytes(state)), "not_sealed" if position < 4 else "seal_broken")


def test_a_state_copied_into_another_aggregates_row_is_refused():
    a, b = stored_ledger("A")[0], stored_ledger("B")[0]
    refused(dataclasses.replace(b, state=a.state))


def test_a_changed_version_or_topic_is_refused():
    first, second = stored_ledger("A", entries=1)
    refused(dataclasses.replace(second, originator_version=5))
    refused(dataclasses.replace(second, state=first.state, topic=first.topic))
    refused(dataclasses.replace(first, topic=second.topic))


def test_a_record_of_another_store_is_refused():
    record = SealedMapper(transcoder(), cipher=cipher("other")).to_stored_event(Ledger("A").collect_events()[0])
    refused(record)


def test_a_legacy_record_opens_only_when_legacy_is_accepted():
    created = Ledger("A").collect_events()[0]
    legacy = Mapper(transcoder(), cipher=AESCipher(Environment("ledgers", {"CIPHER_KEY": KEY}))) \
        .to_stored_event(created)
    refused(legacy, "not_sealed")
    assert mapper(SEALING_ACCEPT_LEGACY="y").to_domain_event(legacy).owner == "A"


def test_nothing_is_written_unbound():
    with pytest.raises(TypeError):
        cipher().encrypt(b"x")
    with pytest.raises(TypeError):
        SealedMapper(transcoder(), cipher=AESCipher(Environment("ledgers", {"CIPHER_KEY": KEY})))


@pytest.fixture
def app():
    app = LedgerApplication(env={
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": f"file:ledgers{next(_databases)}?mode=memory&cache=shared",
        "MAPPER_TOPIC": "shared.sealing:SealedMapper", "CIPHER_TOPIC": "shared.sealing:SealingCipher",
        "CIPHER_KEY": KEY, "IS_SNAPSHOTTING_ENABLED": "y"})
    yield app
    app.close()


def tamper(app: LedgerApplication, statement: str, *params) -> None:
    with app.recorder.datastore.transaction(commit=True) as cursor:
        cursor.execute(statement.format(table=app.recorder.events_table_name), params)


def saved_ledger(app: LedgerApplication, owner: str, entries: int) -> Ledger:
    ledger = Ledger(owner)
    for n in range(entries):
        ledger.write(f"entry {n}")
    app.save(ledger)
    return ledger


def test_a_tampered_aggregate_is_an_integrity_error_not_not_found(app):
    ledger = saved_ledger(app, "A", 2)
    with app.recorder.datastore.transaction(commit=True) as cursor:
        cursor.execute(f"SELECT state FROM {app.recorder.events_table_name} "
                       "WHERE originator_id = ? AND originator_version = 2", (ledger.id.hex,))
        state = bytearray(cursor.fetchone()[0])
        state[30] ^= 0x80
        cursor.execute(f"UPDATE {app.recorder.events_table_name} SET state = ? "
                       "WHERE originator_id = ? AND originator_version = 2", (bytes(state), ledger.id.hex))
    with pytest.raises(StoredDataIntegrityError):
        app.get(ledger.id, Ledger, "ledger")
    with pytest.raises(StoredDataIntegrityError):
        app.find(ledger.id)
    with pytest.raises(NotFound):
        app.get(uuid.uuid4(), Ledger, "ledger")
    with pytest.raises(NotFound):
        app.get("not-a-uuid", Ledger, "ledger")


@pytest.mark.parametrize("deleted", [1, 2, 3])
def test_a_missing_version_is_an_integrity_error(app, deleted):
    ledger = saved_ledger(app, "A", 3)
    tamper(app, "DELETE FROM {table} WHERE originator_id = ? AND originator_version = ?", ledger.id.hex, deleted)
    before = refusals("version_gap")
    with pytest.raises(StoredDataIntegrityError):
        app.get(ledger.id, Ledger, "ledger")
    assert refusals("version_gap") == before + 1


def test_events_after_a_snapshot_must_continue_from_it(app):
    ledger = saved_ledger(app, "A", 2)
    app.take_snapshot(ledger.id)
    ledger.write("after 1")
    ledger.write("after 2")
    app.save(ledger)
    assert app.get(ledger.id, Ledger, "ledger").entries[-1] == "after 2"
    tamper(app, "DELETE FROM {table} WHERE originator_id = ? AND originator_version = 4", ledger.id.hex)
    with pytest.raises(StoredDataIntegrityError):
        app.get(ledger.id, Ledger, "ledger")


def test_reading_newest_first_refuses_a_gap_too(app):
    ledger = saved_ledger(app, "A", 3)
    assert [e.originator_version for e in app.events.get(ledger.id, desc=True)] == [4, 3, 2, 1]
    assert [e.originator_version for e in app.events.get(ledger.id, desc=True, limit=2)] == [4, 3]
    tamper(app, "DELETE FROM {table} WHERE originator_id = ? AND originator_version = 1", ledger.id.hex)
    with pytest.raises(StoredDataIntegrityError):
        list(app.events.get(ledger.id, desc=True))


def test_missing_ranges_names_every_hole():
    assert missing_ranges([1, 2, 3]) == []
    assert missing_ranges([2, 3, 6, 9]) == [(1, 1), (4, 5), (7, 8)]
    assert missing_ranges([6, 7], after=5) == []


def test_the_integrity_error_crosses_rpc_and_batch_answers_as_itself():
    from nameko.exceptions import deserialize, serialize

    import shared.nameko_kit.errors  # noqa: F401  (registers the errors for RPC)
    from services.lottery.api.selection_batch import as_answer, outcome

    error = StoredDataIntegrityError("stored data failed its integrity check", details={"service": "ledgers"})
    travelled = deserialize(serialize(error))
    assert type(travelled) is StoredDataIntegrityError and travelled.as_dict() == error.as_dict()
    with pytest.raises(StoredDataIntegrityError) as raised:
        outcome(as_answer(error))
    assert raised.value.status == 500 and raised.value.code == "stored_data_integrity"
