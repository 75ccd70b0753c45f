"""Coverage of the standard catalogue: adopted, with published content, empty and late per unit; the page with
its chart and export; the API figures; the work-plan indicator; an agency's 事项目录 links only its own columns."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from zwgk.accounts.roles import Role
from zwgk.catalogues import actions, indicators
from zwgk.catalogues.coverage import coverage
from zwgk.columns import actions as column_actions
from zwgk.core.errors import Refused
from zwgk.documents.tests.helpers import draft, publish
from zwgk.testing import login, make_user

from .conftest import SHIPPED

pytestmark = pytest.mark.django_db
NOW = "2026-12-07 10:00:00+08:00"


@pytest.fixture
def adopted(gkb, streets):
    """金桥街道 adopts 1–4 (1, 2 into a column with a public record; 3 without column, 40 days ago: late; 4 today:
    not yet late); 军粮城街道 adopts 1, 2 into an empty column 60 days ago (both late)."""
    jq, jlc = streets
    with time_machine.travel(NOW, tick=False):
        catalogue = actions.import_catalogue("涉农补贴", SHIPPED.read_bytes(), by=gkb)
        items = {i.seq: i for i in catalogue.items.all()}
        jq_col = column_actions.create_column(
            {"slug": "hnbt", "name": "惠农补贴", "keywords": "补贴"}, agency=jq, by=gkb
        )
        jlc_col = column_actions.create_column(
            {"slug": "snbt", "name": "涉农补贴", "keywords": "补贴"}, agency=jlc, by=gkb
        )
        team = [
            make_user(f"{n}_jq", [(jq, role)])
            for n, role in (("d", Role.DRAFTER), ("r", Role.SECRECY_REVIEWER), ("s", Role.SIGNER))
        ]
        publish(draft(jq, team[0], title="金桥街道耕地地力保护补贴发放情况公示"), *team)
        hidden = draft(jq, team[0], title="LEAK金桥街道补贴草稿")
        del hidden
        actions.adopt_items(jq, [items[1], items[2]], by=gkb, column=jq_col, on=date(2026, 10, 1))
        actions.adopt_items(jq, [items[3]], by=gkb, on=date(2026, 10, 28))
        actions.adopt_items(jq, [items[4]], by=gkb, on=date(2026, 12, 7))
        actions.adopt_items(jlc, [items[1], items[2]], by=gkb, column=jlc_col, on=date(2026, 10, 8))
    return catalogue, jq, jlc


@time_machine.travel(NOW, tick=False)
def test_coverage_figures_per_unit(adopted):
    catalogue, _, jlc = adopted
    rows = {r.agency: r for r in coverage(date(2026, 12, 7), catalogue)}
    assert (
        rows["金桥街道"].adopted,
        rows["金桥街道"].with_content,
        rows["金桥街道"].empty,
        rows["金桥街道"].late,
    ) == (4, 2, 2, 1)
    assert (
        rows["军粮城街道"].adopted,
        rows["军粮城街道"].with_content,
        rows["军粮城街道"].empty,
        rows["军粮城街道"].late,
    ) == (2, 0, 2, 2)
    value = indicators.covered_share(2026, None)
    assert (value.numerator, value.denominator) == (2, 6)
    assert indicators.covered_share(2026, jlc.pk).numerator == 0


@time_machine.travel(NOW, tick=False)
def test_coverage_page_chart_and_export(adopted, gkb, admin_a):
    page = login(gkb).get("/workspace/catalogues/coverage/").content.decode()
    assert "<svg" in page and "金桥街道" in page and "军粮城街道" in page
    assert "已超过公开时限" in page and "未指定发布栏目" in page
    export = login(gkb).get("/workspace/catalogues/coverage/?export=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert login(admin_a).get("/workspace/catalogues/coverage/").status_code == 403


@time_machine.travel(NOW, tick=False)
def test_api_reports_adopted_and_with_content_from_public_content_only(adopted, client):
    data = client.get("/api/v1/catalogues/").json()["catalogues"][0]
    assert data["domain"] == "涉农补贴" and len(data["items"]) == 5
    figures = {a["name"]: (a["items_adopted"], a["items_with_content"]) for a in data["agencies"]}
    assert figures == {"金桥街道": (4, 2), "军粮城街道": (2, 0)}
    assert "LEAK" not in client.get("/api/v1/catalogues/").content.decode()
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/catalogues/" in spec["paths"] and "/api/v1/columns/" in spec["paths"]


@time_machine.travel(NOW, tick=False)
def test_an_agency_keeps_its_own_list_and_links_only_its_own_columns(adopted, streets, street_admin, gkb):
    catalogue, jq, jlc = adopted
    item5 = catalogue.items.get(seq=5)
    foreign = jlc.columns.get()
    with pytest.raises(Refused, match="本单位子站"):
        actions.adopt_items(jq, [item5], by=street_admin, column=foreign)
    with pytest.raises(PermissionDenied):
        actions.adopt_items(jlc, [item5], by=street_admin)
    client = login(street_admin)
    assert (
        client.post("/workspace/catalogues/mine/", {"action": "adopt", "items": [item5.pk]}).status_code
        == 302
    )
    assert jq.catalogue_items.count() == 5
    entry = jq.catalogue_items.get(item=item5)
    client.post("/workspace/catalogues/mine/", {"action": "link", "entry": entry.pk, "column": foreign.pk})
    entry.refresh_from_db()
    assert entry.column_id is None
    page = client.get("/workspace/catalogues/mine/").content.decode()
    assert "已超过公开时限" in page and "强制扑杀" in page
