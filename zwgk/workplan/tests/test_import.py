"""`zwgk workplan import` and the workspace import: the JSON contract, the ledger it builds, re-imports."""

import json
from io import StringIO

import docx
import pytest
from django.core.management import call_command

from zwgk.agencies.models import Agency
from zwgk.audit.models import AuditEvent
from zwgk.testing import login
from zwgk.workplan.models import Plan, PlanItem, Responsibility, Task, TaskStatus

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("workplan", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_contract_on_the_2022_plan(dongli, mission_path):
    out, err = run("import", str(mission_path), "--year", "2022", "--dry-run", "--json")
    data = json.loads(out)
    assert set(data) == {"year", "items"}
    assert data["year"] == 2022
    assert len(data["items"]) == 19
    for item in data["items"]:
        assert set(item) == {"number", "section", "title", "lead_units", "units", "unmatched"}
        assert item["unmatched"] == []
        assert set(item["lead_units"]) <= set(item["units"])
    items = {i["number"]: i for i in data["items"]}
    assert items["（一）"]["section"] == "一、以公开助力经济平稳健康发展"
    assert items["（一）"]["title"] == "着力做好涉及营商环境的信息公开"
    assert items["（五）"]["lead_units"] == ["区人社局"]
    assert items["（八）"]["lead_units"] == ["区政府办", "区司法局"]
    assert items["（十四）"]["lead_units"] == ["区政府办"]
    assert items["（十八）"]["lead_units"] == ["区政府办"]
    assert sum(1 for i in data["items"] if i["lead_units"]) == 4
    # 各街道园区 → all 11 streets and 2 parks, listed where the plan names them (first in item 一).
    streets = list(
        Agency.objects.filter(kind__in=["street", "park"])
        .order_by("sort_order")
        .values_list("short_name", flat=True)
    )
    assert items["（一）"]["units"][: len(streets)] == streets
    assert (
        "区文化旅游体育局" in items["（一）"]["units"]
    )  # written 区文化旅游体育局; alias 区文旅体局 in item 九
    assert "区文化旅游体育局" in items["（九）"]["units"]
    # 区防控指挥部其他成员单位 → its members not named in item 四; never the command itself.
    assert items["（四）"]["units"][-4:] == ["区商务局", "区市场监管局", "区教育局", "区民政局"]
    assert "区防控指挥部" not in items["（四）"]["units"]
    # 区政府其他部门 in item 十: departments not named there, each once.
    ten = items["（十）"]["units"]
    assert len(ten) == len(set(ten))
    assert {"区发改委", "区财政局", "区民政局"} <= set(ten)
    assert "区委组织部" in items["（十七）"]["units"]  # written 区委组织部（区绩效办）
    assert Plan.objects.count() == 0  # dry run
    assert "试运行" in err


def test_import_builds_one_ledger_task_per_item_and_unit_and_is_idempotent(dongli, mission_path):
    out, _ = run("import", str(mission_path), "--year", "2022")
    assert "已建立" in out and "created plan 2022" in out
    plan = Plan.objects.get(year=2022)
    assert plan.items.count() == 19
    assert Task.objects.filter(plan=plan).count() == Responsibility.objects.filter(item__plan=plan).count()
    assert set(Task.objects.filter(plan=plan).values_list("status", flat=True)) == {TaskStatus.NOT_STARTED}
    assert Task.objects.get(item__seq=5, agency__short_name="区人社局").role == "lead"
    events = AuditEvent.objects.filter(action="workplan.plan_imported").count()
    out, _ = run("import", str(mission_path), "--year", "2022")
    assert "没有变化" in out
    assert AuditEvent.objects.filter(action="workplan.plan_imported").count() == events


def test_human_output_lists_items_and_leads(dongli, mission_path):
    out, _ = run("import", str(mission_path), "--year", "2022", "--dry-run")
    assert "19 项 / 19 items" in out
    assert "（五）加强就业支持政策信息公开" in out and "牵头：区人社局" in out


def test_reimport_updates_units_but_keeps_worked_on_tasks(dongli, mission_path, tmp_path):
    run("import", str(mission_path), "--year", "2022")
    worked = Task.objects.get(item__seq=7, agency__short_name="区教育局")
    worked.responsible_person = "张三"
    worked.save()
    text = mission_path.read_text(encoding="utf-8")
    changed = tmp_path / "changed.txt"
    changed.write_text(
        text.replace("（区教育局负责落实）", "（区卫健委牵头，区水务局负责落实）").replace(
            "（区税务局、区财政局等部门负责落实）", "（区税务局等部门负责落实）"
        ),
        encoding="utf-8",
    )
    out, err = run("import", str(changed), "--year", "2022")
    assert "已更新" in out
    seven = PlanItem.objects.get(plan__year=2022, seq=7)
    assert set(seven.responsibilities.values_list("agency__short_name", "role")) == {
        ("区卫健委", "lead"),
        ("区水务局", "responsible"),
        ("区教育局", "responsible"),  # kept: the unit already worked on it
    }
    assert "区教育局" in err and "予以保留" in err
    # 区财政局 had not touched item 二: its row is removed.
    assert not Task.objects.filter(item__plan__year=2022, item__seq=2, agency__short_name="区财政局").exists()


def test_unmatched_names_are_reported_and_kept_on_the_item(dongli, mission_path, tmp_path):
    changed = tmp_path / "unknown.txt"
    changed.write_text(
        mission_path.read_text(encoding="utf-8").replace(
            "（区教育局负责落实）", "（区教育局、区大数据局负责落实）"
        ),
        encoding="utf-8",
    )
    out, err = run("import", str(changed), "--year", "2022", "--json")
    data = json.loads(out)
    assert data["items"][6]["unmatched"] == ["区大数据局"]
    assert data["items"][6]["units"] == ["区教育局"]
    assert "区大数据局" in err
    assert PlanItem.objects.get(plan__year=2022, seq=7).unmatched == ["区大数据局"]


def test_bad_input_exits_2_with_a_chinese_and_english_message(dongli, tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        run("import", str(tmp_path / "missing.txt"), "--year", "2022")
    assert exit_info.value.code == 2
    empty = tmp_path / "empty.txt"
    empty.write_text("没有编号的文字", encoding="utf-8")
    err = StringIO()
    with pytest.raises(SystemExit):
        call_command("workplan", "import", str(empty), "--year", "2022", stdout=StringIO(), stderr=err)
    assert "未找到编号事项" in err.getvalue() and "cannot be imported" in err.getvalue()
    assert Plan.objects.count() == 0


def test_docx_plan_is_imported(dongli, tmp_path):
    document = docx.Document()
    for line in [
        "东丽区2031年政务公开工作要点",
        "一、加强公开",
        "（一）做好解读。内容。（区政府办牵头，各街道园区协助落实）",
        "（二）做好指南。内容。（区政府各部门负责落实）",
    ]:
        document.add_paragraph(line)
    path = tmp_path / "plan.docx"
    document.save(path)
    out, _ = run("import", str(path), "--year", "2031", "--json", "--dry-run")
    data = json.loads(out)
    assert data["items"][0]["lead_units"] == ["区政府办"]
    assert len(data["items"][0]["units"]) == 14  # 区政府办 + 11 streets + 2 parks
    run("import", str(path), "--year", "2031")
    assert Task.objects.filter(plan__year=2031, role="cooperate").count() == 13


def test_year_mismatch_is_warned(dongli, mission_path):
    _, err = run("import", str(mission_path), "--year", "2023", "--dry-run")
    assert "与 --year 2023 不一致" in err


def test_workspace_import_previews_then_confirms(gkb, drafter_a, dongli, mission_path):
    client = login(gkb)
    with mission_path.open("rb") as handle:
        response = client.post("/workspace/workplan/import/", {"file": handle, "year": 2022})
    html = response.content.decode()
    assert response.status_code == 200
    assert "共识别 <strong>19</strong> 项要点" in html
    assert Plan.objects.count() == 0
    text = response.context["confirm"].initial["text"]
    response = client.post(
        "/workspace/workplan/import/", {"confirm": "1", "text": text, "year": 2022, "source_name": "plan.txt"}
    )
    assert response.status_code == 302 and response["Location"] == "/workspace/workplan/2022/"
    assert Plan.objects.get(year=2022).items.count() == 19
    assert login(drafter_a).get("/workspace/workplan/import/").status_code == 403


def test_workspace_import_shows_the_reason_for_a_bad_file(gkb):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4")
    response = login(gkb).post("/workspace/workplan/import/", {"file": upload, "year": 2022})
    assert response.status_code == 200
    assert "请上传 .txt 或 .docx 文件" in response.content.decode()


def test_plan_page_and_division_of_tasks_export(plan, drafter_a):
    import io

    import openpyxl

    client = login(drafter_a)
    html = client.get("/workspace/workplan/2030/").content.decode()
    assert '<svg class="chart"' in html and "牵头：区发改委" in html
    response = client.get("/workspace/workplan/2030/", {"export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:6] == ("编号", "部分", "标题", "牵头单位", "负责落实单位", "协助配合单位")
    assert rows[1][:5] == ("（一）", "一、加强政策公开", "做好政策解读", "区发改委", "区财政局")
    assert client.get("/workspace/workplan/2031/").status_code == 404


def test_responsible_units_keep_the_order_of_the_clause(dongli, mission_path):
    run("import", str(mission_path), "--year", "2022")
    fifteen = PlanItem.objects.get(plan__year=2022, seq=15)
    vias = list(dict.fromkeys(fifteen.responsibilities.values_list("via", flat=True)))
    assert vias == ["各街道园区", "区农业农村委", "区民政局", "区政府其他部门"]


def test_a_time_limit_in_the_clause_becomes_the_tasks_default_limit(dongli, tmp_path):
    path = tmp_path / "limits.txt"
    path.write_text(
        "东丽区2032年政务公开工作要点\n一、加强公开\n"
        "（一）做好解读。内容。（责任时限：6月底前；牵头单位：区政府办；责任单位：各街道园区）\n"
        "（二）做好指南。内容。（区司法局负责落实）\n",
        encoding="utf-8",
    )
    out, _ = run("import", str(path), "--year", "2032", "--dry-run")
    assert "时限：6月底前" in out
    run("import", str(path), "--year", "2032")
    dues = set(Task.objects.filter(item__seq=1).values_list("due_date", flat=True))
    assert {d.isoformat() for d in dues} == {"2032-06-30"}
    assert Task.objects.get(item__seq=2).due_date.isoformat() == "2032-12-31"
    assert (
        json.loads(run("import", str(path), "--year", "2032", "--json", "--dry-run")[0])["items"][0][
            "unmatched"
        ]
        == []
    )
