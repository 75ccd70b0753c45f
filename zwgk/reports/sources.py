"""Where the annual report gets its figures: a registry of source functions that the record-keeping apps fill.

The report never reads another app's models. Each app that keeps records registers plain functions in its
`AppConfig.ready()`:

    from zwgk.reports.sources import register_report_source
    register_report_source("applications", reporting.applications_for_report)

Names, signatures and the shape of what they return (the contract; `agency_id` is `Agency.pk`):

- "applications": fn(agency_id) -> iterable of objects with
      applicant_column: one of "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"
      received: date            (收到申请之日, Art 31)
      concluded: date | None    (办结 / 答复 date; None while open)
      outcome: str | None       (a table-3 row key: "granted", "partial", "withheld.state_secret", …,
                                 "other.other" — zwgk.reports.format.OUTCOME_KEYS; None while open)
      reference: str            (optional: 受理编号, used to name the record in problem messages)
  Every application the agency ever handled may be returned; the report selects by date. An application
  transferred to another agency counts at each agency where it was received and concluded.
- "review_cases": fn(agency_id) -> iterable of objects with
      kind: "review" | "litigation_direct" | "litigation_after_review"
      result: "维持" | "纠正" | "其他" | "尚未审结"
      filed: date, concluded: date | None, reference: str (optional)
  A case counts in the year it was filed; it is 尚未审结 unless concluded by 31 December of that year.
- "fees": fn(agency_id, year) -> Decimal — 信息处理费 collected in the year, in 元.
- "normative": fn(agency_id, year) -> {"规章": {"issued": int, "repealed": int, "in_force": int},
                                      "行政规范性文件": {"issued": …, "repealed": …, "in_force": …}}
- "publication_facts": fn(agency_id, year) -> dict, every key optional:
      published_total: int, published_by_category: dict[str, int], policy_documents: int,
      interpretations: int, nonpublic_reviewed: int, nonpublic_converted: int, platform_notes: str
- "workplan_summary": fn(agency_id, year) -> str — implementation of the year's 工作要点 (plan item 十九).
- "trainings": fn(agency_id, year) -> {"sessions": int, "participants": int, "topics": list[str]} (all optional).
- "public_participation": fn(agency_id, year) -> dict, every key optional (重大行政决策 and 征求意见, plan item 九):
      decisions: int (in the year's published 决策事项目录), decisions_by_stage: dict[str, int] (stage label → n),
      decisions_decided: int, consultations: int (征求意见 opened in the year), comments_received: int,
      comments_adopted: int, comments_partly_adopted: int, comments_not_adopted: int, feedback_published: int

A source that is not registered is shown as such (the cell cannot be computed → staff entry with a source note,
or a visible placeholder); it is never read as zero. A source that raises is reported as failed, not as zero.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

logger = logging.getLogger(__name__)


class ApplicationRecord(Protocol):
    applicant_column: str
    received: Any  # datetime.date
    concluded: Any  # datetime.date | None
    outcome: str | None


class ReviewCaseRecord(Protocol):
    kind: str
    result: str
    filed: Any  # datetime.date
    concluded: Any  # datetime.date | None


@dataclass(frozen=True)
class SourceSpec:
    name: str
    label: str  # Chinese name shown to staff
    feeds: str  # what in the report depends on it
    owner: str  # the app expected to register it


SOURCES: dict[str, SourceSpec] = {
    spec.name: spec
    for spec in (
        SourceSpec(
            "applications",
            "依申请公开办理台账",
            "表三（收到和处理政府信息公开申请情况）",
            "zwgk.applications",
        ),
        SourceSpec(
            "review_cases", "行政复议、行政诉讼案件", "表四（行政复议、行政诉讼情况）", "zwgk.applications"
        ),
        SourceSpec("fees", "信息处理费收取记录", "六、其他需要报告的事项（信息处理费）", "zwgk.applications"),
        SourceSpec("normative", "规章和行政规范性文件目录", "表二第二十条第（一）项", "zwgk.documents"),
        SourceSpec(
            "publication_facts",
            "主动公开发布记录",
            "一、总体情况（主动公开、政府信息管理）",
            "zwgk.documents",
        ),
        SourceSpec(
            "workplan_summary", "工作要点台账", "六、其他需要报告的事项（工作要点落实情况）", "zwgk.workplan"
        ),
        SourceSpec("trainings", "培训记录", "一、总体情况（监督保障）", "zwgk.workplan"),
        SourceSpec(
            "public_participation",
            "重大行政决策和征求意见记录",
            "一、总体情况（主动公开：重大行政决策、征求意见）",
            "zwgk.decisions",
        ),
    )
}

REGISTERED: dict[str, Callable[..., Any]] = {}


def register_report_source(name: str, fn: Callable[..., Any]) -> None:
    """Register the function that provides source `name` (call from AppConfig.ready(); last one wins)."""
    if name not in SOURCES:
        raise ValueError(f"unknown annual-report source {name!r}; known: {', '.join(SOURCES)}")
    if not callable(fn):
        raise TypeError(f"source {name!r} must be callable")
    REGISTERED[name] = fn


def get_source(name: str) -> Callable[..., Any] | None:
    if name not in SOURCES:
        raise ValueError(f"unknown annual-report source {name!r}")
    return REGISTERED.get(name)


def registered_sources() -> dict[str, Callable[..., Any]]:
    return dict(REGISTERED)


class SourceFailed(Exception):
    """A registered source raised; the message names the source in Chinese."""


def call_source(name: str, *args: Any) -> tuple[bool, Any]:
    """(registered, value). Raises SourceFailed (logged) when the source raises."""
    fn = get_source(name)
    if fn is None:
        return False, None
    try:
        value = fn(*args)
        if name in ("applications", "review_cases"):
            value = list(value)
    except Exception as exc:  # another app's bug must not break the report page: it is shown and logged
        logger.exception("annual-report source %s failed", name)
        raise SourceFailed(
            f"数据来源“{SOURCES[name].label}”读取失败（{exc.__class__.__name__}: {exc}）"
        ) from exc
    return True, value
