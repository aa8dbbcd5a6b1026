"""What escrow consumes: its part of the lease saga (services.escrow.application.lease_saga)."""
from shared.consumer_declaration import ConsumerDeclaration, compensation, step
from services.escrow.adapters import inbound_events as inbound
from services.escrow.adapters.lease_accounts_view import PostgresLeaseAccountsView
from services.escrow.application.lease_saga import LeaseSaga


def _saga(process, view) -> LeaseSaga:
    return LeaseSaga(view, process.app, process.bank, process.callback_url)


LEASE_ACCOUNTS = ConsumerDeclaration("lease_accounts", PostgresLeaseAccountsView, _saga, (
    step("contracts", "LeaseOpened", 1, inbound.LeaseOpened, LeaseSaga.lease_opened),
    step("contracts", "LeaseSigned", 1, inbound.LeaseSigned, LeaseSaga.lease_signed),
    compensation("contracts", "LeaseCancelled", 1, inbound.LeaseCancelled, LeaseSaga.lease_cancelled),
))
