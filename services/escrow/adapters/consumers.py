"""What escrow consumes: its part of the lease saga (services.escrow.application.lease_saga) and the
existing-home contracts' escrow (services.escrow.application.purchase_fund_policy)."""
from shared.consumer_declaration import ConsumerDeclaration, compensation, step
from services.escrow.adapters import inbound_events as inbound
from services.escrow.adapters.lease_accounts_view import PostgresLeaseAccountsView
from services.escrow.adapters.purchase_fund_contracts_view import PostgresPurchaseFundContractsView
from services.escrow.application.lease_saga import LeaseSaga
from services.escrow.application.purchase_fund_policy import PurchaseFundPolicy


def _saga(process, view) -> LeaseSaga:
    return LeaseSaga(view, process.app, process.bank, process.callback_url)


def _purchase_funds(process, view) -> PurchaseFundPolicy:
    return PurchaseFundPolicy(view, process.app, process.bank, process.purchase_fund_callback_url)


LEASE_ACCOUNTS = ConsumerDeclaration("lease_accounts", PostgresLeaseAccountsView, _saga, (
    step("contracts", "LeaseOpened", 1, inbound.LeaseOpened, LeaseSaga.lease_opened),
    step("contracts", "LeaseSigned", 1, inbound.LeaseSigned, LeaseSaga.lease_signed),
    compensation("contracts", "LeaseCancelled", 1, inbound.LeaseCancelled, LeaseSaga.lease_cancelled),
))

PURCHASE_FUNDS = ConsumerDeclaration("purchase_funds", PostgresPurchaseFundContractsView, _purchase_funds, (
    step("contracts", "ExistingHomeContractFiled", 1, inbound.ExistingHomeContractFiled,
         PurchaseFundPolicy.contract_filed),
    step("registry", "TransferRegistered", 1, inbound.TransferRegistered, PurchaseFundPolicy.transfer_registered),
    compensation("contracts", "ExistingHomeContractCancelled", 1, inbound.ExistingHomeContractCancelled,
                 PurchaseFundPolicy.contract_cancelled),
))
