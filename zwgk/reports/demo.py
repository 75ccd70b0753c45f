"""Demo: each agency's 2024 and 2025 annual reports, generated from whatever sources are registered (idempotent).

For every reporting agency: create the draft (figures from the registered sources, texts drafted from facts),
then act as the agency's staff for what staff always supply — the table-2 figures kept in other systems, and
the 【请填写】 passages (marked “（演示）”). Tables whose source is missing are filled as a staff entry only for
table 4 and the normative-document counts; table 3 is never invented: without the "applications" source the
reports stay drafts and the demo says why. Reports that pass every check are submitted and published.
Running it again changes nothing.
"""

from __future__ import annotations

import hashlib
from typing import Any

from zwgk.core.registry import DemoContext
from zwgk.reports import actions
from zwgk.reports.format import (
    EXTERNAL_ROWS,
    FEE_ROW,
    NORMATIVE_ROWS,
    RESULTS,
    REVIEW_KINDS,
    TABLE2_COLUMNS_OF,
    TABLE4_COLUMNS,
    TOTAL_COLUMN,
)
from zwgk.reports.models import AnnualReport, ReportStatus
from zwgk.reports.narrative import PLACEHOLDER_RE
from zwgk.reports.service import reporting_agencies
from zwgk.reports.sources import SOURCES, get_source, registered_sources

DEMO_YEARS = (2024, 2025)
DEMO_NOTE = "演示数据（示例单位的业务系统导出）"

# Demo sentences for passages the platform cannot know; matched by a key phrase of the placeholder.
DEMO_TEXTS: list[tuple[str, str]] = [
    (
        "主动公开政府信息的数量",
        "（演示）全年通过政府网站和政务新媒体主动公开政府信息，及时发布政策文件并同步解读。",
    ),
    ("收到和办理", "（演示）严格按照《条例》规定的程序和时限办理政府信息公开申请。"),
    ("政府信息管理", "（演示）严格落实公开前保密审查和公开属性审查，动态更新政府信息公开目录和公开指南。"),
    ("公开前保密审查", "（演示）严格落实公开前保密审查，动态更新政府信息公开目录和公开指南。"),
    ("平台建设", "（演示）持续优化区政府网站“政府信息公开”专栏，规范政务新媒体运维管理。"),
    ("业务培训", "（演示）组织政务公开业务培训，提升工作人员业务能力。"),
    ("工作考核、社会评议", "（演示）将政务公开工作纳入绩效考核，开展社会评议，本年度未发生责任追究情况。"),
    ("监督保障", "（演示）将政务公开工作纳入绩效考核，定期开展监督检查。"),
    ("存在的主要问题", "（演示）政策解读形式还不够丰富，部分栏目信息更新不够及时。"),
    ("改进措施", "（演示）下一步将丰富解读形式，建立栏目更新提醒机制，并已完成上一年度所列问题的整改。"),
    ("信息处理费", "（演示）本年度未收取信息处理费。"),
    ("工作要点的落实情况", "（演示）已对照年度政务公开工作要点逐项建立台账并落实。"),
    ("其他需要报告的事项", "（演示）无其他需要报告的事项。"),
]


def _number(agency_code: str, salt: str, modulo: int) -> int:
    digest = hashlib.sha256(f"{agency_code}:{salt}".encode()).hexdigest()
    return int(digest[:8], 16) % modulo


def _demo_fill(match_text: str) -> str:
    for phrase, sentence in DEMO_TEXTS:
        if phrase in match_text:
            return sentence
    return "（演示）本项内容由演示数据填写。"


def _fill_staff_parts(report: AnnualReport) -> None:
    code = report.agency.code
    entries: dict[str, Any] = {}
    rows = list(EXTERNAL_ROWS) + ([] if get_source("normative") else list(NORMATIVE_ROWS))
    for row in rows:
        if row in report.staff_table2:
            entries[row] = report.staff_table2[row]
            continue
        if row == FEE_ROW:
            values = {TABLE2_COLUMNS_OF[row][0]: f"{_number(code, row + str(report.year), 5000) / 100:.2f}"}
        elif row in NORMATIVE_ROWS:
            issued = _number(code, row + "issued" + str(report.year), 4) if row != "规章" else 0
            repealed = _number(code, row + "repealed" + str(report.year), 2) if row != "规章" else 0
            in_force = (10 + _number(code, row, 30)) if row != "规章" else 0
            values = dict(
                zip(TABLE2_COLUMNS_OF[row], [str(issued), str(repealed), str(in_force)], strict=True)
            )
        else:
            values = {TABLE2_COLUMNS_OF[row][0]: str(_number(code, row + str(report.year), 300))}
        entries[row] = {"values": values, "note": DEMO_NOTE}
    actions.save_table2(report, entries, by=None)
    if (
        get_source("review_cases") is None
        and get_source("applications") is not None
        and report.manual_table4 is None
    ):
        table = {kind: dict.fromkeys(TABLE4_COLUMNS, 0) for kind in REVIEW_KINDS}
        if _number(code, "review" + str(report.year), 4) == 0:
            table["review"]["维持"] = table["review"][TOTAL_COLUMN] = 1
        assert all(sum(t[r] for r in RESULTS) == t[TOTAL_COLUMN] for t in table.values())
        actions.save_manual_table(
            report, "table4", table, DEMO_NOTE + "：行政复议、行政诉讼登记台账", by=None
        )
    texts = actions.current_texts(report)
    filled = {s: PLACEHOLDER_RE.sub(lambda m: _demo_fill(m.group(0)), t) for s, t in texts.items()}
    changed = {s: t for s, t in filled.items() if t != texts[s]}
    if changed:
        versions = actions.current_versions(report)
        actions.save_texts(
            report, changed, {s: v.number if v else None for s, v in versions.items()}, by=None
        )


def load(ctx: DemoContext) -> None:
    registered = registered_sources()
    agencies = list(reporting_agencies())
    published = drafts = 0
    blocked: dict[str, int] = {}
    for year in DEMO_YEARS:
        for agency in agencies:
            report, _ = actions.start_report(agency, year, by=None)
            if report.status == ReportStatus.PUBLISHED:
                published += 1
                continue
            if report.status == ReportStatus.DRAFT:
                actions.regenerate(report, by=None)
                _fill_staff_parts(report)
                report.refresh_from_db()
                blockers = actions.publication_blockers(report)
                if blockers:
                    drafts += 1
                    for check in report.figures.get("checks", []):
                        if not check["ok"]:
                            blocked[check["title"]] = blocked.get(check["title"], 0) + 1
                    continue
                actions.submit(report, by=None)
            actions.publish(report, by=None)
            published += 1
    missing = [SOURCES[name].label for name in SOURCES if name not in registered]
    note = f"政府信息公开工作年度报告（{'、'.join(map(str, DEMO_YEARS))}年度）：已发布 {published} 份，草稿 {drafts} 份"
    ctx.notes.append(note)
    if missing:
        ctx.notes.append(
            "年报数据来源未接入："
            + "、".join(missing)
            + "（相关表格/文字由平台标明“无法计算”，不会按零处理）"
        )
    if "applications" not in registered:
        ctx.notes.append("未接入依申请公开办理台账，表三无法生成，各单位年报保留为草稿，不会发布")
    for title, count in sorted(blocked.items()):
        ctx.notes.append(f"年报未通过：{title}（{count} 份）")
