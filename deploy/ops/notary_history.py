"""Print the notarized-signing saga of one contract, every step in order and explained (guide 002).

Run: .venv/bin/python -m deploy.ops.notary_history CONTRACT_ID [--profile dev|test|bench]
(the same history as GET /api/v1/contracts/{id}/notarization/history, read from notary's event store)."""
from __future__ import annotations

import argparse

from deploy.local.stack import Stack
from deploy.ops.stored_records import PROFILES, profile_argument
from shared import settings
from shared.context import SYSTEM
from services.notary.application.app import NotaryApplication
from services.notary.application.notarized_signing_saga import explained


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("contract_id")
    profile_argument(parser)
    args = parser.parse_args(argv)
    stack = Stack(PROFILES[args.profile])
    app = NotaryApplication(env=settings.event_store_env("notary", stack.env()))
    try:
        history = app.history(SYSTEM, args.contract_id, lambda: "")
    finally:
        app.close()
    if not history["sagas"]:
        print(f"合同 {args.contract_id} 没有网签公证流程")
        return 1
    print("\n".join(explained(history)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
