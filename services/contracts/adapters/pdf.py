"""Contract PDFs (preview and formal prints) with Chinese text, drawn with fpdf2.

The CJK font is a system font, embedded as a subset: fonts-wqy-zenhei (what the project's setup installs),
else fonts-noto-cjk, else fonts-wqy-microhei. Its path is found once per process; each render builds its own
FPDF, since fpdf2 subsets the font object in place when it writes a document.

A preview carries a diagonal 预览 watermark and a header on every page saying it is not the formal contract.
The cover names the contract by its number (合同编号, the contract id for contracts drafted before numbers)
and says when the text was printed (打印时间, Asia/Shanghai). A formal print carries the verification code
(验证码, in groups of four) on the cover and in every page's footer, a QR code in the cover's top right
corner that opens the public check page, and the filing number (合同备案号) once the bureau has filed the
contract (an empty line until then). The first page of the text names the parties (合同双方当事人): the seller,
and the buyer with the identity document, its whole number, the phone and the postal address.

CjkPDF (font, footer with page number and verification code, fields, paragraphs, headings) is shared with the
public-housing lease materials in lease_pdf.py.
"""
from __future__ import annotations

import io
import logging
import os
import re
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable, Iterator, Mapping, Sequence

from fpdf import FPDF
from fpdf.enums import Align, WrapMode, XPos, YPos
from fontTools.ttLib import TTCollection
import segno

from shared.clock import SHANGHAI
from services.contracts.api.check_codes import grouped, normalise
from services.contracts.domain import clauses, template
from services.contracts.domain.buyer import DOCUMENT_NAMES

PREVIEW, FORMAL = "preview", "formal"
PDF_CREATOR = "荆州市商品房网签备案系统"
CONTRACT_TITLE = "商品房买卖合同（预售）"
PREVIEW_HEADER = "预览合同 — 不得作为正式合同使用"
WATERMARK = "预览"

# (font file, Debian package that installs it), in order of preference.
FONT_CANDIDATES: tuple[tuple[str, str], ...] = (
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "fonts-wqy-zenhei"),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "fonts-noto-cjk"),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "fonts-wqy-microhei"),
)

CHINA_TIME = timezone(timedelta(hours=8))
# The PDF creation date when the contract says nothing newer: fixed, so that a render is reproducible.
DEFAULT_CREATION_DATE = datetime(2000, 1, 1, tzinfo=CHINA_TIME)

_FONT = "cjk"
_GREY_WATERMARK = 225
_GREY_NOTE = 110
_LINE = 6.2  # mm per line of body text
_QR_SIZE = 30.0  # mm: a phone reads it from arm's length, a scan at 150 dpi still decodes
QR_CAPTION = "扫码核验合同"


