"""Filing (备案): the bureau's review of signed contracts and filing numbers (guide 000, 002).

Not built yet: arrives with the new-home sale issue. Nothing here runs.
"""
