"""`zwgk demo load` for the annual reports: with no source it loads and explains; with sources it publishes
every agency's 2024 and 2025 report; running it twice changes nothing."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.apps import apps

from zwgk.agencies.models import Agency
from zwgk.reports.format import APPLICANT_COLUMNS, OUTCOME_KEYS
from zwgk.reports.models import AnnualReport, ReportStatus
from zwgk.reports.service import reporting_agencies
from zwgk.reports.sources import REGISTERED
from zwgk.reports.tests.fakes import App, Case
from zwgk.testdata import load_demo
from zwgk.testing import registered

pytestmark = pytest.mark.django_db

# The reports' sources are overridden here (conftest), so the demo's reports need only the directory and its staff.
PARTS = "agencies,accounts,reports"


def _counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label != "sessions"
    }


def test_demo_without_sources_loads_and_explains():
    text = load_demo(only=PARTS)
    assert "已发布 0 份" in text
    assert "年报数据来源未接入：依申请公开办理台账" in text
    assert "表三无法生成，各单位年报保留为草稿，不会发布" in text
    reports = AnnualReport.objects.filter(year=2025)
    assert reports.count() == reporting_agencies().count() > 30
    assert set(reports.values_list("status", flat=True)) == {ReportStatus.DRAFT}
    # Nothing was invented for table 3: it is empty and its source check says why.
    report = reports.first()
    assert report.figures["table3"]["new"]["总计"] is None
    assert report.figures["provenance"]["table3"]["origin"] == "missing"


def _ledger_sources():
    """Applications and review cases for every agency code, generated once per agency (deterministic)."""
    cache: dict[int, tuple[list[App], list[Case]]] = {}

    def records(agency_id: int) -> tuple[list[App], list[Case]]:
        if agency_id not in cache:
            code = Agency.objects.get(pk=agency_id).code
            rng = random.Random(code)
            apps_, cases = [], []
            for n in range(rng.randint(0, 12)):
                received = date(2024, 1, 1) + timedelta(days=rng.randint(0, 720))
                concluded = received + timedelta(days=rng.randint(1, 40)) if rng.random() < 0.9 else None
                apps_.append(
                    App(
                        rng.choice(APPLICANT_COLUMNS),
                        received,
                        concluded,
                        rng.choice(OUTCOME_KEYS) if concluded else None,
                        f"{code}-{n}",
                    )
                )
            for n in range(rng.randint(0, 2)):
                filed = date(2024, 3, 1) + timedelta(days=rng.randint(0, 600))
                cases.append(
                    Case(
                        "review",
                        rng.choice(["维持", "纠正", "其他"]),
                        filed,
                        filed + timedelta(days=60),
                        f"复议{n}",
                    )
                )
            cache[agency_id] = (apps_, cases)
        return cache[agency_id]

    return {
        "applications": lambda agency_id: records(agency_id)[0],
        "review_cases": lambda agency_id: records(agency_id)[1],
    }


def test_demo_with_the_case_sources_publishes_every_report_and_is_idempotent():
    with registered(REGISTERED, _ledger_sources(), only=True):
        first = load_demo(only=PARTS)
        after_first = _counts()
        load_demo(only=PARTS)
        assert _counts() == after_first
    total = reporting_agencies().count()
    assert f"已发布 {2 * total} 份，草稿 0 份" in first
    for report in AnnualReport.objects.filter(year=2025).select_related("agency"):
        assert report.status == ReportStatus.PUBLISHED
        assert all(c["ok"] for c in report.figures["checks"])
        assert report.figures["provenance"]["table3"]["origin"] == "platform"
        # 2024 was published first, so the 2025 report was compared with it, cell by cell.
        carried = {c["rule"]: c for c in report.figures["checks"]}["table3.carried_over"]
        assert carried["ok"] and carried["detail"] == "相符"
        edition = report.latest_edition()
        assert "（演示）" in edition.content["sections"]["problems"]


def test_demo_enters_table_4_as_staff_when_only_applications_are_registered(agency_a, ledgers):
    from zwgk.reports import actions, demo
    from zwgk.reports.tests.fakes import ledger_sources

    with ledger_sources(ledgers, "applications"):
        report, _ = actions.start_report(agency_a, 2025, by=None)
        demo._fill_staff_parts(report)
        report.refresh_from_db()
        assert report.figures["provenance"]["table4"]["origin"] == "staff"
        assert report.figures["provenance"]["table4"]["note"].startswith("演示数据")
        assert report.figures["provenance"]["table2"]["规章"]["origin"] == "staff"  # no inventory registered
        assert all(c["ok"] for c in report.figures["checks"]), [
            c for c in report.figures["checks"] if not c["ok"]
        ]
        assert actions.publication_blockers(report) == []