class _DropUnsubsettableTableNotice(logging.Filter):
    """wqy-zenhei has a FontForge 'BDF ' table that fontTools drops with a warning on every render."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "don't know how to subset" not in record.getMessage()


logging.getLogger("fontTools.subset").addFilter(_DropUnsubsettableTableNotice())


def _collection_face(path: str) -> int:
    """The face of a .ttc to use: the Simplified Chinese one where the collection names it (Noto's 0 is JP)."""
    if not path.lower().endswith((".ttc", ".otc")):
        return 0
    collection = TTCollection(path, lazy=True)
    try:
        for index, face in enumerate(collection.fonts):
            family = face["name"].getBestFamilyName() or ""
            if family.endswith(" SC"):
                return index
        return 0
    finally:
        collection.close()


def find_cjk_font(candidates: Sequence[tuple[str, str]] = FONT_CANDIDATES) -> tuple[str, int]:
    """(path, face index) of the first installed candidate font; RuntimeError naming the package if none."""
    for path, _package in candidates:
        if os.path.isfile(path):
            return path, _collection_face(path)
    packages = " or ".join(package for _path, package in candidates)
    raise RuntimeError(f"no CJK font for contract PDFs: install the Debian package {packages} "
                       f"(looked for {', '.join(path for path, _package in candidates)})")


_font_cache: tuple[str, int] | None = None


def cjk_font() -> tuple[str, int]:
    """The discovered font, looked up once per process."""
    global _font_cache
    if _font_cache is None:
        _font_cache = find_cjk_font()
    return _font_cache


def _creation_date(contract: Mapping[str, Any]) -> datetime:
    """The contract's own last-change time when it carries one (`updated_at`), else a fixed date."""
    stamp = contract.get("updated_at")
    if isinstance(stamp, str):
        try:
            stamp = datetime.fromisoformat(stamp)
        except ValueError:
            stamp = None
    if isinstance(stamp, datetime):
        return stamp if stamp.tzinfo else stamp.replace(tzinfo=CHINA_TIME)
    if isinstance(stamp, date):
        return datetime(stamp.year, stamp.month, stamp.day, tzinfo=CHINA_TIME)
    return DEFAULT_CREATION_DATE


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def printed_code(code: str) -> str:
    """A verification code as a person reads it off the paper: in groups of four when it is a check code."""
    return grouped(code) if normalise(code) == code else code


def print_time(value: Any) -> str:
    """打印时间 in Asia/Shanghai, to the minute: 2026年05月01日 17:30."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return ""
    if not isinstance(value, datetime):
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=CHINA_TIME)
    return value.astimezone(SHANGHAI).strftime("%Y年%m月%d日 %H:%M")


def qr_png(url: str) -> bytes:
    """The QR code of `url` as a PNG (medium error correction, the standard quiet zone)."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


# Chinese line breaking: a line may break between any two characters, except that runs of Latin letters and
# digits (7800.00, HT-2026-000123) and an empty blank's ＿＿＿ stay whole, closing punctuation never starts a
# line (it hangs at the end of the previous one) and opening punctuation never ends one.
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,:/%+_-]*|＿+|.", re.DOTALL)
_NO_LINE_START = set("，。、；：？！）》」』】〕”’％…—·,.;:?!)]%")
_NO_LINE_END = set("（《「『【〔“‘([")


