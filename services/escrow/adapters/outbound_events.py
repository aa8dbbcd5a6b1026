"""Which of escrow's stored events leave it: the bank's outcomes (requests in flight and card images stay inside)."""
from shared.integration import Outbound
from services.escrow.api import events
from services.escrow.domain.deposit import LeaseDeposit
from services.escrow.domain.mandate import RentMandate

OUTBOUND = Outbound(events.LANGUAGE, {
    RentMandate.MandateActivated: events.MANDATE_ACTIVATED,
    RentMandate.MandateRefused: events.MANDATE_REFUSED,
    LeaseDeposit.DepositRequested: events.DEPOSIT_REQUESTED,
    LeaseDeposit.DepositPaid: events.DEPOSIT_PAID,
    LeaseDeposit.DepositRefunded: events.DEPOSIT_REFUNDED,
})
