"""Registry application: accounts, sign-in, developers, projects, building rules and room review."""
from __future__ import annotations

from typing import Any

from shared.application import ServiceApplication
from services.registry.application.access import BUREAU
from services.registry.application.accounts import AccountCommands
from services.registry.application.buildings import BuildingCommands
from services.registry.application.directory import DirectoryQueries
from services.registry.application.enterprises import EnterpriseCommands
from services.registry.application.passwords import Passwords
from services.registry.application.sign_in import AttemptLedger, CaptchaClaims, SignInCommands

__all__ = ["BUREAU", "RegistryApplication"]


class RegistryApplication(AccountCommands, SignInCommands, EnterpriseCommands, BuildingCommands, DirectoryQueries,
                          ServiceApplication):
    name = "registry"

    def __init__(self, env: Any = None, passwords: Passwords | None = None,
                 ledger: AttemptLedger | None = None, captchas: CaptchaClaims | None = None) -> None:
        super().__init__(env=env)
        self.passwords = passwords or Passwords()
        self.ledger = ledger
        self.captchas = captchas
