"""Which of escrow's stored events leave it: the bank's outcomes (requests in flight and card images stay inside),
and the purchase-fund accounts' opening and movements (the decisions to release or refund stay inside)."""
from shared.integration import Outbound
from services.escrow.api import events
from services.escrow.domain.deposit import LeaseDeposit
from services.escrow.domain.mandate import RentMandate
from services.escrow.domain.purchase_fund import PurchaseFundAccount

OUTBOUND = Outbound(events.LANGUAGE, {
    RentMandate.MandateActivated: events.MANDATE_ACTIVATED,
    RentMandate.MandateRefused: events.MANDATE_REFUSED,
    LeaseDeposit.DepositRequested: events.DEPOSIT_REQUESTED,
    LeaseDeposit.DepositPaid: events.DEPOSIT_PAID,
    LeaseDeposit.DepositRefunded: events.DEPOSIT_REFUNDED,
    PurchaseFundAccount.AccountOpened: events.PURCHASE_FUND_ACCOUNT_OPENED,
    PurchaseFundAccount.DepositReceived: events.PURCHASE_FUND_DEPOSITED,
    PurchaseFundAccount.ReleaseCompleted: events.PURCHASE_FUND_RELEASED,
    PurchaseFundAccount.RefundCompleted: events.PURCHASE_FUND_REFUNDED,
})
