"""Lottery and selection (摇号选房): draw, sessions, carts, confirmation, leases (guide 004).

Not built yet: arrives with the public-housing selection issue. Nothing here runs.
"""
