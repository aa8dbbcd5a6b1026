"""Escrow (资金监管): bank-held purchase money and lease deposits (guides 001, 004).

Not built yet: arrives with the existing-home and lease-signing issues. Nothing here runs.
"""
