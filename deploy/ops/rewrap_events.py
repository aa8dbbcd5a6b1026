"""Seal records written before sealing (the library's unbound AES format) to their identity, in place.

A legacy record that decrypts is sealed to the identity it is stored under; one that does not is left
as it is and printed (verify_events keeps reporting it). Sealed records are not touched, so running it
again changes nothing. Services may keep running. Run it once on a store written before sealing, then
verify: .venv/bin/python -m deploy.ops.rewrap_events [--profile dev|test|bench] [--dry-run]
"""
from __future__ import annotations

import argparse
import sys

from psycopg import sql

from deploy.ops.stored_records import cipher_for, connect, profile_argument, records, store_tables
from shared.sealing import MARKER, Unsealable, identity

NOT_SEALED = sql.SQL("substring(state from 1 for {}) <> %s").format(sql.Literal(len(MARKER)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    profile_argument(parser)
    parser.add_argument("--dry-run", action="store_true", help="count what would be sealed, change nothing")
    args = parser.parse_args(argv)
    conn, secrets = connect(args.profile)
    sealed = failed = 0
    with conn:
        for table in store_tables(conn):
            cipher = cipher_for(table, secrets)
            update = sql.SQL("UPDATE {} SET state = %s WHERE originator_id = %s AND originator_version = %s "
                             "AND state = %s").format(table.identifier)
            for originator_id, version, topic, state in records(conn, table, NOT_SEALED, (MARKER,)):
                try:
                    plaintext = cipher.open_legacy(state)
                except Unsealable:
                    failed += 1
                    print(f"{table.schema}\t{table.table}\t{originator_id}\t{version}\tlegacy record does not "
                          "decrypt; left as it is", flush=True)
                    continue
                if not args.dry_run:
                    conn.execute(update, (cipher.seal(plaintext, identity(table.store, originator_id, version, topic)),
                                          originator_id, version, state))
                sealed += 1
            conn.commit()
    print(f"{'would seal' if args.dry_run else 'sealed'} {sealed} legacy records; {failed} did not decrypt",
          file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
