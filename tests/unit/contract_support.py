"""A complete set of clause values built from the standard text, for tests that print and sign."""
from services.contracts.domain import clauses

SAMPLES = {"text": "示例内容", "decimal": "100.00", "integer": "2", "date": "2027-06-30"}
# A buyer named fully (R000.7): a resident ID number with a correct check character.
BUYER = {"name": "张三", "id_type": "resident_id", "id_number": "421002198806151237", "phone": "13871234567",
         "address": "湖北省荆州市沙市区江津东路88号"}


def buyer_fields(buyer=None):
    """The buyer as the API takes it (buyer_name, buyer_id_type, …)."""
    return {f"buyer_{key}": value for key, value in (buyer or BUYER).items()}


def value_for(blank):
    return blank.choices[0] if blank.kind == "choice" else SAMPLES[blank.kind]


def complete_sections():
    return {s.id: {b.key: value_for(b) for b in s.blanks if b.required} for s in clauses.SECTIONS}
