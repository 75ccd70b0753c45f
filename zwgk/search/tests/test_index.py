"""The index follows public content: registry + public_content_changed + rebuild; ranking rules on real engines."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from zwgk.agencies.models import Agency
from zwgk.core.signals import announce_public_change
from zwgk.search.indexer import rebuild, reconcile
from zwgk.search.models import SearchEntry
from zwgk.search.registry import REGISTERED, IndexEntry, register_search_source
from zwgk.search.service import search
from zwgk.testing import index_entries, make_agency, registered

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency_source():
    """Any model can be a source; active agencies stand in for the documents app's published records."""

    def entries(agency):
        yield IndexEntry(
            title=f"{agency.name}政府信息公开指南",
            url=f"/agencies/{agency.code}/",
            body=f"{agency.name}的政府信息公开工作机构、办公地址和联系电话。",
            kind="政府信息",
            doc_number=f"津东{agency.code}〔2022〕1号",
            agency_name=agency.short_name,
            date=date(2022, 3, 1),
        )

    with registered(REGISTERED):
        register_search_source("政府信息", Agency, entries, lambda: Agency.objects.active())
        yield


def test_announced_object_is_indexed_and_disappears_when_no_longer_public(
    agency_source, django_capture_on_commit_callbacks
):
    agency = make_agency("区水务局", code="W001")
    with django_capture_on_commit_callbacks(execute=True):
        announce_public_change(Agency, agency.pk, "agency")
    assert [r.entry.title for r in search("水务局 公开指南").results] == [
        "天津市东丽区水务局政府信息公开指南"
    ]

    agency.is_active = False
    agency.save()
    with django_capture_on_commit_callbacks(execute=True):
        announce_public_change(Agency, agency.pk, "agency")
    assert search("水务局 公开指南").total == 0
    assert not SearchEntry.objects.filter(source="agencies.agency").exists()


def test_rebuild_reads_only_public_objects_and_reconcile_removes_stale_entries(agency_source):
    visible = make_agency("区统计局", code="S001")
    hidden = make_agency("区档案馆", code="S002", is_active=False)
    counts = rebuild()
    assert counts["agencies.agency"] == Agency.objects.active().count()
    keys = set(SearchEntry.objects.values_list("source_pk", flat=True))
    assert str(visible.pk) in keys and str(hidden.pk) not in keys
    # Someone deactivates an agency without announcing it: the nightly reconciliation removes it.
    Agency.objects.filter(pk=visible.pk).update(is_active=False)
    assert reconcile()["removed"] == 1
    assert search("统计局").total == 0


def test_rebuild_command_reports_counts_and_shows_progress(agency_source, capsys):
    make_agency("区审计局", code="A001")
    out = StringIO()
    call_command("search-index", "rebuild", stdout=out)
    assert "索引已重建" in out.getvalue()
    assert "agencies.agency" in capsys.readouterr().err  # tqdm progress bar on stderr
    call_command("search-index", "status", stdout=out)
    assert "政府信息" in out.getvalue()


def _doc(key, title, body, **fields):
    fields.setdefault("url", f"/docs/{key}/")
    return (key, IndexEntry(title=title, body=body, **fields))


def test_title_matches_rank_above_body_matches():
    index_entries(
        [
            _doc("a", "关于做好春季学期工作的通知", "……社会保险费缴纳……" * 3 + "其他内容" * 50),
            _doc("b", "社会保险费缴纳办法", "缴纳方式如下。" + "其他内容" * 50),
        ]
    )
    assert [r.entry.source_pk for r in search("社会保险费缴纳").results] == ["b", "a"]


def test_repealed_documents_rank_below_those_in_force_but_stay_findable():
    index_entries(
        [
            _doc(
                "old",
                "东丽区城乡居民医疗保险实施办法",
                "医疗保险参保缴费。",
                validity="repealed",
                date=date(2015, 1, 1),
            ),
            _doc(
                "new",
                "东丽区城乡居民医疗保险实施办法",
                "医疗保险参保缴费。",
                validity="in_force",
                date=date(2015, 1, 1),
            ),
        ]
    )
    results = search("城乡居民医疗保险").results
    assert [r.entry.source_pk for r in results] == ["new", "old"]
    assert results[1].entry.validity_label == "已废止"


def test_recent_documents_rank_above_old_ones_at_similar_relevance():
    index_entries(
        [
            _doc("2012", "关于开展养老服务补贴工作的通知", "养老服务补贴。", date=date(2012, 5, 1)),
            _doc("2024", "关于开展养老服务补贴工作的通知", "养老服务补贴。", date=date(2024, 5, 1)),
        ]
    )
    assert [r.entry.source_pk for r in search("养老服务补贴").results] == ["2024", "2012"]


def test_exact_doc_number_and_index_number_find_the_document():
    index_entries(
        [
            _doc(
                "x",
                "关于印发东丽区2022年政务公开工作要点的通知",
                "……",
                doc_number="津东政办发〔2022〕12号",
                index_no="120110002/2022-00012",
            ),
            _doc("y", "另一份文件", "津东政办发〔2022〕12号 的解读", kind="政策解读"),
        ]
    )
    for query in ["津东政办发[2022]12号", "津东政办发（2022）12號", "120110002/2022-00012"]:
        result = search(query)
        assert result.jump is not None and result.jump.source_pk == "x", query
        assert result.results[0].exact


def test_results_are_grouped_by_kind_with_counts_and_facets():
    index_entries(
        [
            _doc(
                "p1",
                "就业创业补贴政策",
                "就业补贴",
                agency_name="区人社局",
                date=date(2023, 1, 1),
                theme="劳动就业",
            ),
            _doc(
                "p2",
                "稳就业若干措施",
                "就业",
                agency_name="区发改委",
                date=date(2022, 1, 1),
                theme="劳动就业",
            ),
            _doc(
                "i1",
                "就业创业补贴政策解读",
                "就业",
                kind="政策解读",
                agency_name="区人社局",
                date=date(2023, 2, 1),
            ),
        ]
    )
    result = search("就业")
    assert dict(result.kind_counts) == {"政策文件": 2, "政策解读": 1}
    assert {v.label: v.count for v in result.facets["agency"]} == {"区人社局": 2, "区发改委": 1}
    assert [v.value for v in result.facets["year"]] == ["2023", "2022"]
    assert {g.kind: g.count for g in result.groups} == {"政策文件": 2, "政策解读": 1}
    assert result.groups[0].results[0] is result.results[0]  # the group holding the best result comes first
    from zwgk.search.backends import Filters

    filtered = search("就业", Filters(agency="区人社局"))
    assert filtered.total == 2
    # Each facet's counts ignore its own selection (so other agencies can still be picked).
    assert {v.label for v in filtered.facets["agency"]} == {"区人社局", "区发改委"}


def test_zero_results_try_a_correction_then_any_word():
    index_entries([_doc("g", "住房公积金贷款办理指南", "公积金贷款的申请条件和材料。")])
    corrected = search("公基金贷款")
    assert corrected.results and corrected.results[0].entry.source_pk == "g"
    assert corrected.suggestion == "公积金贷款" or corrected.corrected_from == "公基金贷款"
    pinyin = search("gongjijin")
    assert pinyin.corrected_from == "gongjijin" and pinyin.effective_query == "公积金"
    relaxed = search("公积金 火星")
    assert relaxed.relaxed and relaxed.total == 1
