"""The notarial certificate bundle as one PDF (R002.7): the certificate, the seller's licence details, the buyer's
identity images, then the electronic contract exactly as it was pushed (its SHA-256 printed on the certificate)."""
from __future__ import annotations

import base64
import io
import os
from typing import Any, Mapping

from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

FONTS = ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
         "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
IMAGE_TITLES = {"id_front": "身份证正面", "id_back": "身份证反面", "id_in_hand": "手持身份证照片", "signature": "电子签名",
                "id_document_first": "身份证明文件（第一次核验）", "id_document_second": "身份证明文件（提交时核验）"}


def _font() -> str:
    for path in FONTS:
        if os.path.exists(path):
            return path
    raise RuntimeError("no CJK font installed (apt-get install fonts-wqy-zenhei)")


def render_certificate(parts: Mapping[str, Any], e_contract: bytes) -> bytes:
    case, certificate = parts["case"], parts["case"]["certificate"]
    pdf = FPDF(format="A4")
    pdf.add_font("cjk", fname=_font())
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font("cjk", size=22)
    pdf.cell(0, 20, "公 证 书", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=11)
    rows = [("公证书编号", certificate["certificate_number"]), ("公证处", parts["office"]),
            ("申请人（买受人）", case["buyer_name"]), ("证件号码", case["buyer_id_masked"]),
            ("出卖人", case["seller_name"]),
            ("房屋", f"{case['room'].get('project_name', '')}{case['room'].get('building_name', '')}"
                   f"{case['room'].get('room_number', '')}"),
            ("公证事项", "商品房买卖合同签约"), ("出具日期", certificate["issued_at"][:10]),
            ("合同内容摘要值（SHA-256）", certificate["content_hash"]),
            ("电子合同文件摘要值（SHA-256）", parts["pdf_sha256"]),
            ("公证书材料摘要值（SHA-256）", certificate["bundle_sha256"])]
    for label, value in rows:
        pdf.multi_cell(0, 8, f"{label}：{value}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.multi_cell(0, 8, "兹证明买受人经身份核验，已阅读并确认《中山市商品房买卖合同》《商品房买卖公证申请表》"
                         "《商品房买卖合同公证告知》《收案记录》，并在本公证处在线签署上述合同。", new_x="LMARGIN",
                   new_y="NEXT")
    pdf.add_page()
    pdf.set_font("cjk", size=16)
    pdf.cell(0, 12, "出卖方营业执照信息", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=11)
    pdf.multi_cell(0, 8, f"企业名称：{case['seller_name']}", new_x="LMARGIN", new_y="NEXT")
    for kind, data in sorted(parts["images"].items()):
        pdf.add_page()
        pdf.set_font("cjk", size=16)
        pdf.cell(0, 12, IMAGE_TITLES.get(kind, kind), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.image(io.BytesIO(base64.b64decode(data)), x=40, w=120)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(bytes(pdf.output()))))
    writer.append(PdfReader(io.BytesIO(e_contract)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
