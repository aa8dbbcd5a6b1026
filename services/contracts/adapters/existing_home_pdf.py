"""The existing-home contract (广东省房地产买卖合同) as a PDF with Chinese text: what the agent checks, what each
party reads before signing (R001.14), and, once filed, the contract with its filing number.

Identity numbers and phones are printed masked; the price is printed in yuan from its integer fen. The PDF's
creation date is the contract's last change, so the same contract renders the same bytes."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping

from services.contracts.adapters.pdf import CHINA_TIME, CjkPDF

TITLE = "广东省房地产买卖合同"
PDF_CREATOR = "中山市存量房网上合同备案系统"
PAYMENT = {"full": "一次性付款", "mortgage": "贷款付款", "installments": "分期付款"}
CO_OWNERSHIP = {"joint": "共同共有", "shares": "按份共有", None: "单独所有"}
BANKS = {"ccb": "中国建设银行", "rcb": "中山农村商业银行"}
CHANNELS = {"online": "线上办理", "branch": "线下支行办理"}
STATES = {"drafted": "草拟", "submitted": "已提交", "signature_order_open": "已创建订单，待签字",
          "all_signed": "订单已经完成签字", "filed": "已签约", "window_review": "窗口审核中",
          "window_rejected": "窗口审核不通过", "deleted": "已删除", "cancellation_open": "注销待签字",
          "window_cancellation_review": "注销审核中", "cancelled": "已注销"}


def yuan(fen: int) -> str:
    return f"{fen // 100:,}.{fen % 100:02d} 元"


def masked(value: str, keep_start: int = 3, keep_end: int = 4) -> str:
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


def _person(pdf: CjkPDF, label: str, row: Mapping[str, Any]) -> None:
    share = f"（份额 {row['share']}%）" if row.get("share") else ""
    pdf.field(label, f"{row['name']}{share}")
    pdf.field("证件号码：", masked(str(row.get("id_number", ""))))
    pdf.field("联系电话：", masked(str(row.get("phone", "")), 3, 4))


def render_existing_home_pdf(contract: Mapping[str, Any]) -> bytes:
    """`contract` is the application's document of the contract (its view, text hash and printed_at)."""
    created = datetime.fromisoformat(contract["printed_at"]).astimezone(CHINA_TIME)
    pdf = CjkPDF()
    pdf.describe(title=f"{TITLE} {contract['contract_number']}", subject=TITLE, creator=PDF_CREATOR,
                 created=created)
    pdf.add_page()
    pdf.ln(4)
    pdf.centered_line(TITLE, size=20, height=14)
    pdf.centered_line("（存量房）", size=12, height=8)
    pdf.ln(4)
    pdf.field("合同编号：", contract["contract_number"])
    pdf.field("合同状态：", STATES.get(contract["state"], contract["state"]))
    if contract.get("filing_number"):
        pdf.field("备案编号：", contract["filing_number"])
    prop = contract["property"]
    pdf.heading("第一条　房屋基本情况")
    pdf.field("房屋坐落：", str(prop.get("address", "")))
    pdf.field("权属证号：", str(prop.get("certificate_number", "")), fit=True)
    pdf.field("单元号：", str(prop.get("unit_number", "")), fit=True)
    pdf.heading(f"第二条　出卖人（{CO_OWNERSHIP.get(contract.get('seller_co_ownership'), '')}）")
    for index, row in enumerate(contract["sellers"], start=1):
        _person(pdf, f"出卖人{index}：", row)
    pdf.heading(f"第三条　买受人（{CO_OWNERSHIP.get(contract.get('buyer_co_ownership'), '')}）")
    for index, row in enumerate(contract["buyers"], start=1):
        _person(pdf, f"买受人{index}：", row)
    terms = contract.get("terms") or {}
    pdf.heading("第四条　成交价格、付款方式及交付")
    if terms:
        pdf.field("成交价格：", yuan(int(terms["price_fen"])))
        pdf.field("付款方式：", PAYMENT.get(terms["payment_method"], terms["payment_method"]))
        pdf.field("交付日期：", terms["handover_date"])
        for name, text in sorted((terms.get("clauses") or {}).items()):
            pdf.paragraph(f"{name}：{text}")
    escrow = contract.get("escrow") or {}
    pdf.heading("第五条　交易资金监管")
    if escrow.get("chosen"):
        pdf.paragraph(f"买卖双方选择资金监管：{BANKS.get(escrow['bank'], escrow['bank'])}，"
                      f"{CHANNELS.get(escrow['channel'], escrow['channel'])}。")
    elif escrow:
        pdf.paragraph("买卖双方自愿放弃存量房交易资金监管（见《自愿放弃存量房交易资金监管的共同声明》）。")
    if contract.get("notes"):
        pdf.heading("注意事项")
        pdf.paragraph(str(contract["notes"]))
    pdf.heading("电子签名")
    signatures = contract.get("signatures") or []
    if not signatures:
        pdf.paragraph("尚未生成电子合同订单。")
    for signature in signatures:
        status = f"已签署（{signature['signed_at']}）" if signature["signed"] else "待签署"
        pdf.paragraph(f"{signature['party_id']}　{signature['name_masked']}　{status}")
    pdf.ln(2)
    pdf.field("文件摘要：", contract["text_hash"], fit=True)
    return bytes(pdf.output())
