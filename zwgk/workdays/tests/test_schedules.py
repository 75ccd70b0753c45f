"""Staff-maintained schedules: the load command, the workspace page, and the December warning."""

import json
from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from zwgk.audit.models import AuditEvent
from zwgk.testing import login
from zwgk.workdays.service import get_calendar

pytestmark = pytest.mark.django_db

SCHEDULE_2027 = {
    "year": 2027,
    "papers": ["https://www.gov.cn/example"],
    "days": [
        {"name": "元旦", "date": "2027-01-01", "isOffDay": True},
        {"name": "春节", "date": "2027-02-06", "isOffDay": False},
    ],
}


def test_load_command_adds_a_year_and_is_audited(tmp_path):
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(SCHEDULE_2027), encoding="utf-8")
    assert not get_calendar().covers(2027)
    out = StringIO()
    call_command("holidays", "load", str(path), stdout=out)
    assert "loaded 2027" in out.getvalue()
    calendar = get_calendar()
    assert calendar.covers(2027)
    assert calendar.is_working_day(date(2027, 2, 6))  # a Saturday made a working day
    assert AuditEvent.objects.filter(action="holidays.schedule_loaded").count() == 1


def test_load_command_refuses_an_empty_year_and_bad_json_but_loads_the_rest(tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps({"year": 2027, "papers": [], "days": []}))
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    good = tmp_path / "good.json"
    good.write_text(json.dumps(SCHEDULE_2027))
    err = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("holidays", "load", str(empty), str(broken), str(good), stdout=StringIO(), stderr=err)
    assert exit_info.value.code == 2
    assert "尚未公布" in err.getvalue()
    assert "not valid UTF-8 JSON" in err.getvalue()
    assert get_calendar().covers(2027)


@time_machine.travel("2026-12-01 09:00 +0800", tick=False)
def test_admins_are_warned_from_december_when_next_years_schedule_is_missing(gkb, drafter_a):
    html = login(gkb).get("/workspace/").content.decode()
    assert "尚未录入 2027 年节假日安排" in html
    assert "尚未录入 2027" not in login(drafter_a).get("/workspace/").content.decode()


@time_machine.travel("2026-11-30 09:00 +0800", tick=False)
def test_no_warning_before_december(gkb):
    assert "尚未录入" not in login(gkb).get("/workspace/").content.decode()


@time_machine.travel("2026-12-01 09:00 +0800", tick=False)
def test_uploading_the_schedule_in_the_workspace_clears_the_warning(gkb, tmp_path):
    client = login(gkb)
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(SCHEDULE_2027))
    with path.open("rb") as handle:
        response = client.post("/workspace/calendar/", {"file": handle, "note": "国办发明电"})
    assert response.status_code == 302
    assert "尚未录入 2027" not in client.get("/workspace/").content.decode()


def test_upload_of_a_bad_file_shows_the_reason_on_the_form(gkb, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"year": 2027, "days": []}')
    with path.open("rb") as handle:
        response = login(gkb).post("/workspace/calendar/", {"file": handle})
    assert response.status_code == 200
    assert "尚未公布" in response.content.decode()


def test_drafters_may_see_but_not_upload(drafter_a, tmp_path):
    client = login(drafter_a)
    assert client.get("/workspace/calendar/").status_code == 200
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(SCHEDULE_2027))
    with path.open("rb") as handle:
        assert client.post("/workspace/calendar/", {"file": handle}).status_code == 403
