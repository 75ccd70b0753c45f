"""The dataset templates shipped with the platform — pure Python.

A template fixes a dataset's columns (their types and masking), the column a visitor filters by first (村, 学校,
项目编号), where the record sits in the catalogue (法定主动公开内容类别, 主题分类), and how the public page shows it:
a stage chain as a timeline (政府采购全链条, 重大建设项目) or a time series as a chart (疫情防控每日数据).
Work plan items: 七 (录取), 十五 (惠民惠农补贴, 公示), 一 (政府采购全链条), 三 (重大建设项目), 四 (疫情防控).
"""

from __future__ import annotations

from dataclasses import dataclass

from zwgk.datasets.schema import Column, ColumnType

T = ColumnType

# Work plan item 一: 采购意向 → 采购公告 → 中标（成交）结果 → 合同 → 履约验收, one chain per project.
PROCUREMENT_STAGES = ("采购意向", "采购公告", "中标（成交）结果", "合同", "履约验收")
# Work plan item 三 (重大建设项目): the stages whose information is disclosed, in order.
MAJOR_PROJECT_STAGES = (
    "批准服务信息",
    "批准结果",
    "招标投标",
    "征收土地",
    "重大设计变更",
    "施工",
    "质量安全监督",
    "竣工",
)


@dataclass(frozen=True)
class Chain:
    """Rows linked by `key` (项目编号), each one stage (`stage`, ordered by its choices) with a date and a link."""

    key: str
    title: str  # the column naming the project
    stage: str
    date: str
    link: str


@dataclass(frozen=True)
class Chart:
    """A time series: `x` a date column, `series` integer columns drawn as lines."""

    x: str
    series: tuple[str, ...]


@dataclass(frozen=True)
class Template:
    code: str
    name: str
    description: str
    columns: tuple[Column, ...]
    statutory_category: str
    theme_path: str
    group: str = ""  # the first filter (村 / 学校 / 项目编号): indexed on every row
    chain: Chain | None = None
    chart: Chart | None = None
    publicity: bool = False  # published with a 公示 period (惠民惠农补贴, work plan item 十五)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


