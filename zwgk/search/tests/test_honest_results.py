"""The search page says plainly when nothing good was found, never corrects or loosens a 文号, shows the
replacing document above a repealed one, and keeps template sentences out of the index."""

import pytest

from zwgk.search.indexer import learn_boilerplate
from zwgk.search.registry import IndexEntry
from zwgk.search.service import search
from zwgk.testing import index_entries

pytestmark = pytest.mark.django_db


def _entries():
    return [
        (
            "new",
            IndexEntry(
                title="东丽区城乡居民最低生活保障实施办法（2024年修订）",
                url="/r/new/",
                kind="政策文件",
                validity="in_force",
                doc_number="东丽民规〔2024〕2号",
            ),
        ),
        (
            "old",
            IndexEntry(
                title="东丽区城乡居民最低生活保障实施办法",
                url="/r/old/",
                kind="政策文件",
                body="规定最低生活保障的申请条件和审核审批程序。",
                validity="repealed",
                successor_url="/r/new/",
            ),
        ),
        (
            "faq",
            IndexEntry(
                title="生育登记怎么办理？", url="/faq/1/", kind="问答", body="到社区卫生服务中心登记。"
            ),
        ),
        (
            "law",
            IndexEntry(
                title="中华人民共和国保守国家秘密法实施条例",
                url="/r/law/",
                kind="政策文件",
                validity="in_force",
                doc_number="国务院令第786号",
                body="2014年1月17日中华人民共和国国务院令第646号公布\n第一条 为了保守国家秘密，制定本条例。",
            ),
        ),
    ]


def test_the_replacing_document_is_shown_above_the_repealed_one():
    index_entries(_entries())
    result = search("低保怎么申请", log=False)
    assert [r.entry.source_pk for r in result.results[:2]] == ["new", "old"]


def test_a_missing_doc_number_is_said_plainly_and_offers_an_application(client):
    index_entries(_entries())
    result = search("东丽政办发〔2022〕5号", log=False)
    assert result.results == [] and result.missing_doc_number and not result.corrected_from
    html = client.get("/search/", {"q": "东丽政办发〔2022〕5号"}).content.decode()
    assert "没有发文字号为" in html and "依法申请政府信息公开" in html


def test_a_doc_number_printed_in_the_text_finds_that_document():
    index_entries(_entries())
    result = search("国务院令第646号", log=False)
    assert result.results and result.results[0].entry.source_pk == "law"


def test_an_agency_code_is_never_corrected():
    index_entries(_entries())
    assert not search("东丽政办发", log=False).corrected_from


def test_loose_matches_are_flagged_and_the_page_offers_other_channels(client):
    index_entries(_entries())
    result = search("养狗登记怎么办理", log=False)
    assert result.weak
    html = client.get("/search/", {"q": "养狗登记怎么办理"}).content.decode()
    assert "足够相关的内容" in html and "政策问答" in html and "12345" in html


def test_template_sentences_do_not_make_every_report_match():
    template = "本报告根据《中华人民共和国政府信息公开条例》要求编制。如对本报告有任何疑问，请与本单位联系。"
    reports = [
        (
            f"r{i}",
            IndexEntry(
                title=f"单位{i}2024年政府信息公开工作年度报告",
                url=f"/ar/{i}/",
                kind="公开年报",
                body=f"{template}本年度收到申请{i}件。",
            ),
        )
        for i in range(6)
    ]
    regulation = IndexEntry(
        title="中华人民共和国政府信息公开条例",
        url="/r/reg/",
        kind="政策文件",
        body="第一条 为了保障公民依法获取政府信息，制定本条例。",
        validity="in_force",
    )
    learn_boilerplate((e.kind, e) for _, e in reports)
    index_entries([*reports, ("reg", regulation)])
    assert len(search("年度报告", log=False).results) == 6  # still found by their titles
    found = search("政府信息公开条例", log=False)
    assert [r.entry.source_pk for r in found.results] == ["reg"]
