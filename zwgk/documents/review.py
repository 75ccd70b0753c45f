"""Plug-in points of the 保密审查 step (Regulation Art 17: review before disclosure).

The screening app registers here in its AppConfig.ready():

- `register_review_started(fn)`: fn(record_id) runs after commit whenever a record enters 待保密审查, again when
  its body or attachments change while it is in review (`replace_body` / `replace_attachment`), and when a
  periodic review (定期审查) opens for a non-public record (its conversion would publish it).
- `register_approval_blocker(fn)`: fn(record) -> list of Chinese reasons. Approving the secrecy review, and
  converting a record to 主动公开 after a periodic review, are refused while any blocker gives a reason.
- `register_review_panel(template_name, context_fn)`: extra panels on the reviewer's page, rendered with
  context_fn(request, record) merged into {"record": record}.

Redaction actions for the screening app: `replace_body(record, new_body, *, by, reason)` and
`replace_attachment(attachment, data, filename, *, by, reason)` — available here and in
`zwgk.documents.actions` (allowed to the 保密审查员 while the record is in 待保密审查; audited; text re-extracted).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest

    from zwgk.documents.models import Record

logger = logging.getLogger(__name__)

ReviewStarted = Callable[[int], None]
ApprovalBlocker = Callable[["Record"], list[str]]
PanelContext = Callable[["HttpRequest", "Record"], dict[str, Any]]

_started: list[ReviewStarted] = []
_blockers: list[ApprovalBlocker] = []


@dataclass(frozen=True)
class ReviewPanel:
    template_name: str
    context_fn: PanelContext


_panels: list[ReviewPanel] = []


def register_review_started(fn: ReviewStarted) -> None:
    if fn not in _started:
        _started.append(fn)


def register_approval_blocker(fn: ApprovalBlocker) -> None:
    if fn not in _blockers:
        _blockers.append(fn)


def register_review_panel(template_name: str, context_fn: PanelContext) -> None:
    panel = ReviewPanel(template_name, context_fn)
    if panel not in _panels:
        _panels.append(panel)


def unregister(fn: object) -> None:
    """Remove a hook (tests register fakes and remove them again)."""
    for registry in (_started, _blockers):
        while fn in registry:
            registry.remove(fn)  # type: ignore[arg-type]
    for panel in [p for p in _panels if p.context_fn is fn or p.template_name == fn]:
        _panels.remove(panel)


def notify_review_started(record_id: int) -> None:
    """Schedule the review-started hooks for after the current transaction commits."""
    from django.db import transaction

    for fn in list(_started):
        transaction.on_commit(lambda fn=fn: _call_started(fn, record_id), robust=True)  # type: ignore[misc]


def _call_started(fn: ReviewStarted, record_id: int) -> None:
    fn(record_id)


def run_review_started_now(record_id: int) -> None:
    """Run the review-started hooks at once, inside the current transaction (the demo loader, which runs in
    one transaction, needs the screening done before it approves a review)."""
    for fn in list(_started):
        fn(record_id)


def approval_blockers(record: Record) -> list[str]:
    reasons: list[str] = []
    for fn in list(_blockers):
        reasons.extend(str(r) for r in fn(record) if r)
    return reasons


def review_panels(request: HttpRequest, record: Record) -> list[tuple[str, dict[str, Any]]]:
    rendered: list[tuple[str, dict[str, Any]]] = []
    for panel in list(_panels):
        context = {"record": record}
        context.update(panel.context_fn(request, record) or {})
        rendered.append((panel.template_name, context))
    return rendered


def render_review_panels(request: HttpRequest, record: Record) -> list[str]:
    """The registered panels rendered with their own templates (the template output is already escaped)."""
    from django.template.loader import render_to_string

    return [
        render_to_string(name, context, request=request) for name, context in review_panels(request, record)
    ]


def replace_body(record: Record, new_body: str, *, by: Any, reason: str) -> Record:
    """Audited redaction of a record's body during the secrecy review (see actions.replace_body)."""
    from zwgk.documents import actions

    return actions.replace_body(record, new_body, by=by, reason=reason)


def replace_attachment(attachment: Any, data: bytes, filename: str, *, by: Any, reason: str) -> Any:
    """Audited replacement of an attachment by a redacted copy (see actions.replace_attachment)."""
    from zwgk.documents import actions

    return actions.replace_attachment(attachment, data, filename, by=by, reason=reason)
