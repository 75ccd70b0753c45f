"""A ledger task: its details, sub-tasks, milestones, progress reports with evidence, and history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from zwgk.accounts.permissions import can, require
from zwgk.audit.models import AuditEvent
from zwgk.core.actionviews import Step, refusal_text, run_action
from zwgk.core.errors import Refused
from zwgk.core.files import serve_protected_file
from zwgk.workplan import evidence as evidence_sources
from zwgk.workplan.access import get_evidence, get_milestone, get_task
from zwgk.workplan.actions import ledger as actions
from zwgk.workplan.actions.supervision import send_reminders
from zwgk.workplan.forms import (
    CompleteForm,
    ExtendForm,
    MilestoneForm,
    ReasonForm,
    ReportForm,
    SubtaskForm,
    TaskForm,
)
from zwgk.workplan.models import Task, TaskStatus


def _sources(task: Task) -> list[tuple[str, str, list[tuple[str, str]]]]:
    found = []
    for source in evidence_sources.sources():
        if source.choices is None:
            continue
        try:
            choices = source.choices(task.agency_id, task.plan.year)
        except Exception:  # noqa: BLE001  (another app's evidence source failing must not block reporting progress)
            choices = []
        found.append((source.kind, source.label, choices))
    return found


def _forms(task: Task, data: Any = None, files: Any = None, bound: str = "") -> dict[str, Any]:
    def make(name: str, cls: Any, **kwargs: Any) -> Any:
        # Prefixed: several forms share field names (reason, due_date) on one page.
        kwargs["prefix"] = name
        if bound == name:
            return cls(data, files, **kwargs) if files is not None else cls(data, **kwargs)
        return cls(**kwargs)

    return {
        "edit_form": make(
            "edit",
            TaskForm,
            initial={
                "title": task.title,
                "description": task.description,
                "responsible_person": task.responsible_person,
                "responsible_phone": task.responsible_phone,
                "due_date": task.due_date,
            },
        ),
        "report_form": make("report", ReportForm, sources=_sources(task)),
        "complete_form": make("complete", CompleteForm),
        "subtask_form": make("subtask", SubtaskForm, initial={"due_date": task.due_date}),
        "milestone_form": make("milestone", MilestoneForm),
        "extend_form": make("extend", ExtendForm),
        "reopen_form": make("reopen", ReasonForm),
        "remind_form": make("remind", ReasonForm),
    }


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_task(request.user, pk)
    if request.method != "POST":
        return render(request, "workplan/task.html", _context(request, task, _forms(task), ""))
    action = request.POST.get("action", "")
    forms = _forms(task, request.POST, request.FILES, action)

    def page() -> HttpResponse:
        # The forms keep what was typed; the task is read again for the page around them.
        return render(
            request, "workplan/task.html", _context(request, get_task(request.user, pk), forms, action)
        )

    def refused(exc: Refused) -> HttpResponse:
        form = forms.get(f"{action}_form") or forms.get("edit_form")
        if form is not None and hasattr(form, "add_error") and form.is_bound:
            form.add_error(None, refusal_text(exc))
        else:
            messages.error(request, refusal_text(exc))
        return page()

    def step(name: str) -> Step:
        return lambda r: _handle(r, task, name, forms) or page()

    return run_action(
        request,
        {name: step(name) for name in FORM_OF},
        redirect_to=reverse("workplan:task", args=[task.pk]),
        on_refused=refused,
    )


# The POST `action` of each form on the task page.
FORM_OF = {
    "edit": "edit_form",
    "report": "report_form",
    "complete": "complete_form",
    "subtask": "subtask_form",
    "milestone": "milestone_form",
    "extend": "extend_form",
    "reopen": "reopen_form",
    "remind": "remind_form",
}


def _handle(request: HttpRequest, task: Task, action: str, forms: dict[str, Any]) -> str | None:
    """Run the action of one form; None when the form is invalid (its errors are shown)."""
    user = request.user
    form = forms[FORM_OF[action]]
    if not form.is_valid():
        return None
    data = form.cleaned_data
    match action:
        case "edit":
            actions.update_task(task, data, by=user)
            return "台账任务已保存。"
        case "report":
            links = []
            if data.get("link_url"):
                links.append(actions.LinkInput(evidence_sources.LINK, data["link_label"], data["link_url"]))
            choice_labels = {kind: dict(choices) for kind, _label, choices in _sources(task) if choices}
            for field_name, kind in form.source_fields:
                for url in data.get(field_name) or []:
                    links.append(actions.LinkInput(kind, choice_labels[kind].get(url, url), url))
            actions.report_progress(
                task,
                by=user,
                text=data["text"],
                percent=data.get("percent"),
                files=data["files"],
                links=links,
            )
            return "进展已报送。"
        case "complete":
            actions.complete_task(task, by=user, note=data["note"])
            return "任务已标记为完成。"
        case "subtask":
            sub = actions.add_subtask(task, data, by=user)
            return f"已添加子任务“{sub.title}”。"
        case "milestone":
            actions.add_milestone(task, data["title"], data.get("due_date"), by=user)
            return "已添加工作节点。"
        case "extend":
            actions.extend_task(task, data["due_date"], data["reason"], by=user)
            return "完成时限已调整。"
        case "reopen":
            actions.reopen_task(task, data["reason"], by=user)
            return "任务已重新打开。"
        case "remind":
            send_reminders(task.plan, [task.agency], data["reason"], by=user, task=task)
            return f"已向{task.agency.short_name}发送提醒。"
    return None


def _context(request: HttpRequest, task: Task, forms: dict[str, Any], action: str) -> dict[str, Any]:
    user = request.user
    reports = task.reports.select_related("author").prefetch_related("files", "links")
    history = AuditEvent.objects.for_object(task).order_by("-id")[:100]
    return {
        "task": task,
        "action": action,
        "subtasks": task.subtasks.order_by("due_date", "id"),
        "milestones": task.milestones.all(),
        "reports": reports,
        "history": history,
        "can_edit": can(user, "workplan.edit_task", task),
        "can_supervise": can(user, "workplan.extend_task", task),
        "is_open": task.status != TaskStatus.DONE,
        **forms,
    }


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_milestone(request.user, pk)
    return run_action(
        request,
        {
            "done": lambda r: (
                actions.complete_milestone(milestone, by=r.user),
                f"工作节点“{milestone.title}”已完成。",
            )[1]
        },
        name="done",
        redirect_to=reverse("workplan:task", args=[milestone.task_id]),
    )


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """Evidence files are served only here, after the access check (never by URL)."""
    evidence = get_evidence(request.user, pk)
    require(request.user, "workplan.view_task", evidence.report.task)
    # the type follows the stored name, never the type the uploader's browser claimed
    return serve_protected_file(evidence.file, filename=evidence.original_name)
