"""The existing-home contract's PDF (广东省房地产买卖合同): its number, parties, price from integer fen, escrow and
filing number are printed; identity numbers only masked; the same contract renders the same bytes."""
from __future__ import annotations

import io

from pypdf import PdfReader

from services.contracts.adapters.existing_home_pdf import render_existing_home_pdf, yuan
from services.contracts.application.app import ContractsApplication
from tests.unit.existing_home_support import BUYER_A_ID, filed


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_filed_contract_prints_its_numbers_parties_and_price_with_masked_ids():
    app = ContractsApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    document = app.document_of(filed())
    pdf = render_existing_home_pdf(document)
    text = text_of(pdf)
    for expected in ("广东省房地产买卖合同", "CL2026000001", "CLBA2026000001", "王小明", "陈丽", "1,500,000.00",
                     "中国建设银行", "已签约"):
        assert expected in text
    assert BUYER_A_ID not in text and BUYER_A_ID[:3] in text
    assert render_existing_home_pdf(document) == pdf


def test_yuan_from_integer_fen():
    assert yuan(150_000_000) == "1,500,000.00 元" and yuan(5) == "0.05 元"
