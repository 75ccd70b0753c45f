"""First drafts of the report's text sections, filled in with the year's facts (pure: no Django import).

Where the platform holds no fact, the draft carries a visible placeholder 【请填写：…】 that staff replace;
a report whose text still contains one cannot be submitted or published. Staff edit every section freely
afterwards (each save is kept as a version).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from zwgk.reports.format import (
    CARRIED_IN,
    CARRIED_OUT,
    FORMAT_NAME,
    NARRATIVE_LABELS,
    NEW,
    REVIEW_KINDS,
    TOTAL,
    TOTAL_COLUMN,
    group_subtotal,
)

PLACEHOLDER_RE = re.compile(r"【请填写[：:][^】]*】")


def placeholder(what: str) -> str:
    return f"【请填写：{what}】"


def find_placeholders(text: str) -> list[str]:
    return PLACEHOLDER_RE.findall(text or "")


@dataclass
class NarrativeFacts:
    agency_name: str
    year: int
    site_name: str
    is_government: bool = False
    contact: Mapping[str, str] = field(default_factory=dict)  # Agency.contact_block()
    table2: Mapping[str, Mapping[str, Any]] | None = None
    table3: Mapping[str, Mapping[str, Any]] | None = None
    table4: Mapping[str, Mapping[str, Any]] | None = None
    publication: Mapping[str, Any] | None = None  # the "publication_facts" source
    fees_yuan: Decimal | None = None  # None: the "fees" source is not on the platform
    workplan: str | None = None
    trainings: Mapping[str, Any] | None = None
    participation: Mapping[str, Any] | None = (
        None  # the "public_participation" source (重大行政决策, 征求意见)
    )


def _int(value: Any) -> int | None:
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


def _yuan(amount: Decimal) -> str:
    text = format(amount.quantize(Decimal("0.01")), "f")
    return text[:-3] if text.endswith(".00") else text


def draft_preamble(f: NarrativeFacts) -> str:
    c = f.contact
    office = c.get("工作机构") or f"{f.agency_name}政府信息公开工作机构"
    parts = []
    for label, key in (
        ("地址", "办公地址"),
        ("邮编", "邮政编码"),
        ("电话", "联系电话"),
        ("传真", "传真"),
        ("电子邮箱", "电子邮箱"),
    ):
        value = c.get(key) or ""
        if key in ("办公地址", "联系电话") and not value:
            value = placeholder(label)
        if value:
            parts.append(f"{label}：{value}")
    return (
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》"
        f"（{FORMAT_NAME}）要求编制，包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
        f"政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
        f"本报告中所列数据统计期限自{f.year}年1月1日起至{f.year}年12月31日止。"
        f"本报告电子版可在{f.site_name}网站“政府信息公开”专栏查阅和下载。"
        f"如对本报告有任何疑问，请与{office}联系（{'；'.join(parts)}）。"
    )


def _proactive(f: NarrativeFacts) -> str:
    p = f.publication or {}
    sentences: list[str] = []
    total = _int(p.get("published_total"))
    if total is not None:
        text = f"{f.year}年，通过政府网站主动公开政府信息{total}条"
        by_category = p.get("published_by_category") or {}
        listed = [f"{name}{n}条" for name, n in by_category.items() if _int(n)]
        if listed:
            text += "，其中" + "、".join(listed)
        sentences.append(text + "。")
    docs, interp = _int(p.get("policy_documents")), _int(p.get("interpretations"))
    if docs is not None:
        text = f"公开政策文件{docs}件"
        if interp is not None:
            text += f"，同步发布政策解读{interp}篇"
        sentences.append(text + "。")
    elif interp is not None:
        sentences.append(f"发布政策解读{interp}篇。")
    normative = (f.table2 or {}).get("行政规范性文件") or {}
    issued, repealed, in_force = (
        _int(normative.get(k)) for k in ("本年制发件数", "本年废止件数", "现行有效件数")
    )
    if issued is not None and in_force is not None:
        sentences.append(
            f"本年制发行政规范性文件{issued}件、废止{repealed or 0}件，现行有效行政规范性文件{in_force}件，均按规定集中公开。"
        )
    sentences.extend(_participation(f))
    if not sentences:
        return "（一）主动公开。" + placeholder(
            "本年度主动公开政府信息的数量、主要类别和政策解读情况（平台未接入主动公开数据）"
        )
    return "（一）主动公开。" + "".join(sentences)


def _participation(f: NarrativeFacts) -> list[str]:
    """重大行政决策 and 征求意见 (work plan item 九): said only when the year had any."""
    p = f.participation or {}
    out: list[str] = []
    decisions = _int(p.get("decisions"))
    if decisions:
        text = f"公开本年度重大行政决策事项目录，列入决策事项{decisions}项"
        decided = _int(p.get("decisions_decided"))
        if decided is not None:
            text += f"，已作出决策{decided}项"
        out.append(text + "，按决策进程公开决策草案、草案说明、决策背景和决策结果等信息。")
    consultations = _int(p.get("consultations"))
    if consultations:
        received = _int(p.get("comments_received")) or 0
        text = f"公开征求意见{consultations}次，收到意见{received}条"
        adopted, partly = _int(p.get("comments_adopted")) or 0, _int(p.get("comments_partly_adopted")) or 0
        if received:
            text += f"，采纳{adopted}条、部分采纳{partly}条"
        feedback = _int(p.get("feedback_published"))
        if feedback:
            text += f"，公布意见采纳情况{feedback}次"
        out.append(text + "。")
    return out


def _applications(f: NarrativeFacts) -> str:
    t3 = f.table3
    if not t3 or t3.get(NEW, {}).get(TOTAL_COLUMN) is None:
        return "（二）依申请公开。" + placeholder("本年度收到和办理政府信息公开申请的情况")
    new = t3[NEW][TOTAL_COLUMN]
    carried_in = t3.get(CARRIED_IN, {}).get(TOTAL_COLUMN) or 0
    total = t3.get(TOTAL, {}).get(TOTAL_COLUMN) or 0
    carried_out = t3.get(CARRIED_OUT, {}).get(TOTAL_COLUMN) or 0
    if new == 0 and carried_in == 0:
        text = f"{f.year}年，未收到政府信息公开申请，无上年结转申请。"
    else:
        groups = {
            g: group_subtotal(t3, g) or 0
            for g in ("granted", "partial", "withheld", "unavailable", "not_processed", "other")
        }
        text = (
            f"{f.year}年，新收政府信息公开申请{new}件，上年结转{carried_in}件；办结{total}件，其中予以公开{groups['granted']}件、"
            f"部分公开{groups['partial']}件、不予公开{groups['withheld']}件、无法提供{groups['unavailable']}件、"
            f"不予处理{groups['not_processed']}件、其他处理{groups['other']}件"
        )
        if total:
            share = Decimal(100 * (groups["granted"] + groups["partial"])) / Decimal(total)
            text += f"，予以公开和部分公开占办结总数的{share.quantize(Decimal('0.01'))}%"
        text += f"；结转下年度继续办理{carried_out}件。"
    t4 = f.table4
    if t4 and all(t4.get(k, {}).get(TOTAL_COLUMN) is not None for k in REVIEW_KINDS):
        review = t4["review"][TOTAL_COLUMN]
        litigation = t4["litigation_direct"][TOTAL_COLUMN] + t4["litigation_after_review"][TOTAL_COLUMN]
        if review or litigation:
            text += f"因政府信息公开工作被申请行政复议{review}件、被提起行政诉讼{litigation}件。"
        else:
            text += "未发生因政府信息公开工作引起的行政复议、行政诉讼。"
    return "（二）依申请公开。" + text


def _management(f: NarrativeFacts) -> str:
    p = f.publication or {}
    reviewed, converted = _int(p.get("nonpublic_reviewed")), _int(p.get("nonpublic_converted"))
    if reviewed is not None:
        text = f"对标注为依申请公开、不予公开的{reviewed}件文件开展公开属性复核"
        text += f"，其中{converted}件转为主动公开。" if converted is not None else "。"
        return (
            "（三）政府信息管理。"
            + text
            + placeholder("公开前保密审查、规范性文件清理等其他政府信息管理情况")
        )
    return "（三）政府信息管理。" + placeholder(
        "公开属性复核、公开前保密审查、规范性文件清理等政府信息管理情况"
    )


def _platforms(f: NarrativeFacts) -> str:
    notes = (f.publication or {}).get("platform_notes")
    if notes:
        return f"（四）平台建设。{notes}"
    return "（四）平台建设。" + placeholder("政府网站、政府信息公开专栏、政务新媒体等平台建设情况")


def _oversight(f: NarrativeFacts) -> str:
    t = f.trainings or {}
    text = ""
    sessions, people = _int(t.get("sessions")), _int(t.get("participants"))
    if sessions is not None:
        text += f"全年组织政务公开业务培训{sessions}次"
        text += f"，参训{people}人次" if people is not None else ""
        topics = [str(x) for x in t.get("topics") or []]
        text += f"，内容包括{'、'.join(topics)}" if topics else ""
        text += "。"
    else:
        text += placeholder("政务公开业务培训情况")
    if f.is_government:
        # Regulation Art 50(4): a government's report covers 工作考核、社会评议和责任追究结果.
        text += placeholder("政府信息公开工作考核、社会评议和责任追究结果（《条例》第五十条）")
    else:
        text += placeholder("工作考核、监督检查等监督保障情况")
    return "（五）监督保障。" + text


def draft_overview(f: NarrativeFacts) -> str:
    return "\n\n".join([_proactive(f), _applications(f), _management(f), _platforms(f), _oversight(f)])


def draft_problems(f: NarrativeFacts) -> str:
    return "\n\n".join(
        [
            placeholder("本年度政府信息公开工作存在的主要问题"),
            placeholder("针对问题采取的改进措施，以及上一年度报告所列问题的整改情况"),
        ]
    )


def draft_other(f: NarrativeFacts) -> str:
    paragraphs = []
    if f.fees_yuan is None:
        paragraphs.append(
            "（一）信息处理费收取情况。" + placeholder("本年度收取信息处理费的金额（平台未接入收费数据）")
        )
    elif f.fees_yuan == 0:
        paragraphs.append(
            "（一）信息处理费收取情况。依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本年度未收取信息处理费。"
        )
    else:
        paragraphs.append(
            "（一）信息处理费收取情况。依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），"
            f"本年度共收取信息处理费{_yuan(f.fees_yuan)}元。"
        )
    # Work plan item 十九: the year's 工作要点 implementation is reported in the annual report.
    if f.workplan:
        paragraphs.append(f"（二）年度政务公开工作要点落实情况。{f.workplan.strip()}")
    else:
        paragraphs.append(
            "（二）年度政务公开工作要点落实情况。"
            + placeholder("本年度政务公开工作要点的落实情况（平台未接入工作要点台账）")
        )
    paragraphs.append(
        "（三）其他事项。"
        + placeholder("人大代表建议和政协提案办理结果公开等其他需要报告的事项；如无，删除本段")
    )
    return "\n\n".join(paragraphs)


DRAFTERS = {
    "preamble": draft_preamble,
    "overview": draft_overview,
    "problems": draft_problems,
    "other": draft_other,
}
assert set(DRAFTERS) == set(NARRATIVE_LABELS)


def draft_sections(facts: NarrativeFacts) -> dict[str, str]:
    return {key: drafter(facts) for key, drafter in DRAFTERS.items()}


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a section's text: separated by blank lines or single line breaks."""
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text or "") if p.strip()]
