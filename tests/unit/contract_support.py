"""A complete set of clause values built from the standard text, for tests that print and sign."""
from services.contracts.domain import clauses

SAMPLES = {"text": "示例内容", "decimal": "100.00", "integer": "2", "date": "2027-06-30"}


def value_for(blank):
    return blank.choices[0] if blank.kind == "choice" else SAMPLES[blank.kind]


def complete_sections():
    return {s.id: {b.key: value_for(b) for b in s.blanks if b.required} for s in clauses.SECTIONS}
