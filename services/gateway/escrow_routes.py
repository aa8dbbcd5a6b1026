"""The HTTP routes of the existing-home contracts' purchase-fund escrow (资金监管, R001.12): the account as the
agent, the agency and the bureau read it (the bank's webhooks arrive at webhook_routes.py)."""
from __future__ import annotations

from services.escrow.api import answers

READERS = ("agent", "agency", "bureau_officer", "auditor")


def escrow_routes(route: type) -> tuple:
    """Built with the gateway's `Route` (passed in, so this module and routes.py do not import each other)."""
    return (
        route("get_purchase_fund_account", "GET", "/api/v1/existing-home-contracts/<contract_id>/escrow", "escrow",
              "get_purchase_fund_account", "The contract's purchase-fund escrow account: bank, channel, balance and "
              "movements in integer fen (404 no_escrow when the parties waived it, R001.12); an agent or agency "
              "reads its own agency's contracts", roles=READERS, response=answers.PurchaseFundAccountSchema,
              tags=("existing-home",)),
    )
