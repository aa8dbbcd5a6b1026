"""Contracts: new-home (and later existing-home) sale contracts and their signing (guides 000, 001, 002)."""
