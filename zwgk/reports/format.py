"""The national format of the 政府信息公开工作年度报告 (国办公开办函〔2021〕30号), as data.

Labels are the exact wording of the 2021 format (regulations.md §3.2–3.4); row keys are the contract of
`zwgk annual-report --json` (issue 6). The 2019 trial format (国办公开办函〔2019〕60号) had other table-2
columns and no sub-rows under （六）其他处理 — it is deliberately not supported. Pure: no Django import.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

FORMAT_NAME = "国办公开办函〔2021〕30号"

# --- Table 3: 收到和处理政府信息公开申请情况 -------------------------------------------------------------

APPLICANT_COLUMNS: tuple[str, ...] = (
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
)
TOTAL_COLUMN = "总计"
TABLE3_COLUMNS: tuple[str, ...] = (*APPLICANT_COLUMNS, TOTAL_COLUMN)
# The five columns grouped under 法人或其他组织 in the header.
LEGAL_PERSON_COLUMNS: tuple[str, ...] = APPLICANT_COLUMNS[1:]

NEW = "new"
CARRIED_IN = "carried_in"
TOTAL = "total"
CARRIED_OUT = "carried_out"

# (group key, group label, ((row key, row label), ...)). Single-row groups repeat their label in the row.
OUTCOME_GROUPS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("granted", "（一）予以公开", (("granted", "（一）予以公开"),)),
    (
        "partial",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        (("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),),
    ),
    (
        "withheld",
        "（三）不予公开",
        (
            ("withheld.state_secret", "1.属于国家秘密"),
            ("withheld.law_prohibited", "2.其他法律行政法规禁止公开"),
            ("withheld.three_safety", "3.危及“三安全一稳定”"),
            ("withheld.third_party", "4.保护第三方合法权益"),
            ("withheld.internal_affairs", "5.属于三类内部事务信息"),
            ("withheld.process_info", "6.属于四类过程性信息"),
            ("withheld.enforcement_file", "7.属于行政执法案卷"),
            ("withheld.query_matter", "8.属于行政查询事项"),
        ),
    ),
    (
        "unavailable",
        "（四）无法提供",
        (
            ("unavailable.not_held", "1.本机关不掌握相关政府信息"),
            ("unavailable.needs_creation", "2.没有现成信息需要另行制作"),
            ("unavailable.unclear_after_correction", "3.补正后申请内容仍不明确"),
        ),
    ),
    (
        "not_processed",
        "（五）不予处理",
        (
            ("not_processed.petition", "1.信访举报投诉类申请"),
            ("not_processed.repeat", "2.重复申请"),
            ("not_processed.publication", "3.要求提供公开出版物"),
            ("not_processed.mass_repeat", "4.无正当理由大量反复申请"),
            ("not_processed.confirm_or_reissue", "5.要求行政机关确认或重新出具已获取信息"),
        ),
    ),
    (
        "other",
        "（六）其他处理",
        (
            ("other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            ("other.no_payment", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
            ("other.other", "3.其他"),
        ),
    ),
)
OUTCOME_GROUP_KEYS: tuple[str, ...] = tuple(key for key, _, _ in OUTCOME_GROUPS)
OUTCOME_KEYS: tuple[str, ...] = tuple(row for _, _, rows in OUTCOME_GROUPS for row, _ in rows)
TABLE3_ROW_KEYS: tuple[str, ...] = (NEW, CARRIED_IN, *OUTCOME_KEYS, TOTAL, CARRIED_OUT)

TABLE3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
TABLE3_HEAD_LABELS = {
    NEW: "一、本年新收政府信息公开申请数量",
    CARRIED_IN: "二、上年结转政府信息公开申请数量",
    "results": "三、本年度办理结果",
    TOTAL: "（七）总计",
    CARRIED_OUT: "四、结转下年度继续办理",
}


def _row_labels() -> dict[str, str]:
    labels = {NEW: TABLE3_HEAD_LABELS[NEW], CARRIED_IN: TABLE3_HEAD_LABELS[CARRIED_IN]}
    for _, group_label, rows in OUTCOME_GROUPS:
        for key, label in rows:
            labels[key] = label if len(rows) == 1 else f"{group_label}{label}"
    labels[TOTAL] = TABLE3_HEAD_LABELS[TOTAL]
    labels[CARRIED_OUT] = TABLE3_HEAD_LABELS[CARRIED_OUT]
    return labels


# One self-explaining label per row key, e.g. "（三）不予公开1.属于国家秘密" (messages, exports).
TABLE3_ROW_LABELS: dict[str, str] = _row_labels()
OUTCOME_GROUP_LABELS: dict[str, str] = {key: label for key, label, _ in OUTCOME_GROUPS}
GROUP_OF_OUTCOME: dict[str, str] = {row: group for group, _, rows in OUTCOME_GROUPS for row, _ in rows}

# --- Table 4: 政府信息公开行政复议、行政诉讼情况 --------------------------------------------------------

REVIEW_KINDS: tuple[str, ...] = ("review", "litigation_direct", "litigation_after_review")
REVIEW_KIND_LABELS = {
    "review": "行政复议",
    "litigation_direct": "行政诉讼·未经复议直接起诉",
    "litigation_after_review": "行政诉讼·复议后起诉",
}
RESULTS: tuple[str, ...] = ("维持", "纠正", "其他", "尚未审结")
PENDING = "尚未审结"
TABLE4_COLUMNS: tuple[str, ...] = (*RESULTS, TOTAL_COLUMN)
RESULT_LABELS = {
    "维持": "结果维持",
    "纠正": "结果纠正",
    "其他": "其他结果",
    "尚未审结": "尚未审结",
    "总计": "总计",
}

# --- Table 2: 主动公开政府信息情况 -----------------------------------------------------------------------

NORMATIVE_ROWS: tuple[str, ...] = ("规章", "行政规范性文件")
NORMATIVE_COLUMNS: tuple[str, ...] = ("本年制发件数", "本年废止件数", "现行有效件数")
# Keys of the "normative" source's dicts → table-2 column labels.
NORMATIVE_SOURCE_KEYS: dict[str, str] = {
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
}
DECISION_COLUMN = "本年处理决定数量"
FEE_COLUMN = "本年收费金额（单位：万元）"
FEE_ROW = "行政事业性收费"
# Blocks in order: (header, columns, rows) — each headed by the Art 20 item it reports.
TABLE2_BLOCKS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("第二十条第（一）项", NORMATIVE_COLUMNS, NORMATIVE_ROWS),
    ("第二十条第（五）项", (DECISION_COLUMN,), ("行政许可",)),
    ("第二十条第（六）项", (DECISION_COLUMN,), ("行政处罚", "行政强制")),
    ("第二十条第（八）项", (FEE_COLUMN,), (FEE_ROW,)),
)
TABLE2_ROWS: tuple[str, ...] = tuple(row for _, _, rows in TABLE2_BLOCKS for row in rows)
TABLE2_COLUMNS_OF: dict[str, tuple[str, ...]] = {row: cols for _, cols, rows in TABLE2_BLOCKS for row in rows}
# Figures kept in other systems (审批、执法、财政): always entered by staff with a source note.
EXTERNAL_ROWS: tuple[str, ...] = ("行政许可", "行政处罚", "行政强制", FEE_ROW)

# --- Sections -------------------------------------------------------------------------------------------

SECTION_HEADINGS: dict[str, str] = {
    "preamble": "",
    "overview": "一、总体情况",
    "proactive": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "review": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}
# Sections written as text (drafted from the platform's facts, then edited by staff); the rest are tables.
NARRATIVE_SECTIONS: tuple[str, ...] = ("preamble", "overview", "problems", "other")
NARRATIVE_LABELS: dict[str, str] = {
    "preamble": "引言（编制依据、统计期限、联系方式）",
    "overview": "一、总体情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}
TABLE_SECTIONS: dict[str, str] = {"proactive": "table2", "applications": "table3", "review": "table4"}

Table = dict[str, dict[str, Any]]


def report_title(agency_name: str, year: int) -> str:
    return f"{agency_name}{year}年政府信息公开工作年度报告"


def empty_table3() -> Table:
    return {row: dict.fromkeys(TABLE3_COLUMNS) for row in TABLE3_ROW_KEYS}


def empty_table4() -> Table:
    return {kind: dict.fromkeys(TABLE4_COLUMNS) for kind in REVIEW_KINDS}


def empty_table2() -> Table:
    return {row: dict.fromkeys(TABLE2_COLUMNS_OF[row]) for row in TABLE2_ROWS}


def group_subtotal(
    table3: Mapping[str, Mapping[str, Any]], group: str, column: str = TOTAL_COLUMN
) -> int | None:
    """Sum of one outcome group's rows in one column (None if a cell is missing)."""
    total = 0
    for _, _, rows in (g for g in OUTCOME_GROUPS if g[0] == group):
        for key, _ in rows:
            value = table3.get(key, {}).get(column)
            if value is None:
                return None
            total += value
    return total


def format_amount(value: Decimal | int | str | None) -> str:
    """万元 amounts as printed in the report: no trailing zeros, no exponent."""
    if value is None:
        return ""
    number = Decimal(str(value))
    text = format(number.normalize(), "f")
    return text if "." not in text else text.rstrip("0").rstrip(".")
