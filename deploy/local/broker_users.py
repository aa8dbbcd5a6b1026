"""The broker users of deploy/access.py on the local RabbitMQ (through rabbitmqctl, as root): created,
kept at their passwords from var/secrets.env, granted their permissions on each vhost.

Run by scripts/provision.sh (`python -m deploy.local.broker_users VHOST...`) and by
deploy/local/resets.py after it recreates a vhost. Only the declared users are touched.
"""
from __future__ import annotations

import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Iterable

from deploy.access import PRINCIPALS, Principal, broker_permissions

PARALLEL = 6  # each rabbitmqctl call starts an Erlang VM: a few at once, not one after another


def rabbitmqctl(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["rabbitmqctl", "-q", *args], check=check, capture_output=True, text=True)


def broker_principals() -> list[Principal]:
    return [p for p in PRINCIPALS.values() if p.uses_broker]


def _each(action, items: Iterable) -> list:
    with ThreadPoolExecutor(PARALLEL) as pool:
        return list(pool.map(action, items))


def ensure_users(secrets: dict[str, str], say=print) -> None:
    """Add missing users; set the password of those whose password differs from var/secrets.env."""
    listed = rabbitmqctl("list_users", "--no-table-headers").stdout.splitlines()
    existing = {line.split("\t")[0] for line in listed if line.strip()}

    def ensure(principal: Principal) -> None:
        user, password = principal.broker_user, _password(secrets, principal)
        if user not in existing:
            say(f"adding RabbitMQ user {user}")
            rabbitmqctl("add_user", "--", user, password)  # "--": a password may start with "-"
        elif rabbitmqctl("authenticate_user", "--", user, password, check=False).returncode != 0:
            say(f"updating RabbitMQ password of {user}")
            rabbitmqctl("change_password", "--", user, password)

    _each(ensure, broker_principals())


def grant(vhost: str, say=print) -> None:
    """Give every declared user exactly its permissions on `vhost` (unchanged ones are left alone)."""
    listed = rabbitmqctl("list_permissions", "-p", vhost, "--no-table-headers").stdout.splitlines()
    current = {fields[0]: tuple(fields[1:4]) for fields in (line.split("\t") for line in listed) if len(fields) >= 4}

    def set_one(principal: Principal) -> None:
        permissions = broker_permissions(principal)
        wanted = (permissions.configure, permissions.write, permissions.read)
        if current.get(principal.broker_user) != wanted:
            say(f"setting RabbitMQ permissions of {principal.broker_user} on vhost {vhost}")
            rabbitmqctl("set_permissions", "-p", vhost, principal.broker_user, *wanted)

    _each(set_one, broker_principals())


def _password(secrets: dict[str, str], principal: Principal) -> str:
    key = principal.broker_password_key
    if not secrets.get(key):
        raise SystemExit(f"{key} is missing from var/secrets.env: run `make provision`")
    if not re.fullmatch(r"[A-Za-z0-9._~+/=-]+", secrets[key]):  # rabbitmqctl's wrapper goes through `sh -c`
        raise SystemExit(f"{key} may only contain [A-Za-z0-9._~+/=-]")
    return secrets[key]


def main(vhosts: list[str]) -> None:
    from deploy.local.stack import read_secrets

    say = lambda message: sys.stdout.write(f"[provision] {message}\n")  # noqa: E731 (one write: no interleaving)
    ensure_users(read_secrets(), say)
    for vhost in vhosts:
        grant(vhost, say)


if __name__ == "__main__":
    main(sys.argv[1:])