def wrap_lines(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Break text into lines no wider than `width` (bar hanging punctuation), measuring with `measure(str)`."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in _TOKEN.findall(paragraph):
            if measure(line + token) <= width or (line and token in _NO_LINE_START):
                line += token
                continue
            if line and line[-1] in _NO_LINE_END and len(line) > 1:
                lines.append(line[:-1])
                line = line[-1]
            elif line:
                lines.append(line)
                line = ""
            while measure(line + token) > width and len(token) > 1:  # a Latin run longer than a line
                cut = len(token) - 1
                while cut > 1 and measure(line + token[:cut]) > width:
                    cut -= 1
                lines.append(line + token[:cut])
                line, token = "", token[cut:]
            line += token
        lines.append(line)
    return lines


class CjkPDF(FPDF):
    """An A4 document in the CJK font, with the building blocks of the bureau's prints: centred title lines,
    labelled fields, wrapped paragraphs, headings. Every page's footer says 第 n 页 共 N 页, and carries the
    verification code (验证码) when the document has one."""

    def __init__(self, *, verification_code: str | None = None) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.verification_code = verification_code
        path, face = cjk_font()
        self.add_font(_FONT, fname=path, collection_font_number=face)
        self.set_margins(20, 22, 20)
        self.set_auto_page_break(auto=True, margin=20)
        self.alias_nb_pages("{nb}")

    def describe(self, *, title: str, subject: str, creator: str, created: datetime) -> None:
        """The document's metadata; `created` is fixed by the caller so that a render is reproducible."""
        self.set_title(title)
        self.set_subject(subject)
        self.set_creator(creator)
        self.set_lang("zh-CN")
        self.set_creation_date(created)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(_FONT, size=9)
        self.set_text_color(_GREY_NOTE)
        if self.verification_code:
            self.cell(0, 6, f"验证码：{printed_code(self.verification_code)}", align=Align.L)
            self.set_x(self.l_margin)
        self.cell(0, 6, f"第 {self.page_no()} 页 共 {{nb}} 页", align=Align.C)
        self.set_text_color(0)

    # --- building blocks ---

    def centered_line(self, text: str, *, size: float, height: float) -> None:
        self.set_font(_FONT, size=size)
        self.cell(0, height, text, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    @contextmanager
    def indented(self, left: float) -> Iterator[None]:
        """Lines inside start at `left` mm from the page edge (a block of fields on a cover)."""
        previous = self.l_margin
        self.set_left_margin(left)
        self.set_x(left)
        try:
            yield
        finally:
            self.set_left_margin(previous)
            self.set_x(previous)

    def field(self, label: str, value: str, *, fit: bool = False) -> None:
        """`label` then `value`, wrapped; with `fit`, a value such as a hash is set smaller (down to 7 pt) so that
        it stays on one line. An empty value is a line to be written on."""
        self.set_font(_FONT, size=12)
        self.cell(34, 10, label, new_x=XPos.RIGHT, new_y=YPos.TOP)
        if value and fit:
            size = 12.0
            while size > 7 and self.get_string_width(value) > self.w - self.r_margin - self.get_x():
                size -= 0.5
                self.set_font_size(size)
        if value:
            self.multi_cell(0, 10, value, wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        else:  # a line to be written on
            x, y = self.get_x(), self.get_y() + 8
            self.line(x, y, self.w - self.r_margin, y)
            self.ln(10)

    def paragraph(self, text: str, size: float = 10.5) -> None:
        self.set_font(_FONT, size=size)
        for line in wrap_lines(text, self.epw, self.get_string_width):
            self.cell(0, _LINE, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def heading(self, text: str) -> None:
        if self.will_page_break(3 * _LINE + 9):  # keep a title with the first lines of its text
            self.add_page()
        self.ln(3)
        self.set_font(_FONT, size=13)
        self.multi_cell(0, 8, text, wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)


class _ContractPDF(CjkPDF):
    """The sale contract: a preview has a watermark and a warning header; only a formal print shows the code."""

    def __init__(self, *, kind: str, verification_code: str | None) -> None:
        super().__init__(verification_code=verification_code if kind == FORMAL else None)
        self.kind = kind

    def header(self) -> None:
        if self.kind != PREVIEW:
            return
        self.set_font(_FONT, size=160)
        self.set_text_color(_GREY_WATERMARK)
        width = self.get_string_width(WATERMARK)
        cx, cy = self.w / 2, self.h / 2
        with self.rotation(45, x=cx, y=cy):
            self.text(cx - width / 2, cy + 160 * 0.3528 / 3, WATERMARK)
        self.set_font(_FONT, size=10)
        self.set_text_color(_GREY_NOTE)
        self.set_xy(self.l_margin, 10)
        self.cell(0, 6, PREVIEW_HEADER, align=Align.C)
        self.set_text_color(0)
        self.set_xy(self.l_margin, self.t_margin)


def _room_summary(room: Mapping[str, Any]) -> list[tuple[str, str]]:
    area, price = _text(room.get("area_sqm")), _text(room.get("price_per_sqm"))
    return [
        ("项目名称：", _text(room.get("project_name"))),
        ("房屋坐落：", f"{_text(room.get('building_name'))} {_text(room.get('room_number'))}号房".strip()),
        ("建筑面积：", f"{area} 平方米" if area else ""),
        ("单　　价：", f"{price} 元/平方米" if price else ""),
    ]


def _check_qr(pdf: _ContractPDF, url: str) -> None:
    """The QR code of the public check page in the cover's top right corner, with its caption under it."""
    x, y = pdf.w - pdf.r_margin - _QR_SIZE, 12.0
    pdf.image(io.BytesIO(qr_png(url)), x=x, y=y, w=_QR_SIZE, h=_QR_SIZE)
    pdf.set_font(_FONT, size=8)
    pdf.set_text_color(_GREY_NOTE)
    pdf.set_xy(x, y + _QR_SIZE)
    pdf.cell(_QR_SIZE, 4, QR_CAPTION, align=Align.C)
    pdf.set_text_color(0)
    pdf.set_xy(pdf.l_margin, pdf.t_margin)


def _cover(pdf: _ContractPDF, contract: Mapping[str, Any], *, verification_code: str | None,
           filing_number: str | None, check_url: str | None) -> None:
    pdf.add_page()
    if pdf.kind == FORMAL and check_url:
        _check_qr(pdf, check_url)
    pdf.ln(28)
    pdf.centered_line(CONTRACT_TITLE, size=26, height=16)
    pdf.centered_line("（依据合同示范文本 GF-2000-0171 制定）", size=11, height=8)
    pdf.ln(24)
    with pdf.indented(35):
        pdf.field("合同编号：", _text(contract.get("contract_number")) or _text(contract.get("contract_id")))
        pdf.field("出 卖 人：", _text(contract.get("seller_name")))
        pdf.field("买 受 人：", _text(contract.get("buyer_name")))
        for label, value in _room_summary(contract.get("room") or {}):
            pdf.field(label, value)
        pdf.field("打印时间：", print_time(contract.get("printed_at")))
        if pdf.kind == FORMAL:
            pdf.field("验 证 码：", printed_code(_text(verification_code)))
            pdf.field("合同备案号：", _text(filing_number))


def _parties(pdf: _ContractPDF, contract: Mapping[str, Any]) -> None:
    """合同双方当事人, as the model contract opens: the seller, then the buyer named fully."""
    buyer = contract.get("buyer") or {}
    pdf.heading("合同双方当事人")
    pdf.field("出 卖 人：", _text(contract.get("seller_name")))
    pdf.field("买 受 人：", _text(buyer.get("name")) or _text(contract.get("buyer_name")))
    pdf.field("证件类型：", DOCUMENT_NAMES.get(_text(buyer.get("id_type")), ""))
    pdf.field("证件号码：", _text(buyer.get("id_number")))
    pdf.field("联系电话：", _text(buyer.get("phone")))
    pdf.field("通讯地址：", _text(buyer.get("address")))


def _signatures(pdf: _ContractPDF) -> None:
    if pdf.will_page_break(40):
        pdf.add_page()
    pdf.ln(10)
    pdf.set_font(_FONT, size=11)
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    for left, right in (("出卖人（签章）：", "买受人（签章）："), ("法定代表人：", "委托代理人："),
                        ("委托代理人：", "签订日期：　　年　　月　　日")):
        pdf.cell(half, 10, left)
        pdf.cell(half, 10, right, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def render_contract_pdf(contract: Mapping[str, Any], *, kind: str, verification_code: str | None = None,
                        filing_number: str | None = None, check_url: str | None = None) -> bytes:
    """The contract as a PDF: a cover, then every clause and attachment with the contract's values filled in.

    `contract` has contract_id, buyer_name, buyer (name, id_type, id_number, phone, address), seller_name, room (project_name, building_name, room_number,
    area_sqm, price_per_sqm), sections ({section_id: {key: value}}), and optionally contract_number,
    printed_at (when this text was printed) and updated_at (datetime or ISO string), used as the PDF's
    creation date so the same version renders the same bytes. A formal print with `check_url` carries the
    QR code of that address (the public check page of its verification code).
    """
    if kind not in (PREVIEW, FORMAL):
        raise ValueError(f"kind must be {PREVIEW!r} or {FORMAL!r}, not {kind!r}")
    if kind == FORMAL and not _text(verification_code):
        raise ValueError("a formal print needs its verification code")
    pdf = _ContractPDF(kind=kind, verification_code=_text(verification_code) or None)
    contract_id = _text(contract.get("contract_number")) or _text(contract.get("contract_id"))
    pdf.describe(title=f"{CONTRACT_TITLE} {contract_id}".strip(), subject="预览合同" if kind == PREVIEW else "正式合同",
                 creator=PDF_CREATOR, created=_creation_date(contract))

    _cover(pdf, contract, verification_code=verification_code, filing_number=filing_number, check_url=check_url)
    filled = contract.get("sections") or {}
    pdf.add_page()
    _parties(pdf, contract)
    for sec in clauses.SECTIONS:
        if sec.kind == clauses.ATTACHMENT and sec.number == 1:
            _signatures(pdf)
            pdf.add_page()
        pdf.heading(sec.title)
        pdf.paragraph(template.render_text(sec, filled.get(sec.id) or {}))
    return bytes(pdf.output())
