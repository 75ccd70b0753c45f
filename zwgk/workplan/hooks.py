"""Everything the ledger registers with the platform (called from WorkplanConfig.ready()): menus, inbox, demo,
the training evidence source, the annual report's work-plan sources and the ledger's own live indicators. What is
implemented elsewhere is named by path (zwgk.core.lazy); the periodic sweep (workplan/tasks.py) reaches the worker
through run_huey's tasks discovery."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from zwgk.core import registry
from zwgk.core.lazy import lazy
from zwgk.reports.sources import register_report_source
from zwgk.workplan import evidence, indicators
from zwgk.workplan.models import TrainingSession


def training_choices(agency_id: int, year: int) -> list[tuple[str, str]]:
    sessions = (
        TrainingSession.objects.filter(held_on__year=year)
        .filter(Q(agency_id=agency_id) | Q(attendees__agency_id=agency_id))
        .distinct()
        .order_by("-held_on")
    )
    return [(reverse("workplan:training", args=[s.pk]), f"{s.held_on:%Y-%m-%d} {s.title}") for s in sessions]


def register() -> None:
    registry.register_workspace_menu(
        registry.MenuEntry("工作要点台账", "workplan:ledger", order=300, permission="workplan.use_ledger")
    )
    registry.register_workspace_menu(
        registry.MenuEntry(
            "督查督办", "workplan:supervision_current", order=310, permission="workplan.supervise"
        )
    )
    registry.register_workspace_menu(
        registry.MenuEntry("考核评分", "workplan:scores_current", order=320, permission="workplan.use_ledger")
    )
    registry.register_workspace_menu(
        registry.MenuEntry("政务公开队伍", "workplan:team", order=330, permission="workplan.view_team")
    )
    registry.register_workspace_menu(
        registry.MenuEntry("培训记录", "workplan:trainings", order=340, permission="workplan.view_trainings")
    )
    registry.register_inbox_provider(lazy("zwgk.workplan.inbox:ledger_items"))
    registry.register_demo_loader(50, "workplan", "zwgk.workplan.demo:load")

    evidence.register_evidence_source("training", "培训记录", training_choices)

    register_report_source("workplan_summary", lazy("zwgk.workplan.reporting:implementation_summary"))
    register_report_source("trainings", lazy("zwgk.workplan.reporting:training_facts"))

    register = indicators.register_indicator
    register(
        18,
        "workplan.staff_trained",
        lazy("zwgk.workplan.live_indicators:staff_trained"),
        label="政务公开工作人员参训率",
        hints=("工作人员培训",),
        target=1.0,
    )
    register(
        18,
        "workplan.trainings",
        lazy("zwgk.workplan.live_indicators:trainings"),
        label="政务公开培训场次",
        hints=("集中授课",),
    )
    register(
        18,
        "workplan.liaison_filed",
        lazy("zwgk.workplan.live_indicators:liaison_filed"),
        label="联络员备案",
        hints=("联络员",),
        target=1.0,
    )
    register(
        19,
        "workplan.ledger_complete",
        lazy("zwgk.workplan.live_indicators:ledger_complete"),
        label="台账任务明确责任人",
        hints=("本单位工作台账", "责任主体和时限"),
        target=1.0,
    )
    register(
        19,
        "workplan.tasks_on_time",
        lazy("zwgk.workplan.live_indicators:tasks_on_time"),
        label="台账任务按时完成率",
        hints=("本单位工作台账", "时限要求"),
        target=1.0,
    )
    register(
        19,
        "workplan.review_rectified",
        lazy("zwgk.workplan.live_indicators:review_rectified"),
        label="回头看整改核查",
        hints=("回头看",),
        target=1.0,
    )
    register(
        11,
        "workplan.secrecy_reviewers",
        lazy("zwgk.workplan.live_indicators:secrecy_reviewers"),
        label="已指定保密审查员的单位",
        hints=("保密审查制度",),
        target=1.0,
    )
    register(
        16,
        "workplan.disclosure_office_listed",
        lazy("zwgk.workplan.live_indicators:disclosure_office_listed"),
        label="公开工作机构和联系方式已列明",
        hints=("政府信息公开工作机构",),
        target=1.0,
    )
