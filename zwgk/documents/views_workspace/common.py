"""Helpers shared by the catalogue's workspace pages: exports, refusals, the review panel and step dispatch
shared by records and interpretations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from zwgk.accounts.permissions import can
from zwgk.audit.models import AuditEvent
from zwgk.core.actionviews import run_action
from zwgk.core.errors import Refused
from zwgk.documents import actions
from zwgk.documents.files import AttachmentRejected
from zwgk.documents.forms import (
    AttachmentForm,
)
from zwgk.documents.models import (
    Interpretation,
    Record,
    Status,
)
from zwgk.secrecy.panel import panel_context
from zwgk.secrecy.service import approval_blockers as secrecy_blockers

EXPORT_LIMIT = 50000


def _refusal(request: HttpRequest, exc: Exception) -> None:
    if isinstance(exc, Refused):
        messages.error(request, exc.message)
        for problem in exc.problems:
            messages.error(request, f"· {problem}")
    elif isinstance(exc, AttachmentRejected):
        messages.error(request, exc.message)
    elif isinstance(exc, PermissionDenied):
        messages.error(request, str(exc) or "您没有权限执行此操作。")
    else:
        raise exc


def _attempt(request: HttpRequest, fn: Callable[[], Any], success: str) -> bool:
    try:
        fn()
    except (Refused, AttachmentRejected, PermissionDenied) as exc:
        _refusal(request, exc)
        return False
    messages.success(request, success)
    return True


def _local(dt: datetime | None) -> Any:
    return timezone.localtime(dt).replace(tzinfo=None) if dt else None


def _record_rows(records: QuerySet[Record]) -> Any:
    for r in records[:EXPORT_LIMIT]:
        yield (
            r.index_no or "",
            r.title,
            r.agency.short_name,
            r.doc_number,
            r.written_on,
            _local(r.published_at),
            r.get_status_display(),
            r.get_openness_display(),
            r.legal_ground_label,
            r.get_validity_display(),
            r.theme.path if r.theme else "",
            r.category_label,
            r.publish_due,
            "是" if r.published_late else "",
        )


RECORD_HEADERS = [
    "索引号",
    "标题",
    "发文机关",
    "发文字号",
    "成文日期",
    "发布时间",
    "状态",
    "公开属性",
    "不公开依据",
    "有效性",
    "主题分类",
    "法定主动公开类别",
    "公开时限",
    "超时限发布",
]


def _history(obj: Any) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.for_object(obj).order_by("id")


def _moves(request: HttpRequest, obj: Record | Interpretation) -> dict[str, bool]:
    """{target: shown?} for every move of the object's transition table from its status (buttons)."""
    flow = type(obj).FLOW
    available = set(flow.available_moves(obj, request.user))
    return {target: target in available for target in flow.moves_from(obj.status)}


def _reviewed_context(request: HttpRequest, obj: Record | Interpretation) -> dict[str, Any]:
    """What a record's and an interpretation's workspace page share: the buttons of its workflow, the secrecy
    panel at the reviewer's stage, its attachments, sign-offs, history and what a draft still lacks."""
    allowed = _moves(request, obj)
    if obj.status == Status.IN_REVIEW:
        # 待保密审查 → 已定稿 is where the review's 退回 sends a 定期审查 conversion, not a button of its own.
        allowed.pop(Status.FILED, None)
    is_reviewer_stage = obj.status == Status.IN_REVIEW and allowed.get(Status.AWAITING_SIGNOFF, False)
    return {
        "allowed": allowed,
        "show_content": can(request.user, "documents.view_content", obj),
        **_review_panel(request, obj, shown=is_reviewer_stage, blocked_note=APPROVAL_BLOCKED),
        "attachments": list(obj.attachments.all()),
        "signoffs": list(obj.signoffs.select_related("by")),
        "history": _history(obj),
        "problems": actions.problems_of(obj) if obj.status == Status.DRAFT else [],
        "can_draft": can(request.user, "documents.draft", obj),
        "attachment_form": AttachmentForm(),
    }


def _edit_draft(
    request: HttpRequest,
    obj: Record | Interpretation,
    form: Any,
    *,
    done: str,
    back: str,
    template: str,
    **extra: Any,
) -> HttpResponse:
    """The draft form of a record or interpretation: saved through actions.update_draft."""
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        co_agencies = data.pop("co_agencies", None)
        if _attempt(
            request, lambda: actions.update_draft(obj, data, by=request.user, co_agencies=co_agencies), done
        ):
            return redirect(back)
        obj.refresh_from_db()
    return render(request, template, {"form": form, **extra})


def _review_panel(
    request: HttpRequest, obj: Record | Interpretation, *, shown: bool, blocked_note: str
) -> dict[str, Any]:
    """The secrecy panel (it prints the approval blockers once), or the bare blockers for a user who may decide
    but not see the findings; nothing outside the reviewer's stage."""
    if not shown:
        return {"secrecy": None, "blockers": []}
    panel = panel_context(request, obj, blocked_note=blocked_note)
    blockers = [] if panel["secrecy"] else secrecy_blockers(obj)
    return {**panel, "blockers": blockers, "blocked_note": blocked_note}


def _dispatch(
    request: HttpRequest, action: str, steps: dict[str, Callable[[HttpRequest], Any]], redirect_to: str
) -> HttpResponse:
    """The URL names the step (…/do/<action>/): one POST dispatch through core.actionviews.run_action."""
    post = request.POST.copy()
    post["action"] = action
    request.POST = post  # type: ignore[assignment]
    return run_action(request, steps, redirect_to=redirect_to)


def _workflow_steps(obj: Record | Interpretation, words: dict[str, str]) -> dict[str, Any]:
    """The moves of the shared workflow as run_action steps; `words` are the success messages."""

    def step(fn: Callable[[HttpRequest], Any], key: str) -> Callable[[HttpRequest], str]:
        return lambda r: (fn(r), words[key])[1]

    return {
        "submit": step(lambda r: actions.submit(obj, by=r.user), "submit"),
        "approve": step(
            lambda r: actions.approve_review(obj, by=r.user, note=r.POST.get("note", "")), "approve"
        ),
        "return": step(
            lambda r: actions.return_to_draft(obj, by=r.user, note=r.POST.get("note", "")), "return"
        ),
        "withdraw": step(
            lambda r: actions.withdraw(obj, by=r.user, reason=r.POST.get("reason", "")), "withdraw"
        ),
        "reopen": step(lambda r: actions.reopen(obj, by=r.user), "reopen"),
    }


RECORD_DONE = {
    "submit": "已提交保密审查。",
    "approve": "保密审查已通过，转审签。",
    "return": "已退回起草人修改。",
    "withdraw": "已撤回，公众网站不再显示该文件。",
    "reopen": "已转为草稿，可修改后重新提交。",
}


INTERPRETATION_DONE = {
    "submit": "解读已提交保密审查。",
    "approve": "解读保密审查通过。",
    "return": "解读已退回。",
    "withdraw": "解读已撤回。",
    "reopen": "解读已转为草稿。",
}


APPROVAL_BLOCKED = "保密审查尚有未解决的问题，暂不能通过："
