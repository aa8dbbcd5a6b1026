"""Escrow (资金监管): the rent auto-debit mandate and the lease deposit of public-housing leases (guide 004),
through the bank's adapter with signed callbacks. Existing-home fund supervision (guide 001) comes later."""
