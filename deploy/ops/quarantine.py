"""Operators' command for quarantined events (events a consumer could not apply; docs/operations.md).

    python -m deploy.ops.quarantine list [--service S] [--consumer C] [--aggregate A] [--all] [--json]
    python -m deploy.ops.quarantine redrive --service S [--consumer C] [--aggregate A] [--wait SECONDS]

`list` shows the open quarantined events (with `--all`, the re-driven ones too) and why each failed.
`redrive` asks the consumer's own process to re-apply the selected aggregates' quarantined events in
order (it does so on its next catch-up, within 30 s) and waits for the outcome: all applied (the
aggregate is no longer poisoned), or the event that failed again with its new reason. Asking again
is harmless. It connects as the service's own database role, with the local stack's settings
(`--profile dev|test`) or, with `--from-environment`, with the process environment as a service has it.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any, Mapping

import psycopg
from psycopg.rows import dict_row

from services import directory
from shared import quarantine, settings

EXIT_OK, EXIT_FAILED, EXIT_NOT_PICKED_UP = 0, 1, 2


def connect(service: str, environ: Mapping[str, str], attempts: int = 30) -> psycopg.Connection:
    """The service's own role; a database that is busy (no free connection slot) is tried again."""
    env = settings.event_store_env(service, environ)
    for attempt in range(1, attempts + 1):
        try:
            return psycopg.connect(host=env["POSTGRES_HOST"], port=env["POSTGRES_PORT"],
                                   dbname=env["POSTGRES_DBNAME"], user=env["POSTGRES_USER"],
                                   password=env["POSTGRES_PASSWORD"], autocommit=True, row_factory=dict_row,
                                   connect_timeout=5)
        except psycopg.OperationalError:
            if attempt == attempts:
                raise
            time.sleep(1)


def has_quarantine(conn: psycopg.Connection, service: str) -> bool:
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL AS present", (f"{service}.{quarantine.TABLE}",)).fetchone()
    return bool(row["present"])


def listed(service: str, environ: Mapping[str, str], consumer: str | None = None, aggregate: str | None = None,
           include_resolved: bool = False) -> list[dict[str, Any]]:
    with connect(service, environ) as conn:
        if not has_quarantine(conn, service):
            return []
        with conn.cursor() as curs:
            rows = quarantine.open_rows(curs, service, consumer, None, aggregate, include_resolved=include_resolved)
    return [{"service": service, **row} for row in rows]


def redrive(service: str, environ: Mapping[str, str], consumer: str | None, aggregate: str | None,
            wait: float, poll: float = 1.0) -> tuple[int, list[dict[str, Any]]]:
    """Ask for the re-drive and wait; returns (exit code, the selected events as they ended)."""
    with connect(service, environ) as conn:
        if not has_quarantine(conn, service):
            return EXIT_OK, []
        with conn.cursor() as curs:
            selected = quarantine.open_rows(curs, service, consumer, None, aggregate)
            quarantine.request_redrive(curs, service, consumer, aggregate)
        keys = {(row["consumer"], row["source"], row["position"]) for row in selected}
        deadline = time.monotonic() + wait
        while True:
            with conn.cursor() as curs:
                rows = [row for row in quarantine.open_rows(curs, service, consumer, None, aggregate,
                                                            include_resolved=True)
                        if (row["consumer"], row["source"], row["position"]) in keys]
            pending = [row for row in rows if row["resolved_at"] is None and row["redrive_requested_at"]]
            if not pending:
                failed = any(row["resolved_at"] is None for row in rows)
                return (EXIT_FAILED if failed else EXIT_OK), rows
            if time.monotonic() > deadline:
                return EXIT_NOT_PICKED_UP, rows
            time.sleep(poll)


def show(rows: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print(json.dumps(rows, default=str, ensure_ascii=False, indent=1))
        return
    if not rows:
        print("no quarantined events")
    for row in rows:
        state = "re-driven" if row["resolved_at"] else ("re-drive requested" if row["redrive_requested_at"]
                                                        else "open")
        print(f"{row.get('service', '')}/{row['consumer']} {row['source']}@{row['position']} {row['event_type']}"
              f" aggregate={row['aggregate_id']} event={row['event_id']} at={row['quarantined_at']:%Y-%m-%dT%H:%M:%S%z}"
              f" attempts={row['attempts']} [{state}]\n    {row['error_class']}: {row['error_message']}")


def environment(args: argparse.Namespace) -> Mapping[str, str]:
    if args.from_environment:
        return os.environ
    from deploy.local.processes import DEV, TEST
    from deploy.local.stack import Stack

    return Stack(DEV if args.profile == "dev" else TEST).env()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=("dev", "test"), default="dev")
    parser.add_argument("--from-environment", action="store_true", help="use HOUSING_* from the environment")
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="quarantined events and why")
    listing.add_argument("--service", choices=directory.EVENT_SOURCED)
    listing.add_argument("--all", action="store_true", help="also the events already re-driven")
    listing.add_argument("--json", action="store_true")
    again = commands.add_parser("redrive", help="re-apply quarantined events after a fix")
    again.add_argument("--service", choices=directory.EVENT_SOURCED, required=True)
    again.add_argument("--wait", type=float, default=90.0, help="seconds to wait for the consumer's process")
    again.add_argument("--json", action="store_true")
    for sub in (listing, again):
        sub.add_argument("--consumer", help="e.g. room_catalogue")
        sub.add_argument("--aggregate", help="the poisoned aggregate's id")
    args = parser.parse_args(argv)
    environ = environment(args)
    if args.command == "list":
        services = [args.service] if args.service else list(directory.EVENT_SOURCED)
        show([row for s in services for row in listed(s, environ, args.consumer, args.aggregate, args.all)],
             args.json)
        return EXIT_OK
    code, rows = redrive(args.service, environ, args.consumer, args.aggregate, args.wait)
    show(rows, args.json)
    if code == EXIT_NOT_PICKED_UP:
        print(f"the {args.service} consumer's process did not take the request within {args.wait:.0f} s;"
              " it stays requested (is the process running?)", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
