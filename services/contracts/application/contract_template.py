"""The standard contract as the drafting form shows it: every clause and attachment with its text and the
blanks to fill (label, kind, whether required, the choices, the longest text accepted)."""
from __future__ import annotations

from typing import Any

from services.contracts.domain.clauses import SECTIONS, Section


def contract_template() -> dict[str, Any]:
    return {"sections": [section_view(s) for s in SECTIONS]}


def section_view(section: Section) -> dict[str, Any]:
    return {"section_id": section.id, "kind": section.kind, "number": section.number, "title": section.title,
            "text": section.text,
            "blanks": [{"key": b.key, "label": b.label, "kind": b.kind, "required": b.required,
                        "choices": list(b.choices), "max_length": b.max_length} for b in section.blanks]}
