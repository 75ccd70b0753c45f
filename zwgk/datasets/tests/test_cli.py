"""`zwgk dataset import … --json`: the contract and the exit codes (0 imported / dry run good, 1 problems, 2 usage)."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from zwgk.datasets.models import Dataset, DatasetRow
from zwgk.datasets.tests.helpers import RAW_NAME, SUBSIDY_ROWS, subsidy_csv

pytestmark = pytest.mark.django_db


def run(capsys, *args):
    code = 0
    try:
        call_command("dataset", *args)
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_good_file_is_imported_and_reported_as_json(capsys, tmp_path, agency_a, drafter_a, subsidy_file):
    path = tmp_path / "补贴.csv"
    path.write_bytes(subsidy_file)
    code, out, _ = run(
        capsys,
        "import",
        str(path),
        "--template",
        "惠农补贴发放结果",
        "--agency",
        agency_a.code,
        "--user",
        drafter_a.username,
        "--json",
    )
    data = json.loads(out)
    assert code == 0
    assert data["ok"] is True and data["imported"] is True and data["dry_run"] is False
    dataset = Dataset.objects.get()
    assert data["dataset_id"] == dataset.pk == data["record_id"]
    assert data["check"]["good_rows"] == 4 and data["check"]["problems"] == []
    assert {c["key"] for c in data["check"]["columns"]} >= {"village", "name", "amount"}
    assert dataset.record.title == "补贴"
    assert RAW_NAME not in out


def test_problems_exit_1_with_each_row_and_column_and_nothing_is_written(
    capsys, tmp_path, agency_a, drafter_a
):
    rows = [list(r) for r in SUBSIDY_ROWS]
    rows[2][5] = "二十亩"
    path = tmp_path / "bad.csv"
    path.write_bytes(subsidy_csv(rows))
    code, out, _ = run(
        capsys,
        "import",
        str(path),
        "--template",
        "subsidy",
        "--agency",
        agency_a.code,
        "--user",
        drafter_a.username,
        "--json",
    )
    data = json.loads(out)
    assert code == 1 and data["imported"] is False
    [problem] = data["check"]["problems"]
    assert problem == {
        "line": 4,
        "column": "面积（亩）",
        "message": "“二十亩”不是有效的数值",
        "message_en": "'二十亩' is not a valid number",
    }
    assert not DatasetRow.objects.exists()
    code, text, _ = run(
        capsys, "import", str(path), "--template", "subsidy", "--agency", agency_a.code, "--dry-run"
    )
    assert code == 1 and "第 4 行 / row 4" in text and "is not a valid number" in text


def test_undeclared_personal_columns_exit_1_until_declared(capsys, tmp_path, agency_a, drafter_a):
    from zwgk.datasets.tests.helpers import SUBSIDY_HEADER

    rows = [[*r, f"1381234567{i}"] for i, r in enumerate(SUBSIDY_ROWS)]
    path = tmp_path / "phones.csv"
    path.write_bytes(subsidy_csv(rows, [*SUBSIDY_HEADER, "联系电话"]))
    base = ["import", str(path), "--template", "subsidy", "--agency", agency_a.code, "--dry-run", "--json"]
    code, out, _ = run(capsys, *base)
    assert code == 1
    assert json.loads(out)["check"]["undeclared_personal_columns"][0]["column"] == "联系电话"
    code, out, _ = run(capsys, *base, "--column", "联系电话=电话号码")
    assert code == 0 and json.loads(out)["ok"] is True
    assert not Dataset.objects.exists()  # a dry run


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--template", "nope", "--agency", "120110003", "--dry-run"], "没有模板"),
        (["--template", "subsidy", "--agency", "999", "--dry-run"], "没有单位代码"),
        (["--template", "subsidy", "--agency", "120110003"], "--user"),
        (["--template", "subsidy", "--agency", "120110003", "--user", "nobody"], "没有用户"),
        (["--template", "subsidy", "--agency", "120110003", "--user", "reviewer_a"], "不能导入"),
        (["--template", "subsidy", "--agency", "120110003", "--dry-run", "--column", "x"], "列名=类型"),
    ],
)
def test_usage_errors_exit_2_with_a_message(
    capsys, tmp_path, agency_a, reviewer_a, subsidy_file, args, fragment
):
    path = tmp_path / "f.csv"
    path.write_bytes(subsidy_file)
    code, out, err = run(capsys, "import", str(path), *args, "--json")
    assert code == 2 and fragment in err
    assert json.loads(out)["error"]["message"]


def test_an_unreadable_file_exits_2(capsys, tmp_path, agency_a):
    code, _, err = run(
        capsys,
        "import",
        str(tmp_path / "missing.csv"),
        "--template",
        "subsidy",
        "--agency",
        agency_a.code,
        "--dry-run",
    )
    assert code == 2 and "无法读取文件" in err


def test_templates_are_listed(capsys, db):
    code, out, _ = run(capsys, "templates", "--json")
    assert code == 0 and {t["code"] for t in json.loads(out)} == {
        "admission",
        "subsidy",
        "procurement",
        "major_project",
        "epidemic",
    }
