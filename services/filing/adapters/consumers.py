"""What filing consumes: contracts to file, and its own cases for the register."""
from shared.consumer import TrackedView
from shared.consumer_declaration import ConsumerDeclaration, on
from services.filing.adapters import inbound_events as inbound
from services.filing.adapters.register_view import PostgresFilingRegisterView
from services.filing.application.contract_intake import ContractIntake
from services.filing.application.filing_cancellations import CancellationIntake
from services.filing.application.register import FilingRegisterProjection as Register

CONTRACT_INTAKE = ConsumerDeclaration("contract_intake", TrackedView, lambda process, _: ContractIntake(process.app), (
    on("contracts", "Confirmed", 1, inbound.Confirmed, ContractIntake.confirmed),
    on("contracts", "ResubmittedForFiling", 1, inbound.Resubmitted, ContractIntake.resubmitted),
    on("contracts", "CertificateBound", 1, inbound.CertificateBound, ContractIntake.certificate_bound),
    on("contracts", "ExistingHomeFilingRequested", 1, inbound.ExistingHomeFilingRequested,
       ContractIntake.existing_home_filing_requested),
))
FILING_REGISTER = ConsumerDeclaration("filing_register", PostgresFilingRegisterView, lambda _, view: Register(view), (
    on("filing", "FilingSubmitted", 1, inbound.FilingSubmitted, Register.submitted),
    on("filing", "FilingResubmitted", 1, inbound.FilingResubmitted, Register.resubmitted),
    on("filing", "FilingApproved", 1, inbound.FilingApproved, Register.approved),
    on("filing", "FilingRejected", 1, inbound.FilingRejected, Register.rejected),
))

# Guide 001: the cancellation of an existing-home filing (R001.17, R001.18).
CANCELLATION_INTAKE = ConsumerDeclaration(
    "cancellation_intake", TrackedView, lambda process, _: CancellationIntake(process.app), (
        on("contracts", "ExistingHomeCancellationRequested", 1, inbound.ExistingHomeCancellationRequested,
           CancellationIntake.requested),
    ))
