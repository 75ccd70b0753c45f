"""The 政府信息公开指南 revisions and themes."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from zwgk.accounts.permissions import require
from zwgk.audit.log import record as audit
from zwgk.core.errors import Refused
from zwgk.documents.caching import bump
from zwgk.documents.models import (
    GuideRevision,
    Theme,
)

# --- guides and themes ----------------------------------------------------------------------------------


@transaction.atomic
def publish_guide(agency: Any, *, body: str, revised_on: date, note: str, by: Any) -> GuideRevision:
    """A new revision of the agency's 公开指南 (Art 12; work plan item 十六: revise and mark 修订时间)."""
    require(by, "documents.edit_guide", agency)
    if not body.strip():
        raise Refused("指南正文不能为空。")
    last = GuideRevision.objects.select_for_update().filter(agency=agency).order_by("-version").first()
    if last and revised_on < last.revised_on:
        raise Refused("修订时间不能早于上一版的修订时间。")
    revision = GuideRevision.objects.create(
        agency=agency,
        version=(last.version + 1) if last else 1,
        body=body.strip(),
        revised_on=revised_on,
        note=note.strip(),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit(
        "documents.guide_revised",
        obj=revision,
        agency=agency,
        actor=by,
        summary=f"修订公开指南（第 {revision.version} 版，{revised_on:%Y-%m-%d}）",
        after={"note": note.strip()},
    )

    transaction.on_commit(bump)
    return revision


@transaction.atomic
def save_theme(
    theme: Theme | None, *, name: str, parent: Theme | None, sort_order: int, is_active: bool, by: Any
) -> Theme:
    require(by, "documents.manage_themes")
    if parent is not None and parent.parent_id is not None:
        raise Refused("主题分类只有两级：上级只能选择一级分类。")
    if theme is not None and parent is not None and theme.children.exists():
        raise Refused("该分类下还有二级分类，不能再设为二级分类。")
    if theme is not None and parent is not None and parent.pk == theme.pk:
        raise Refused("分类不能以自身为上级。")
    if not name.strip():
        raise Refused("请填写分类名称。")
    duplicate = Theme.objects.filter(parent=parent, name=name.strip())
    if theme is not None:
        duplicate = duplicate.exclude(pk=theme.pk)
    if duplicate.exists():
        raise Refused("同一上级下已有同名分类。")
    before = {"name": theme.name, "parent": theme.parent_id, "is_active": theme.is_active} if theme else None
    theme = theme or Theme()
    theme.name = name.strip()
    theme.parent = parent
    theme.sort_order = sort_order
    theme.is_active = is_active
    theme.save()
    audit(
        "documents.theme_saved",
        obj=theme,
        actor=by,
        summary=f"主题分类：{theme.path}",
        before=before,
        after={"name": theme.name, "parent": theme.parent_id, "is_active": theme.is_active},
    )

    transaction.on_commit(bump)
    return theme
