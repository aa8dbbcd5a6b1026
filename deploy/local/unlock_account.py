"""Lift a sign-in lock without signing in, for when no bureau officer can (the last one is locked).

    .venv/bin/python -m deploy.local.unlock_account USERNAME [--profile dev|test]

Otherwise a bureau officer unlocks through the API: POST /api/v1/accounts/{username}/unlock.
"""
from __future__ import annotations

import argparse

from deploy.local.processes import DEV, TEST
from deploy.local.stack import Stack
from shared import settings
from shared.context import CommandContext, acting_as


def main(argv: list[str] | None = None) -> None:
    from services.registry.adapters.sign_in_tables import with_sign_in_tables
    from services.registry.application.app import RegistryApplication

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("username")
    parser.add_argument("--profile", choices=("dev", "test"), default="dev")
    args = parser.parse_args(argv)
    stack = Stack(DEV if args.profile == "dev" else TEST)
    app = with_sign_in_tables(RegistryApplication(env=settings.event_store_env("registry", stack.env())))
    try:
        ctx = CommandContext(actor_id="operator", role="system")
        with acting_as(ctx):
            print(app.unlock_account(ctx, args.username))
    finally:
        app.close()


if __name__ == "__main__":
    main()
