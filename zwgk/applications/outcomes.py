"""Outcomes of an application and applicant types: exactly the rows and columns of the national annual-report
table 三、收到和处理政府信息公开申请情况 (国办公开办函〔2021〕30号; regulations.md §3.3), pure Python.

Keys are a contract: the annual-report app counts applications by these keys (`reporting.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

# Columns 申请人情况: 自然人 | 法人或其他组织 → 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他.
APPLICANT_COLUMNS: tuple[str, ...] = (
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
)
ORGANISATION_COLUMNS: tuple[str, ...] = APPLICANT_COLUMNS[1:]


@dataclass(frozen=True)
class Outcome:
    key: str
    group: str  # the block of rows: 予以公开, 部分公开, 不予公开, 无法提供, 不予处理, 其他处理
    label: str  # the row label exactly as in the table
    article: str  # the legal basis quoted in the reply letter (mapping per regulations.md §1.6)

    @property
    def short(self) -> str:
        if self.group in ("予以公开", "部分公开"):
            return self.group
        return f"{self.group}·{self.label}"


OUTCOMES: tuple[Outcome, ...] = (
    Outcome(
        "granted",
        "予以公开",
        "予以公开",
        "《中华人民共和国政府信息公开条例》第三十六条第（一）项、第（二）项",
    ),
    Outcome(
        "partial",
        "部分公开",
        "部分公开（区分处理的，只计这一情形，不计其他情形）",
        "《中华人民共和国政府信息公开条例》第三十七条",
    ),
    Outcome(
        "withheld.state_secret", "不予公开", "属于国家秘密", "《中华人民共和国政府信息公开条例》第十四条"
    ),
    Outcome(
        "withheld.law_prohibited",
        "不予公开",
        "其他法律行政法规禁止公开",
        "《中华人民共和国政府信息公开条例》第十四条",
    ),
    Outcome(
        "withheld.three_safety",
        "不予公开",
        '危及"三安全一稳定"',
        "《中华人民共和国政府信息公开条例》第十四条",
    ),
    Outcome(
        "withheld.third_party",
        "不予公开",
        "保护第三方合法权益",
        "《中华人民共和国政府信息公开条例》第十五条、第三十二条",
    ),
    Outcome(
        "withheld.internal_affairs",
        "不予公开",
        "属于三类内部事务信息",
        "《中华人民共和国政府信息公开条例》第十六条第一款",
    ),
    Outcome(
        "withheld.process_info",
        "不予公开",
        "属于四类过程性信息",
        "《中华人民共和国政府信息公开条例》第十六条第二款",
    ),
    Outcome(
        "withheld.enforcement_file",
        "不予公开",
        "属于行政执法案卷",
        "《中华人民共和国政府信息公开条例》第十六条第二款",
    ),
    Outcome(
        "withheld.query_matter",
        "不予公开",
        "属于行政查询事项",
        "《中华人民共和国政府信息公开条例》第三十六条第（七）项",
    ),
    Outcome(
        "unavailable.not_held",
        "无法提供",
        "本机关不掌握相关政府信息",
        "《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项",
    ),
    Outcome(
        "unavailable.needs_creation",
        "无法提供",
        "没有现成信息需要另行制作",
        "《中华人民共和国政府信息公开条例》第三十八条",
    ),
    Outcome(
        "unavailable.unclear_after_correction",
        "无法提供",
        "补正后申请内容仍不明确",
        "《中华人民共和国政府信息公开条例》第三十条",
    ),
    Outcome(
        "not_processed.petition",
        "不予处理",
        "信访举报投诉类申请",
        "《中华人民共和国政府信息公开条例》第三十九条第一款",
    ),
    Outcome(
        "not_processed.repeat",
        "不予处理",
        "重复申请",
        "《中华人民共和国政府信息公开条例》第三十六条第（六）项",
    ),
    Outcome(
        "not_processed.publication",
        "不予处理",
        "要求提供公开出版物",
        "《中华人民共和国政府信息公开条例》第三十九条第二款",
    ),
    Outcome(
        "not_processed.mass_repeat",
        "不予处理",
        "无正当理由大量反复申请",
        "《中华人民共和国政府信息公开条例》第三十五条",
    ),
    Outcome(
        "not_processed.confirm_or_reissue",
        "不予处理",
        "要求行政机关确认或重新出具已获取信息",
        "《中华人民共和国政府信息公开条例》第三十六条",
    ),
    Outcome(
        "other.no_correction",
        "其他处理",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "《中华人民共和国政府信息公开条例》第三十条",
    ),
    Outcome(
        "other.no_payment",
        "其他处理",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
    ),
    Outcome("other.other", "其他处理", "其他", "《中华人民共和国政府信息公开条例》"),
)

OUTCOME_BY_KEY: dict[str, Outcome] = {o.key: o for o in OUTCOMES}
OUTCOME_GROUPS: tuple[str, ...] = ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理")

# Outcomes reached by ending processing without a reply letter (the application is deemed abandoned or
# withdrawn); every other outcome goes out as a reply letter after legal review.
ENDING_OUTCOMES: frozenset[str] = frozenset({"other.no_correction", "other.no_payment", "other.other"})
# Outcomes that disclose information: candidates for 主动公开 when several applicants ask (Art 44).
DISCLOSING_OUTCOMES: frozenset[str] = frozenset({"granted", "partial"})


def outcome_choices() -> list[tuple[str, str]]:
    return [(o.key, o.short) for o in OUTCOMES]


def grouped_outcome_choices(keys: frozenset[str] | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """Choices grouped by block, for a <select> with <optgroup>s."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for group in OUTCOME_GROUPS:
        items = [(o.key, o.label) for o in OUTCOMES if o.group == group and (keys is None or o.key in keys)]
        if items:
            groups.append((group, items))
    return groups
