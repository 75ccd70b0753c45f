"""What a column shows: only `.public()` records, by its rule or hand-picked; one record in several columns; a
sub-site column lists its own agency's records; pages are cached and renewed on change; nothing non-public
(LEAK) reaches a public page, the API or sitemap.xml."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from zwgk.columns import actions, content
from zwgk.columns.models import Column
from zwgk.core.errors import Refused
from zwgk.documents import actions as doc_actions
from zwgk.documents.models import Record
from zwgk.documents.tests.helpers import draft, to_signoff

from .conftest import NOW

pytestmark = pytest.mark.django_db


@time_machine.travel(NOW, tick=False)
def test_a_record_appears_in_every_column_whose_rule_or_picks_name_it(publish_in, agency_a, new_column, gkb):
    rec = publish_in(agency_a, "关于做好疫情防控和就业工作的通知")
    other = publish_in(agency_a, "东丽区统计公报")
    by_word = new_column("yq", keywords="疫情")
    by_word2 = new_column("jy", keywords="就业，创业")
    picked = new_column("pick")
    actions.add_item(picked, rec, by=gkb)
    for column in (by_word, by_word2, picked):
        assert list(content.column_records(column)) == [rec]
    assert other not in content.column_records(by_word)
    # No rule and no picks: nothing (not "everything").
    assert not content.column_records(new_column("blank")).exists()


@time_machine.travel(NOW, tick=False)
def test_rules_combine_kind_category_and_agency(publish_in, agency_a, agency_b, new_column):
    policy = publish_in(agency_a, "甲政策", kind="policy", statutory_category="art20_15")
    info = publish_in(agency_a, "甲信息", kind="information", statutory_category="art20_15")
    b_policy = publish_in(agency_b, "乙政策", kind="policy", statutory_category="art20_15")
    column = Column.objects.get(pk=new_column("zc", record_kinds=["policy"]).pk)
    column.source_agencies.set([agency_a])
    assert list(content.column_records(column)) == [policy]
    assert set(content.column_records(new_column("all", categories=["art20_15"]))) == {policy, info, b_policy}


@time_machine.travel(NOW, tick=False)
def test_a_sub_site_column_lists_only_its_own_agency_by_rule_but_may_pick_others(
    publish_in, agency_a, agency_b, new_column, gkb
):
    own = publish_in(agency_a, "甲单位水质公告")
    foreign = publish_in(agency_b, "乙单位水质公告")
    column = new_column("szgg", agency=agency_a, keywords="水质")
    assert list(content.column_records(column)) == [own]
    actions.add_item(column, foreign, by=gkb)
    assert set(content.column_records(column)) == {own, foreign}


@time_machine.travel(NOW, tick=False)
def test_only_public_records_can_be_picked(agency_a, drafter_a, reviewer_a, new_column, gkb):
    column = new_column("pick")
    pending = to_signoff(draft(agency_a, drafter_a, title="待审签的通知"), drafter_a, reviewer_a)
    with pytest.raises(Refused, match="已主动公开发布"):
        actions.add_item(column, pending, by=gkb)


@pytest.fixture
def leak_setup(publish_in, agency_a, drafter_a, reviewer_a, signer_a, new_column, gkb):
    """Public columns listing public records, plus LEAK rows: a draft, a record waiting for sign-off, a withdrawn
    record, a scheduled one, a hidden column and a column under a hidden parent."""
    with time_machine.travel(NOW, tick=False):
        public = publish_in(agency_a, "公开的疫情防控通告")
        column = new_column("yqfk", name="疫情防控", kind="special", keywords="疫情 LEAK")
        child = new_column("yqfk-dt", name="防控动态", parent=column, keywords="防控 LEAK")
        new_column("zwdt", name="政务动态", keywords="LEAK")  # would list nothing but the leaks
        draft(agency_a, drafter_a, title="LEAK草稿疫情")
        to_signoff(draft(agency_a, drafter_a, title="LEAK待审签疫情"), drafter_a, reviewer_a)
        withdrawn = publish_in(agency_a, "LEAK撤回疫情")
        doc_actions.withdraw(withdrawn, by=signer_a, reason="内容有误")
        scheduled = to_signoff(draft(agency_a, drafter_a, title="LEAK定时疫情"), drafter_a, reviewer_a)
        doc_actions.sign(scheduled, by=signer_a, note="同意。", publish_at=timezone.now() + timedelta(days=3))
        hidden = new_column("hidden", name="LEAK隐藏栏目", keywords="疫情", is_active=False)
        new_column("under-hidden", name="LEAK隐藏下级", parent=hidden, keywords="疫情")
    return public, column, child


PUBLIC_URLS = [
    "/columns/",
    "/columns/yqfk/",
    "/columns/yqfk-dt/",
    "/columns/zwdt/",
    "/api/v1/columns/",
    "/api/v1/catalogues/",
    "/sitemap-site-columns.xml",
    "/",
]


@time_machine.travel(NOW, tick=False)
def test_no_leak_on_column_pages_api_or_sitemap(client, leak_setup):
    public, *_ = leak_setup
    bodies = {}
    for url in PUBLIC_URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        bodies[url] = response.content.decode()
        assert "LEAK" not in bodies[url], url
    assert public.title in bodies["/columns/yqfk/"]
    assert public.title in bodies["/columns/yqfk-dt/"]
    assert client.get("/columns/hidden/").status_code == 404
    assert client.get("/columns/under-hidden/").status_code == 404
    # Deleting every non-public row changes no public response.
    Record.objects.exclude(pk__in=Record.objects.public().values("pk")).delete()
    Column.objects.filter(name__startswith="LEAK", parent__isnull=False).delete()
    Column.objects.filter(name__startswith="LEAK").delete()
    for url in PUBLIC_URLS:
        if url.endswith(".xml"):
            continue  # sitemap lastmod-free: same items; compared below as a set of <loc>
        assert client.get(url).content.decode() == bodies[url], url


@time_machine.travel(NOW, tick=False)
def test_column_pages_are_cached_and_renewed_when_a_column_changes(
    client, settings, publish_in, agency_a, new_column, gkb, django_capture_on_commit_callbacks
):
    cache.clear()
    settings.DOCUMENTS_PUBLIC_CACHE_SECONDS = 300
    rec = publish_in(agency_a, "东丽区稳岗返还政策")
    column = new_column("wjy", name="稳就业")
    assert rec.title not in client.get("/columns/wjy/").content.decode()
    assert client.get("/columns/wjy/")["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        actions.add_item(column, rec, by=gkb)
    response = client.get("/columns/wjy/")
    assert "X-Cache" not in response
    assert rec.title in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        actions.update_column(column, {"is_active": False}, by=gkb)
    assert client.get("/columns/wjy/").status_code == 404
    cache.clear()


@time_machine.travel(NOW, tick=False)
def test_special_page_shows_banner_intro_sub_columns_and_link_column_redirects(
    client, publish_in, agency_a, new_column
):
    publish_in(agency_a, "2026年小学招生划片范围")
    special = new_column(
        "zs", name="2026年义务教育招生", kind="special", banner_text="阳光招生", intro="招生信息集中公开。"
    )
    new_column("zs-fw", name="招生范围", parent=special, keywords="划片")
    new_column("zs-zx", name="咨询方式", parent=special, kind="page", intro="电话 022-84370022")
    new_column("xxgk", name="政府信息公开", kind="link", link="/xxgk/", update_rule="static")
    page = client.get("/columns/zs/").content.decode()
    for text in ("阳光招生", "招生信息集中公开。", "招生范围", "2026年小学招生划片范围", "咨询方式"):
        assert text in page
    assert client.get("/columns/xxgk/")["Location"] == "/xxgk/"
    tree = client.get("/api/v1/columns/").json()["portal"]
    zs = next(n for n in tree if n["slug"] == "zs")
    assert zs["kind"] == "special"
    assert [c["name"] for c in zs["children"]] == ["招生范围", "咨询方式"]
    assert zs["last_update"] == "2026-12-07"


@time_machine.travel(NOW, tick=False)
def test_bad_column_input_is_refused_in_chinese(new_column, gkb):
    new_column("dup")
    with pytest.raises(Refused, match="已有地址"):
        new_column("dup")
    with pytest.raises(Refused, match="以“/”开头"):
        new_column("ext", kind="link", link="https://example.com/")
    with pytest.raises(Refused, match="结束日期"):
        new_column("end", ends_on="2026-01-01")
