"""Demo of the standard catalogues (idempotent; order 82, after columns): the 涉农补贴 catalogue imported from the
shipped .xlsx through the real import action, and adopted by 区农业农村委 and two streets with gaps:
金桥街道 publishes two of its four 事项 (the other two have no column yet, adopted 40 days ago: late), 军粮城街道's
column for its two 事项 is empty (late)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone

from zwgk.catalogues import actions
from zwgk.catalogues.data.build_shenong import SOURCE
from zwgk.catalogues.models import AgencyItem, Catalogue
from zwgk.columns.models import Column
from zwgk.core.registry import DemoContext

XLSX = Path(__file__).parent / "data" / "shenong_butie.xlsx"
DOMAIN = "涉农补贴"


def _adopt(
    agency: Any, seqs: list[int], column_slug: str | None, catalogue: Catalogue, by: Any, days_ago: int
) -> None:
    column = Column.objects.filter(agency=agency, slug=column_slug).first() if column_slug else None
    items = [i for i in catalogue.items.current() if i.seq in seqs]
    actions.adopt_items(
        agency, items, by=by, column=column, on=timezone.localdate() - timedelta(days=days_ago)
    )


def load(ctx: DemoContext) -> None:
    gkb = ctx.data["users"]["gkb"]
    agencies = ctx.data["agencies"]
    catalogue = Catalogue.objects.filter(domain=DOMAIN).first()
    if catalogue is None:
        catalogue = actions.import_catalogue(DOMAIN, XLSX.read_bytes(), source=SOURCE, by=gkb)
    _adopt(agencies["区农业农村委"], [1, 2, 3, 4, 5], "snbt", catalogue, gkb, 90)
    _adopt(agencies["金桥街道"], [1, 2], "hnbt", catalogue, gkb, 60)
    _adopt(agencies["金桥街道"], [3, 4], None, catalogue, gkb, 40)
    _adopt(agencies["军粮城街道"], [1, 2], "snbt", catalogue, gkb, 60)
    ctx.notes.append(
        f"标准目录：{catalogue.domain} {catalogue.items.count()} 项，事项目录 {AgencyItem.objects.count()} 项"
    )
