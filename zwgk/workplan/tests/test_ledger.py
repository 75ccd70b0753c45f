"""The ledger workflow through the pages: units fill in and report on their own tasks; supervisors see all."""

import io
from datetime import date

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from zwgk.audit.models import AuditEvent
from zwgk.core.errors import Refused
from zwgk.testing import login
from zwgk.workplan.actions import ledger
from zwgk.workplan.models import EvidenceFile, ProgressReport, Task, TaskStatus
from zwgk.workplan.tasks import sweep_overdue_tasks
from zwgk.workplan.tests.conftest import task_of

pytestmark = pytest.mark.django_db


def post(client, task, action, data, files=None):
    payload = {"action": action, **{f"{action}-{k}": v for k, v in data.items()}}
    if files:
        payload.update({f"{action}-{k}": v for k, v in files.items()})
    return client.post(f"/workspace/workplan/tasks/{task.pk}/", payload)


def test_units_see_their_own_ledger_supervisors_see_every_unit(
    plan, agency_a, agency_b, drafter_a, staff_b, gkb, supervisor
):
    response = login(drafter_a).get("/workspace/workplan/")
    assert response.status_code == 302
    assert response["Location"] == f"/workspace/workplan/2030/units/{agency_a.pk}/"
    html = login(drafter_a).get(response["Location"]).content.decode()
    assert "区发改委 · 2030年政务公开工作台账" in html
    assert "做好政策解读" in html and "一抓到底" in html
    assert login(staff_b).get(f"/workspace/workplan/2030/units/{agency_a.pk}/").status_code == 403
    assert (
        login(staff_b).get(f"/workspace/workplan/tasks/{task_of(plan, agency_a, 1).pk}/").status_code == 403
    )
    for user in (gkb, supervisor):
        assert login(user).get(f"/workspace/workplan/2030/units/{agency_a.pk}/").status_code == 200
        assert (
            login(user).get(f"/workspace/workplan/tasks/{task_of(plan, agency_b, 1).pk}/").status_code == 200
        )


def test_a_unit_edits_only_its_own_tasks(plan, agency_a, agency_b, drafter_a, gkb, supervisor):
    own = task_of(plan, agency_a, 1)
    data = {
        "title": own.title,
        "description": "梳理政策清单",
        "responsible_person": "孙信息",
        "responsible_phone": "",
        "due_date": "2030-10-31",
    }
    response = post(login(drafter_a), own, "edit", data)
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.responsible_person, own.due_date) == ("孙信息", date(2030, 10, 31))
    event = AuditEvent.objects.get(action="workplan.task_updated")
    assert event.after["responsible_person"] == "孙信息" and event.agency_id == agency_a.pk
    other = task_of(plan, agency_b, 1)
    assert post(login(drafter_a), other, "edit", data).status_code == 403
    # District-wide roles read every ledger but do not fill in a unit's tasks.
    for user in (gkb, supervisor):
        assert post(login(user), own, "edit", {**data, "responsible_person": "别人"}).status_code == 403
    own.refresh_from_db()
    assert own.responsible_person == "孙信息"


