"""Tampering with stored events as a database admin would is noticed: the API answers
500 stored_data_integrity (never 404, never someone else's data), the reading process counts and logs it,
and `deploy.ops.verify_events` prints it. Every tampered aggregate is restored before its test ends."""
from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Iterator

import psycopg
import pytest
import requests
from eventsourcing.application import Application
from prometheus_client.parser import text_string_to_metric_families
from psycopg import sql

from shared import settings
from shared.errors import StoredDataIntegrityError
from tests.integration.support import admin_connection, today, unique_credit_code
from tests.integration.test_event_store import Ledger

ROOT = Path(__file__).resolve().parents[2]
EVENTS = sql.Identifier("registry", "registry_events")


def developer(bureau, name: str, events: int = 3) -> tuple[str, str]:
    """A fresh developer with at least `events` stored events, and its credit code."""
    credit_code = unique_credit_code()
    developer_id = bureau.ok("POST", "/api/v1/developers", {"name": name, "credit_code": credit_code})["developer_id"]
    for _ in range(events - 1):
        bureau.ok("POST", f"/api/v1/developers/{developer_id}/network-access",
                  {"permit_number": "荆房预售许字(2026)第1号", "permit_issued_on": today()})
    return developer_id, credit_code


@contextlib.contextmanager
def tampered(stack, *aggregate_ids: str) -> Iterator[psycopg.Connection]:
    """An admin connection to tamper with these aggregates' events; their rows are put back afterwards."""
    with admin_connection(stack) as conn:
        saved = conn.execute(sql.SQL("SELECT * FROM {} WHERE originator_id = ANY(%s)").format(EVENTS),
                             ([uuid.UUID(a) for a in aggregate_ids],))
        columns = [sql.Identifier(c.name) for c in saved.description]
        rows = saved.fetchall()
        try:
            yield conn
        finally:
            with conn.transaction():
                conn.execute(sql.SQL("DELETE FROM {} WHERE originator_id = ANY(%s)").format(EVENTS),
                             ([uuid.UUID(a) for a in aggregate_ids],))
                conn.cursor().executemany(sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
                    EVENTS, sql.SQL(", ").join(columns), sql.SQL(", ").join(sql.Placeholder() * len(columns))), rows)


def state(conn: psycopg.Connection, aggregate_id: str, version: int) -> bytes:
    return conn.execute(sql.SQL("SELECT state FROM {} WHERE originator_id = %s AND originator_version = %s")
                        .format(EVENTS), (uuid.UUID(aggregate_id), version)).fetchone()[0]


def set_state(conn: psycopg.Connection, aggregate_id: str, version: int, value: bytes) -> None:
    conn.execute(sql.SQL("UPDATE {} SET state = %s WHERE originator_id = %s AND originator_version = %s")
                 .format(EVENTS), (value, uuid.UUID(aggregate_id), version))


def flip_byte(conn: psycopg.Connection, aggregate_id: str, version: int) -> None:
    value = bytearray(state(conn, aggregate_id, version))
    value[len(value) // 2] ^= 0x01
    set_state(conn, aggregate_id, version, bytes(value))


def delete_event(conn: psycopg.Connection, aggregate_id: str, version: int) -> None:
    conn.execute(sql.SQL("DELETE FROM {} WHERE originator_id = %s AND originator_version = %s").format(EVENTS),
                 (uuid.UUID(aggregate_id), version))


def refusals(stack, problem: str) -> float:
    """How many stored records the registry process has refused for this problem."""
    text = requests.get(f"http://127.0.0.1:{stack.specs['registry'].port}/metrics", timeout=5).text
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "housing_stored_data_integrity_errors_total" and \
                    sample.labels == {"service": "registry", "problem": problem}:
                return sample.value
    return 0.0


def assert_integrity_error(response: requests.Response) -> None:
    assert response.status_code == 500, response.text
    assert response.json()["error"]["code"] == "stored_data_integrity"


def verify(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "deploy.ops.verify_events", "--profile", "test", *args],
                          cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True, timeout=300)


