"""Filing (备案): the bureau's review of signed contracts and the filing register (guide 000 R000.13/14)."""
