"""Plug-in points of the 保密审查 step (Regulation Art 17: review before disclosure).

Two models go through the step: records (`RECORD`, documents.Record) and policy interpretations
(`INTERPRETATION`, documents.Interpretation). A plug-in registers per model (`model=`, records by default), so that
each hook knows what it gets. The screening app registers here in its AppConfig.ready():

- `register_review_started(fn, model=...)`: fn(object_id) runs after commit whenever an object of that model enters
  待保密审查, again when its reviewed text or attachments change while it is in review (`replace_body` /
  `replace_attachment`), and (records) when a periodic review (定期审查) opens for a non-public record (its
  conversion would publish it).
- `register_approval_blocker(fn, model=...)`: fn(obj) -> list of Chinese reasons. Approving the secrecy review,
  and converting a record to 主动公开 after a periodic review, are refused while any blocker gives a reason.
- `register_review_panel(template_name, context_fn, model=...)`: extra panels on the reviewer's page, rendered
  with context_fn(request, obj) merged into {"record": obj}.

Redaction actions for the screening app: `replace_body(obj, new_body, *, by, reason)` (a record's body; an
interpretation's `review_text`, i.e. 解读内容 and 问答) and `replace_attachment(attachment, data, filename, *, by,
reason)` — allowed to the 保密审查员 of the owner's agency while the owner is in 待保密审查; audited; text
re-extracted. The actions themselves are in `zwgk.documents.actions`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db import models
    from django.http import HttpRequest

logger = logging.getLogger(__name__)

RECORD = "documents.record"
INTERPRETATION = "documents.interpretation"

ReviewStarted = Callable[[int], None]
ApprovalBlocker = Callable[[Any], list[str]]
PanelContext = Callable[["HttpRequest", Any], dict[str, Any]]

# (model label, hook): plain lists, so that tests can set them aside and put them back.
_started: list[tuple[str, ReviewStarted]] = []
_blockers: list[tuple[str, ApprovalBlocker]] = []


@dataclass(frozen=True)
class ReviewPanel:
    template_name: str
    context_fn: PanelContext
    model: str = RECORD


_panels: list[ReviewPanel] = []


def _label(model: str) -> str:
    if model.lower() not in (RECORD, INTERPRETATION):
        raise ValueError(f"{model} does not go through the 保密审查 step")
    return model.lower()


def _label_of(obj: models.Model) -> str:
    return obj._meta.label_lower


def register_review_started(fn: ReviewStarted, *, model: str = RECORD) -> None:
    if (_label(model), fn) not in _started:
        _started.append((_label(model), fn))


def register_approval_blocker(fn: ApprovalBlocker, *, model: str = RECORD) -> None:
    if (_label(model), fn) not in _blockers:
        _blockers.append((_label(model), fn))


def register_review_panel(template_name: str, context_fn: PanelContext, *, model: str = RECORD) -> None:
    panel = ReviewPanel(template_name, context_fn, _label(model))
    if panel not in _panels:
        _panels.append(panel)


def unregister(fn: object) -> None:
    """Remove a hook for every model (tests register fakes and remove them again)."""
    _started[:] = [entry for entry in _started if entry[1] != fn]
    _blockers[:] = [entry for entry in _blockers if entry[1] != fn]
    _panels[:] = [p for p in _panels if p.context_fn != fn and p.template_name != fn]


def notify_review_started(object_id: int, *, model: str = RECORD) -> None:
    """Schedule the review-started hooks of `model` for after the current transaction commits."""
    from django.db import transaction

    label = _label(model)
    for registered, fn in list(_started):
        if registered == label:
            transaction.on_commit(lambda fn=fn: _call_started(fn, object_id), robust=True)  # type: ignore[misc]


def _call_started(fn: ReviewStarted, object_id: int) -> None:
    fn(object_id)


def run_review_started_now(object_id: int, *, model: str = RECORD) -> None:
    """Run the review-started hooks at once, inside the current transaction (the demo loader, which runs in
    one transaction, needs the screening done before it approves a review)."""
    label = _label(model)
    for registered, fn in list(_started):
        if registered == label:
            fn(object_id)


def approval_blockers(obj: models.Model) -> list[str]:
    label = _label_of(obj)
    reasons: list[str] = []
    for registered, fn in list(_blockers):
        if registered == label:
            reasons.extend(str(r) for r in fn(obj) if r)
    return reasons


def review_panels(request: HttpRequest, obj: models.Model) -> list[tuple[str, dict[str, Any]]]:
    label = _label_of(obj)
    rendered: list[tuple[str, dict[str, Any]]] = []
    for panel in list(_panels):
        if panel.model != label:
            continue
        context = {"record": obj}
        context.update(panel.context_fn(request, obj) or {})
        rendered.append((panel.template_name, context))
    return rendered


def render_review_panels(request: HttpRequest, obj: models.Model) -> list[str]:
    """The registered panels rendered with their own templates (the template output is already escaped)."""
    from django.template.loader import render_to_string

    return [render_to_string(name, context, request=request) for name, context in review_panels(request, obj)]


def replace_body(obj: Any, new_body: str, *, by: Any, reason: str) -> Any:
    """Audited redaction of the reviewed text during the secrecy review: a record's body
    (actions.replace_body), an interpretation's 解读内容 and 问答 (actions.replace_interpretation_text)."""
    from zwgk.documents import actions
    from zwgk.documents.models import Interpretation

    if isinstance(obj, Interpretation):
        return actions.replace_interpretation_text(obj, new_body, by=by, reason=reason)
    return actions.replace_body(obj, new_body, by=by, reason=reason)


def prepare_attachment(data: bytes, filename: str) -> Any:
    """The slow part of replace_attachment (checks, extraction, metadata stripping), for a caller to run before
    its own transaction and pass back as `prepared`."""
    from zwgk.documents.files import prepare

    return prepare(data, filename)


def replace_attachment(
    attachment: Any, data: bytes, filename: str, *, by: Any, reason: str, prepared: Any = None
) -> Any:
    """Audited replacement of a record's or interpretation's attachment by a redacted copy
    (see actions.replace_attachment)."""
    from zwgk.documents import actions

    return actions.replace_attachment(attachment, data, filename, by=by, reason=reason, prepared=prepared)
