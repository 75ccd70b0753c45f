"""Template tags of the catalogue (`{% load documents_extras %}`): the 公开方式 / 公示 panel of a record's workspace
page, the 解读重点 above the interpretation form, and the related public pages of a public record."""

from __future__ import annotations

from typing import Any

from django import template

from zwgk.accounts.permissions import can
from zwgk.documents import extensions, publicity
from zwgk.documents.models import DisclosureMode, Record, Status

register = template.Library()


@register.inclusion_tag("documents/workspace/_publicity.html", takes_context=True)
def publicity_panel(context: Any, record: Record) -> dict[str, Any]:
    user = context["request"].user
    modes = set(record.disclosure_modes or [])
    published = record.status == Status.PUBLISHED
    return {
        "record": record,
        "labels": publicity.mode_labels(record.disclosure_modes or []),
        "is_publicity": DisclosureMode.PUBLICITY in modes,
        "state": publicity.publicity_state(record),
        "offline": bool(modes & publicity.OFFLINE_MODES),
        "logs": list(record.display_logs.select_related("recorded_by")),
        "can_change": published and can(user, "documents.withdraw", record),
        "can_log": published and can(user, "documents.log_display", record),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("documents/workspace/_focus_points.html")
def focus_points(policy: Record) -> dict[str, Any]:
    """The 解读重点 of an interpretation being drafted (work plan item 十): the public's most frequent concerns."""
    return {"points": extensions.focus_points(policy)}


@register.inclusion_tag("documents/public/_record_links.html")
def record_links(record: Record) -> dict[str, Any]:
    """Related public pages of a public record (its 征求意见, its 重大行政决策)."""
    return {"links": extensions.record_links(record)}
