"""Annual reports in the search index: a report is found once published (its last published edition, also while
it is reopened for correction), never as a draft, and a corrected edition replaces the text at once."""

from __future__ import annotations

import pytest

from zwgk.reports import actions
from zwgk.reports.tests.conftest import STAFF_TABLE2
from zwgk.reports.tests.fakes import ledger_sources
from zwgk.search.indexer import rebuild
from zwgk.search.models import KIND_REPORT, SearchEntry
from zwgk.search.service import search

pytestmark = pytest.mark.django_db


def found(query: str) -> list[str]:
    return [r.entry.title for r in search(query, log=False).results if r.kind == KIND_REPORT]


def write(report, drafter, marker: str) -> None:
    versions = actions.current_versions(report)
    texts = {key: f"本单位{marker}工作扎实推进。" for key in versions}
    based = {key: (v.number if v else None) for key, v in versions.items()}
    assert actions.save_texts(report, texts, based, by=drafter)  # the sections changed


def test_published_report_is_found_draft_is_not_and_a_correction_replaces_the_text(
    agency_a, drafter_a, admin_a, ledgers, django_capture_on_commit_callbacks
):
    with ledger_sources(ledgers), django_capture_on_commit_callbacks(execute=True):
        report, _ = actions.start_report(agency_a, 2025, by=drafter_a)
        actions.save_table2(report, STAFF_TABLE2, by=drafter_a)
        write(report, drafter_a, "信用承诺制")
        actions.submit(report, by=drafter_a)
    assert found("信用承诺制") == []  # in review: not public
    rebuild()
    assert found("信用承诺制") == []  # nor after a full rebuild

    with ledger_sources(ledgers), django_capture_on_commit_callbacks(execute=True):
        actions.publish(report, by=admin_a)
    assert found("信用承诺制") == [report.title]
    hit = search(f"{agency_a.short_name} 2025 年报", log=False).results
    assert hit and hit[0].entry.url.endswith(f"/annual-reports/{agency_a.code}/2025/")

    # Reopened for a correction: the public page keeps the last edition, so does the index (the draft's new text
    # is not searchable); the corrected edition replaces it when published.
    with ledger_sources(ledgers), django_capture_on_commit_callbacks(execute=True):
        actions.reopen(report, "第一部分表述有误", by=admin_a)
        write(report, drafter_a, "容缺受理")
    rebuild()
    assert found("信用承诺制") == [report.title] and found("容缺受理") == []
    with ledger_sources(ledgers), django_capture_on_commit_callbacks(execute=True):
        actions.submit(report, by=drafter_a)
        actions.publish(report, by=admin_a, correction_note="更正第一部分表述")
    assert found("容缺受理") == [report.title] and found("信用承诺制") == []
    assert SearchEntry.objects.filter(kind=KIND_REPORT).count() == 1


def test_sitemap_lists_published_reports_only(agency_a, drafter_a, admin_a, ledgers, client):
    url = f"/annual-reports/{agency_a.code}/2025/"
    with ledger_sources(ledgers):
        report, _ = actions.start_report(agency_a, 2025, by=drafter_a)
        actions.save_table2(report, STAFF_TABLE2, by=drafter_a)
        write(report, drafter_a, "信用承诺")
        actions.submit(report, by=drafter_a)
        assert url not in client.get("/sitemap-annual-reports.xml").content.decode()
        actions.publish(report, by=admin_a)
    assert "sitemap-annual-reports.xml" in client.get("/sitemap.xml").content.decode()
    assert url in client.get("/sitemap-annual-reports.xml").content.decode()