def test_progress_report_with_file_and_links_moves_the_task_to_in_progress(
    plan, agency_a, drafter_a, staff_b, gkb, client, media
):
    task = task_of(plan, agency_a, 1)
    upload = SimpleUploadedFile("解读材料.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    response = post(
        login(drafter_a),
        task,
        "report",
        {"text": "已发布政策解读3篇。", "percent": "40", "link_label": "解读专栏", "link_url": "/xxgk/jd/"},
        {"files": upload},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS and task.progress_percent == 40
    report = ProgressReport.objects.get(task=task)
    evidence = report.files.get()
    assert evidence.original_name == "解读材料.pdf" and evidence.size == 17
    assert report.links.get().url == "/xxgk/jd/"
    url = f"/workspace/workplan/evidence/{evidence.pk}/"
    download = login(drafter_a).get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 evidence"
    # core.files: a PDF opens in the browser, sandboxed and never cached
    assert (
        download["Content-Disposition"].startswith("inline;")
        and download["Content-Type"] == "application/pdf"
    )
    assert (
        download["Cache-Control"] == "private, no-store" and "sandbox" in download["Content-Security-Policy"]
    )
    assert login(gkb).get(url).status_code == 200
    assert login(staff_b).get(url).status_code == 403
    assert client.get(url).status_code == 302  # anonymous → login
    # Never served from a media URL.
    assert client.get(f"/_protected_media/{evidence.file.name}").status_code == 404
    html = login(drafter_a).get(f"/workspace/workplan/tasks/{task.pk}/").content.decode()
    assert "已发布政策解读3篇" in html and "解读专栏" in html and "报送进展" in html


def test_a_refused_upload_keeps_what_was_typed_and_leaves_nothing_behind(plan, agency_a, drafter_a, media):
    task = task_of(plan, agency_a, 1)
    bad = SimpleUploadedFile("页面.html", b"<script>alert(1)</script>", content_type="text/html")
    response = post(login(drafter_a), task, "report", {"text": "本周进展：已起草解读。"}, {"files": bad})
    assert response.status_code == 200
    html = response.content.decode()
    assert "不支持的文件类型" in html
    assert "本周进展：已起草解读。" in html
    assert not ProgressReport.objects.exists()
    assert not EvidenceFile.objects.exists()
    assert not list(media.rglob("*.*")) if media.exists() else True


def test_links_must_be_site_paths_or_web_addresses(plan, agency_a, drafter_a):
    task = task_of(plan, agency_a, 1)
    response = post(
        login(drafter_a),
        task,
        "report",
        {"text": "进展", "link_label": "x", "link_url": "javascript:alert(1)"},
    )
    assert response.status_code == 200
    assert "佐证链接应填写名称" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_sub_tasks_milestones_and_completion(plan, agency_a, drafter_a):
    client = login(drafter_a)
    task = task_of(plan, agency_a, 3)
    response = post(
        client,
        task,
        "subtask",
        {"title": "梳理台账", "responsible_person": "孙信息", "due_date": "2031-03-01"},
    )
    assert response.status_code == 200
    assert "子任务的完成时限不能晚于所属任务的时限（2030-12-31）" in response.content.decode()
    assert (
        post(
            client,
            task,
            "subtask",
            {"title": "梳理台账", "responsible_person": "孙信息", "due_date": "2030-06-30"},
        ).status_code
        == 302
    )
    sub = task.subtasks.get()
    assert (sub.agency_id, sub.item_id, sub.due_date) == (agency_a.pk, task.item_id, date(2030, 6, 30))
    assert post(client, task, "milestone", {"title": "完成梳理", "due_date": "2030-05-31"}).status_code == 302
    milestone = task.milestones.get()
    assert client.post(f"/workspace/workplan/milestones/{milestone.pk}/done/").status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on is not None
    response = post(client, task, "complete", {"note": "全部完成"})
    assert response.status_code == 200 and "还有未完成的子任务" in response.content.decode()
    assert "全部完成</textarea>" in response.content.decode()  # the refused form keeps what was typed
    assert client.post(f"/workspace/workplan/tasks/{task.pk}/", {"action": "nope"}).status_code == 400
    assert post(client, sub, "complete", {"note": "台账已建立"}).status_code == 302
    assert post(client, task, "complete", {"note": "全部完成"}).status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.progress_percent == 100 and not task.done_late
    html = client.get(f"/workspace/workplan/tasks/{task.pk}/").content.decode()
    for summary in ("拆分子任务：梳理台账", "添加工作节点：完成梳理", "任务完成：做好"[:4]):
        assert summary in html
    # A finished task takes no more reports.
    with pytest.raises(Refused, match="任务已完成"):
        ledger.report_progress(task, by=drafter_a, text="补充")


def test_sweeper_marks_overdue_once_and_only_open_tasks(plan, agency_a, agency_b, drafter_a):
    done = task_of(plan, agency_a, 1)
    ledger.complete_task(done, by=drafter_a, note="完成")
    with time_machine.travel("2031-01-01 01:00 +0800", tick=False):
        marked = sweep_overdue_tasks.call_local()
        assert marked == Task.objects.count() - 1
        assert sweep_overdue_tasks.call_local() == 0
    assert AuditEvent.objects.filter(action="workplan.task_overdue").count() == marked
    assert Task.objects.get(pk=done.pk).status == TaskStatus.DONE
    overdue = Task.objects.filter(status=TaskStatus.OVERDUE).first()
    assert overdue.overdue_since == date(2031, 1, 1)


def test_nothing_is_overdue_on_the_last_day(plan):
    with time_machine.travel("2030-12-31 23:00 +0800", tick=False):
        assert ledger.sweep_overdue() == 0


def test_after_the_limit_only_supervisors_move_it(plan, agency_a, drafter_a, gkb):
    task = task_of(plan, agency_a, 2)
    with time_machine.travel("2031-01-02 09:00 +0800", tick=False):
        ledger.sweep_overdue()
        task.refresh_from_db()
        assert task.status == TaskStatus.OVERDUE
        data = {
            "title": task.title,
            "description": "",
            "responsible_person": "孙信息",
            "responsible_phone": "",
            "due_date": "2031-03-31",
        }
        response = post(login(drafter_a), task, "edit", data)
        assert "完成时限只能由公开办或督查员调整" in response.content.decode()
        assert (
            post(login(drafter_a), task, "extend", {"due_date": "2031-03-31", "reason": "x"}).status_code
            == 403
        )
        assert (
            post(login(gkb), task, "extend", {"due_date": "2031-03-31", "reason": "跨年度推进"}).status_code
            == 302
        )
        task.refresh_from_db()
        assert (task.status, task.due_date, task.overdue_since) == (
            TaskStatus.NOT_STARTED,
            date(2031, 3, 31),
            None,
        )
        # Completed after the original limit but within the extension: on time.
        ledger.complete_task(task, by=drafter_a, note="完成")
        task.refresh_from_db()
        assert not task.done_late
        assert post(login(gkb), task, "reopen", {"reason": "督查发现未完成"}).status_code == 302
        task.refresh_from_db()
        assert task.status == TaskStatus.IN_PROGRESS and task.completed_at is None


def test_illegal_moves_are_refused(plan, agency_a, drafter_a):
    task = task_of(plan, agency_a, 1)
    ledger.complete_task(task, by=drafter_a, note="完成")
    with pytest.raises(Refused, match="不能改为"):
        ledger.complete_task(task, by=drafter_a, note="再次完成")
    with pytest.raises(Refused, match="不能改为"):
        ledger.start_task(task, by=drafter_a)


def test_ledger_export_and_filters(plan, agency_a, drafter_a):
    ledger.complete_task(task_of(plan, agency_a, 1), by=drafter_a, note="完成")
    client = login(drafter_a)
    url = f"/workspace/workplan/2030/units/{agency_a.pk}/"
    response = client.get(url, {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("要点", "任务", "子任务")
    assert len(rows) == 1 + 3
    assert {r[6] for r in rows[1:]} == {"已完成", "未开始"}
    html = client.get(url, {"status": "done"}).content.decode()
    assert html.count('href="/workspace/workplan/tasks/') == 1
    assert ">做好政策解读</a>" in html


def test_ledger_page_queries_do_not_grow_with_tasks(plan, agency_a, drafter_a, django_assert_max_num_queries):
    client = login(drafter_a)
    url = f"/workspace/workplan/2030/units/{agency_a.pk}/"
    client.get(url)
    # The budget grows with the live indicators other apps register (issue 17 added five: about two queries each;
    # the catalogue and 政策找人 indicators one each), never with the number of tasks.
    with django_assert_max_num_queries(56):
        client.get(url)
    task = task_of(plan, agency_a, 3)
    for n in range(10):
        ledger.add_subtask(task, {"title": f"子任务{n}", "due_date": date(2030, 6, 30)}, by=drafter_a)
    with django_assert_max_num_queries(56):
        client.get(url)


def test_overdue_and_due_soon_tasks_are_on_the_units_workbench(plan, agency_a, drafter_a, staff_b):
    task = task_of(plan, agency_a, 1)
    ledger.update_task(task, {"due_date": date(2030, 3, 10)}, by=drafter_a)
    with time_machine.travel("2030-03-05 09:00 +0800", tick=False):
        html = login(drafter_a).get("/workspace/").content.decode()
        assert "区发改委：（一）做好政策解读" in html and "5 天后到期" in html
    with time_machine.travel("2030-03-11 09:00 +0800", tick=False):
        ledger.sweep_overdue()
        html = login(drafter_a).get("/workspace/").content.decode()
        assert "已超过完成时限" in html
        assert "区发改委：" not in login(staff_b).get("/workspace/").content.decode()


def test_workbench_lists_only_the_current_plans_overdue_tasks(plan, agency_a, drafter_a):
    from zwgk.workplan.actions.plan import import_plan
    from zwgk.workplan.importer import prepare_text
    from zwgk.workplan.tests.conftest import SMALL_PLAN

    later = import_plan(
        prepare_text(SMALL_PLAN.replace("2030", "2031").replace("做好政策解读", "做好解读回应")),
        2031,
        by=None,
    ).plan
    ledger.update_task(task_of(later, agency_a, 1), {"due_date": date(2031, 3, 1)}, by=drafter_a)
    with time_machine.travel("2031-06-01 09:00 +0800", tick=False):
        ledger.sweep_overdue()
        html = login(drafter_a).get("/workspace/").content.decode()
    assert "（一）做好解读回应" in html  # 2031, the plan being carried out
    assert "（一）做好政策解读" not in html  # 2030: back through 回头看, not as an overdue task


def test_item_page_shows_other_units_status_but_not_their_people(
    plan, agency_a, agency_b, drafter_a, staff_b
):
    ledger.update_task(task_of(plan, agency_b, 1), {"responsible_person": "财政某某"}, by=staff_b)
    html = login(drafter_a).get("/workspace/workplan/2030/items/1/").content.decode()
    assert "区财政局" in html and "未开始" in html
    assert "财政某某" not in html
    assert f"/workspace/workplan/tasks/{task_of(plan, agency_b, 1).pk}/" not in html
    assert f"/workspace/workplan/tasks/{task_of(plan, agency_a, 1).pk}/" in html
    assert "财政某某" in login(staff_b).get("/workspace/workplan/2030/items/1/").content.decode()
