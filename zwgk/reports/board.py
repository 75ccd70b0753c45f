"""Rows of the report status board and the district overview, and the geometry of their charts.

Kept out of the views so that the page, the .xlsx export and the tests read the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zwgk.agencies.models import Agency
from zwgk.reports.deadlines import due_date
from zwgk.reports.format import (
    CARRIED_IN,
    CARRIED_OUT,
    NEW,
    OUTCOME_GROUP_KEYS,
    REVIEW_KIND_LABELS,
    REVIEW_KINDS,
    TABLE3_ROW_KEYS,
    TABLE3_ROW_LABELS,
    TOTAL,
    TOTAL_COLUMN,
)
from zwgk.reports.models import AnnualReport, ReportStatus
from zwgk.reports.service import PLATFORM, STAFF, failing_checks, outcome_summary


@dataclass
class BoardRow:
    agency: Agency
    report: AnnualReport | None
    due: date
    today: date
    state: str = ""
    severity: str = ""
    failing: list[dict[str, Any]] = field(default_factory=list)
    can_start: bool = False  # set by the view: the user may create this agency's draft

    def __post_init__(self) -> None:
        r = self.report
        published = r.first_published_at.date() if r and r.first_published_at else None
        if published is not None:
            late = published > self.due
            self.state = "已发布（逾期发布）" if late else "已发布"
            if r and r.status != ReportStatus.PUBLISHED:
                self.state += f"，更正{r.get_status_display()}"
            self.severity = "warning" if late else "ok"
        elif self.today > self.due:
            self.state = "逾期未发布" + (f"（{r.get_status_display()}）" if r else "（未生成）")
            self.severity = "danger"
        else:
            self.state = r.get_status_display() if r else "未生成"
            self.severity = "warning" if (self.due - self.today).days <= 10 else ""
        if r is not None:
            self.failing = failing_checks(r.figures)

    @property
    def days_left(self) -> int:
        return (self.due - self.today).days

    @property
    def days_overdue(self) -> int:
        return -self.days_left

    @property
    def published_on(self) -> date | None:
        return (
            self.report.first_published_at.date() if self.report and self.report.first_published_at else None
        )

    @property
    def figures(self) -> dict[str, Any]:
        return self.report.figures if self.report else {}

    @property
    def table3_ready(self) -> bool:
        origin = (self.figures.get("provenance", {}).get("table3") or {}).get("origin")
        return origin in (PLATFORM, STAFF)

    @property
    def checks_label(self) -> str:
        if self.report is None:
            return "—"
        return "通过" if not self.failing else f"{len(self.failing)} 项未通过"

    def total(self, row: str) -> int | None:
        if not self.table3_ready:
            return None
        return (self.figures.get("table3", {}).get(row) or {}).get(TOTAL_COLUMN)

    def outcomes(self) -> dict[str, int | None]:
        if not self.table3_ready:
            return dict.fromkeys(OUTCOME_GROUP_KEYS)
        return outcome_summary(self.figures.get("table3", {}))

    def table4_total(self, kind: str) -> int | None:
        origin = (self.figures.get("provenance", {}).get("table4") or {}).get("origin")
        if origin not in (PLATFORM, STAFF):
            return None
        return (self.figures.get("table4", {}).get(kind) or {}).get(TOTAL_COLUMN)


def board_rows(agencies: Iterable[Agency], year: int, today: date) -> list[BoardRow]:
    agencies = list(agencies)
    reports = {
        r.agency_id: r
        for r in AnnualReport.objects.for_year(year).filter(agency__in=agencies).select_related("agency")
    }
    return [
        BoardRow(
            a, reports.get(a.pk), reports[a.pk].due if a.pk in reports else due_date(a.kind, year), today
        )
        for a in agencies
    ]


BOARD_HEADERS = ["单位", "单位代码", "年度", "状态", "法定期限", "发布日期", "勾稽校验", "未通过的校验"]


def board_export_rows(rows: Sequence[BoardRow], year: int) -> Iterable[list[Any]]:
    for row in rows:
        yield [
            row.agency.name,
            row.agency.code,
            year,
            row.state,
            row.due,
            row.published_on,
            row.checks_label,
            "；".join(f"{c['title']}：{c['detail']}" for c in row.failing),
        ]


OVERVIEW_HEADERS = [
    "单位",
    "状态",
    "勾稽校验",
    *[f"{TABLE3_ROW_LABELS[k]}（总计）" for k in TABLE3_ROW_KEYS],
    *[f"{REVIEW_KIND_LABELS[k]}（总计）" for k in REVIEW_KINDS],
]


def overview_export_rows(rows: Sequence[BoardRow]) -> Iterable[list[Any]]:
    for row in rows:
        yield [
            row.agency.name,
            row.state,
            row.checks_label,
            *[row.total(k) for k in TABLE3_ROW_KEYS],
            *[row.table4_total(k) for k in REVIEW_KINDS],
        ]


# Columns of the on-screen overview (总计 column of each): rows of table 3, grouped.
OVERVIEW_COLUMNS: list[tuple[str, str]] = [
    (NEW, "本年新收"),
    (CARRIED_IN, "上年结转"),
    ("granted", "予以公开"),
    ("partial", "部分公开"),
    ("withheld", "不予公开"),
    ("unavailable", "无法提供"),
    ("not_processed", "不予处理"),
    ("other", "其他处理"),
    (TOTAL, "办结总计"),
    (CARRIED_OUT, "结转下年度"),
]


def overview_cells(row: BoardRow) -> list[int | None]:
    outcomes = row.outcomes()
    return [outcomes[key] if key in outcomes else row.total(key) for key, _ in OVERVIEW_COLUMNS]


def overview_totals(rows: Sequence[BoardRow]) -> list[int]:
    """Column sums of the overview over the agencies whose table 3 has figures."""
    sums = [0] * len(OVERVIEW_COLUMNS)
    for row in rows:
        for index, value in enumerate(overview_cells(row)):
            sums[index] += value or 0
    return sums if rows else []


# --- charts (inline SVG, geometry computed here, drawn by the template) ---------------------------------------

BAR_HEIGHT = 18
LABEL_WIDTH = 150
CHART_WIDTH = 640


def outcome_chart(rows: Sequence[BoardRow]) -> dict[str, Any]:
    """Stacked bars per agency: 予以公开和部分公开 / 其他办理结果 / 结转下年度 (总计 column)."""
    data = []
    for row in rows:
        if not row.table3_ready:
            continue
        outcomes = row.outcomes()
        disclosed = (outcomes["granted"] or 0) + (outcomes["partial"] or 0)
        other = sum(v or 0 for k, v in outcomes.items() if k not in ("granted", "partial"))
        carried = row.total(CARRIED_OUT) or 0
        data.append((row, disclosed, other, carried))
    biggest = max((d + o + c for _, d, o, c in data), default=0) or 1
    scale = (CHART_WIDTH - LABEL_WIDTH - 60) / biggest
    bars = []
    for index, (row, disclosed, other, carried) in enumerate(data):
        y = 24 + index * (BAR_HEIGHT + 8)
        x: float = LABEL_WIDTH
        segments = []
        for value, css, label in (
            (disclosed, "bar-done", "予以公开和部分公开"),
            (other, "bar-todo", "其他办理结果"),
            (carried, "bar-progress", "结转下年度"),
        ):
            width = value * scale
            segments.append(
                {"x": round(x, 1), "width": round(width, 1), "css": css, "label": label, "value": value}
            )
            x += width
        bars.append(
            {
                "y": y,
                "text_y": y + BAR_HEIGHT - 4,
                "name": row.agency.short_name,
                "segments": segments,
                "end": round(x + 6, 1),
                "total": disclosed + other + carried,
                "failing": bool(row.failing),
            }
        )
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": 32 + len(bars) * (BAR_HEIGHT + 8),
        "label_width": LABEL_WIDTH,
    }


def status_chart(rows: Sequence[BoardRow]) -> dict[str, Any]:
    """Counts of reports by state against the deadline."""
    buckets = [
        ("按期发布", "bar-done", lambda r: r.published_on is not None and r.published_on <= r.due),
        ("逾期发布", "bar-progress", lambda r: r.published_on is not None and r.published_on > r.due),
        ("未发布（未到期）", "bar-todo", lambda r: r.published_on is None and r.today <= r.due),
        ("逾期未发布", "bar-overdue", lambda r: r.published_on is None and r.today > r.due),
    ]
    counts = [(label, css, sum(1 for r in rows if test(r))) for label, css, test in buckets]
    biggest = max((n for _, _, n in counts), default=0) or 1
    scale = (CHART_WIDTH - LABEL_WIDTH - 60) / biggest
    bars = [
        {"y": 10 + i * (BAR_HEIGHT + 8), "text_y": 10 + i * (BAR_HEIGHT + 8) + BAR_HEIGHT - 4, "label": label, "css": css,
         "width": round(n * scale, 1), "value": n, "end": round(LABEL_WIDTH + n * scale + 6, 1)}
        for i, (label, css, n) in enumerate(counts)
    ]  # fmt: skip
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": 20 + len(bars) * (BAR_HEIGHT + 8),
        "label_width": LABEL_WIDTH,
    }
