"""The demo (order 50) lets the issue's "Done when" be walked with the demo logins."""

import io
import re

import docx
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from zwgk.testdata import demo_fixture
from zwgk.testing import login
from zwgk.workplan.models import (
    Bulletin,
    Inspection,
    Plan,
    ProgressReport,
    ReviewItem,
    ScoreResult,
    Task,
    TaskStatus,
    TrainingSession,
)

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("workplan-demo")]

# The demo up to the ledger (agencies, accounts, documents, secrecy, applications, workplan), once for this module.
demo_up_to_workplan = demo_fixture(upto="workplan")


@pytest.fixture
def demo(demo_up_to_workplan):
    users = {u.username: u for u in get_user_model().objects.all()}
    return demo_up_to_workplan, users


def test_demo_holds_the_2022_plan_with_a_mix_of_outcomes(demo):
    out, _users = demo
    plan = Plan.objects.get(year=2022)
    assert plan.items.count() == 19
    statuses = set(Task.objects.filter(plan=plan).values_list("status", flat=True))
    assert {TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.OVERDUE} <= statuses
    assert Inspection.objects.filter(plan=plan).count() == 2
    assert TrainingSession.objects.filter(held_on__year=2022).count() == 2
    assert ReviewItem.objects.filter(plan=plan).exists()
    assert (
        ScoreResult.objects.filter(sheet__plan=plan).count()
        == Task.objects.filter(plan=plan).values("agency").distinct().count()
    )
    assert "jxb" in out and "工作要点台账：东丽区2022年政务公开工作要点（19 项）" in out


def test_done_when_walk(demo, media):
    _, users = demo
    # A unit sees its tasks and reports progress with evidence.
    fgw = login(users["fgw_xxy"])
    ledger_url = fgw.get("/workspace/workplan/")["Location"]
    html = fgw.get(ledger_url).content.decode()
    assert "区发改委 · 2022年政务公开工作台账" in html
    task = Task.objects.get(plan__year=2022, agency__short_name="区发改委", item__seq=3, parent__isnull=True)
    assert task.status == TaskStatus.IN_PROGRESS
    page = fgw.get(f"/workspace/workplan/tasks/{task.pk}/").content.decode()
    assert "关联培训记录" in page  # the unit's training records are offered as evidence
    training = TrainingSession.objects.get(held_on__month=5)
    response = fgw.post(
        f"/workspace/workplan/tasks/{task.pk}/",
        {
            "action": "report",
            "report-text": "第四季度重大项目信息已公开。",
            "report-percent": "90",
            "report-files": SimpleUploadedFile("项目清单.xlsx", b"PK\x03\x04demo"),
            "report-source_training": [f"/workspace/workplan/trainings/{training.pk}/"],
        },
    )
    assert response.status_code == 302
    report = ProgressReport.objects.filter(task=task).first()
    assert report.files.count() == 1
    assert report.links.get().kind == "training"
    # The 公开办 sees the charts, issues a 通报 and computes the scores.
    gkb = login(users["gkb"])
    supervision = gkb.get("/workspace/workplan/2022/supervision/").content.decode()
    assert supervision.count('<svg class="chart"') == 2
    fields = {
        "title": "关于2022年政务公开工作要点落实情况的通报",
        "as_of": "2026-11-01",
        "requirement": "限期整改。",
    }
    # 草稿 → 预览 → 确认印发
    preview = gkb.post("/workspace/workplan/2022/bulletins/", {**fields, "step": "preview"}).content.decode()
    previewed = re.search(r'name="previewed" value="([0-9a-f]+)"', preview).group(1)
    response = gkb.post(
        "/workspace/workplan/2022/bulletins/", {**fields, "step": "confirm", "previewed": previewed}
    )
    assert response.status_code == 302
    bulletin = Bulletin.objects.get()
    names = set(bulletin.entries.values_list("agency__short_name", flat=True))
    assert {"区住建委", "张贵庄街道", "区发改委"} <= names
    body = b"".join(gkb.get(f"/workspace/workplan/bulletins/{bulletin.pk}/download/").streaming_content)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(body)).paragraphs)
    assert "天津市东丽区住房和建设委员会" in text
    assert gkb.post("/workspace/workplan/2022/scores/compute/").status_code == 302
    scores = gkb.get("/workspace/workplan/2022/scores/").content.decode()
    assert "低于 4%" in scores  # streets and parks: 3.5% in the demo
    # 督查员 see everything; 张贵庄街道 sees its reminder and 回头看 items.
    assert login(users["ducha"]).get("/workspace/workplan/2022/inspections/").status_code == 200
    zgz = login(users["zgz_xxy"]).get("/workspace/").content.decode()
    assert "工作提醒" in zgz and "督查发现问题待整改" in zgz
    assert login(users["jxb"]).get("/workspace/workplan/2022/scores/").status_code == 200
