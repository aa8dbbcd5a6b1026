"""Public-housing lease materials (公共租赁住房 网上签约 合同材料) as one PDF with Chinese text.

Once the bureau has approved a signed lease, the family downloads its contract materials: a cover, then three
parts, each starting on a new page: 《公共租赁住房租赁合同》, 《租金托收授权书》 and 《押金缴纳凭证》. Every page's
footer carries the verification code (验证码) and the page number.

The renderer prints only what it is given: identity number, phone and bank card come in already masked (a value
without a mask character is refused rather than printed), amounts are printed as the decimal strings they are,
followed by 元, and times are shown in China time. Every field is required; a missing or empty one is a
ValueError naming all the fields that are missing. The PDF's creation date is the approval time, so the same
lease renders the same bytes.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping

from services.contracts.adapters.pdf import CHINA_TIME, CjkPDF, printed_code

LESSOR = "深圳市住房保障署"
PDF_CREATOR = "深圳市公共租赁住房网上签约系统"
MATERIALS_TITLE = "公共租赁住房合同材料"
LEASE_TITLE = "公共租赁住房租赁合同"
MANDATE_TITLE = "租金托收授权书"
DEPOSIT_TITLE = "押金缴纳凭证"

REQUIRED_FIELDS: tuple[str, ...] = (
    "lease_id", "round_name", "family_id", "tenant_name", "tenant_id_masked", "phone_masked", "room",
    "monthly_rent", "deposit", "rent_per_sqm", "deposit_months", "term_start", "term_end",
    "bank_card_masked", "mandate_ref", "signature_id", "signed_at", "document_sha256",
    "deposit_payment_ref", "deposit_paid_at", "approved_at", "approved_by",
)
REQUIRED_ROOM_FIELDS: tuple[str, ...] = ("building", "room_number", "layout", "orientation", "area_sqm")
MASKED_FIELDS: tuple[str, ...] = ("tenant_id_masked", "phone_masked", "bank_card_masked")
_MASK_CHARACTERS = set("*＊")
_SIGNATURE_LABEL, _HASH_LABEL = "电子签名编号：", "文件摘要："
_CODE_LABELS = {_SIGNATURE_LABEL, _HASH_LABEL}  # long codes, kept on one line


def _filled(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def _check(lease: Mapping[str, Any], verification_code: str) -> None:
    """ValueError naming every missing field (room fields as room.x), and every identifier that is not masked."""
    missing = [key for key in REQUIRED_FIELDS if not _filled(lease.get(key))]
    room = lease.get("room")
    if isinstance(room, Mapping):
        missing += [f"room.{key}" for key in REQUIRED_ROOM_FIELDS if not _filled(room.get(key))]
    elif "room" not in missing:
        raise ValueError(f"lease materials: room must be a mapping of {', '.join(REQUIRED_ROOM_FIELDS)}")
    if not _filled(verification_code):
        missing.append("verification_code")
    if missing:
        raise ValueError(f"lease materials cannot be printed, missing: {', '.join(missing)}")
    unmasked = [key for key in MASKED_FIELDS if not _MASK_CHARACTERS & set(str(lease[key]))]
    if unmasked:
        raise ValueError(f"lease materials print only masked identifiers; not masked: {', '.join(unmasked)}")


def _text(lease: Mapping[str, Any], key: str) -> str:
    return str(lease[key]).strip()


def _china_time(lease: Mapping[str, Any], key: str) -> datetime:
    """An ISO string or datetime with its UTC offset, in China time; a naive time would be a guess, so refused."""
    value = lease[key]
    try:
        stamp = value if isinstance(value, datetime) else datetime.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"lease materials: {key} is not an ISO date-time: {value!r}") from None
    if stamp.tzinfo is None:
        raise ValueError(f"lease materials: {key} has no UTC offset: {value!r}")
    return stamp.astimezone(CHINA_TIME)


def _shown(stamp: datetime) -> str:
    return f"{stamp:%Y-%m-%d %H:%M:%S}（北京时间）"


def _yuan(lease: Mapping[str, Any], key: str) -> str:
    return f"{_text(lease, key)} 元"


class _LeasePDF(CjkPDF):
    def part(self, title: str) -> None:
        """A part of the materials: a new page under its title."""
        self.add_page()
        self.ln(6)
        self.centered_line(title, size=20, height=14)
        self.ln(4)

    def fields(self, rows: list[tuple[str, str]]) -> None:
        for label, value in rows:
            self.field(label, value, fit=label in _CODE_LABELS)


def _cover(pdf: _LeasePDF, lease: Mapping[str, Any], *, verification_code: str, approved: datetime) -> None:
    pdf.add_page()
    pdf.ln(28)
    pdf.centered_line(MATERIALS_TITLE, size=24, height=16)
    pdf.centered_line(f"（{_text(lease, 'round_name')}）", size=12, height=8)
    pdf.ln(20)
    with pdf.indented(35):
        pdf.fields([
            ("合同编号：", _text(lease, "lease_id")),
            ("申请编号：", _text(lease, "family_id")),
            ("承 租 人：", _text(lease, "tenant_name")),
            ("审核通过：", _shown(approved)),
            ("审 核 人：", _text(lease, "approved_by")),
            ("验 证 码：", printed_code(verification_code)),
        ])
        pdf.ln(8)
        pdf.paragraph("本材料包括：")
        for number, title in enumerate((LEASE_TITLE, MANDATE_TITLE, DEPOSIT_TITLE), start=1):
            pdf.paragraph(f"{number}．《{title}》")
    pdf.ln(8)
    pdf.paragraph("可凭合同编号及验证码向深圳市住房保障署核验本材料的真实性。", size=9.5)


def _clauses(lease: Mapping[str, Any]) -> list[tuple[str, str]]:
    months = _text(lease, "deposit_months")
    return [
        ("第五条　房屋用途",
         "乙方承租的房屋仅限乙方及其共同申请的家庭成员自住，不得用于经营或者其他用途；"
         "无正当理由连续六个月以上不在该房屋居住的，甲方有权解除合同、收回房屋。"),
        ("第六条　禁止转租、转借",
         "乙方不得将承租的房屋转租、转借、调换或者擅自改变用途，不得在房屋内从事违法活动；"
         "有上述情形之一的，甲方有权解除合同、收回房屋，并依法处理。"),
        ("第七条　房屋使用与维修",
         "乙方应当合理使用并爱护房屋及其附属设施，不得擅自改变房屋结构或者进行装修；"
         "因乙方使用不当造成损坏的，由乙方负责修复或者赔偿。房屋及设施的自然损坏由甲方或者其委托的运营单位负责维修。"),
        ("第八条　租金与相关费用",
         "租金按月收取。租赁期间的水、电、燃气、物业服务、网络等费用由乙方自行承担。"
         "乙方无正当理由累计六个月以上未缴纳租金的，甲方有权解除合同、收回房屋，并依法追缴欠缴的租金。"),
        ("第九条　资格复核与退出",
         "租赁期间乙方家庭应当按规定接受住房保障资格复核，如实申报家庭人口、住房和收入财产变化情况。"
         "乙方通过购买、受赠、继承等方式获得其他住房，或者承租、承购其他保障性住房，不再符合公共租赁住房保障条件的，"
         "应当在规定期限内腾退房屋，本合同终止。"),
        ("第十条　押金退还",
         f"押金为 {months} 个月租金。合同终止、乙方腾退房屋并结清租金及水、电、燃气等费用，"
         "经甲方验收房屋及附属设施无损坏的，押金无息退还乙方；有欠费或者损坏的，从押金中抵扣，不足部分由乙方补足。"),
        ("第十一条　续租",
         "租赁期满需要续租的，乙方应当在期满前三个月提出申请，经审核符合条件的，重新签订租赁合同；"
         "未申请续租或者经审核不符合续租条件的，乙方应当在期满时腾退房屋。"),
        ("第十二条　电子签约",
         "本合同通过深圳市公共租赁住房网上签约系统以电子签名方式签订，经主管部门审核通过后生效，"
         "与纸质合同具有同等法律效力。"),
    ]


def _lease_contract(pdf: _LeasePDF, lease: Mapping[str, Any], *, signed: datetime) -> None:
    room = lease["room"]
    building, room_number = str(room["building"]).strip(), str(room["room_number"]).strip()
    pdf.part(LEASE_TITLE)
    pdf.fields([("合同编号：", _text(lease, "lease_id")), ("配租批次：", _text(lease, "round_name"))])

    pdf.heading("出租人（甲方）")
    pdf.fields([("名　　称：", LESSOR)])
    pdf.heading("承租人（乙方）")
    pdf.fields([
        ("姓　　名：", _text(lease, "tenant_name")),
        ("身份证号码：", _text(lease, "tenant_id_masked")),
        ("联系电话：", _text(lease, "phone_masked")),
        ("申请编号：", _text(lease, "family_id")),
    ])
    pdf.paragraph("根据公共租赁住房管理的有关规定，甲乙双方在平等、自愿的基础上，就乙方承租公共租赁住房事宜订立本合同。")

    pdf.heading("第一条　租赁房屋")
    pdf.fields([
        ("楼　　栋：", building),
        ("房　　号：", room_number),
        ("户　　型：", str(room["layout"]).strip()),
        ("朝　　向：", str(room["orientation"]).strip()),
        ("建筑面积：", f"{str(room['area_sqm']).strip()} 平方米"),
    ])
    pdf.heading("第二条　租金")
    pdf.fields([
        ("租金标准：", f"{_text(lease, 'rent_per_sqm')} 元/平方米·月"),
        ("月 租 金：", _yuan(lease, "monthly_rent")),
    ])
    pdf.paragraph("租金标准由主管部门按规定确定并动态调整；调整的，甲方应当提前书面通知乙方，自调整之月起按新标准计收。")
    pdf.heading("第三条　押金")
    pdf.fields([("押　　金：", f"{_yuan(lease, 'deposit')}（{_text(lease, 'deposit_months')} 个月租金）")])
    pdf.paragraph("乙方应当在签订本合同后、入住前一次性缴纳押金。")
    pdf.heading("第四条　租赁期限与租金托收")
    pdf.fields([("租赁期限：", f"{_text(lease, 'term_start')} 至 {_text(lease, 'term_end')}")])
    pdf.paragraph(f"租金采用银行托收方式缴纳：乙方授权甲方委托银行每月从乙方银行卡（{_text(lease, 'bank_card_masked')}）"
                  f"划扣当月租金，详见《{MANDATE_TITLE}》。因卡内余额不足等原因扣款失败的，视为乙方未按期缴纳租金。")
    for heading, text in _clauses(lease):
        pdf.heading(heading)
        pdf.paragraph(text)

    pdf.heading("签署")
    pdf.fields([
        ("出 租 人：", f"{LESSOR}（电子签章）"),
        ("承 租 人：", f"{_text(lease, 'tenant_name')}（电子签名）"),
        (_SIGNATURE_LABEL, _text(lease, "signature_id")),
        ("签署时间：", _shown(signed)),
        (_HASH_LABEL, f"SHA-256：{_text(lease, 'document_sha256')}"),
    ])


def _mandate(pdf: _LeasePDF, lease: Mapping[str, Any], *, signed: datetime) -> None:
    room = lease["room"]
    pdf.part(MANDATE_TITLE)
    pdf.fields([
        ("授 权 人：", _text(lease, "tenant_name")),
        ("身份证号码：", _text(lease, "tenant_id_masked")),
        ("申请编号：", _text(lease, "family_id")),
        ("合同编号：", _text(lease, "lease_id")),
        ("租赁房屋：", f"{str(room['building']).strip()} {str(room['room_number']).strip()}房"),
        ("托收银行卡：", _text(lease, "bank_card_masked")),
        ("每月托收：", _yuan(lease, "monthly_rent")),
        ("授权编号：", _text(lease, "mandate_ref")),
    ])
    pdf.ln(4)
    for text in (
        f"本人自愿授权{LESSOR}委托银行，自租赁期限起始之月（{_text(lease, 'term_start')}）起，至租赁合同终止时止，"
        f"每月从上述银行卡中划扣当月租金 {_yuan(lease, 'monthly_rent')}。租金标准调整的，按调整后的金额划扣。",
        "本人保证每月扣款日前卡内余额充足；因余额不足、银行卡挂失或者注销等原因扣款失败的，视为未按期缴纳租金，"
        "由本人承担相应责任。",
        "本人变更托收银行卡或者撤销本授权的，应当书面申请并另行约定租金缴纳方式；变更或者撤销前，本授权持续有效。",
    ):
        pdf.paragraph(text)
        pdf.ln(1)
    pdf.ln(6)
    pdf.fields([
        ("授权人：", f"{_text(lease, 'tenant_name')}（电子签名）"),
        (_SIGNATURE_LABEL, _text(lease, "signature_id")),
        ("签署时间：", _shown(signed)),
    ])


def _deposit_receipt(pdf: _LeasePDF, lease: Mapping[str, Any], *, paid: datetime) -> None:
    room = lease["room"]
    pdf.part(DEPOSIT_TITLE)
    pdf.fields([
        ("缴 款 人：", _text(lease, "tenant_name")),
        ("申请编号：", _text(lease, "family_id")),
        ("合同编号：", _text(lease, "lease_id")),
        ("租赁房屋：", f"{str(room['building']).strip()} {str(room['room_number']).strip()}房"),
        ("押金金额：", f"{_yuan(lease, 'deposit')}（{_text(lease, 'deposit_months')} 个月租金）"),
        ("缴款流水号：", _text(lease, "deposit_payment_ref")),
        ("缴款时间：", _shown(paid)),
        ("收款单位：", LESSOR),
    ])
    pdf.ln(6)
    pdf.paragraph("本凭证证明上述押金已足额缴纳。租赁合同终止、承租人腾退房屋并结清租金及相关费用，"
                  "经验收无损坏的，押金无息退还；有欠费或者损坏的，从押金中抵扣。请妥善保管本凭证。")


def render_lease_pdf(lease: Mapping[str, Any], *, verification_code: str) -> bytes:
    """The approved lease's contract materials as one PDF: cover, lease contract, rent-debit mandate, deposit receipt.

    `lease` carries the fields of REQUIRED_FIELDS (room with REQUIRED_ROOM_FIELDS); signed_at, deposit_paid_at
    and approved_at are ISO date-times with a UTC offset (or aware datetimes). ValueError when a field is missing
    or empty, a time has no offset, or an identifier is not masked. The same input renders the same bytes.
    """
    _check(lease, verification_code)
    code = str(verification_code).strip()
    approved, signed, paid = (_china_time(lease, key) for key in ("approved_at", "signed_at", "deposit_paid_at"))
    pdf = _LeasePDF(verification_code=code)
    pdf.describe(title=f"{MATERIALS_TITLE} {_text(lease, 'lease_id')}",
                 subject=f"{LEASE_TITLE}、{MANDATE_TITLE}、{DEPOSIT_TITLE}", creator=PDF_CREATOR, created=approved)
    _cover(pdf, lease, verification_code=code, approved=approved)
    _lease_contract(pdf, lease, signed=signed)
    _mandate(pdf, lease, signed=signed)
    _deposit_receipt(pdf, lease, paid=paid)
    return bytes(pdf.output())
