"""Column freshness from today's sections, the home page's last update, interaction at 3 months, availability at
5%, and `zwgk sitecheck --json` to the contract of issue 21."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from zwgk.sitehealth import actions, services
from zwgk.sitehealth.models import CrawlKind, Probe, SelfCheck
from zwgk.sitehealth.selfcheck import RULE_AVAILABILITY, RULE_HOME, RULE_INTERACTION, evaluate
from zwgk.testing import login

pytestmark = pytest.mark.django_db
NOW = "2026-12-07 10:00:00+08:00"


def _probes(day: date, visits: int, failures: int) -> None:
    tz = timezone.get_current_timezone()
    at = datetime.combine(day, datetime.min.time(), tzinfo=tz) + timedelta(hours=1)
    Probe.objects.bulk_create(
        [Probe(at=at + timedelta(minutes=i), url="http://x/", ok=i >= failures, ms=50) for i in range(visits)]
    )


def _message(agency, received: date, number: str):
    from zwgk.interaction.models import Message, MessageKind

    return Message.objects.create(
        number=number,
        kind=MessageKind.objects.get(code="zixun"),
        agency=agency,
        title="咨询社保",
        body="请问……",
        received_on=received,
        status="processing",
    )


@time_machine.travel(NOW, tick=False)
def test_columns_carry_rule_last_update_status_and_owner(publish, agency_a):
    publish("p1", agency_a, "一号通知", days_ago=10, category="art20_11")
    publish("p2", agency_a, "二号通知", days_ago=200, category="art20_04")
    rows = {r.column: r for r in services.column_freshness(date(2026, 12, 7))}
    assert rows["政策文件"].status == "ok" and rows["政策文件"].rule == "notice"
    assert rows["国民经济和社会发展统计信息"].status == "stale"
    assert rows["国民经济和社会发展统计信息"].last_update == timezone.localdate() - timedelta(days=200)
    assert rows["公务员招考的职位、名额、报考条件等事项以及录用结果"].status == "empty"
    mine = rows[f"{agency_a.short_name} · 法定主动公开内容"]
    assert mine.agency_id == agency_a.pk and mine.status == "ok" and mine.url.endswith(f"/{agency_a.code}/")
    assert rows["机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"].rule == "static"


@time_machine.travel(NOW, tick=False)
def test_home_page_veto_at_two_weeks(publish, agency_a):
    publish("h", agency_a, "首页通知", days_ago=14)
    vetoes = {v.rule: v for v in evaluate().vetoes}
    assert vetoes[RULE_HOME].ok and "2026-11-23" in vetoes[RULE_HOME].detail
    with time_machine.travel("2026-12-08 10:00:00+08:00", tick=False):
        assert not {v.rule: v for v in evaluate().vetoes}[RULE_HOME].ok


@time_machine.travel(NOW, tick=False)
def test_interaction_veto_after_three_months(agency_a):
    _message(agency_a, date(2026, 9, 7), "LY2026-00001")  # exactly 3 months: not yet
    assert {v.rule: v.ok for v in evaluate().vetoes}[RULE_INTERACTION]
    _message(agency_a, date(2026, 9, 6), "LY2026-00002")
    evaluation = evaluate()
    assert not {v.rule: v.ok for v in evaluation.vetoes}[RULE_INTERACTION]
    assert [e.text.split("《")[0] for e in evaluation.evidence[RULE_INTERACTION]] == ["LY2026-00002"]
    assert agency_a.short_name in evaluation.evidence[RULE_INTERACTION][0].owner


@time_machine.travel(NOW, tick=False)
def test_availability_veto_at_five_percent_of_the_week():
    assert not {v.rule: v.ok for v in evaluate().vetoes}[RULE_AVAILABILITY]  # no data is not a pass
    for offset in range(1, 8):
        _probes(date(2026, 12, 7) - timedelta(days=offset), 100, 5 if offset == 1 else 4)
    ok = {v.rule: v for v in evaluate().vetoes}[RULE_AVAILABILITY]
    assert ok.ok and "失败 29 次" in ok.detail  # 29/700 = 4.1%
    Probe.objects.all().delete()
    for offset in range(1, 8):
        _probes(date(2026, 12, 7) - timedelta(days=offset), 100, 5)
    _probes(date(2026, 12, 7), 100, 100)  # today is not in the monitoring week yet
    assert not {v.rule: v.ok for v in evaluate().vetoes}[RULE_AVAILABILITY]  # 35/700 = 5%


@time_machine.travel(NOW, tick=False)
def test_sitecheck_json_follows_the_contract(publish, agency_a, drafter_a):
    publish("b", agency_a, "错链通知", body="见 http://127.0.0.1:8000/xxgk/records/999999/", by=drafter_a)
    actions.run_link_check(CrawlKind.INTERNAL)
    out = io.StringIO()
    call_command("sitecheck", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert list(data) == ["checked_at", "vetoes", "deductions", "links", "columns"]
    assert datetime.fromisoformat(data["checked_at"])
    assert all(list(v) == ["rule", "ok", "detail"] and isinstance(v["ok"], bool) for v in data["vetoes"])
    assert all(list(d) == ["rule", "points", "detail"] for d in data["deductions"])
    assert list(data["links"]) == ["checked", "broken"] and data["links"]["checked"] > 0
    assert data["links"]["broken"] == [
        {
            "url": "http://127.0.0.1:8000/xxgk/records/999999/",
            "page": data["links"]["broken"][0]["page"],
            "status": "HTTP 404",
        }
    ]
    assert data["links"]["broken"][0]["page"].startswith("/xxgk/records/")
    assert all(list(c) == ["column", "last_update", "status"] for c in data["columns"])
    assert {c["status"] for c in data["columns"]} <= {"ok", "stale", "empty"}
    assert any(d["rule"] == "其他页面链接不可用" and d["points"] > 0 for d in data["deductions"])
    assert SelfCheck.objects.count() == 1  # every run is kept for the trend


@time_machine.travel(NOW, tick=False)
def test_workspace_page_shows_vetoes_evidence_trend_and_report(gkb, supervisor, drafter_a, agency_a):
    _message(agency_a, date(2026, 8, 1), "LY2026-00003")
    actions.run_selfcheck()
    actions.run_selfcheck(actor=gkb)
    page = login(gkb).get(reverse("sitehealth:overview"))
    html = page.content.decode()
    assert page.status_code == 200 and "互动回应差" in html and "LY2026-00003" in html and "<svg" in html
    assert "立即自查" in html
    assert "立即自查" not in login(supervisor).get(reverse("sitehealth:overview")).content.decode()
    assert login(drafter_a).get(reverse("sitehealth:overview")).status_code == 403
    assert login(supervisor).post(reverse("sitehealth:overview"), {"action": "selfcheck"}).status_code == 403
    response = login(gkb).post(reverse("sitehealth:overview"), {"action": "selfcheck"})
    assert response.status_code == 302 and SelfCheck.objects.count() == 3
    docx = login(gkb).get(reverse("sitehealth:monthly_report") + "?year=2026&month=12")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    import docx as python_docx

    text = "\n".join(p.text for p in python_docx.Document(io.BytesIO(docx.content)).paragraphs)
    assert "2026年12月政府网站自查报告" in text and "LY2026-00003" in text


@time_machine.travel(NOW, tick=False)
def test_the_self_check_covers_configured_columns_new_media_and_publication_dates(gkb, agency_a):
    from zwgk.columns import actions as column_actions
    from zwgk.documents.pubdates import RULE as PUBDATE_RULE
    from zwgk.newmedia.services import ZOMBIE_RULE

    column_actions.create_column(
        {"slug": "empty-col", "name": "空白的动态栏目", "update_rule": "dynamic"}, agency=None, by=gkb
    )
    rows = {r.column: r for r in services.column_freshness(date(2026, 12, 7))}
    assert rows["空白的动态栏目"].status == "empty" and rows["空白的动态栏目"].url.endswith("/empty-col/")
    result = evaluate(date(2026, 12, 7))
    rules = {v.rule: v for v in result.vetoes}
    # No account and no bad date in this world: both lines are evaluated, and pass.
    assert rules[ZOMBIE_RULE].ok and rules[PUBDATE_RULE].ok
