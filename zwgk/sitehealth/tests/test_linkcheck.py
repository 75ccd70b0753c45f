"""Link-check runs on the platform itself: a broken internal link in a published record opens a task for the
record's agency and editor; fixing the record closes it on the next run; an external link to a dead port is
found by the weekly external check; the task list is scoped, filterable and exports to .xlsx."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zwgk.documents.models import Record
from zwgk.sitehealth import actions
from zwgk.sitehealth.models import CrawlKind, ExternalLink, LinkTask, TaskStatus
from zwgk.sitehealth.tests.localserver import serve
from zwgk.testing import login

pytestmark = pytest.mark.django_db

BROKEN = "http://127.0.0.1:8000/xxgk/records/999999/"


def test_broken_internal_link_opens_a_task_and_fixing_the_record_closes_it(publish, agency_a, drafter_a):
    record = publish("broken", agency_a, "关于调整缴费基数的通知", body=f"原办法见 {BROKEN} 。", by=drafter_a)
    publish("fine", agency_a, "关于另一事项的通知")
    run = actions.run_link_check(CrawlKind.INTERNAL)
    assert run.pages > 3 and not run.truncated
    task = LinkTask.objects.get(url__endswith="/xxgk/records/999999/")
    assert task.status == TaskStatus.OPEN and task.http_status == 404 and task.problem == "broken"
    assert task.agency == agency_a and task.editor == drafter_a and task.record == record
    assert task.page.endswith(f"/xxgk/records/{record.pk}/") and task.page_shown.startswith(
        "http://127.0.0.1:8000/"
    )
    again = actions.run_link_check(CrawlKind.INTERNAL)
    assert LinkTask.objects.filter(status=TaskStatus.OPEN).count() == 1 and again.problems == 1

    Record.objects.filter(pk=record.pk).update(body="原办法已废止。")
    actions.run_link_check(CrawlKind.INTERNAL)
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSED and task.closed_at and "已整改" in task.close_note


def test_external_links_are_collected_by_the_internal_run_and_checked_weekly(publish, agency_a):
    with serve() as base:
        record = publish(
            "ext",
            agency_a,
            "关于报名的通知",
            body=f"报名见 http://127.0.0.1:9/dead 。材料见 {base}/a 。旧址 {base}/missing",
        )
        actions.run_link_check(CrawlKind.INTERNAL)
        assert set(ExternalLink.objects.values_list("url", flat=True)) >= {
            "http://127.0.0.1:9/dead",
            f"{base}/a",
        }
        assert not LinkTask.objects.exists()  # the internal run does not request other sites
        run = actions.run_link_check(CrawlKind.EXTERNAL)
    assert run.links == 3 and run.problems == 2
    dead = LinkTask.objects.get(url="http://127.0.0.1:9/dead")
    assert dead.kind == "external" and dead.error == "连接被拒绝" and dead.agency == agency_a
    assert LinkTask.objects.get(url=f"{base}/missing").http_status == 404
    # The record drops the dead address: the next internal run closes the task (the link left the page).
    Record.objects.filter(pk=record.pk).update(body=f"旧址 {base}/missing")
    actions.run_link_check(CrawlKind.INTERNAL)
    dead.refresh_from_db()
    assert dead.status == TaskStatus.CLOSED and dead.close_note == "链接已从页面删除"


def test_denied_hosts_are_reported(publish, agency_a, settings):
    settings.SITEHEALTH_DENY_HOSTS = ["bad.example"]
    publish("deny", agency_a, "关于链接的通知", body="见 http://www.bad.example/x")
    actions.run_link_check(CrawlKind.INTERNAL)
    actions.run_link_check(CrawlKind.EXTERNAL)
    assert LinkTask.objects.get().problem == "denied_host"


def test_task_list_is_scoped_filtered_and_exports_xlsx(
    publish, agency_a, agency_b, admin_a, gkb, staff_b, drafter_a
):
    publish("t1", agency_a, "甲单位通知", body=f"见 {BROKEN}", by=drafter_a)
    actions.run_link_check(CrawlKind.INTERNAL)
    url = reverse("sitehealth:tasks")
    page = login(admin_a).get(url)
    assert page.status_code == 200 and "xxgk/records/999999" in page.content.decode()
    assert login(gkb).get(url).status_code == 200
    other = login(staff_b).get(url)  # agency B's 单位管理员: his own agency's tasks only
    assert other.status_code == 200 and "999999" not in other.content.decode()
    assert login(drafter_a).get(url).status_code == 403
    response = login(gkb).get(url + "?status=open&export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("状态", "问题", "链接地址") and len(rows) == 2
    assert rows[1][2].endswith("/xxgk/records/999999/") and rows[1][6] == agency_a.short_name
    closed = login(gkb).get(url + "?status=closed")
    assert "999999" not in closed.content.decode()


def test_only_the_district_office_starts_a_check(gkb, admin_a):
    url = reverse("sitehealth:overview")
    assert login(admin_a).post(url, {"action": "links"}).status_code == 403
    response = login(gkb).post(url, {"action": "links", "kind": "internal"})
    assert response.status_code == 302  # tasks run immediately in tests
    assert LinkTask.objects.count() == 0
    from zwgk.sitehealth.models import CrawlRun

    assert CrawlRun.objects.filter(kind=CrawlKind.INTERNAL).count() == 1


def test_documents_are_checked_with_head_and_views_without_head_with_get(settings):
    from django.http import HttpResponse
    from django.urls import path
    from django.views.decorators.http import require_GET, require_safe

    from zwgk.sitehealth import services

    seen: list[str] = []

    @require_safe
    def document(request, name):
        seen.append(request.method)
        return HttpResponse(b"" if request.method == "HEAD" else b"%PDF", content_type="application/pdf")

    @require_GET
    def get_only(request):
        seen.append(request.method)
        return HttpResponse(b"PK", content_type="application/zip")

    import importlib

    site = importlib.import_module(settings.ROOT_URLCONF)
    urls = {name: getattr(site, name) for name in dir(site) if name.startswith("handler")}
    urls["urlpatterns"] = [
        path("doc/<str:name>", document),
        path("old/file.zip", get_only),
        *site.urlpatterns,
    ]
    settings.ROOT_URLCONF = type("urls", (), urls)
    fetch = services.inprocess_fetcher()
    assert fetch("http://127.0.0.1:8000/doc/report.PDF", 5).status == 200 and seen == ["HEAD"]
    assert fetch("http://127.0.0.1:8000/old/file.zip", 5).status == 200 and seen[1:] == ["GET"]
    assert fetch("http://127.0.0.1:8000/missing/report.docx", 5).status == 404