def test_a_flipped_byte_answers_the_integrity_error_is_counted_and_logged_without_plaintext(stack, bureau):
    developer_id, credit_code = developer(bureau, "翻转字节置业有限公司")
    before = refusals(stack, "seal_broken")
    with tampered(stack, developer_id) as conn:
        flip_byte(conn, developer_id, 2)
        assert_integrity_error(bureau.call("GET", f"/api/v1/developers/{developer_id}"))
        assert refusals(stack, "seal_broken") >= before + 1
    lines = [line for line in stack.log_file("registry").read_text().splitlines()
             if f"aggregate={developer_id} version=2 problem=seal_broken" in line]
    assert lines and "service=registry" in lines[-1] and credit_code not in lines[-1]
    assert bureau.ok("GET", f"/api/v1/developers/{developer_id}")["credit_code"] == credit_code


def test_developer_a_state_copied_into_b_row_does_not_make_b_read_as_a(stack, bureau):
    a_id, a_code = developer(bureau, "甲置业有限公司", events=1)
    b_id, b_code = developer(bureau, "乙置业有限公司", events=1)
    with tampered(stack, b_id) as conn:
        set_state(conn, b_id, 1, state(conn, a_id, 1))
        response = bureau.call("GET", f"/api/v1/developers/{b_id}")
        assert_integrity_error(response)
        assert a_code not in response.text and "甲置业" not in response.text
    assert bureau.ok("GET", f"/api/v1/developers/{b_id}")["credit_code"] == b_code


def test_a_deleted_middle_event_is_an_integrity_error_not_a_rollback(stack, bureau):
    developer_id, _ = developer(bureau, "删除事件置业有限公司", events=3)
    before = refusals(stack, "version_gap")
    with tampered(stack, developer_id) as conn:
        delete_event(conn, developer_id, 2)
        assert_integrity_error(bureau.call("GET", f"/api/v1/developers/{developer_id}"))
        assert refusals(stack, "version_gap") >= before + 1
    assert bureau.ok("GET", f"/api/v1/developers/{developer_id}")["admitted"] is True


def test_verify_prints_each_tampering_and_exits_0_once_the_store_is_clean(stack, bureau):
    flipped, _ = developer(bureau, "核验一置业有限公司")
    source, _ = developer(bureau, "核验二置业有限公司", events=1)
    copied, _ = developer(bureau, "核验三置业有限公司", events=1)
    holed, _ = developer(bureau, "核验四置业有限公司", events=3)
    with tampered(stack, flipped, copied, holed) as conn:
        flip_byte(conn, flipped, 1)
        set_state(conn, copied, 1, state(conn, source, 1))
        delete_event(conn, holed, 2)
        result = verify()
        assert result.returncode == 1, result.stderr
        lines = {tuple(line.split("\t")[:5]) for line in result.stdout.splitlines()}
        assert lines == {("registry", "registry_events", flipped, "1", "seal_broken"),
                         ("registry", "registry_events", copied, "1", "seal_broken"),
                         ("registry", "registry_events", holed, "2", "version_gap")}
        assert "3 problems" in result.stderr
    result = verify()
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "" and "0 problems" in result.stderr


class LegacyProbe(Application):
    """A store of its own in the lottery's schema."""


def test_records_written_before_sealing_are_reported_then_sealed_in_place_by_rewrap(stack):
    env = settings.event_store_env("lottery", stack.env())
    legacy_env = {k: v for k, v in env.items() if k != "MAPPER_TOPIC"}
    legacy_env["CIPHER_TOPIC"] = "eventsourcing.cryptography:AESCipher"  # the library's cipher: bound to nothing
    legacy = LegacyProbe(env=legacy_env)
    ledger = Ledger()
    ledger.write("written before sealing")
    legacy.save(ledger)
    legacy.close()
    sealed = LegacyProbe(env=env)
    try:
        with pytest.raises(StoredDataIntegrityError):
            sealed.repository.get(ledger.id)
        result = verify()
        assert result.returncode == 1
        assert {line.split("\t")[4] for line in result.stdout.splitlines()
                if line.startswith("lottery\tlegacyprobe_events\t")} == {"not_sealed"}
        rewrap = subprocess.run([sys.executable, "-m", "deploy.ops.rewrap_events", "--profile", "test"], cwd=ROOT,
                                env=os.environ.copy(), capture_output=True, text=True, timeout=300)
        assert rewrap.returncode == 0 and "sealed 2 legacy records" in rewrap.stderr, rewrap.stderr
        assert sealed.repository.get(ledger.id).entries == ["written before sealing"]
        assert verify().returncode == 0
    finally:
        sealed.close()
