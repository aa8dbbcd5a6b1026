"""Notary (公证): remote notarized signing cases and certificates (guide 002).

Not built yet: arrives with the notarized-signing issue. Nothing here runs.
"""
