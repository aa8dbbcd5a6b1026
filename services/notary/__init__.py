"""Notary (公证): remote notarized signing cases and certificates (guide 002), and the saga that takes a contract
from its push to the notary office to its filing with the certificate (application/notarized_signing_saga.py)."""
