"""Every state change of the column tree: create, edit, delete a column; add or remove a hand-picked record.

The 公开办 holds the structure (first-level columns of every site, 专题, deleting); each agency edits its own
columns. Every change is audited and announces a public change, which renews the public page cache.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from zwgk.accounts.permissions import require
from zwgk.agencies.models import Agency
from zwgk.audit.log import record as audit
from zwgk.audit.log import snapshot
from zwgk.columns.models import MAX_DEPTH, Column, ColumnItem, ColumnKind
from zwgk.core.errors import Refused
from zwgk.core.signals import announce_public_change
from zwgk.documents.models import Record, Theme

FIELDS = [
    "name",
    "slug",
    "kind",
    "update_rule",
    "sort_order",
    "show_in_nav",
    "is_active",
    "intro",
    "banner_text",
    "ends_on",
    "link",
    "record_kinds",
    "categories",
    "keywords",
]
STRUCTURE_FIELDS = ("kind", "slug")


def _announce(column: Column) -> None:
    announce_public_change(Column, column.pk, "column")


def _check(column: Column) -> None:
    if column.parent_id and column.parent is not None:
        if column.parent.agency_id != column.agency_id:
            raise Refused("下级栏目必须与上级栏目属于同一网站。")
        if column.depth() > MAX_DEPTH:
            raise Refused(f"栏目最多 {MAX_DEPTH} 级。")
        if column.parent.kind in (ColumnKind.PAGE, ColumnKind.LINK):
            raise Refused("单页或链接栏目下不能再建下级栏目。")
    if column.kind == ColumnKind.LINK:
        if not column.link.startswith("/") or column.link.startswith("//"):
            raise Refused("链接地址须为本平台内的地址，以“/”开头，如 /xxgk/。")
    elif column.link:
        column.link = ""
    if column.ends_on and column.kind != ColumnKind.SPECIAL:
        raise Refused("只有专题专栏可以设置结束日期。")
    if column.kind == ColumnKind.SPECIAL and column.parent_id:
        raise Refused("专题专栏应为一级栏目，请不要选择上级栏目。")
    try:
        column.full_clean(exclude=["agency", "parent", "banner"], validate_unique=False)
    except ValidationError as exc:
        raise Refused(
            "栏目信息有误。", [f"{k}：{'；'.join(v)}" for k, v in exc.message_dict.items()]
        ) from None
    same_site = Column.objects.of_site(column.agency_id).filter(slug=column.slug).exclude(pk=column.pk)
    if same_site.exists():
        raise Refused(f"本网站已有地址为“{column.slug}”的栏目，请换一个栏目地址。")


def _save_relations(
    column: Column, themes: Iterable[Theme] | None, agencies: Iterable[Agency] | None
) -> None:
    if themes is not None:
        column.themes.set(list(themes))
    if agencies is not None:
        column.source_agencies.set(list(agencies))


def create_column(
    data: Mapping[str, Any],
    *,
    agency: Agency | None,
    parent: Column | None = None,
    themes: Iterable[Theme] | None = None,
    source_agencies: Iterable[Agency] | None = None,
    by: Any,
) -> Column:
    """A new column of the portal (agency None) or of `agency`'s sub-site, under `parent` if given."""
    column = Column(agency=parent.agency if parent else agency, parent=parent)
    for field in FIELDS:
        if field in data:
            setattr(column, field, data[field])
    if parent is None or column.kind == ColumnKind.SPECIAL:
        require(by, "columns.structure", column, "网站的一级栏目和专题由区政务公开办公室设置。")
    else:
        require(by, "columns.edit", parent, "只能在本单位的栏目下新建栏目。")
    with transaction.atomic():
        _check(column)
        try:
            with transaction.atomic():
                column.save()
        except IntegrityError:
            raise Refused(f"本网站已有地址为“{column.slug}”的栏目，请换一个栏目地址。") from None
        if data.get("banner"):
            column.banner = data["banner"]
            column.save(update_fields=["banner"])
        _save_relations(column, themes, source_agencies)
        audit(
            "column.created",
            obj=column,
            actor=by,
            after={**snapshot(column, FIELDS), "site": column.agency_id},
        )
        _announce(column)
    return column


def update_column(
    column: Column,
    data: Mapping[str, Any],
    *,
    themes: Iterable[Theme] | None = None,
    source_agencies: Iterable[Agency] | None = None,
    by: Any,
) -> Column:
    require(by, "columns.edit", column, "只能修改本单位网站的栏目。")
    with transaction.atomic():
        locked = (
            Column.objects.select_for_update(of=("self",))
            .select_related("parent", "agency")
            .get(pk=column.pk)
        )
        before = snapshot(locked, FIELDS)
        for field in FIELDS:
            if field in data:
                setattr(locked, field, data[field])
        structural = [f for f in STRUCTURE_FIELDS if getattr(locked, f) != before[f]]
        if structural and (locked.parent_id is None or locked.kind == ColumnKind.SPECIAL):
            require(by, "columns.structure", locked, "一级栏目和专题的类型、地址由区政务公开办公室修改。")
        _check(locked)
        locked.save()
        if "banner" in data:
            locked.banner = data["banner"] or ""
            locked.save(update_fields=["banner"])
        _save_relations(locked, themes, source_agencies)
        after = snapshot(locked, FIELDS)
        audit(
            "column.updated",
            obj=locked,
            actor=by,
            before={k: v for k, v in before.items() if after[k] != v},
            after={k: v for k, v in after.items() if before[k] != v},
        )
        _announce(locked)
    return locked


def delete_column(column: Column, *, by: Any) -> None:
    require(by, "columns.structure", column, "删除栏目由区政务公开办公室操作。")
    with transaction.atomic():
        locked = Column.objects.select_for_update().get(pk=column.pk)
        if locked.children.exists():
            raise Refused("请先删除或移走该栏目的下级栏目。")
        if locked.catalogue_links.exists():
            raise Refused("有标准目录事项关联到该栏目，请先在事项目录中改为其他栏目。")
        audit("column.deleted", obj=locked, actor=by, before=snapshot(locked, FIELDS))
        pk = locked.pk
        locked.delete()
        announce_public_change(Column, pk, "column")


def add_item(column: Column, record: Record, *, by: Any) -> ColumnItem:
    """Hand-pick a published record into a column (it may already be in others)."""
    require(by, "columns.edit", column, "只能在本单位网站的栏目中添加信息。")
    if column.kind in (ColumnKind.PAGE, ColumnKind.LINK):
        raise Refused("单页或链接栏目不列信息。")
    with transaction.atomic():
        if not Record.objects.public().filter(pk=record.pk).exists():
            raise Refused("只能添加已主动公开发布的政府信息。")
        item, created = ColumnItem.objects.get_or_create(
            column=column, record=record, defaults={"added_by": by}
        )
        if not created:
            raise Refused(f"“{record.title}”已在本栏目中。")
        audit("column.item_added", obj=column, actor=by, after={"record": record.pk, "title": record.title})
        _announce(column)
    return item


def remove_item(item: ColumnItem, *, by: Any) -> None:
    require(by, "columns.edit", item.column, "只能移除本单位网站栏目中的信息。")
    with transaction.atomic():
        column = item.column
        audit("column.item_removed", obj=column, actor=by, before={"record": item.record_id})
        item.delete()
        _announce(column)
