"""Enterprise classifications used by the profile fields (pure, no Django).

- 行业: GB/T 4754-2017《国民经济行业分类》 门类 (sections A–T) and 大类 (divisions 01–97); the 大类 list is shipped
  as data (`data/gbt4754_2017_divisions.tsv`), and a 大类 determines its 门类.
- 企业规模: 《统计上大中小微型企业划分办法（2017）》(国统字〔2017〕213号) 附表 划分标准. 大型、中型和小型 must meet the
  lower bound of every indicator listed for the industry, otherwise the enterprise falls one grade (第四条 注);
  微型 needs only one indicator below the 小型 bound. Indicators: 从业人员 (persons), 营业收入 and 资产总额 (万元).

Where the standard splits a 大类 at the 中类 level (59 装卸搬运 vs 仓储; 70 房地产开发经营 vs 物业管理 vs 中介) or
leaves it out (53 铁路运输, J 金融业 — which has its own 2015 rule —, P 教育, 84 卫生, S, T), no size is derived:
the enterprise states its 规模 itself. A derived size never overrides a stated one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).with_name("data") / "gbt4754_2017_divisions.tsv"

# GB/T 4754-2017 门类 (sections) A–T.
INDUSTRY_SECTIONS: dict[str, str] = {
    "A": "农、林、牧、渔业",
    "B": "采矿业",
    "C": "制造业",
    "D": "电力、热力、燃气及水生产和供应业",
    "E": "建筑业",
    "F": "批发和零售业",
    "G": "交通运输、仓储和邮政业",
    "H": "住宿和餐饮业",
    "I": "信息传输、软件和信息技术服务业",
    "J": "金融业",
    "K": "房地产业",
    "L": "租赁和商务服务业",
    "M": "科学研究和技术服务业",
    "N": "水利、环境和公共设施管理业",
    "O": "居民服务、修理和其他服务业",
    "P": "教育",
    "Q": "卫生和社会工作",
    "R": "文化、体育和娱乐业",
    "S": "公共管理、社会保障和社会组织",
    "T": "国际组织",
}

SIZES = ("大型", "中型", "小型", "微型")


@dataclass(frozen=True)
class Division:
    code: str  # two digits, "01"–"97"
    section: str  # "A"–"T"
    name: str


@cache
def divisions() -> dict[str, Division]:
    """The 97 大类 of GB/T 4754-2017, by code, in code order."""
    out: dict[str, Division] = {}
    for line in DATA_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, section, name = line.split("\t")
        out[code] = Division(code, section, name)
    return out


def division_choices() -> dict[str, str]:
    """Code → "名称（门类）" for the profile field's choices."""
    return {d.code: f"{d.name}" for d in divisions().values()}


def section_of(division: str) -> str | None:
    item = divisions().get(division)
    return item.section if item else None


# --- 统计上大中小微型企业划分办法（2017） ---------------------------------------------------------------------

EMPLOYEES, REVENUE, ASSETS = "employees", "revenue", "assets"
INDICATOR_LABELS = {EMPLOYEES: "从业人员", REVENUE: "营业收入", ASSETS: "资产总额"}


@dataclass(frozen=True)
class SizeRule:
    """One row group of the standard's table: per indicator, the lower bounds of 大型, 中型 and 小型."""

    industry: str
    bounds: Mapping[str, tuple[float, float, float]]


def _rule(industry: str, **bounds: tuple[float, float, float]) -> SizeRule:
    return SizeRule(industry, bounds)


FARMING = _rule("农、林、牧、渔业", revenue=(20000, 500, 50))
INDUSTRY = _rule("工业", employees=(1000, 300, 20), revenue=(40000, 2000, 300))
CONSTRUCTION = _rule("建筑业", revenue=(80000, 6000, 300), assets=(80000, 5000, 300))
WHOLESALE = _rule("批发业", employees=(200, 20, 5), revenue=(40000, 5000, 1000))
RETAIL = _rule("零售业", employees=(300, 50, 10), revenue=(20000, 500, 100))
TRANSPORT = _rule("交通运输业", employees=(1000, 300, 20), revenue=(30000, 3000, 200))
POSTAL = _rule("邮政业", employees=(1000, 300, 20), revenue=(30000, 2000, 100))
LODGING = _rule("住宿业", employees=(300, 100, 10), revenue=(10000, 2000, 100))
CATERING = _rule("餐饮业", employees=(300, 100, 10), revenue=(10000, 2000, 100))
TELECOM = _rule("信息传输业", employees=(2000, 100, 10), revenue=(100000, 1000, 100))
SOFTWARE = _rule("软件和信息技术服务业", employees=(300, 100, 10), revenue=(10000, 1000, 50))
LEASING = _rule("租赁和商务服务业", employees=(300, 100, 10), assets=(120000, 8000, 100))
OTHER = _rule("其他未列明行业", employees=(300, 100, 10))

_BY_SECTION: dict[str, SizeRule] = {
    "A": FARMING,
    "B": INDUSTRY,
    "C": INDUSTRY,
    "D": INDUSTRY,
    "E": CONSTRUCTION,
    "H": LODGING,  # refined by division below
    "L": LEASING,
    "M": OTHER,
    "N": OTHER,
    "O": OTHER,
    "R": OTHER,
}
_BY_DIVISION: dict[str, SizeRule | None] = {
    "51": WHOLESALE,
    "52": RETAIL,
    "53": None,  # 铁路运输业 is outside 交通运输业 and the other rows
    **{code: TRANSPORT for code in ("54", "55", "56", "57", "58")},
    "59": None,  # 装卸搬运 (交通运输业) and 仓储 (仓储业) split at the 中类
    "60": POSTAL,
    "61": LODGING,
    "62": CATERING,
    "63": TELECOM,
    "64": TELECOM,
    "65": SOFTWARE,
    "84": None,  # 卫生 is not among 其他未列明行业
    "85": OTHER,  # 社会工作
}


def size_rule(section: str | None, division: str | None) -> SizeRule | None:
    """The table row for an enterprise's industry; None where the standard gives none (or only at 中类 level)."""
    if division is not None:
        if division in _BY_DIVISION:
            return _BY_DIVISION[division]
        section = section_of(division) or section
    if section is None or section in ("F", "G", "I", "Q"):
        return None  # these sections are split by 大类: without one, no row applies
    return _BY_SECTION.get(section)


def classify(rule: SizeRule, values: Mapping[str, float]) -> str | None:
    """大型/中型/小型/微型 from the indicators known; None when an indicator the answer depends on is missing."""
    known = {k: float(values[k]) for k in rule.bounds if k in values}
    if any(known[k] < rule.bounds[k][2] for k in known):
        return "微型"  # 微型: one indicator below the 小型 lower bound is enough
    if len(known) < len(rule.bounds):
        return None
    for grade, name in enumerate(SIZES[:3]):
        if all(known[k] >= rule.bounds[k][grade] for k in rule.bounds):
            return name
    return "微型"  # unreachable: every indicator is at least the 小型 bound here


def derive_size(section: str | None, division: str | None, values: Mapping[str, float]) -> str | None:
    rule = size_rule(section, division)
    return None if rule is None else classify(rule, values)
