"""The columns and catalogues demo: the four 专题 with content, the water company's sub-site, the 主管部门, an empty
and a stale column, the 涉农补贴 catalogue adopted by two streets with gaps; loading twice changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from zwgk.accounts import demo as accounts_demo
from zwgk.agencies import demo as agencies_demo
from zwgk.agencies.models import Agency
from zwgk.catalogues import demo as catalogues_demo
from zwgk.catalogues.coverage import coverage
from zwgk.catalogues.models import AgencyItem, CatalogueItem
from zwgk.columns import content, demo
from zwgk.columns.freshness import column_freshness
from zwgk.columns.models import Column, ColumnItem
from zwgk.core.registry import DemoContext
from zwgk.documents.demo import ensure_default_themes
from zwgk.documents.models import Record

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-12-07 10:00:00+08:00", tick=False)
def test_demo_columns_and_catalogue_and_idempotent(client):
    ctx = DemoContext(verbose=False)
    agencies_demo.load(ctx)
    accounts_demo.load(ctx)
    ensure_default_themes()
    demo.load(ctx)
    catalogues_demo.load(ctx)
    specials = {c.slug: c for c in Column.objects.specials()}
    assert set(specials) == {"yqfk", "zqsk", "wjy", "zs2026"}
    for slug in ("yqfk", "zs2026"):
        children = list(specials[slug].children.all())
        assert len(children) >= 2
        assert content.tree_records(children).exists(), slug
    water = Agency.objects.get(code="120110303")
    assert water.supervisor.short_name == "区水务局"
    assert content.tree_records(Column.objects.filter(agency=water)).filter(agency=water).count() >= 3
    statuses = {(f.agency_id, f.column): f.status for f in column_freshness(date(2026, 12, 7))}
    heating = Agency.objects.get(code="120110304")
    assert statuses[(heating.pk, "收费标准")] == "empty"
    assert statuses[(heating.pk, "供热信息")] == "stale"
    rows = {r.agency: r for r in coverage(date(2026, 12, 7))}
    assert (
        rows["金桥街道"].empty >= 1 and rows["军粮城街道"].with_content == 0 and rows["军粮城街道"].late == 2
    )
    assert client.get("/sites/120110303/").status_code == 200
    counts = (
        Column.objects.count(),
        ColumnItem.objects.count(),
        Record.objects.count(),
        CatalogueItem.objects.count(),
        AgencyItem.objects.count(),
    )
    again = DemoContext(verbose=False, data=ctx.data)
    demo.load(again)
    catalogues_demo.load(again)
    assert counts == (
        Column.objects.count(),
        ColumnItem.objects.count(),
        Record.objects.count(),
        CatalogueItem.objects.count(),
        AgencyItem.objects.count(),
    )
