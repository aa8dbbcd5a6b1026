"""The standard new-home sale contract (商品房买卖合同（预售）) as data: its sections, their text and blanks.

The text follows the national model contract GF-2000-0171《商品房买卖合同》issued by the Ministry of
Construction and the State Administration for Industry and Commerce: its 24 clauses (条), in the model's
order and under the model's titles, each rendered faithfully but concisely, with the model's 【 】 blanks
turned into named `Blank`s. The Jingzhou online-signing guide uses that text with five attachments (附件);
the fifth, 前期物业管理约定, is the local addition to the model's four. Where the model offers numbered
alternatives ("按下列第【 】种方式"), the usual alternative is written out and the choice made a blank.

What a value given for a blank may be, and what is still missing, is `template`'s business.
Pure Python: no I/O, no third-party imports.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

TEXT, DECIMAL, INTEGER, DATE, CHOICE = "text", "decimal", "integer", "date", "choice"
KINDS = (TEXT, DECIMAL, INTEGER, DATE, CHOICE)
CLAUSE, ATTACHMENT = "clause", "attachment"

_KEY = re.compile(r"[a-z][a-z0-9_]*")
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


@dataclass(frozen=True)
class Blank:
    """One 【    】 to fill."""

    key: str
    label: str
    kind: str
    required: bool = True
    choices: tuple[str, ...] = ()
    max_length: int = 200

    def __post_init__(self) -> None:
        if not _KEY.fullmatch(self.key):
            raise ValueError(f"blank key {self.key!r} is not snake_case ascii")
        if self.kind not in KINDS:
            raise ValueError(f"blank {self.key}: unknown kind {self.kind!r}")
        if (self.kind == CHOICE) != bool(self.choices):
            raise ValueError(f"blank {self.key}: choices go with kind 'choice', and only with it")


@dataclass(frozen=True)
class Section:
    """A clause (条) or attachment (附件): its title, its text with {key} placeholders, and its blanks."""

    number: int
    kind: str
    title: str
    text: str
    blanks: tuple[Blank, ...]

    def __post_init__(self) -> None:
        keys = [blank.key for blank in self.blanks]
        if len(set(keys)) != len(keys):
            raise ValueError(f"{self.id}: duplicate blank keys")
        if set(PLACEHOLDER.findall(self.text)) != set(keys):
            raise ValueError(f"{self.id}: the text's placeholders and the blanks differ")

    @property
    def id(self) -> str:
        return f"{self.kind}-{self.number}"

    def blank(self, key: str) -> Blank:
        for blank in self.blanks:
            if blank.key == key:
                return blank
        raise KeyError(key)


# Short constructors keep the table below readable.
def _text(key: str, label: str, required: bool = True, max_length: int = 200) -> Blank:
    return Blank(key, label, TEXT, required, max_length=max_length)


def _decimal(key: str, label: str, required: bool = True) -> Blank:
    return Blank(key, label, DECIMAL, required)


def _integer(key: str, label: str, required: bool = True) -> Blank:
    return Blank(key, label, INTEGER, required)


def _date(key: str, label: str, required: bool = True) -> Blank:
    return Blank(key, label, DATE, required)


def _choice(key: str, label: str, choices: tuple[str, ...], required: bool = True) -> Blank:
    return Blank(key, label, CHOICE, required, choices=choices)


USAGES = ("住宅", "商业", "办公", "车库", "其他")

CLAUSES: tuple[Section, ...] = (
    Section(1, CLAUSE, "第一条 项目建设依据",
            "出卖人以{land_acquisition}方式取得位于{land_location}的地块的土地使用权，"
            "土地使用权出让合同号（土地使用权证号）为{land_certificate_number}，土地使用年限至{land_use_expiry}止。"
            "出卖人经批准，在上述地块上建设商品房，定名为{project_name}。"
            "建设工程规划许可证号为{planning_permit_number}，施工许可证号为{construction_permit_number}。",
            (_choice("land_acquisition", "土地使用权取得方式", ("出让", "划拨", "转让")),
             _text("land_location", "地块坐落"),
             _text("land_certificate_number", "土地使用权出让合同号或土地使用权证号"),
             _date("land_use_expiry", "土地使用年限届满日期"),
             _text("project_name", "项目名称（现定名或暂定名）"),
             _text("planning_permit_number", "建设工程规划许可证号"),
             _text("construction_permit_number", "施工许可证号"))),
    Section(2, CLAUSE, "第二条 商品房销售依据",
            "买受人购买的商品房为{sale_type}。预售商品房批准机关为{presale_approval_authority}，"
            "商品房预售许可证号为{presale_permit_number}。",
            (_choice("sale_type", "商品房类型", ("预售商品房", "现房")),
             _text("presale_approval_authority", "预售商品房批准机关"),
             _text("presale_permit_number", "商品房预售许可证号"))),
    Section(3, CLAUSE, "第三条 买受人所购商品房的基本情况",
            "买受人购买的商品房（以下简称该商品房，其房屋平面图见本合同附件一，房号以附件一上表示为准）"
            "为本合同第一条规定的项目中的：{building_name}{unit_name}第{floor}层{room_number}号房。"
            "该商品房的用途为{usage}，属{structure}结构，阳台为{balcony}。"
            "该商品房合同约定建筑面积共{floor_area}平方米，其中，套内建筑面积{inner_area}平方米，"
            "公共部位与公用房屋分摊建筑面积{shared_area}平方米（有关公共部位与公用房屋分摊建筑面积构成说明见附件二）。",
            (_text("building_name", "幢（座）号"),
             _text("unit_name", "单元", required=False),
             _integer("floor", "所在层"),
             _text("room_number", "房号"),
             _choice("usage", "用途", USAGES),
             _text("structure", "结构（如钢筋混凝土框架）"),
             _choice("balcony", "阳台", ("封闭式", "非封闭式", "无阳台"), required=False),
             _decimal("floor_area", "合同约定建筑面积（平方米）"),
             _decimal("inner_area", "套内建筑面积（平方米）"),
             _decimal("shared_area", "公共部位与公用房屋分摊建筑面积（平方米）"))),
    Section(4, CLAUSE, "第四条 计价方式与价款",
            "出卖人与买受人约定{pricing_method}计算该商品房价款，"
            "该商品房单价为（人民币）每平方米{unit_price}元，总金额（人民币）{total_price}元"
            "（大写：{total_price_in_words}）。",
            (_choice("pricing_method", "计价方式", ("按套内建筑面积", "按建筑面积", "按套")),
             _decimal("unit_price", "单价（元/平方米；按套计价的填折算单价）"),
             _decimal("total_price", "总金额（元）"),
             _text("total_price_in_words", "总金额大写", required=False))),
    Section(5, CLAUSE, "第五条 面积确认及面积差异处理",
            "根据当事人选择的计价方式，本条以{area_basis}为依据进行面积确认及面积差异处理；"
            "当事人选择按套计价的，不适用本条约定。合同约定面积与产权登记面积有差异的，以产权登记面积为准。"
            "面积误差比绝对值在3%以内（含3%）的，据实结算房价款；面积误差比绝对值超出3%时，买受人有权退房；"
            "买受人不退房的，产权登记面积大于合同约定面积时，超出3%部分的房价款由出卖人承担，产权归买受人；"
            "产权登记面积小于合同约定面积时，绝对值超出3%部分的房价款由出卖人双倍返还买受人。"
            "双方另行约定：{other_terms}。",
            (_choice("area_basis", "面积确认依据", ("建筑面积", "套内建筑面积")),
             _text("other_terms", "其他约定", required=False, max_length=1000))),
    Section(6, CLAUSE, "第六条 付款方式及期限",
            "买受人按{payment_method}的方式按期付款。买受人应于{first_payment_due}前支付首付款（人民币）{down_payment}元；"
            "以贷款方式付款的，贷款金额（人民币）为{loan_amount}元。其余款项的付款时间和金额为：{payment_schedule}。",
            (_choice("payment_method", "付款方式", ("一次性付款", "分期付款", "贷款方式付款", "其他方式")),
             _date("first_payment_due", "首付款支付期限"),
             _decimal("down_payment", "首付款（元；一次性付款的为全部房价款）"),
             _decimal("loan_amount", "贷款金额（元）", required=False),
             _text("payment_schedule", "其余款项的付款时间和金额", required=False, max_length=1000))),
    Section(7, CLAUSE, "第七条 买受人逾期付款的违约责任",
            "买受人如未按本合同规定的时间付款，逾期在{grace_days}日之内的，自本合同规定的应付款期限之第二天起"
            "至实际全额支付应付款之日止，买受人按日向出卖人支付逾期应付款万分之{daily_penalty_rate}的违约金，合同继续履行；"
            "逾期超过该期限的，出卖人有权解除合同。出卖人解除合同的，买受人按累计应付款的{termination_penalty_percent}%"
            "向出卖人支付违约金。",
            (_integer("grace_days", "逾期天数上限（日）"),
             _decimal("daily_penalty_rate", "日违约金比例（万分之）"),
             _decimal("termination_penalty_percent", "解除合同违约金比例（%）"))),
    Section(8, CLAUSE, "第八条 交付期限",
            "出卖人应当在{delivery_date}前，依照国家和地方人民政府的有关规定，将具备“{delivery_condition}”条件，"
            "并符合本合同约定的商品房交付买受人使用。遭遇不可抗力，且出卖人在发生之日起{force_majeure_notice_days}日内"
            "告知买受人的，除双方协商同意解除合同或变更合同外，出卖人可据实予以延期。",
            (_date("delivery_date", "交付日期"),
             _choice("delivery_condition", "交付条件",
                     ("该商品房经验收合格", "该商品房经综合验收合格", "该商品房经分期综合验收合格",
                      "该商品房取得商品住宅交付使用批准文件")),
             _integer("force_majeure_notice_days", "不可抗力告知期限（日）"))),
    Section(9, CLAUSE, "第九条 出卖人逾期交房的违约责任",
            "除本合同第八条规定的特殊情况外，出卖人如未按本合同规定的期限将该商品房交付买受人使用，"
            "逾期不超过{grace_days}日的，自第八条规定的最后交付期限的第二天起至实际交付之日止，"
            "出卖人按日向买受人支付已交付房价款万分之{daily_penalty_rate}的违约金，合同继续履行；逾期超过该期限的，"
            "买受人有权解除合同。买受人解除合同的，出卖人应当自买受人解除合同通知到达之日起{refund_days}日内"
            "退还全部已付款，并按买受人累计已付款的{termination_penalty_percent}%向买受人支付违约金。",
            (_integer("grace_days", "逾期天数上限（日）"),
             _decimal("daily_penalty_rate", "日违约金比例（万分之）"),
             _integer("refund_days", "退款期限（日）"),
             _decimal("termination_penalty_percent", "解除合同违约金比例（%）"))),
    Section(10, CLAUSE, "第十条 规划、设计变更的约定",
            "经规划部门批准的规划变更、设计单位同意的设计变更导致该商品房结构形式、户型、空间尺寸、朝向"
            "或{other_affected_items}发生变化，影响买受人所购商品房质量或使用功能的，出卖人应当在有关部门批准同意之日起"
            "{notice_days}日内，书面通知买受人。买受人有权在通知到达之日起15日内做出是否退房的书面答复，"
            "逾期未作书面答复的，视同接受变更；出卖人未在规定时限内通知买受人的，买受人有权退房。",
            (_text("other_affected_items", "其他影响质量或使用功能的事项", required=False),
             _integer("notice_days", "书面通知期限（日）"))),
    Section(11, CLAUSE, "第十一条 交接",
            "商品房达到交付使用条件后，出卖人应当书面通知买受人办理交付手续。双方进行验收交接时，"
            "出卖人应当出示本合同第八条规定的证明文件，并签署房屋交接单；所购商品房为住宅的，"
            "出卖人还需提供《住宅质量保证书》和《住宅使用说明书》。出卖人不出示证明文件或出示证明文件不齐全，"
            "买受人有权拒绝交接，由此产生的延期交房责任由出卖人承担。由于买受人原因未能按期交付的，"
            "双方同意按以下方式处理：{buyer_delay_handling}。",
            (_text("buyer_delay_handling", "因买受人原因未能按期交付的处理方式", max_length=500),)),
    Section(12, CLAUSE, "第十二条 出卖人保证销售的商品房没有产权纠纷和债权债务纠纷",
            "出卖人保证销售的商品房没有产权纠纷和债权债务纠纷，该商品房{mortgage_status}，抵押权人：{mortgagee}。"
            "因出卖人原因，造成该商品房不能办理产权登记或发生债权债务纠纷的，由出卖人承担全部责任。",
            (_choice("mortgage_status", "抵押情况", ("未设定抵押", "已设定抵押")),
             _text("mortgagee", "抵押权人（已设定抵押的填写）", required=False))),
    Section(13, CLAUSE, "第十三条 出卖人关于装饰、设备标准承诺的违约责任",
            "出卖人交付使用的商品房的装饰、设备标准应符合双方约定（附件三）的标准。达不到约定标准的，"
            "买受人有权要求出卖人按照下述方式处理：{remedy}。其他处理方式：{other_remedy}。",
            (_choice("remedy", "处理方式", ("出卖人赔偿双倍的装饰、设备差价", "出卖人按约定标准整改并赔偿损失")),
             _text("other_remedy", "其他处理方式", required=False, max_length=500))),
    Section(14, CLAUSE, "第十四条 出卖人关于基础设施、公共配套建筑正常运行的承诺",
            "出卖人承诺与该商品房正常使用直接关联的下列基础设施、公共配套建筑按以下日期达到使用条件："
            "供水、供电、燃气、道路于{utilities_ready_date}前；{other_facilities}。"
            "如果在规定日期内未达到使用条件，双方同意按以下方式处理：{delay_handling}。",
            (_date("utilities_ready_date", "供水、供电、燃气、道路达到使用条件的日期"),
             _text("other_facilities", "其他基础设施、公共配套建筑及日期", required=False, max_length=500),
             _text("delay_handling", "未按期达到使用条件的处理方式", max_length=500))),
    Section(15, CLAUSE, "第十五条 关于产权登记的约定",
            "出卖人应当在商品房交付使用后{registration_days}日内，将办理权属登记需由出卖人提供的资料报产权登记机关备案。"
            "如因出卖人的责任，买受人不能在规定期限内取得房地产权属证书的，买受人退房的，出卖人在买受人提出退房要求之日起"
            "{refund_days}日内将买受人已付房价款退还给买受人，并按已付房价款的{refund_compensation_percent}%赔偿买受人损失；"
            "买受人不退房的，出卖人按已付房价款的{penalty_percent}%向买受人支付违约金。",
            (_integer("registration_days", "报送备案期限（日）"),
             _integer("refund_days", "退款期限（日）"),
             _decimal("refund_compensation_percent", "退房时赔偿比例（%）"),
             _decimal("penalty_percent", "不退房时违约金比例（%）"))),
    Section(16, CLAUSE, "第十六条 保修责任",
            "买受人购买的商品房为商品住宅的，《住宅质量保证书》作为本合同的附件，出卖人自商品住宅交付使用之日起，"
            "按照《住宅质量保证书》承诺的内容承担相应的保修责任。买受人购买的商品房为非商品住宅的，"
            "双方约定的保修范围、保修期限和保修责任为：{non_residential_warranty}。"
            "在商品房保修范围和保修期限内发生质量问题，出卖人应当履行保修义务；因不可抗力或者非出卖人原因造成的损坏，"
            "出卖人不承担责任，但可协助维修，维修费用由买受人承担。",
            (_text("non_residential_warranty", "非商品住宅的保修约定", required=False, max_length=1000),)),
    Section(17, CLAUSE, "第十七条 双方可以就下列事项约定",
            "1．该商品房所在楼宇的屋面使用权{roof_usage_right}；2．该商品房所在楼宇的外墙面使用权{exterior_wall_usage_right}；"
            "3．该商品房所在楼宇的命名权{building_naming_right}；4．该商品房所在小区的命名权{estate_naming_right}；"
            "5．其他：{other_matters}。",
            (_text("roof_usage_right", "屋面使用权的约定"),
             _text("exterior_wall_usage_right", "外墙面使用权的约定"),
             _text("building_naming_right", "楼宇命名权的约定"),
             _text("estate_naming_right", "小区命名权的约定"),
             _text("other_matters", "其他约定事项", required=False, max_length=1000))),
    Section(18, CLAUSE, "第十八条 买受人的房屋仅作【】使用",
            "买受人的房屋仅作{usage}使用，买受人使用期间不得擅自改变该商品房的建筑主体结构、承重结构和用途。"
            "除本合同及其附件另有规定者外，买受人在使用期间有权与其他权利人共同享用与该商品房有关联的公共部位和设施，"
            "并按占地和公共部位与公用房屋分摊面积承担义务。出卖人不得擅自改变与该商品房有关联的公共部位和设施的使用性质。",
            (_choice("usage", "房屋用途", USAGES),)),
    Section(19, CLAUSE, "第十九条 争议解决方式",
            "本合同在履行过程中发生的争议，由双方当事人协商解决；协商不成的，{dispute_resolution}。"
            "选择仲裁的，仲裁机构为{arbitration_commission}。",
            (_choice("dispute_resolution", "争议解决方式", ("提交仲裁委员会仲裁", "依法向人民法院起诉")),
             _text("arbitration_commission", "仲裁委员会名称（选择仲裁的填写）", required=False))),
    Section(20, CLAUSE, "第二十条 补充协议",
            "本合同未尽事项，可由双方约定后签订补充协议（附件四）。",
            ()),
    Section(21, CLAUSE, "第二十一条 合同附件",
            "合同附件与本合同具有同等法律效力。本合同及其附件内，空格部分填写的文字与印刷文字具有同等效力。",
            ()),
    Section(22, CLAUSE, "第二十二条 合同份数",
            "本合同连同附件一式{copies}份，具有同等法律效力，合同持有情况如下：出卖人{seller_copies}份，"
            "买受人{buyer_copies}份，其他：{other_holders}。",
            (_integer("copies", "合同份数"),
             _integer("seller_copies", "出卖人持有份数"),
             _integer("buyer_copies", "买受人持有份数"),
             _text("other_holders", "其他持有人及份数（如登记备案机关1份）", required=False))),
    Section(23, CLAUSE, "第二十三条 合同生效",
            "本合同自双方签订之日起生效。",
            ()),
    Section(24, CLAUSE, "第二十四条 登记备案",
            "商品房预售的，自本合同生效之日起30天内，由出卖人向{filing_authority}申请登记备案。",
            (_text("filing_authority", "预售登记备案机关"),)),
)

ATTACHMENTS: tuple[Section, ...] = (
    Section(1, ATTACHMENT, "附件一 房屋平面图",
            "该商品房户型为{layout}，房屋平面图（标明房号、户型及尺寸）见所附图纸，图纸编号：{floor_plan_reference}。",
            (_text("layout", "户型（如3室2厅2卫）"),
             _text("floor_plan_reference", "平面图图纸编号", required=False))),
    Section(2, ATTACHMENT, "附件二 公共部位与公用房屋分摊建筑面积构成说明",
            "该商品房分摊的公共部位与公用房屋建筑面积共{shared_area}平方米，其构成为：{shared_area_composition}。",
            (_decimal("shared_area", "分摊建筑面积（平方米）"),
             _text("shared_area_composition", "分摊建筑面积构成说明", max_length=2000))),
    Section(3, ATTACHMENT, "附件三 装饰、设备标准",
            "1．外墙：{exterior_wall}；2．内墙、顶棚、地面：{interior_finish}；3．门窗：{doors_windows}；"
            "4．厨房、卫生间：{kitchen_bathroom}；5．供水、供电、燃气、电梯、通讯等设备：{equipment}。",
            (_text("exterior_wall", "外墙"),
             _text("interior_finish", "内墙、顶棚、地面"),
             _text("doors_windows", "门窗"),
             _text("kitchen_bathroom", "厨房、卫生间"),
             _text("equipment", "供水、供电、燃气、电梯、通讯等设备", max_length=500))),
    Section(4, ATTACHMENT, "附件四 合同补充协议",
            "双方就本合同未尽事项约定如下：{supplementary_terms}。"
            "补充协议的内容不得减轻或免除本合同约定应当由出卖人承担的责任，不得加重买受人的责任。",
            (_text("supplementary_terms", "补充协议条款", required=False, max_length=5000),)),
    Section(5, ATTACHMENT, "附件五 前期物业管理约定",
            "本项目前期物业服务企业为{property_company}，物业服务费标准为每月每平方米建筑面积（人民币）{management_fee}元。"
            "其他约定：{other_terms}。",
            (_text("property_company", "前期物业服务企业"),
             _decimal("management_fee", "物业服务费（元/平方米·月）"),
             _text("other_terms", "其他约定", required=False, max_length=1000))),
)

SECTIONS: tuple[Section, ...] = CLAUSES + ATTACHMENTS
SECTION_IDS: tuple[str, ...] = tuple(s.id for s in SECTIONS)
_BY_ID: dict[str, Section] = {s.id: s for s in SECTIONS}


def section(section_id: str) -> Section:
    """The section with this id ("clause-4", "attachment-2"); KeyError for an unknown id."""
    try:
        return _BY_ID[section_id]
    except (KeyError, TypeError):
        raise KeyError(section_id) from None
