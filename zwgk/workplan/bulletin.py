"""The 通报 (item 十九): which units are late or not performing, the facts, and the .docx that is issued."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Prefetch

from zwgk.agencies.models import Agency
from zwgk.workplan.models import (
    Finding,
    Inspection,
    InspectionRating,
    Plan,
    Task,
    TaskStatus,
)
from zwgk.workplan.parser import to_chinese_number

DEFAULT_REQUIREMENT = (
    "请被通报单位高度重视，对照工作台账逐项查找原因，于收到通报后10个工作日内整改到位，"
    "并将整改情况书面报区政府办公室。整改情况将作为政务公开绩效考核的评分依据。"
)


@dataclass
class UnitFacts:
    agency: Agency
    overdue: list[Task] = field(default_factory=list)
    poor: list[Inspection] = field(default_factory=list)
    unrectified: list[Finding] = field(default_factory=list)

    def lines(self) -> list[str]:
        facts = []
        for task in self.overdue:
            facts.append(
                f"要点第{task.item.ordinal}项{task.item.number}“{task.title}”"
                f"{'（子任务）' if task.parent_id else ''}完成时限为{task.due_date:%Y年%m月%d日}，至今未完成"
            )
        for inspection in self.poor:
            facts.append(
                f"{inspection.inspected_on:%Y年%m月%d日}督查评价为“差”：{inspection.summary.strip()[:120]}"
            )
        for finding in self.unrectified:
            assert finding.rectify_by is not None
            facts.append(
                f"督查发现的问题“{finding.text.strip()[:80]}”整改时限为{finding.rectify_by:%Y年%m月%d日}，至今未整改"
            )
        return facts


def collect_facts(plan: Plan, as_of: date) -> list[UnitFacts]:
    """Units to name in a 通报 as of `as_of`: overdue tasks, a 差 inspection, or findings past their limit."""
    units: dict[int, UnitFacts] = {}

    def unit(agency: Agency) -> UnitFacts:
        return units.setdefault(agency.pk, UnitFacts(agency))

    for task in (
        Task.objects.filter(plan=plan, status=TaskStatus.OVERDUE)
        .select_related("agency", "item")
        .order_by("agency__sort_order", "item__seq", "id")
    ):
        unit(task.agency).overdue.append(task)
    for inspection in Inspection.objects.filter(
        plan=plan, rating=InspectionRating.POOR, inspected_on__lte=as_of
    ).select_related("agency"):
        unit(inspection.agency).poor.append(inspection)
    for finding in (
        Finding.objects.filter(inspection__plan=plan, rectified_at__isnull=True, rectify_by__lt=as_of)
        .select_related("inspection__agency")
        .order_by("inspection__agency__sort_order", "id")
    ):
        unit(finding.inspection.agency).unrectified.append(finding)
    return sorted(units.values(), key=lambda u: (u.agency.sort_order, u.agency.code))


def _prefetched_plan(plan: Plan) -> Plan:
    return Plan.objects.prefetch_related(Prefetch("items")).get(pk=plan.pk)


def _set_font(run: object, size: float, *, bold: bool = False, family: str = "仿宋") -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size)  # type: ignore[attr-defined]
    run.font.bold = bold  # type: ignore[attr-defined]
    run.font.name = family  # type: ignore[attr-defined]
    # East Asian text takes the font from w:eastAsia, not w:ascii.
    run._element.rPr.rFonts.set(qn("w:eastAsia"), family)  # type: ignore[attr-defined]


def build_docx(
    plan: Plan,
    *,
    serial: int,
    title: str,
    as_of: date,
    units: list[UnitFacts],
    requirement: str,
    issued_on: date,
) -> bytes:
    """The 通报 as a .docx (python-docx): heading, summary, one table of units, facts per unit, requirement."""
    # python-docx is imported here: the URLconf reaches this module at start-up.
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from zwgk.core.docxpage import official_document

    document = official_document()
    issuer = f"{settings.SITE_SHORT_NAME}人民政府办公室"

    def paragraph(
        text: str, *, size: float = 16, bold: bool = False, align: object = None, family: str = "仿宋"
    ) -> None:
        para = document.add_paragraph()
        if align is not None:
            para.alignment = align
        para.paragraph_format.space_after = Pt(6)
        _set_font(para.add_run(text), size, bold=bold, family=family)

    paragraph(
        f"政务公开工作通报（{plan.year}年第{serial}期）",
        size=14,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        family="黑体",
    )
    paragraph(title, size=22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, family="宋体")
    paragraph("各街道办事处、园区，区政府各部门：")
    paragraph(
        f"根据《{plan}》第十九项“对工作开展不积极、履职不到位的单位予以通报”的要求，区政府办公室对照各单位"
        f"工作台账，对截至{as_of:%Y年%m月%d日}的工作推进情况进行了监督检查。现将工作推进滞后或履职不到位的"
        f"{len(units)}个单位通报如下："
    )
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    headers = ["序号", "单位", "逾期未完成任务", "督查评价为“差”", "逾期未整改问题"]
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        _set_font(cell.paragraphs[0].add_run(text), 12, bold=True)
    for index, facts in enumerate(units, start=1):
        row = table.add_row().cells
        values = [
            str(index),
            facts.agency.short_name,
            str(len(facts.overdue)),
            str(len(facts.poor)),
            str(len(facts.unrectified)),
        ]
        for cell, text in zip(row, values, strict=True):
            cell.text = ""
            _set_font(cell.paragraphs[0].add_run(text), 12)
    paragraph("具体情况：", bold=True)
    for index, facts in enumerate(units, start=1):
        paragraph(f"{to_cn(index)}、{facts.agency.name}", bold=True, family="黑体")
        for number, line in enumerate(facts.lines(), start=1):
            # facts quote staff text that may already end a sentence: one full stop, never "。。"
            paragraph(f"{number}. {line.rstrip('。.；;，, ')}。")
    paragraph(requirement or DEFAULT_REQUIREMENT)
    paragraph(issuer, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(f"{issued_on:%Y年%m月%d日}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def fingerprint(*, title: str, as_of: date, requirement: str, units: list[UnitFacts]) -> str:
    """What a previewed 通报 says, as a hash: 确认印发 issues it only if the content is still the same."""
    import hashlib
    import json

    content = {
        "title": title,
        "as_of": as_of.isoformat(),
        "requirement": requirement,
        "units": [[u.agency.pk, u.lines()] for u in units],
    }
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:32]


def to_cn(number: int) -> str:

    return to_chinese_number(number)


def default_title(plan: Plan) -> str:
    return f"关于{plan.year}年政务公开工作要点落实情况的通报"
