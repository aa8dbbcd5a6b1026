"""The integration events escrow publishes: the rent mandate's and the lease deposit's outcomes at the bank, and
the purchase-fund accounts of existing-home contracts (amounts in integer fen)."""
from shared.integration import IntegrationEvent, PublishedLanguage, integer, payload, text

MANDATE_ACTIVATED = IntegrationEvent("MandateActivated", 1, payload(
    lease_id=text(), mandate_ref=text(), card_masked=text()))
MANDATE_REFUSED = IntegrationEvent("MandateRefused", 1, payload(lease_id=text(), mandate_ref=text(), reason=text()))
DEPOSIT_REQUESTED = IntegrationEvent("DepositRequested", 1, payload(
    lease_id=text(), amount=text(), payment_ref=text(), pay_url=text()))
DEPOSIT_PAID = IntegrationEvent("DepositPaid", 1, payload(
    lease_id=text(), payment_ref=text(), amount=text(), paid_at=text()))
DEPOSIT_REFUNDED = IntegrationEvent("DepositRefunded", 1, payload(lease_id=text(), refund_ref=text(), amount=text()))
PURCHASE_FUND_ACCOUNT_OPENED = IntegrationEvent("PurchaseFundAccountOpened", 1, payload(
    contract_id=text(), bank=text(), channel=text(), account_ref=text()))
PURCHASE_FUND_DEPOSITED = IntegrationEvent("PurchaseFundDeposited", 1, payload(
    contract_id=text(), amount_fen=integer(), bank_ref=text()))
PURCHASE_FUND_RELEASED = IntegrationEvent("PurchaseFundReleased", 1, payload(
    contract_id=text(), amount_fen=integer(), bank_ref=text()))
PURCHASE_FUND_REFUNDED = IntegrationEvent("PurchaseFundRefunded", 1, payload(
    contract_id=text(), amount_fen=integer(), bank_ref=text()))

LANGUAGE = PublishedLanguage("escrow", (MANDATE_ACTIVATED, MANDATE_REFUSED, DEPOSIT_REQUESTED, DEPOSIT_PAID,
                                        DEPOSIT_REFUNDED, PURCHASE_FUND_ACCOUNT_OPENED, PURCHASE_FUND_DEPOSITED,
                                        PURCHASE_FUND_RELEASED, PURCHASE_FUND_REFUNDED))
