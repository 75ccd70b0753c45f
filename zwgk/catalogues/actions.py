"""State changes of the standard catalogues: importing a domain's catalogue from .xlsx (all rows or none), and
each agency's 事项目录 — adopting a 事项, dropping it, linking it to the column where it is published."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zwgk.accounts.permissions import require
from zwgk.agencies.models import Agency
from zwgk.audit.log import record as audit
from zwgk.catalogues import parse, reading
from zwgk.catalogues.models import AgencyItem, Catalogue, CatalogueItem
from zwgk.columns.models import Column
from zwgk.core.errors import Refused

ITEM_FIELDS = (
    "seq",
    "content",
    "basis",
    "time_limit",
    "time_limit_days",
    "subject",
    "channels",
    "audience",
    "mode",
)


def import_catalogue(domain: str, data: bytes, *, source: str = "", by: Any) -> Catalogue:
    """Import (or re-import) a domain's catalogue. Any bad row refuses the whole file with one message per row.

    A re-import updates the 事项 it names and adds new ones; a 事项 left out is marked retired (agencies that
    adopted it keep it until they drop it), never deleted."""
    require(by, "catalogues.manage")
    domain = domain.strip()
    if not domain or len(domain) > 50:
        raise Refused("请填写领域名称（不超过 50 个字），如“涉农补贴”。")
    result = parse.parse_rows(reading.xlsx_rows(data))
    if result.errors:
        raise Refused("导入失败，未导入任何事项。请修改以下各行后重新上传：", result.errors)
    with transaction.atomic():
        catalogue, _ = Catalogue.objects.select_for_update().get_or_create(domain=domain)
        catalogue.source = source.strip() or catalogue.source
        catalogue.imported_at = timezone.now()
        catalogue.imported_by = by if getattr(by, "pk", None) else None
        catalogue.save()
        existing = {(i.level1, i.level2): i for i in catalogue.items.all()}
        added = updated = 0
        for parsed in result.items:
            values = {f: getattr(parsed, f) for f in ITEM_FIELDS}
            values["levels"] = list(parsed.levels)
            values["retired"] = False
            item = existing.pop((parsed.level1, parsed.level2), None)
            if item is None:
                CatalogueItem.objects.create(
                    catalogue=catalogue, level1=parsed.level1, level2=parsed.level2, **values
                )
                added += 1
            else:
                for field, value in values.items():
                    setattr(item, field, value)
                item.save()
                updated += 1
        retired = [i.pk for i in existing.values()]
        CatalogueItem.objects.filter(pk__in=retired).update(retired=True)
        audit(
            "catalogue.imported",
            obj=None,
            actor=by,
            summary=f"{domain}：新增 {added} 项，更新 {updated} 项，停用 {len(retired)} 项",
            after={"catalogue": catalogue.pk, "added": added, "updated": updated, "retired": len(retired)},
        )
    return catalogue


def _check_column(agency: Agency, column: Column | None) -> None:
    if column is not None and column.agency_id != agency.pk:
        raise Refused("事项只能关联到本单位子站的栏目。")


def adopt_items(
    agency: Agency,
    items: Iterable[CatalogueItem],
    *,
    by: Any,
    column: Column | None = None,
    on: date | None = None,
) -> int:
    """Add 事项 of a standard catalogue to `agency`'s 事项目录; returns how many were new. `on` back-dates the
    adoption (demo and tests only): the 公开时限 of a 事项 counts from it."""
    require(by, "catalogues.adopt", agency, "只能维护本单位的事项目录。")
    _check_column(agency, column)
    today = on or timezone.localdate()
    added = 0
    with transaction.atomic():
        for item in items:
            if item.retired:
                raise Refused(f"“{item}”已从标准目录中删除，不能再纳入。")
            _, created = AgencyItem.objects.get_or_create(
                agency=agency,
                item=item,
                defaults={
                    "column": column,
                    "adopted_on": today,
                    "adopted_by": by if getattr(by, "pk", None) else None,
                },
            )
            if created:
                added += 1
                audit(
                    "catalogue.item_adopted",
                    agency=agency,
                    actor=by,
                    after={"item": item.pk, "title": str(item)},
                )
    return added


def drop_item(entry: AgencyItem, *, by: Any) -> None:
    require(by, "catalogues.adopt", entry.agency, "只能维护本单位的事项目录。")
    with transaction.atomic():
        audit("catalogue.item_dropped", agency=entry.agency, actor=by, before={"item": entry.item_id})
        entry.delete()


def link_column(entry: AgencyItem, column: Column | None, *, by: Any) -> AgencyItem:
    require(by, "catalogues.adopt", entry.agency, "只能维护本单位的事项目录。")
    _check_column(entry.agency, column)
    with transaction.atomic():
        locked = AgencyItem.objects.select_for_update().get(pk=entry.pk)
        before = locked.column_id
        locked.column = column
        locked.save(update_fields=["column"])
        audit(
            "catalogue.item_linked",
            agency=locked.agency,
            actor=by,
            before={"column": before},
            after={"item": locked.item_id, "column": column.pk if column else None},
        )
    return locked