TEMPLATES: tuple[Template, ...] = (
    Template(
        code="admission",
        name="高中录取最低分",
        description="各招生学校、各批次的录取最低分和计划数、录取数（工作要点第七项）。",
        columns=(
            Column("school", "学校", T.CATEGORY, aliases=("招生学校", "学校名称")),
            Column("batch", "批次", T.CATEGORY, aliases=("录取批次",)),
            Column("min_score", "最低分", T.DECIMAL, aliases=("录取最低分", "最低分数线"), scale=1),
            Column("plan", "计划数", T.INTEGER, aliases=("招生计划", "计划")),
            Column("admitted", "录取数", T.INTEGER, aliases=("录取人数",)),
        ),
        statutory_category="art20_11",
        theme_path="科技、教育\\教育",
        group="school",
    ),
    Template(
        code="subsidy",
        name="惠农补贴发放结果",
        description="各类惠民惠农财政补贴资金的实际发放结果，按村（集体经济组织）公开（工作要点第十五项）。",
        columns=(
            Column("street", "街道", T.CATEGORY, required=False, aliases=("镇街", "街道（镇）")),
            Column("village", "村", T.CATEGORY, aliases=("村（集体经济组织）", "村名", "村集体经济组织")),
            Column("item", "补贴项目", T.CATEGORY, aliases=("补贴类别", "项目")),
            Column("name", "姓名", T.PERSON_NAME, aliases=("补贴对象", "户主姓名", "户主")),
            Column("id_number", "身份证号", T.ID_NUMBER, required=False, aliases=("身份证号码",)),
            Column("quantity", "面积/数量", T.DECIMAL, aliases=("面积", "数量", "补贴面积"), scale=2),
            Column("rate", "标准", T.DECIMAL, aliases=("补贴标准",), scale=2),
            Column("amount", "金额", T.MONEY, aliases=("补贴金额", "发放金额")),
            Column("paid_on", "发放日期", T.DATE, aliases=("发放时间",)),
        ),
        statutory_category="art20_11",
        theme_path="农业、林业、水利\\农业、畜牧业、渔业",
        group="village",
        publicity=True,
    ),
    Template(
        code="procurement",
        name="政府采购全链条",
        description="政府采购项目的采购意向、采购公告、中标（成交）结果、合同和履约验收信息，每个项目一条链"
        "（工作要点第一项）。",
        columns=(
            Column("project_no", "项目编号", T.CATEGORY, aliases=("采购项目编号",)),
            Column("project", "项目名称", T.TEXT, aliases=("采购项目名称",)),
            Column("stage", "环节", T.CATEGORY, aliases=("信息类别", "阶段"), choices=PROCUREMENT_STAGES),
            Column("date", "日期", T.DATE, aliases=("发布日期",)),
            Column("content", "内容摘要", T.TEXT, required=False, aliases=("内容", "摘要")),
            Column(
                "supplier", "供应商", T.TEXT, required=False, aliases=("中标（成交）供应商", "成交供应商")
            ),
            Column("amount", "金额", T.MONEY, required=False, aliases=("预算金额", "合同金额", "中标金额")),
            Column("link", "公告链接", T.LINK, required=False, aliases=("链接", "原文链接")),
        ),
        statutory_category="art20_09",
        theme_path="财政、金融、审计\\财政",
        group="project_no",
        chain=Chain(key="project_no", title="project", stage="stage", date="date", link="link"),
    ),
    Template(
        code="major_project",
        name="重大建设项目",
        description="重大建设项目的批准服务信息、批准结果、招标投标、征收土地、重大设计变更、施工、质量安全监督"
        "和竣工信息（工作要点第三项）。",
        columns=(
            Column("project_code", "项目代码", T.CATEGORY, aliases=("项目编号",)),
            Column("project", "项目名称", T.TEXT),
            Column("stage", "环节", T.CATEGORY, aliases=("信息类别", "阶段"), choices=MAJOR_PROJECT_STAGES),
            Column("date", "日期", T.DATE, aliases=("发布日期",)),
            Column("content", "内容", T.TEXT, aliases=("内容摘要", "摘要")),
            Column("unit", "责任单位", T.TEXT, required=False, aliases=("单位",)),
            Column("link", "原文链接", T.LINK, required=False, aliases=("链接",)),
        ),
        statutory_category="art20_10",
        theme_path="城乡建设、环境保护\\城乡建设（含住房）",
        group="project_code",
        chain=Chain(key="project_code", title="project", stage="stage", date="date", link="link"),
    ),
    Template(
        code="epidemic",
        name="疫情防控每日数据",
        description="疫情防控每日数据：新增确诊病例、新增无症状感染者和治愈出院人数（工作要点第四项）。",
        columns=(
            Column("date", "日期", T.DATE),
            Column("confirmed", "新增确诊病例", T.INTEGER, aliases=("新增确诊",)),
            Column("asymptomatic", "新增无症状感染者", T.INTEGER, aliases=("新增无症状",)),
            Column("cured", "治愈出院", T.INTEGER, aliases=("出院",)),
            Column("note", "说明", T.TEXT, required=False, aliases=("备注",)),
        ),
        statutory_category="art20_12",
        theme_path="卫生、体育\\卫生",
        chart=Chart(x="date", series=("confirmed", "asymptomatic", "cured")),
    ),
)
BY_CODE = {t.code: t for t in TEMPLATES}


def find_template(name: str) -> Template | None:
    """A template by its code (`subsidy`) or its Chinese name (惠农补贴发放结果)."""
    text = name.strip()
    return BY_CODE.get(text) or next((t for t in TEMPLATES if t.name == text), None)
