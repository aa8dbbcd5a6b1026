"""Registry application: accounts, sign-in, developers, projects, building rules, room review and the
bureau's lists of them; agencies, agents, property verification and what the real-estate register reports of transfers
(guide 001)."""
from __future__ import annotations

from typing import Any

from shared.application import ServiceApplication
from services.registry.application.access import BUREAU
from services.registry.application.accounts import AccountCommands
from services.registry.application.agencies import AgencyCommands
from services.registry.application.agency_directory import AgencyDirectory
from services.registry.application.agency_ports import AgencyFilingSystem, CredentialMessenger, PropertyRegister
from services.registry.application.agents import AgentCommands
from services.registry.application.credentials import credential_key_from
from services.registry.application.identity_binding import IdentityBindingCommands
from services.registry.application.property_transfers import PropertyTransferCommands
from services.registry.application.property_verification import PropertyVerificationCommands
from services.registry.application.buildings import BuildingCommands
from services.registry.application.enterprises import EnterpriseCommands
from services.registry.application.directory import RegistryDirectory
from services.registry.application.passwords import Passwords
from services.registry.application.records import RecordQueries
from services.registry.application.sign_in import AttemptLedger, CaptchaClaims, SignInCommands

__all__ = ["BUREAU", "RegistryApplication"]


class RegistryApplication(AccountCommands, SignInCommands, EnterpriseCommands, BuildingCommands, RecordQueries,
                          AgencyCommands, AgentCommands, IdentityBindingCommands, PropertyVerificationCommands,
                          PropertyTransferCommands, ServiceApplication):
    name = "registry"

    def __init__(self, env: Any = None, passwords: Passwords | None = None,
                 ledger: AttemptLedger | None = None, captchas: CaptchaClaims | None = None,
                 filing_system: AgencyFilingSystem | None = None, property_register: PropertyRegister | None = None,
                 messenger: CredentialMessenger | None = None, credential_secret: str | None = None) -> None:
        super().__init__(env=env)
        self.passwords = passwords or Passwords()
        self.ledger = ledger
        self.captchas = captchas
        self.directory = RegistryDirectory(self.recorder)
        self.agency_directory = AgencyDirectory(self.recorder)
        self.filing_system = filing_system
        self.property_register = property_register
        self.messenger = messenger
        self.credential_key = credential_key_from(credential_secret)
