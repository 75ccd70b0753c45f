"""`zwgk deadline` and `zwgk fee`: exact JSON contracts and exit codes."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_deadline_received_json():
    code, out, _ = run("deadline", "--received", "2025-09-26", "--json")
    data = json.loads(out)
    assert code == 0
    assert list(data) == [
        "received",
        "due",
        "working_days",
        "provisional",
        "provisional_reason",
        "explanation",
    ]
    assert data["provisional"] is False and data["provisional_reason"] == ""
    assert data["received"] == "2025-09-26" and data["due"] == "2025-10-30" and data["working_days"] == 20
    assert "2025-10-01（周三）国庆节，不计算" in data["explanation"]


def test_deadline_with_other_period():
    code, out, _ = run("deadline", "--received", "2025-09-26", "--working-days", "7", "--json")
    assert code == 0 and json.loads(out)["due"] == "2025-10-13" and json.loads(out)["working_days"] == 7


def test_deadline_human_output():
    code, out, _ = run("deadline", "--received", "2024-02-02")
    assert code == 0 and "2024-03-06" in out and "春节" in out


def test_deadline_scenario(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(
        json.dumps(
            {
                "events": [
                    {"type": "received", "date": "2025-03-03"},
                    {"type": "pause", "from": "2025-03-10", "to": "2025-03-12"},
                    {"type": "extension", "working_days": 20},
                ]
            }
        )
    )
    code, out, _ = run("deadline", "--scenario", str(path), "--json")
    data = json.loads(out)
    assert code == 0 and data["received"] == "2025-03-03" and data["working_days"] == 40
    assert data["due"] == "2025-05-06"  # 40 working days + 3 paused, over 清明 (04-04) and 劳动节 (05-01..05)


@pytest.mark.parametrize(
    "args",
    [
        ("--received", "2025-02-30"),
        ("--received", "yesterday"),
        ("--received", "2100-12-15"),  # beyond any calendar the platform can count
        ("--received", "2025-01-01", "--working-days", "0"),
        ("--received", "2025-01-01", "--working-days", "x"),
    ],
)
def test_deadline_bad_input_exits_2(args):
    code, _, err = run("deadline", *args, "--json")
    assert code == 2 and err.strip()


def test_deadline_into_2027_is_provisional_and_says_why():
    code, out, _ = run("deadline", "--received", "2026-12-15")
    assert code == 0 and "2027-01-13（暂定 / provisional）" in out and "2027 年节假日安排尚未公布" in out
    code, out, _ = run("deadline", "--received", "2026-12-15", "--json")
    data = json.loads(out)
    assert data["due"] == "2027-01-13" and data["provisional"] is True


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        '{"events": [{"type": "received"}]}',
        '{"events": [{"type": "received", "date": "2025-03-03"}, {"type": "extension", "working_days": 30}]}',
        "[1, 2]",
        '{"events": [{"type": "corrected", "date": "2025-03-03"}]}',
    ],
)
def test_deadline_malformed_scenario_exits_2(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content)
    code, out, err = run("deadline", "--scenario", str(path), "--json")
    assert code == 2 and out == "" and err.strip()


def test_deadline_missing_scenario_file_exits_2(tmp_path):
    code, _, err = run("deadline", "--scenario", str(tmp_path / "none.json"))
    assert code == 2 and "文件不存在" in err


@pytest.mark.parametrize(
    ("nth", "fee"), [("10", 0), ("11", 100), ("30", 100), ("31", 200), ("40", 200), ("41", 300)]
)
def test_fee_count_json(nth, fee):
    code, out, _ = run("fee", "count", "--nth", nth, "--json")
    assert code == 0 and json.loads(out) == {"method": "count", "nth": int(nth), "fee_yuan": fee}


@pytest.mark.parametrize(
    ("pages", "fee"), [("30", 0), ("31", 10), ("100", 700), ("101", 720), ("200", 2700), ("201", 2740)]
)
def test_fee_pages_json(pages, fee):
    code, out, _ = run("fee", "pages", "--pages", pages, "--json")
    assert code == 0 and json.loads(out) == {"method": "pages", "pages": int(pages), "fee_yuan": fee}


@pytest.mark.parametrize(
    "args",
    [
        ("count", "--nth", "0"),
        ("count", "--nth", "abc"),
        ("pages", "--pages", "-1"),
        ("pages", "--pages", "1.5"),
    ],
)
def test_fee_bad_numbers_exit_2(args):
    code, out, err = run("fee", *args, "--json")
    assert code == 2 and out == "" and err.strip()


def test_fee_human_output_names_the_basis():
    code, out, _ = run("fee", "count", "--nth", "12")
    assert code == 0 and "100 元" in out and "109号" in out
