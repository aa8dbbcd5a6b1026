"""Least privilege on the running test stack (docs/security.md): every process runs as an unprivileged
account, holds only its declared secrets, and its database role and broker user reach only its own
schema, exchanges and queues. The operators' admin role is no superuser."""
from __future__ import annotations

import os
from pathlib import Path

import pika
import psycopg
import pytest
from psycopg import errors

from deploy import access
from tests.integration.support import admin_connection, eventually


def status_ids(pid: int) -> tuple[list[int], list[int], list[int]]:
    """Real, effective, saved and file-system uids and gids, and the supplementary groups."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
    return ([int(v) for v in fields["Uid"].split()], [int(v) for v in fields["Gid"].split()],
            [int(v) for v in fields["Groups"].split()])


def session_members(leader: int) -> list[int]:
    """The leader and every process it started (each service process leads its own session)."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[3]) == leader:
                members.append(int(entry.name))
    return members


def environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().decode()
    return dict(item.split("=", 1) for item in raw.split("\0") if "=" in item)


def test_every_service_process_runs_as_the_unprivileged_service_account(stack):
    import pwd

    account = pwd.getpwnam(access.SERVICE_ACCOUNT)
    checked = 0
    for name in stack.specs:
        pid = stack.pid(name)
        assert pid, f"{name} is not running"
        for member in session_members(pid):
            uids, gids, groups = status_ids(member)
            assert uids == [account.pw_uid] * 4, (name, member, uids)
            assert gids == [account.pw_gid] * 4, (name, member, gids)
            assert 0 not in groups and account.pw_uid != 0
            checked += 1
    assert checked >= len(stack.specs)


def test_a_process_environment_holds_only_its_declared_secrets(stack):
    secret_keys = access.secret_keys(stack.secrets)
    for name in stack.specs:
        principal = access.principal_of(name)
        env = environ(stack.pid(name))
        held = {key for key in secret_keys if any(stack.secrets[key] in value for value in env.values())}
        assert held == {key for key in principal.secret_keys if key in stack.secrets}, name
        assert not any(key.startswith("HOUSING_PG_ADMIN") for key in env), name
        if principal.uses_broker:
            assert env["HOUSING_AMQP_USER"] == principal.broker_user
            assert f"//{principal.broker_user}:" in env["AMQP_URI"]
        else:
            assert "AMQP_URI" not in env and "HOUSING_AMQP_USER" not in env, name


def connect_as(stack, principal: access.Principal) -> pika.BlockingConnection:
    env = stack.env()
    credentials = pika.PlainCredentials(principal.broker_user, stack.secrets[principal.broker_password_key])
    return pika.BlockingConnection(pika.ConnectionParameters(
        env["HOUSING_AMQP_HOST"], int(env["HOUSING_AMQP_PORT"]), stack.vhost, credentials))


def refused(action) -> bool:
    try:
        action()
    except pika.exceptions.ChannelClosedByBroker as exc:
        assert exc.reply_code == 403, exc  # ACCESS_REFUSED
        return True
    return False


def test_a_services_broker_user_cannot_consume_another_services_rpc_queue(stack):
    served = {p.rpc_name for p in access.PRINCIPALS.values() if p.serves_rpc}
    for principal in access.PRINCIPALS.values():
        if not principal.uses_broker:
            continue
        with connect_as(stack, principal) as connection:
            for service in sorted(served - {principal.rpc_name}):
                channel = connection.channel()
                channel.queue_declare(f"rpc-{service}", passive=True)  # it exists: the refusal is the rights
                assert refused(lambda: channel.basic_consume(f"rpc-{service}", lambda *a: None)), \
                    (principal.name, service)


def test_only_a_sources_relay_may_publish_its_events(stack):
    with connect_as(stack, access.PRINCIPALS["relay-contracts"]) as connection:
        channel = connection.channel()
        channel.confirm_delivery()
        assert refused(lambda: channel.basic_publish("registry.events", "DeveloperAdmitted", b"{}"))
    with connect_as(stack, access.PRINCIPALS["filing"]) as connection:
        channel = connection.channel()
        channel.confirm_delivery()
        assert refused(lambda: channel.basic_publish("filing.events", "FilingApproved", b"{}"))
    with connect_as(stack, access.PRINCIPALS["gateway"]) as connection:
        channel = connection.channel()
        assert refused(lambda: channel.basic_consume("evt-contracts-all--filing.contract_intake_from_contracts",
                                                     lambda *a: None))


def service_connection(stack, service: str) -> psycopg.Connection:
    env = stack.env()
    return psycopg.connect(host=env["HOUSING_PG_HOST"], port=env["HOUSING_PG_PORT"], dbname=stack.database,
                           user=f"svc_{service}", password=stack.secrets[f"HOUSING_PG_PASSWORD_{service.upper()}"],
                           autocommit=True)


@pytest.mark.parametrize("service, other", [("filing", "registry"), ("registry", "contracts"),
                                            ("escrow", "lottery"), ("lottery", "escrow")])
def test_a_services_database_role_cannot_read_another_services_schema(stack, service, other):
    table = f"{other}.{other}_events"
    with admin_connection(stack) as admin:  # the table is there (the services made it at start-up)
        eventually(lambda: admin.execute("SELECT to_regclass(%s)", (table,)).fetchone()[0] is not None)
    with service_connection(stack, service) as conn:
        conn.execute(f"SELECT count(*) FROM {service}.{service}_events").fetchone()
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute(f"SELECT count(*) FROM {table}")
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute(f"CREATE TABLE {other}.intruder (x int)")


def test_the_admin_role_is_no_superuser_yet_resets_and_reads_every_schema(stack):
    with admin_connection(stack) as admin:
        rolsuper, rolcreaterole, rolcreatedb = admin.execute(
            "SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user").fetchone()
        assert (rolsuper, rolcreaterole, rolcreatedb) == (False, False, True)
        # The session's reset dropped and recreated every service schema with this role; it reads them.
        assert admin.execute("SELECT count(*) FROM registry.registry_events").fetchone()[0] >= 1
        with pytest.raises(errors.InsufficientPrivilege):
            admin.execute("ALTER SYSTEM SET work_mem = '8MB'")


def test_the_service_account_cannot_read_the_secrets_file(stack):
    import pwd

    from deploy.local.stack import VAR

    account = pwd.getpwnam(access.SERVICE_ACCOUNT)
    mode = os.stat(VAR / "secrets.env")
    assert mode.st_uid == 0 and mode.st_mode & 0o077 == 0
    assert account.pw_uid != mode.st_uid
